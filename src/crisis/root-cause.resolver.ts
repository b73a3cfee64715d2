// Root cause analysis over GraphQL: nature of the negative publicity, stakeholders, potential impact — revised over time.
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { actorOf, type Context } from '../graphql/context';
import { fromGlobalId } from '../graphql/relay';
import { Crisis } from './crisis.types';
import type { CrisisRecord } from './crisis.record';

@ObjectType({ description: 'The current understanding of the cause; earlier revisions are ROOT_CAUSE_UPDATED timeline events' })
export class RootCause {
  @Field() nature!: string;
  @Field(() => [String]) stakeholders!: string[];
  @Field() impact!: string;
  @Field(() => Int) revision!: number;
  @Field() updatedAt!: Date;
  @Field() updatedBy!: string;
}

@InputType()
export class UpdateRootCauseInput {
  @Field(() => ID) crisisId!: string;
  @Field({ description: 'Nature of the negative publicity' }) nature!: string;
  @Field(() => [String], { description: 'Who is affected or involved' }) stakeholders!: string[];
  @Field({ description: 'Potential impact on the brand' }) impact!: string;
}

@Resolver(() => Crisis)
export class RootCauseResolver {
  @Authorized('RESPONDER')
  @Mutation(() => Crisis)
  updateRootCause(@Arg('input') input: UpdateRootCauseInput, @Ctx() ctx: Context): Promise<CrisisRecord> {
    return ctx.services.crisis.updateRootCause(
      actorOf(ctx),
      { ...input, crisisId: fromGlobalId('Crisis', input.crisisId) },
    );
  }

  @FieldResolver(() => RootCause, { nullable: true })
  rootCause(@Root() crisis: CrisisRecord): RootCause | null {
    const r = crisis.rootCause;
    return r ? { ...r, updatedAt: new Date(r.updatedAt) } : null;
  }
}

// SLA deadlines over GraphQL: Crisis.slaDeadlines, and setCrisisSeverity, which recomputes the open ones.
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import { actorOf, type Context } from '../graphql/context';
import { fromGlobalId } from '../graphql/relay';
import { Crisis, SeverityEnum, enumOf } from './crisis.types';
import type { CrisisRecord } from './crisis.record';
import { SLA_KINDS, slaDeadlines, type Severity, type SlaKind } from './machine';

export const SlaKindEnum = enumOf(SLA_KINDS);
registerEnumType(SlaKindEnum, { name: 'SlaKind', description: 'ACKNOWLEDGE and FIRST_RESPONSE count from detection; UPDATE recurs while RESPONDING' });

@ObjectType()
export class SlaDeadline {
  @Field(() => SlaKindEnum) sla!: SlaKind;
  @Field() dueAt!: Date;
  @Field(() => Date, { nullable: true }) metAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'For UPDATE: the last missed update' }) breachedAt!: Date | null;
}

@InputType()
export class SetCrisisSeverityInput {
  @Field(() => ID) crisisId!: string;
  @Field(() => SeverityEnum) severity!: Severity;
  @Field() reason!: string;
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

@Resolver(() => Crisis)
export class SlaResolver {
  @Authorized('RESPONDER')
  @Mutation(() => Crisis, { description: 'Changes the severity; open deadlines move to the SLA policy of the new severity' })
  setCrisisSeverity(@Arg('input') input: SetCrisisSeverityInput, @Ctx() ctx: Context): Promise<CrisisRecord> {
    return ctx.services.crisis.setCrisisSeverity(
      actorOf(ctx),
      { ...input, crisisId: fromGlobalId('Crisis', input.crisisId) },
    );
  }

  @FieldResolver(() => [SlaDeadline], { description: 'From the pinned playbook and the current severity' })
  slaDeadlines(@Root() crisis: CrisisRecord): SlaDeadline[] {
    return slaDeadlines(crisis.machine).map((d) => ({ sla: d.sla, dueAt: new Date(d.dueAt), metAt: date(d.metAt), breachedAt: date(d.breachedAt) }));
  }
}

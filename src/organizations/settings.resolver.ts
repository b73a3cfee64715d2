// Organization-wide settings over GraphQL: organizationSettings (any reader), updateOrganizationSettings (ADMIN).
import { Arg, Authorized, Ctx, Field, InputType, ObjectType, Query, Mutation, Resolver } from 'type-graphql';
import { viewerOf, type Context } from '../graphql/context';
import { readOrganizationSettings, updateOrganizationSettings } from './settings.store';

@ObjectType()
export class OrganizationSettings {
  @Field({ description: 'publishStatement refuses (GUARD_FAILED, guard statementLint) a statement with lint findings' }) blockOnFindings!: boolean;
  @Field(() => [String], { description: 'ISO 639-1 codes, the primary first: a mention ingested without a language is guessed among these (default en, fr)' })
  languages!: string[];
}

@InputType({ description: 'Only what changes' })
export class UpdateOrganizationSettingsInput {
  @Field(() => Boolean, { nullable: true }) blockOnFindings?: boolean | null;
  @Field(() => [String], { nullable: true, description: '1 to 10 codes the language guesser knows; applies to mentions ingested from now on' })
  languages?: string[] | null;
}

@Resolver()
export class OrganizationSettingsResolver {
  @Authorized()
  @Query(() => OrganizationSettings)
  organizationSettings(@Ctx() ctx: Context): Promise<OrganizationSettings> {
    return readOrganizationSettings(ctx.services.dataSource, viewerOf(ctx).organizationId);
  }

  @Authorized('ADMIN')
  @Mutation(() => OrganizationSettings)
  updateOrganizationSettings(@Arg('input') input: UpdateOrganizationSettingsInput, @Ctx() ctx: Context): Promise<OrganizationSettings> {
    return updateOrganizationSettings(ctx.services.dataSource, viewerOf(ctx).organizationId, input);
  }
}

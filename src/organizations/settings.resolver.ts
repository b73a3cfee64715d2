// Organization-wide settings over GraphQL: organizationSettings (any reader), updateOrganizationSettings (ADMIN).
import { Arg, Authorized, Ctx, Field, InputType, ObjectType, Query, Mutation, Resolver } from 'type-graphql';
import { viewerOf, type Context } from '../graphql/context';
import { query } from '../db/transaction';

@ObjectType()
export class OrganizationSettings {
  @Field({ description: 'publishStatement refuses (GUARD_FAILED, guard statementLint) a statement with lint findings' }) blockOnFindings!: boolean;
}

@InputType({ description: 'Only what changes' })
export class UpdateOrganizationSettingsInput {
  @Field(() => Boolean, { nullable: true }) blockOnFindings?: boolean | null;
}

@Resolver()
export class OrganizationSettingsResolver {
  @Authorized()
  @Query(() => OrganizationSettings)
  async organizationSettings(@Ctx() ctx: Context): Promise<OrganizationSettings> {
    const [row] = await query<{ block_on_findings: boolean }>(ctx.services.dataSource, `SELECT block_on_findings FROM organization WHERE id = $1`, [viewerOf(ctx).organizationId]);
    return { blockOnFindings: row.block_on_findings };
  }

  @Authorized('ADMIN')
  @Mutation(() => OrganizationSettings)
  async updateOrganizationSettings(@Arg('input') input: UpdateOrganizationSettingsInput, @Ctx() ctx: Context): Promise<OrganizationSettings> {
    const [row] = await query<{ block_on_findings: boolean }>(
      ctx.services.dataSource,
      `UPDATE organization SET block_on_findings = coalesce($2, block_on_findings) WHERE id = $1 RETURNING block_on_findings`,
      [viewerOf(ctx).organizationId, input.blockOnFindings ?? null],
    );
    return { blockOnFindings: row.block_on_findings };
  }
}

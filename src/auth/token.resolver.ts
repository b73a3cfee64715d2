// API tokens over GraphQL: an organization's admins create, list and revoke them.
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { viewerOf, type Context } from '../graphql/context';
import { CURSOR_PART, decodeCursor, encodeCursor, fromGlobalId, pageSize, toGlobalId, toPage } from '../graphql/relay';
import { NotFoundError, requireText } from '../graphql/errors';
import type { ApiTokenRow } from './auth.service';
import { ApiToken, ApiTokenConnection, CreateApiTokenInput, CreatedApiToken } from './token.types';

export function toApiToken(row: ApiTokenRow): ApiToken {
  return { id: toGlobalId('ApiToken', row.id), name: row.name, role: row.role, createdAt: row.created_at, revokedAt: row.revoked_at };
}

@Resolver(() => ApiToken)
export class ApiTokenResolver {
  @Authorized('ADMIN')
  @Query(() => ApiTokenConnection, { description: "The organization's tokens, newest first (revoked ones only when asked)" })
  async apiTokens(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('includeRevoked', () => Boolean, { nullable: true, defaultValue: false }) includeRevoked: boolean | null,
  ): Promise<ApiTokenConnection> {
    const size = pageSize(first, 50, ctx.services.config.maxPageSize);
    const cursor = after ? (decodeCursor('tokens', after, [CURSOR_PART.timestamp, CURSOR_PART.uuid]) as [string, string]) : null;
    const { rows, total } = await ctx.services.auth.listTokens(viewerOf(ctx).organizationId, { limit: size + 1, includeRevoked: includeRevoked ?? false, after: cursor });
    const page = toPage(rows, size, (row) => encodeCursor('tokens', [row.created_at.toISOString(), row.id]));
    return { edges: page.edges.map((e) => ({ cursor: e.cursor, node: toApiToken(e.node) })), pageInfo: page.pageInfo, totalCount: total };
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatedApiToken, { description: 'A new token of the organization; the token itself is in this answer only' })
  async createApiToken(@Arg('input') input: CreateApiTokenInput, @Ctx() ctx: Context): Promise<CreatedApiToken> {
    const name = requireText(input.name, 'input.name', 200);
    const { token, row } = await ctx.services.auth.issueToken(viewerOf(ctx).organizationId, input.role, name);
    ctx.log.info({ tokenId: row.id, role: row.role, by: viewerOf(ctx).tokenName }, 'API token created');
    return { token, apiToken: toApiToken(row) };
  }

  @Authorized('ADMIN')
  @Mutation(() => ApiToken, { description: 'The token stops working at once, in every process; its open subscriptions are closed' })
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ApiToken> {
    const row = await ctx.services.auth.revokeToken(viewerOf(ctx).organizationId, fromGlobalId('ApiToken', id));
    if (!row) throw new NotFoundError('ApiToken', id);
    ctx.log.info({ tokenId: row.id, by: viewerOf(ctx).tokenName }, 'API token revoked');
    return toApiToken(row);
  }
}

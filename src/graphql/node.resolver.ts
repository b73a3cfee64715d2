// `node(id)`: any addressable object by its global id, within the viewer's organization.
import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Node } from './node';
import { parseGlobalId } from './relay';
import { viewerOf, type Context } from './context';
import { findCrisis } from '../crisis/crisis.resolver';
import { findMention } from '../mentions/mention.resolver';
import { toApiToken } from '../auth/token.resolver';
import { hasRole } from '../auth/roles';
import { toStatement } from '../communications/statement.resolver';
import { toActionItem } from '../communications/action-item.resolver';
import { findRecoveryAction } from '../recovery/recovery.store';
import { toRecoveryAction } from '../recovery/recovery.resolver';
import { findReply } from '../replies/reply.resolver';
import { findTemplate } from '../replies/template.resolver';
import { findSpike } from '../detection/spike.resolver';
import { findWebhookEndpoint } from '../webhooks/webhook.resolver';

@Resolver()
export class NodeResolver {
  @Authorized()
  @Query(() => Node, { nullable: true })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<(object & { __typename: string }) | null> {
    const parsed = parseGlobalId(id);
    if (!parsed) return null;
    if (parsed.kind === 'Crisis') {
      const crisis = await findCrisis(ctx, parsed.id);
      return crisis && { ...crisis, __typename: 'Crisis' };
    }
    if (parsed.kind === 'ApiToken') {
      // Tokens are their admins' business: anyone else gets what an unknown id gets.
      const viewer = viewerOf(ctx);
      const token = hasRole(viewer.role, 'ADMIN') ? await ctx.services.auth.findToken(viewer.organizationId, parsed.id) : null;
      return token && { ...toApiToken(token), __typename: 'ApiToken' };
    }
    if (parsed.kind === 'Playbook') {
      const playbook = await ctx.services.playbooks.find(viewerOf(ctx).organizationId, parsed.id);
      return playbook && { ...playbook, __typename: 'Playbook' };
    }
    if (parsed.kind === 'Mention') {
      const mention = await findMention(ctx, parsed.id);
      return mention && { ...mention, __typename: 'Mention' };
    }
    if (parsed.kind === 'Statement') {
      const statement = await ctx.services.statements.find(viewerOf(ctx).organizationId, parsed.id);
      return statement && { ...toStatement(statement), __typename: 'Statement' };
    }
    if (parsed.kind === 'ActionItem') {
      const item = await ctx.services.actionItems.find(viewerOf(ctx).organizationId, parsed.id);
      return item && { ...toActionItem(item), __typename: 'ActionItem' };
    }
    if (parsed.kind === 'Reply') {
      const reply = await findReply(ctx, parsed.id);
      return reply && { ...reply, __typename: 'Reply' };
    }
    if (parsed.kind === 'ReplyTemplate') {
      const template = await findTemplate(ctx, parsed.id);
      return template && { ...template, __typename: 'ReplyTemplate' };
    }
    if (parsed.kind === 'RecoveryAction') {
      const action = await findRecoveryAction(ctx.services.dataSource, viewerOf(ctx).organizationId, parsed.id);
      return action && { ...toRecoveryAction(action), __typename: 'RecoveryAction' };
    }
    if (parsed.kind === 'BrandSpike') {
      const spike = await findSpike(ctx, parsed.id);
      return spike && { ...spike, __typename: 'BrandSpike' };
    }
    if (parsed.kind === 'WebhookEndpoint') {
      // Like tokens: an admin's business; anyone else gets what an unknown id gets.
      const endpoint = hasRole(viewerOf(ctx).role, 'ADMIN') ? await findWebhookEndpoint(ctx, parsed.id) : null;
      return endpoint && { ...endpoint, __typename: 'WebhookEndpoint' };
    }
    if (parsed.kind === 'Brand') {
      const brand = await ctx.loaders.brand.load(parsed.id);
      return brand && { ...brand, __typename: 'Brand' };
    }
    return null; // a CrisisTask is reached through its crisis (it is not a Node)
  }
}

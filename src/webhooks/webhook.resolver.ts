// Webhooks over GraphQL (ADMIN): endpoints, their deliveries, rotation, redelivery from a cursor and test sends.
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { viewerOf, type Context } from '../graphql/context';
import { CURSOR_PART, decodeCursor, encodeCursor, fromGlobalId, isSequence, pageSize, toGlobalId, toPage } from '../graphql/relay';
import { BadUserInputError, NotFoundError } from '../graphql/errors';
import {
  CreateWebhookEndpointInput, UpdateWebhookEndpointInput, WebhookDelivery, WebhookDeliveryConnection, WebhookDeliveryStatusEnum, WebhookEndpoint,
  WebhookEndpointConnection, WebhookEndpointWithSecret,
} from './webhook.types';
import { countDeliveries, countEndpoints, listDeliveries, listEndpoints, readEndpoint, type DeliveryRow, type DeliveryStatus, type EndpointRow } from './webhook.store';

export function toWebhookEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: toGlobalId('WebhookEndpoint', row.id),
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    brandIds: row.brand_ids.map((id) => toGlobalId('Brand', id)),
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    consecutiveFailures: row.consecutive_failures,
    previousSecretExpiresAt: row.previous_secret_expires_at && new Date(row.previous_secret_expires_at).getTime() > Date.now() ? row.previous_secret_expires_at : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventSequence: row.event_sequence,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastResponse: row.last_response,
    lastLatencyMs: row.last_latency_ms,
    nextAttemptAt: row.status === 'PENDING' ? row.next_attempt_at : null,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}

/** The brands of an input as database ids: a malformed or foreign id is BAD_USER_INPUT naming the field. */
function brandIdsOf(ids: string[] | null | undefined): string[] | null {
  if (ids === null || ids === undefined) return null;
  return ids.map((id) => {
    try {
      return fromGlobalId('Brand', id);
    } catch {
      throw new BadUserInputError('input.brandIds', 'unknown brand');
    }
  });
}

@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  @Authorized('ADMIN')
  @Query(() => WebhookEndpointConnection, { description: "The organization's webhook endpoints, newest first" })
  async webhookEndpoints(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<WebhookEndpointConnection> {
    const organizationId = viewerOf(ctx).organizationId;
    const size = pageSize(first, 50, ctx.services.config.maxPageSize);
    const cursor = after ? (decodeCursor('webhooks', after, [CURSOR_PART.timestamp, CURSOR_PART.uuid]) as [string, string]) : null;
    const [rows, total] = await Promise.all([
      listEndpoints(ctx.services.dataSource, organizationId, size, cursor && { createdAt: cursor[0], id: cursor[1] }),
      countEndpoints(ctx.services.dataSource, organizationId),
    ]);
    const page = toPage(rows, size, (row) => encodeCursor('webhooks', [new Date(row.created_at).toISOString(), row.id]));
    return { edges: page.edges.map((e) => ({ cursor: e.cursor, node: toWebhookEndpoint(e.node) })), pageInfo: page.pageInfo, totalCount: total };
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Deliveries to this endpoint, newest first, with their latest attempt' })
  async deliveries(
    @Root() endpoint: WebhookEndpoint,
    @Ctx() ctx: Context,
    @Arg('status', () => WebhookDeliveryStatusEnum, { nullable: true }) status: DeliveryStatus | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<WebhookDeliveryConnection> {
    const id = fromGlobalId('WebhookEndpoint', endpoint.id);
    const size = pageSize(first, 50, ctx.services.config.maxPageSize);
    const cursor = after ? decodeCursor('deliveries', after, [CURSOR_PART.sequence])[0] : null;
    const [rows, total] = await Promise.all([
      listDeliveries(ctx.services.dataSource, id, status, size, cursor),
      countDeliveries(ctx.services.dataSource, id, status),
    ]);
    const page = toPage(rows, size, (row) => encodeCursor('deliveries', [row.id]));
    return { edges: page.edges.map((e) => ({ cursor: e.cursor, node: toDelivery(e.node) })), pageInfo: page.pageInfo, totalCount: total };
  }

  @Authorized('ADMIN')
  @Mutation(() => WebhookEndpointWithSecret, { description: 'A new endpoint; its signing secret is in this answer only' })
  async createWebhookEndpoint(@Arg('input') input: CreateWebhookEndpointInput, @Ctx() ctx: Context): Promise<WebhookEndpointWithSecret> {
    const viewer = viewerOf(ctx);
    const { secret, row } = await ctx.services.webhooks.create(viewer.organizationId, input, brandIdsOf(input.brandIds) ?? []);
    ctx.log.info({ endpointId: row.id, by: viewer.tokenName }, 'webhook endpoint created');
    return { secret, endpoint: toWebhookEndpoint(row) };
  }

  @Authorized('ADMIN')
  @Mutation(() => WebhookEndpoint, { description: 'Changes what is given; enabled: true re-enables a disabled endpoint' })
  async updateWebhookEndpoint(@Arg('input') input: UpdateWebhookEndpointInput, @Ctx() ctx: Context): Promise<WebhookEndpoint> {
    const row = await ctx.services.webhooks.update(viewerOf(ctx).organizationId, fromGlobalId('WebhookEndpoint', input.id), input, brandIdsOf(input.brandIds));
    if (!row) throw new NotFoundError('WebhookEndpoint', input.id);
    ctx.services.webhooks.queued();
    return toWebhookEndpoint(row);
  }

  @Authorized('ADMIN')
  @Mutation(() => WebhookEndpointWithSecret, { description: 'A new signing secret; the previous one keeps signing too for graceSeconds (default a day)' })
  async rotateWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Arg('graceSeconds', () => Int, { nullable: true }) graceSeconds: number | null,
    @Ctx() ctx: Context,
  ): Promise<WebhookEndpointWithSecret> {
    const rotated = await ctx.services.webhooks.rotate(viewerOf(ctx).organizationId, fromGlobalId('WebhookEndpoint', id), graceSeconds);
    if (!rotated) throw new NotFoundError('WebhookEndpoint', id);
    ctx.log.info({ endpointId: rotated.row.id, by: viewerOf(ctx).tokenName }, 'webhook secret rotated');
    return { secret: rotated.secret, endpoint: toWebhookEndpoint(rotated.row) };
  }

  @Authorized('ADMIN')
  @Mutation(() => ID, { description: 'Deletes the endpoint and its deliveries; returns its id' })
  async deleteWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<string> {
    if (!(await ctx.services.webhooks.remove(viewerOf(ctx).organizationId, fromGlobalId('WebhookEndpoint', id)))) throw new NotFoundError('WebhookEndpoint', id);
    return id;
  }

  @Authorized('ADMIN')
  @Mutation(() => Int, { description: 'Queues again every event from fromSequence on (at most 10,000) that the endpoint\'s filters match, with their original webhook-ids; returns how many' })
  async redeliverWebhooks(@Arg('endpointId', () => ID) endpointId: string, @Arg('fromSequence', () => String) fromSequence: string, @Ctx() ctx: Context): Promise<number> {
    if (!isSequence(fromSequence)) throw new BadUserInputError('fromSequence', 'must be a timeline sequence (digits)');
    const queued = await ctx.services.webhooks.redeliver(viewerOf(ctx).organizationId, fromGlobalId('WebhookEndpoint', endpointId), fromSequence);
    if (queued === undefined) throw new NotFoundError('WebhookEndpoint', endpointId);
    ctx.services.webhooks.queued();
    return queued;
  }

  @Authorized('ADMIN')
  @Mutation(() => WebhookDelivery, { description: 'Queues a signed webhook.test delivery to the endpoint (a disabled endpoint gets it once enabled again)' })
  async sendTestWebhook(@Arg('endpointId', () => ID) endpointId: string, @Ctx() ctx: Context): Promise<WebhookDelivery> {
    const row = await ctx.services.webhooks.sendTest(viewerOf(ctx).organizationId, fromGlobalId('WebhookEndpoint', endpointId));
    if (!row) throw new NotFoundError('WebhookEndpoint', endpointId);
    ctx.services.webhooks.queued();
    return toDelivery(row);
  }
}

/** An endpoint by id for `node(id)`: admins only, like the rest of webhooks. */
export async function findWebhookEndpoint(ctx: Context, id: string): Promise<WebhookEndpoint | null> {
  const row = await readEndpoint(ctx.services.dataSource, viewerOf(ctx).organizationId, id);
  return row ? toWebhookEndpoint(row) : null;
}

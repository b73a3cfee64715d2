// Crisis queries, mutations and fields: parse, authorize, call the service, shape the answer.
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { actorOf, viewerOf, type Context } from '../graphql/context';
import { CURSOR_PART, decodeCursor, encodeCursor, fromGlobalId, pageSize, toGlobalId, toPage } from '../graphql/relay';
import { NotFoundError, requireStorableText, requireText } from '../graphql/errors';
import { query } from '../db/transaction';
import { Brand } from '../brands/brand.types';
import type { BrandRow } from '../graphql/loaders';
import {
  Crisis, CrisisConnection, CrisisEventTypeEnum, CrisisFilter, CrisisTimelineConnection, CrisisTimelineEvent, DeclareCrisisInput,
  DetectionSignal, SendCrisisEventInput,
} from './crisis.types';
import { availableEvents, describeMachine, type CrisisEventType } from './machine';
import { CRISIS_COLUMNS, toCrisisRecord, type CrisisRecord, type CrisisRow } from './crisis.record';
import type { TimelineRow } from './crisis.streams';

export function toTimelineEvent(row: TimelineRow): CrisisTimelineEvent {
  return {
    id: row.sequence,
    sequence: row.sequence,
    crisisId: toGlobalId('Crisis', row.crisis_id),
    type: row.type,
    fromState: row.from_state as CrisisTimelineEvent['fromState'],
    toState: row.to_state as CrisisTimelineEvent['toState'],
    actor: row.actor,
    payload: row.payload,
    occurredAt: new Date(row.occurred_at),
  };
}

/** One crisis of the viewer's organization, or null (also for another organization's id). */
export async function findCrisis(ctx: Context, crisisId: string): Promise<CrisisRecord | null> {
  const [row] = await query<CrisisRow>(
    ctx.services.dataSource,
    `SELECT ${CRISIS_COLUMNS} FROM crisis WHERE id = $1 AND organization_id = $2`,
    [crisisId, viewerOf(ctx).organizationId],
  );
  return row ? toCrisisRecord(row) : null;
}

@Resolver(() => Crisis)
export class CrisisResolver {
  @Authorized()
  @Query(() => Crisis, { nullable: true })
  async crisis(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<CrisisRecord | null> {
    const parsed = safeCrisisId(id);
    return parsed ? findCrisis(ctx, parsed) : null;
  }

  @Authorized()
  @Query(() => CrisisConnection, { description: 'Newest first' })
  async crises(
    @Ctx() ctx: Context,
    @Arg('filter', () => CrisisFilter, { nullable: true }) filter: CrisisFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    const size = pageSize(first, 20, ctx.services.config.maxPageSize);
    const brandId = filter?.brandId ? fromGlobalId('Brand', filter.brandId) : null;
    const where = `organization_id = $1 AND ($2::uuid IS NULL OR brand_id = $2) AND ($3::text[] IS NULL OR state = ANY($3))
      AND ($4::text[] IS NULL OR severity = ANY($4)) AND ($5::timestamptz IS NULL OR detected_at >= $5)
      AND ($6::timestamptz IS NULL OR detected_at < $6)`;
    const params = [
      viewerOf(ctx).organizationId, brandId, filter?.states ?? null, filter?.severities ?? null,
      filter?.detectedAfter ?? null, filter?.detectedBefore ?? null,
    ];
    const cursor = after ? decodeCursor('crises', after, [CURSOR_PART.timestamp, CURSOR_PART.uuid]) : null;
    const [rows, [{ count }]] = await Promise.all([
      query<CrisisRow>(
        ctx.services.dataSource,
        `SELECT ${CRISIS_COLUMNS} FROM crisis WHERE ${where}
           AND ($7::timestamptz IS NULL OR (detected_at, id) < ($7, $8::uuid))
         ORDER BY detected_at DESC, id DESC LIMIT $9`,
        [...params, cursor?.[0] ?? null, cursor?.[1] ?? null, size + 1],
      ),
      query<{ count: number }>(ctx.services.dataSource, `SELECT count(*)::int AS count FROM crisis WHERE ${where}`, params),
    ]);
    const page = toPage(rows.map(toCrisisRecord), size, (c) => encodeCursor('crises', [c.detectedAt.toISOString(), c.id]));
    return { ...page, totalCount: count };
  }

  @Authorized()
  @Query(() => GraphQLJSON, { description: 'States, events and transitions of the lifecycle, for UIs to draw' })
  crisisMachine(): unknown {
    return describeMachine();
  }

  @Authorized('RESPONDER')
  @Mutation(() => Crisis, { description: 'Opens a crisis by hand, in DETECTED' })
  async declareCrisis(@Arg('input') input: DeclareCrisisInput, @Ctx() ctx: Context): Promise<CrisisRecord> {
    return ctx.services.crisis.declareCrisis(
      actorOf(ctx),
      {
        ...input, brandId: fromGlobalId('Brand', input.brandId), title: requireText(input.title, 'input.title', 300),
        description: input.description == null ? input.description : requireStorableText(input.description, 'input.description'),
      },
    );
  }

  @Authorized('RESPONDER')
  @Mutation(() => Crisis, { description: 'Moves a crisis through its lifecycle' })
  async sendCrisisEvent(@Arg('input') input: SendCrisisEventInput, @Ctx() ctx: Context): Promise<CrisisRecord> {
    return ctx.services.crisis.sendCrisisEvent(
      actorOf(ctx),
      { ...input, crisisId: fromGlobalId('Crisis', input.crisisId) },
    );
  }

  @FieldResolver(() => ID)
  id(@Root() crisis: CrisisRecord): string {
    return toGlobalId('Crisis', crisis.id);
  }

  @FieldResolver(() => Brand)
  async brand(@Root() crisis: CrisisRecord, @Ctx() ctx: Context): Promise<BrandRow> {
    const brand = await ctx.loaders.brand.load(crisis.brandId);
    if (!brand) throw new NotFoundError('Brand', crisis.brandId);
    return brand;
  }

  @FieldResolver(() => [CrisisEventTypeEnum], { description: 'Events whose guards pass right now' })
  availableEvents(@Root() crisis: CrisisRecord): CrisisEventType[] {
    return availableEvents(crisis.machine, Date.now());
  }

  @FieldResolver(() => DetectionSignal, { nullable: true, description: 'Null when declared by hand' })
  trigger(@Root() crisis: CrisisRecord): DetectionSignal | null {
    const t = crisis.trigger;
    return t ? { ...t, windowStart: new Date(t.windowStart), windowEnd: new Date(t.windowEnd), detectedLateBySeconds: t.detectedLateBySeconds ?? 0 } : null;
  }

  @FieldResolver(() => CrisisTimelineConnection, { description: 'Oldest first' })
  async timeline(
    @Root() crisis: CrisisRecord,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    const size = pageSize(first, 50, ctx.services.config.maxPageSize);
    const afterSequence = after ? decodeCursor('timeline', after, [CURSOR_PART.sequence])[0] : '0';
    const [rows, totalCount] = await Promise.all([
      ctx.loaders.timelinePage.load({ crisisId: crisis.id, limit: size + 1, afterSequence }),
      ctx.loaders.timelineCount.load(crisis.id),
    ]);
    const page = toPage(rows.map(toTimelineEvent), size, (e) => encodeCursor('timeline', [e.sequence]));
    return { ...page, totalCount };
  }
}

/** The database id of a crisis global id, or null when it is not one (queries answer null, not an error). */
export function safeCrisisId(id: string): string | null {
  try {
    return fromGlobalId('Crisis', id);
  } catch {
    return null;
  }
}

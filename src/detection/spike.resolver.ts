// Brand.pastSpikes: every spike the detectors recorded for a brand, newest first, with the crisis each paged (if any).
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { viewerOf, type Context } from '../graphql/context';
import { CURSOR_PART, decodeCursor, encodeCursor, pageSize, toGlobalId, toPage } from '../graphql/relay';
import { query } from '../db/transaction';
import { Brand } from '../brands/brand.types';
import { Crisis } from '../crisis/crisis.types';
import { findCrisis } from '../crisis/crisis.resolver';
import type { CrisisRecord } from '../crisis/crisis.record';
import type { BrandRow } from '../graphql/loaders';
import { BrandSpike, BrandSpikeConnection } from './spike.types';
import { countSpikes, readSpikes, type SpikeRow } from './spike.store';
import type { Severity } from '../crisis/machine';

export function toBrandSpike(row: SpikeRow): BrandSpike {
  return {
    id: toGlobalId('BrandSpike', row.id), metric: row.metric, windowStart: row.window_start, windowEnd: row.window_end,
    peakWindowStart: row.peak_window_start, peakWindowEnd: row.peak_window_end, observed: row.observed, baseline: row.baseline,
    score: row.score, severity: row.severity as Severity, firstSeenAt: row.first_seen_at, detectedLateBySeconds: row.late_by_seconds, crisisId: row.crisis_id,
  };
}

/** A spike of the viewer's organization by id (node), or null. */
export async function findSpike(ctx: Context, id: string): Promise<BrandSpike | null> {
  const [row] = await query<SpikeRow>(ctx.services.dataSource, `SELECT * FROM brand_spike WHERE id = $1 AND organization_id = $2`, [id, viewerOf(ctx).organizationId]);
  return row ? toBrandSpike(row) : null;
}

@Resolver(() => Brand)
export class BrandSpikesResolver {
  @FieldResolver(() => BrandSpikeConnection, {
    description: 'Spikes recorded for the brand, newest window first: those that paged (crisis set) and past ones beyond the alert horizon (crisis null)',
  })
  async pastSpikes(
    @Root() brand: BrandRow,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('paged', () => Boolean, { nullable: true, description: 'true: only those that paged; false: only those that paged no one' }) paged: boolean | null,
  ) {
    const size = pageSize(first, 20, ctx.services.config.maxPageSize);
    const cursor = after ? decodeCursor('pastSpikes', after, [CURSOR_PART.timestamp, CURSOR_PART.uuid]) : null;
    const organizationId = viewerOf(ctx).organizationId;
    const [rows, totalCount] = await Promise.all([
      readSpikes(ctx.services.dataSource, organizationId, brand.id, size + 1, cursor ? [cursor[0], cursor[1]] : null, paged ?? null),
      countSpikes(ctx.services.dataSource, organizationId, brand.id, paged ?? null),
    ]);
    const page = toPage(rows, size, (row) => encodeCursor('pastSpikes', [row.window_end.toISOString(), row.id]));
    return { edges: page.edges.map((e) => ({ cursor: e.cursor, node: toBrandSpike(e.node) })), pageInfo: page.pageInfo, totalCount };
  }
}

@Resolver(() => BrandSpike)
export class BrandSpikeResolver {
  @FieldResolver(() => Crisis, { nullable: true, description: 'The crisis it opened or escalated; null when it paged no one' })
  crisis(@Root() spike: BrandSpike, @Ctx() ctx: Context): Promise<CrisisRecord | null> | null {
    return spike.crisisId ? findCrisis(ctx, spike.crisisId) : null;
  }
}

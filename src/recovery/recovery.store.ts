// Recovery's SQL: minute buckets and sums of spans, the stream's newest minute, brand settings, a crisis's recovery
// episode, recovery actions. The readers Crisis.recovery uses take many crises at once: a page costs one statement each.
import type { DataSource } from 'typeorm';
import { query, type Tx } from '../db/transaction';
import type { CrisisState } from '../crisis/machine';
import type { MinuteBucket } from './listening';
import type { RecoverySettings } from './recovery.settings';

/** A statement on the pool or on a transaction's own connection (checks that hold a crisis's lock read on it). */
export type Run = <T>(sql: string, params: unknown[]) => Promise<T[]>;

export function runOn(on: DataSource | Tx): Run {
  return 'rows' in on ? (sql, params) => on.rows(sql, params) : (sql, params) => query(on, sql, params);
}

export const RECOVERED = 'SENTIMENT_RECOVERED';
export const RELAPSED = 'RECOVERY_RELAPSED';
export const ACTION_LOGGED = 'RECOVERY_ACTION_LOGGED';

/** The crises of a brand that are judged after each ingest: open, in one of `states`. */
export async function readTrackedCrises(run: Run, organizationId: string, brandId: string, states: readonly CrisisState[]): Promise<Array<{ id: string; detectedAt: number }>> {
  const rows = await run<{ id: string; detected_at: Date }>(
    `SELECT id, detected_at FROM crisis WHERE organization_id = $1 AND brand_id = $2 AND closed_at IS NULL AND state = ANY($3)`,
    [organizationId, brandId, states],
  );
  return rows.map((r) => ({ id: r.id, detectedAt: new Date(r.detected_at).getTime() }));
}

/** Locks an open crisis's row for a recovery decision (two deciders take turns); null when it is closed or gone. */
export async function lockOpenCrisis(tx: Tx, organizationId: string, crisisId: string): Promise<{ state: CrisisState; version: number } | null> {
  const [row] = await tx.rows<{ state: CrisisState; version: number }>(
    `SELECT state, version FROM crisis WHERE id = $1 AND organization_id = $2 AND closed_at IS NULL FOR NO KEY UPDATE`,
    [crisisId, organizationId],
  );
  return row ?? null;
}

/** The crisis's state and version inside the transaction that holds its lock. */
export async function readLockedCrisis(tx: Tx, crisisId: string): Promise<{ state: CrisisState; version: number }> {
  const [row] = await tx.rows<{ state: CrisisState; version: number }>(`SELECT state, version FROM crisis WHERE id = $1`, [crisisId]);
  return row;
}

/** A brand's span [from, to) of minute buckets. */
export interface BrandSpan {
  brandId: string;
  from: number;
  to: number;
}

/** The minute buckets of each span (spans of one brand should not overlap, or their buckets come twice). */
export async function readBucketSpans(run: Run, organizationId: string, spans: readonly BrandSpan[]): Promise<Map<string, MinuteBucket[]>> {
  const byBrand = new Map<string, MinuteBucket[]>();
  if (!spans.length) return byBrand;
  const rows = await run<{ brand_id: string; start: Date; total: number; negative: number; sentiment_sum: number }>(
    `SELECT k.brand_id::text AS brand_id, m.bucket_start AS start, m.total, m.negative, m.sentiment_sum
     FROM unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[]) AS k(brand_id, span_from, span_to)
     JOIN mention_bucket m ON m.organization_id = $1 AND m.brand_id = k.brand_id AND m.bucket_start >= k.span_from AND m.bucket_start < k.span_to`,
    [organizationId, spans.map((s) => s.brandId), spans.map((s) => new Date(s.from)), spans.map((s) => new Date(s.to))],
  );
  for (const r of rows) {
    const bucket = { start: new Date(r.start).getTime(), total: r.total, negative: r.negative, sentimentSum: r.sentiment_sum };
    byBrand.set(r.brand_id, [...(byBrand.get(r.brand_id) ?? []), bucket]);
  }
  return byBrand;
}

/** One brand's minute buckets over [from, to): the decisions' read, on the crisis's lock, a plain range scan. */
export async function readBuckets(run: Run, organizationId: string, brandId: string, from: number, to: number): Promise<MinuteBucket[]> {
  const rows = await run<{ start: Date; total: number; negative: number; sentiment_sum: number }>(
    `SELECT bucket_start AS start, total, negative, sentiment_sum FROM mention_bucket
     WHERE organization_id = $1 AND brand_id = $2 AND bucket_start >= $3 AND bucket_start < $4`,
    [organizationId, brandId, new Date(from), new Date(to)],
  );
  return rows.map((r) => ({ start: new Date(r.start).getTime(), total: r.total, negative: r.negative, sentimentSum: r.sentiment_sum }));
}

/** Sums over a span of minute buckets; sentimentSum is null for a span without any. */
export interface SpanSums {
  total: number;
  negative: number;
  sentimentSum: number | null;
}

/** The mentions of each span, summed, in the order of the spans (the pre-crisis baseline is such a span). */
export async function readSpanSums(run: Run, organizationId: string, spans: readonly BrandSpan[]): Promise<SpanSums[]> {
  if (!spans.length) return [];
  const rows = await run<{ i: number; total: number; negative: number; sentiment_sum: number | null }>(
    `SELECT k.i::int AS i, coalesce(sum(m.total), 0)::int AS total, coalesce(sum(m.negative), 0)::int AS negative, sum(m.sentiment_sum) AS sentiment_sum
     FROM unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY AS k(brand_id, span_from, span_to, i)
     LEFT JOIN mention_bucket m ON m.organization_id = $1 AND m.brand_id = k.brand_id AND m.bucket_start >= k.span_from AND m.bucket_start < k.span_to
     GROUP BY k.i`,
    [organizationId, spans.map((s) => s.brandId), spans.map((s) => new Date(s.from)), spans.map((s) => new Date(s.to))],
  );
  const byIndex = new Map(rows.map((r) => [r.i, r]));
  return spans.map((_, i) => {
    const r = byIndex.get(i + 1)!;
    return { total: r.total, negative: r.negative, sentimentSum: r.sentiment_sum };
  });
}

/** The start of the brand's newest minute with mentions (before `before` when given), or null. */
export async function newestBucket(run: Run, organizationId: string, brandId: string, before: number | null = null): Promise<number | null> {
  const [row] = await run<{ newest: Date | null }>(
    `SELECT max(bucket_start) AS newest FROM mention_bucket WHERE organization_id = $1 AND brand_id = $2 AND ($3::timestamptz IS NULL OR bucket_start < $3)`,
    [organizationId, brandId, before === null ? null : new Date(before)],
  );
  return row?.newest ? new Date(row.newest).getTime() : null;
}

/** The start of each brand's newest minute with mentions (null: none), one index probe per brand. */
export async function newestBuckets(run: Run, organizationId: string, brandIds: readonly string[]): Promise<Map<string, number | null>> {
  if (!brandIds.length) return new Map();
  const rows = await run<{ brand_id: string; newest: Date | null }>(
    `SELECT k.brand_id::text AS brand_id,
       (SELECT max(m.bucket_start) FROM mention_bucket m WHERE m.organization_id = $1 AND m.brand_id = k.brand_id) AS newest
     FROM unnest($2::uuid[]) AS k(brand_id)`,
    [organizationId, brandIds],
  );
  return new Map(rows.map((r) => [r.brand_id, r.newest ? new Date(r.newest).getTime() : null]));
}

/** Each brand's stored recovery settings (null: the defaults; a brand of another organization is left out). */
export async function readBrandsRecovery(run: Run, organizationId: string, brandIds: readonly string[]): Promise<Map<string, Partial<RecoverySettings> | null>> {
  const rows = await run<{ id: string; recovery: Partial<RecoverySettings> | null }>(
    `SELECT id, recovery FROM brand WHERE id = ANY($1) AND organization_id = $2`,
    [brandIds, organizationId],
  );
  return new Map(rows.map((r) => [r.id, r.recovery]));
}

export async function readBrandRecovery(run: Run, organizationId: string, brandId: string): Promise<Partial<RecoverySettings> | null | undefined> {
  return (await readBrandsRecovery(run, organizationId, [brandId])).get(brandId);
}

/**
 * Stores the fields given over the brand's settings, merged in the UPDATE itself (two admins changing different
 * fields both win). False when the brand is not one of the organization's.
 */
export async function mergeBrandRecovery(run: Run, organizationId: string, brandId: string, given: Partial<RecoverySettings>): Promise<boolean> {
  const rows = await run<{ id: string }>(
    `UPDATE brand SET recovery = coalesce(recovery, '{}'::jsonb) || $3::jsonb WHERE id = $1 AND organization_id = $2 RETURNING id`,
    [brandId, organizationId, JSON.stringify(given)],
  );
  return rows.length > 0;
}

export interface RecoveryEventRow {
  sequence: string;
  payload: Record<string, unknown>;
}

/**
 * The crisis's current recovery episode, from its timeline: it starts when the crisis last entered CONTAINED; a
 * re-escalation (back to RESPONDING) pauses it, and the next containment starts a new one. Only rows written at or
 * below `maxVersion` count (a check inside a transaction that already appended its own row leaves that row out).
 */
export interface Episode {
  /** Sequence of the STATE_CHANGED row that opened the episode; null: never contained, or paused. */
  openedBy: string | null;
  paused: boolean;
  recovered: RecoveryEventRow | null;
  relapsed: RecoveryEventRow | null;
}

/** The current episodes of many crises (one statement), by crisis id; see Episode. */
export async function readEpisodes(run: Run, organizationId: string, crisisIds: readonly string[], maxVersion: number | null = null): Promise<Map<string, Episode>> {
  if (!crisisIds.length) return new Map();
  // The event types are literals, not parameters, so the planner can use the partial index crisis_event_recovery_idx.
  const rows = await run<{ crisis_id: string; mark: string | null; mark_state: CrisisState | null; recovered: RecoveryEventRow | null; relapsed: RecoveryEventRow | null }>(
    `SELECT c.id::text AS crisis_id, mark.sequence::text AS mark, mark.to_state AS mark_state, rec.row AS recovered, rel.row AS relapsed
     FROM unnest($1::uuid[]) AS c(id)
     LEFT JOIN LATERAL (
       SELECT sequence, to_state FROM crisis_event
       WHERE crisis_id = c.id AND organization_id = $2 AND type = 'STATE_CHANGED' AND to_state IN ('CONTAINED', 'RESPONDING')
         AND ($3::int IS NULL OR crisis_version <= $3)
       ORDER BY sequence DESC LIMIT 1
     ) mark ON true
     LEFT JOIN LATERAL (
       SELECT json_build_object('sequence', e.sequence::text, 'payload', e.payload) AS row FROM crisis_event e
       WHERE e.crisis_id = c.id AND e.organization_id = $2 AND e.type = 'SENTIMENT_RECOVERED' AND e.sequence > mark.sequence
         AND ($3::int IS NULL OR e.crisis_version <= $3) ORDER BY e.sequence DESC LIMIT 1
     ) rec ON true
     LEFT JOIN LATERAL (
       SELECT json_build_object('sequence', e.sequence::text, 'payload', e.payload) AS row FROM crisis_event e
       WHERE e.crisis_id = c.id AND e.organization_id = $2 AND e.type = 'RECOVERY_RELAPSED' AND e.sequence > mark.sequence
         AND ($3::int IS NULL OR e.crisis_version <= $3) ORDER BY e.sequence DESC LIMIT 1
     ) rel ON true`,
    [crisisIds, organizationId, maxVersion],
  );
  return new Map(rows.map((row) => {
    const episode: Episode = !row.mark || row.mark_state !== 'CONTAINED'
      ? { openedBy: null, paused: row.mark_state === 'RESPONDING', recovered: null, relapsed: null }
      : { openedBy: row.mark, paused: false, recovered: row.recovered, relapsed: row.relapsed };
    return [row.crisis_id, episode];
  }));
}

export async function readEpisode(run: Run, organizationId: string, crisisId: string, maxVersion: number | null): Promise<Episode> {
  return (await readEpisodes(run, organizationId, [crisisId], maxVersion)).get(crisisId)!;
}

/** Whether the episode stands recovered: its last recovery event is a SENTIMENT_RECOVERED. */
export function isRecovered(episode: Episode): boolean {
  if (!episode.recovered) return false;
  return !episode.relapsed || BigInt(episode.relapsed.sequence) < BigInt(episode.recovered.sequence);
}

export const RECOVERY_ACTION_KINDS = ['POSITIVE_STORY', 'TESTIMONIAL', 'COMMUNITY_ACTION', 'OTHER'] as const;
export type RecoveryActionKind = (typeof RECOVERY_ACTION_KINDS)[number];

export interface RecoveryActionRow {
  id: string;
  crisis_id: string;
  kind: RecoveryActionKind;
  title: string;
  url: string | null;
  logged_by: string;
  logged_at: Date;
}

export async function readRecoveryActions(dataSource: DataSource, organizationId: string, crisisIds: readonly string[]): Promise<RecoveryActionRow[]> {
  return query<RecoveryActionRow>(
    dataSource,
    `SELECT id, crisis_id, kind, title, url, logged_by, logged_at FROM recovery_action
     WHERE crisis_id = ANY($1) AND organization_id = $2 ORDER BY logged_at, id`,
    [crisisIds, organizationId],
  );
}

export async function findRecoveryAction(dataSource: DataSource, organizationId: string, id: string): Promise<RecoveryActionRow | null> {
  const [row] = await query<RecoveryActionRow>(
    dataSource,
    `SELECT id, crisis_id, kind, title, url, logged_by, logged_at FROM recovery_action WHERE id = $1 AND organization_id = $2`,
    [id, organizationId],
  );
  return row ?? null;
}

export async function countRecoveryActions(tx: Tx, crisisId: string): Promise<number> {
  const [{ count }] = await tx.rows<{ count: number }>(`SELECT count(*)::int AS count FROM recovery_action WHERE crisis_id = $1`, [crisisId]);
  return count;
}

export async function insertRecoveryAction(
  tx: Tx, row: { id: string; organizationId: string; crisisId: string; kind: RecoveryActionKind; title: string; url: string | null; loggedBy: string },
): Promise<void> {
  await tx.rows(
    `INSERT INTO recovery_action (id, organization_id, crisis_id, kind, title, url, logged_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [row.id, row.organizationId, row.crisisId, row.kind, row.title, row.url, row.loggedBy],
  );
}

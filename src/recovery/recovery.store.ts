// Recovery's SQL: minute buckets of a span, the stream's newest minute, a crisis's recovery episode, recovery actions.
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

export async function readBuckets(run: Run, organizationId: string, brandId: string, from: number, to: number): Promise<MinuteBucket[]> {
  const rows = await run<{ start: Date; total: number; negative: number; sentiment_sum: number }>(
    `SELECT bucket_start AS start, total, negative, sentiment_sum FROM mention_bucket
     WHERE organization_id = $1 AND brand_id = $2 AND bucket_start >= $3 AND bucket_start < $4`,
    [organizationId, brandId, new Date(from), new Date(to)],
  );
  return rows.map((r) => ({ start: new Date(r.start).getTime(), total: r.total, negative: r.negative, sentimentSum: r.sentiment_sum }));
}

/** The start of the brand's newest minute with mentions (before `before` when given), or null. */
export async function newestBucket(run: Run, organizationId: string, brandId: string, before: number | null = null): Promise<number | null> {
  const [row] = await run<{ newest: Date | null }>(
    `SELECT max(bucket_start) AS newest FROM mention_bucket WHERE organization_id = $1 AND brand_id = $2 AND ($3::timestamptz IS NULL OR bucket_start < $3)`,
    [organizationId, brandId, before === null ? null : new Date(before)],
  );
  return row?.newest ? new Date(row.newest).getTime() : null;
}

export async function readBrandRecovery(run: Run, organizationId: string, brandId: string): Promise<Partial<RecoverySettings> | null | undefined> {
  const [row] = await run<{ recovery: Partial<RecoverySettings> | null }>(`SELECT recovery FROM brand WHERE id = $1 AND organization_id = $2`, [brandId, organizationId]);
  return row ? row.recovery : undefined;
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

export async function readEpisode(run: Run, organizationId: string, crisisId: string, maxVersion: number | null): Promise<Episode> {
  // The event types are literals, not parameters, so the planner can use the partial index crisis_event_recovery_idx.
  const [row] = await run<{ mark: string | null; mark_state: CrisisState | null; recovered: RecoveryEventRow | null; relapsed: RecoveryEventRow | null }>(
    `WITH mark AS (
       SELECT sequence, to_state FROM crisis_event
       WHERE crisis_id = $1 AND organization_id = $2 AND type = 'STATE_CHANGED' AND to_state IN ('CONTAINED', 'RESPONDING')
         AND ($3::int IS NULL OR crisis_version <= $3)
       ORDER BY sequence DESC LIMIT 1
     )
     SELECT (SELECT sequence::text FROM mark) AS mark, (SELECT to_state FROM mark) AS mark_state,
       (SELECT json_build_object('sequence', e.sequence::text, 'payload', e.payload) FROM crisis_event e
        WHERE e.crisis_id = $1 AND e.organization_id = $2 AND e.type = 'SENTIMENT_RECOVERED' AND e.sequence > (SELECT sequence FROM mark)
          AND ($3::int IS NULL OR e.crisis_version <= $3) ORDER BY e.sequence DESC LIMIT 1) AS recovered,
       (SELECT json_build_object('sequence', e.sequence::text, 'payload', e.payload) FROM crisis_event e
        WHERE e.crisis_id = $1 AND e.organization_id = $2 AND e.type = 'RECOVERY_RELAPSED' AND e.sequence > (SELECT sequence FROM mark)
          AND ($3::int IS NULL OR e.crisis_version <= $3) ORDER BY e.sequence DESC LIMIT 1) AS relapsed`,
    [crisisId, organizationId, maxVersion],
  );
  if (!row?.mark || row.mark_state !== 'CONTAINED') return { openedBy: null, paused: row?.mark_state === 'RESPONDING', recovered: null, relapsed: null };
  return { openedBy: row.mark, paused: false, recovered: row.recovered, relapsed: row.relapsed };
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

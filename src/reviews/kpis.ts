// A crisis's KPIs, from stored facts only: its timestamps, timeline, replies and mention buckets; a closed crisis's never move.
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import { toCrisisRecord, type CrisisRecord } from '../crisis/crisis.record';
import type { CrisisService } from '../crisis/crisis.service';
import { BASELINE_MS, LEAD_IN_MS } from '../detection/metrics';
import { slaDeadlines, type SlaKind } from '../crisis/machine';

/** Sentiment "at close": the mean over the hours before closing. */
export const AT_CLOSE_MS = 6 * 3600_000;

export interface SlaResult {
  sla: SlaKind;
  dueAt: Date;
  metAt: Date | null;
  breachedAt: Date | null;
  /** Seconds from detection to meeting it (ACKNOWLEDGE, FIRST_RESPONSE), or null. */
  targetSeconds: number;
  actualSeconds: number | null;
  met: boolean | null;
}

export interface CrisisKpisData {
  timeToAcknowledgeSeconds: number | null;
  timeToFirstResponseSeconds: number | null;
  timeToContainSeconds: number | null;
  /** Detection to closing; while open, to the time asked. */
  durationSeconds: number | null;
  peakNegativeMentionsPerHour: number | null;
  slaBreaches: number;
  repliesSent: number;
  medianReplySeconds: number | null;
  sentimentBaseline: number | null;
  sentimentAtClose: number | null;
  slaResults: SlaResult[];
}

/**
 * The peak: the most negative mentions in any 60 minutes of the brand's minute buckets in [from, to). The SQL
 * expressions are the caller's (parameters here, a crisis row's columns in crisisStats), the definition is this one.
 */
export function peakNegativeSql(org: string, brand: string, from: string, to: string): string {
  return `SELECT max(s)::int AS peak FROM (
      SELECT sum(negative) OVER (ORDER BY bucket_start RANGE BETWEEN interval '59 minutes' PRECEDING AND CURRENT ROW) AS s
      FROM mention_bucket WHERE organization_id = ${org} AND brand_id = ${brand} AND bucket_start >= ${from} AND bucket_start < ${to}
    ) w`;
}

/**
 * Replies sent for a crisis (`n`) and the median seconds from a mention's postedAt to its reply (`median`). The
 * postedAt comes from the dedupe key, which a replied mention keeps past MENTION_RETENTION_DAYS.
 */
export function repliesSql(org: string, crisis: string): string {
  return `SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.sent_at - m.posted_at)) AS median
    FROM reply r JOIN mention_key m ON m.mention_id = r.mention_id AND m.organization_id = r.organization_id
    WHERE r.crisis_id = ${crisis} AND r.organization_id = ${org}`;
}

/** Sentiment sums are stored as float4: six decimals are what they hold. */
const round = (value: number | null): number | null => (value === null ? null : Math.round(value * 1e6) / 1e6);
const seconds = (from: Date, to: Date | null): number | null => (to ? Math.floor((to.getTime() - from.getTime()) / 1000) : null);

/**
 * The KPIs: a closed crisis's as they were kept when it closed (keepKpisAtClose), an open one's computed now. Crises
 * closed before the KPIs were kept are computed, like an open one.
 */
export async function crisisKpis(dataSource: DataSource, crisis: CrisisRecord, now = Date.now()): Promise<CrisisKpisData> {
  if (crisis.closedAt) {
    const [row] = await query<{ kpis: StoredKpis | null }>(dataSource, `SELECT kpis FROM crisis WHERE id = $1 AND organization_id = $2`, [crisis.id, crisis.organizationId]);
    if (row?.kpis) return reviveKpis(row.kpis);
  }
  return computeCrisisKpis(dataSource, crisis, now);
}

/** The JSON form kept on the crisis row: times as ISO strings. */
type StoredKpis = Omit<CrisisKpisData, 'slaResults'> & { slaResults: Array<Omit<SlaResult, 'dueAt' | 'metAt' | 'breachedAt'> & { dueAt: string; metAt: string | null; breachedAt: string | null }> };

function reviveKpis(stored: StoredKpis): CrisisKpisData {
  const date = (v: string | null) => (v === null ? null : new Date(v));
  return { ...stored, slaResults: stored.slaResults.map((r) => ({ ...r, dueAt: new Date(r.dueAt), metAt: date(r.metAt), breachedAt: date(r.breachedAt) })) };
}

/**
 * Registers the closing write: when a crisis closes, its KPIs are computed at that instant (from the stored facts as
 * they are then) and kept on its row in the closing transaction, so late mentions or purged ones never move them.
 */
export function keepKpisAtClose(dataSource: DataSource, crises: CrisisService): void {
  crises.onClose(async (row, after) => {
    const c = after.context;
    const date = (ms: number | null) => (ms === null ? null : new Date(ms));
    const closing: CrisisRecord = {
      ...toCrisisRecord(row), state: after.value, machine: after, acknowledgedAt: date(c.acknowledgedAt), firstPublicResponseAt: date(c.firstPublicResponseAt),
      containedAt: date(c.containedAt), recoveryStartedAt: date(c.recoveryStartedAt), reviewedAt: date(c.reviewedAt), closedAt: date(c.closedAt),
    };
    const kpis = await computeCrisisKpis(dataSource, closing, c.closedAt!);
    return (tx) => tx.rows(`UPDATE crisis SET kpis = $3 WHERE id = $1 AND organization_id = $2`, [row.id, row.organization_id, JSON.stringify(kpis)]);
  });
}

/**
 * Computes the KPIs. Everything is counted from detection; the peak is the most negative mentions in any 60 minutes
 * (by postedAt) from the lead-in before detection to closing; a reply's time runs from the mention's postedAt to the
 * reply. Only an open crisis reads the clock (`now`, for its duration and the end of its peak window).
 */
export async function computeCrisisKpis(dataSource: DataSource, crisis: CrisisRecord, now = Date.now()): Promise<CrisisKpisData> {
  const detected = crisis.detectedAt;
  const end = crisis.closedAt ?? new Date(now);
  const leadIn = new Date(detected.getTime() - LEAD_IN_MS);
  const [[peak], [breaches], [replies], [baseline], [atClose]] = await Promise.all([
    query<{ peak: number | null }>(dataSource, peakNegativeSql('$1', '$2', '$3', '$4'), [crisis.organizationId, crisis.brandId, leadIn, end]),
    query<{ n: number }>(dataSource, `SELECT count(*)::int AS n FROM crisis_event WHERE crisis_id = $1 AND organization_id = $2 AND type = 'SLA_BREACHED'`,
      [crisis.id, crisis.organizationId]),
    query<{ n: number; median: number | null }>(dataSource, repliesSql('$2', '$1'), [crisis.id, crisis.organizationId]),
    meanSentiment(dataSource, crisis, new Date(leadIn.getTime() - BASELINE_MS), leadIn),
    crisis.closedAt ? meanSentiment(dataSource, crisis, new Date(crisis.closedAt.getTime() - AT_CLOSE_MS), crisis.closedAt) : Promise.resolve([null]),
  ]);
  const slaResults = slaDeadlines(crisis.machine)
    .filter((d) => d.sla !== 'UPDATE')
    .map((d) => {
      const metAt = d.metAt === null ? null : new Date(d.metAt);
      return {
        sla: d.sla, dueAt: new Date(d.dueAt), metAt, breachedAt: d.breachedAt === null ? null : new Date(d.breachedAt),
        targetSeconds: Math.floor((d.dueAt - detected.getTime()) / 1000), actualSeconds: seconds(detected, metAt),
        met: metAt ? metAt.getTime() <= d.dueAt : d.breachedAt !== null || crisis.closedAt ? false : null,
      };
    });
  return {
    timeToAcknowledgeSeconds: seconds(detected, crisis.acknowledgedAt),
    timeToFirstResponseSeconds: seconds(detected, crisis.firstPublicResponseAt),
    timeToContainSeconds: seconds(detected, crisis.containedAt),
    durationSeconds: seconds(detected, end),
    peakNegativeMentionsPerHour: peak?.peak ?? null,
    slaBreaches: breaches.n,
    repliesSent: replies.n,
    medianReplySeconds: replies.median === null ? null : Math.floor(replies.median),
    sentimentBaseline: round(baseline?.mean ?? null),
    sentimentAtClose: round(atClose?.mean ?? null),
    slaResults,
  };
}

function meanSentiment(dataSource: DataSource, crisis: CrisisRecord, from: Date, to: Date): Promise<Array<{ mean: number | null }>> {
  return query<{ mean: number | null }>(
    dataSource,
    `SELECT CASE WHEN sum(total) > 0 THEN sum(sentiment_sum) / sum(total) END AS mean
     FROM mention_bucket WHERE organization_id = $1 AND brand_id = $2 AND bucket_start >= $3 AND bucket_start < $4`,
    [crisis.organizationId, crisis.brandId, from, to],
  );
}

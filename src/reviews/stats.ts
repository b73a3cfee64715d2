// Organization analytics: the crises of a period counted, their KPIs' medians and SLA compliance, against the period before.
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import { BadUserInputError } from '../graphql/errors';
import { CRISIS_CATEGORIES, type CrisisCategory } from '../crisis/crisis.types';
import { CRISIS_STATES, SEVERITIES, type CrisisState, type Severity } from '../crisis/machine';
import { LEAD_IN_MS } from '../detection/metrics';
import { peakNegativeSql, repliesSql } from './kpis';

/** The longest period one question may span: a year, leap day included. */
export const MAX_SPAN_DAYS = 366;
const DAY_MS = 24 * 3600_000;

/** The SLAs counted as met or missed; UPDATE recurs, so only its breaches are counted. */
export const COMPLIANCE_SLAS = ['ACKNOWLEDGE', 'FIRST_RESPONSE'] as const;
export type ComplianceSla = (typeof COMPLIANCE_SLAS)[number];

/** The KPIs of CrisisKpis whose medians a period reports, in the schema's order. */
export const MEDIAN_KPIS = [
  'timeToAcknowledgeSeconds', 'timeToFirstResponseSeconds', 'timeToContainSeconds', 'durationSeconds',
  'peakNegativeMentionsPerHour', 'repliesSent', 'medianReplySeconds',
] as const;
export type MedianKpi = (typeof MEDIAN_KPIS)[number];

/**
 * One crisis's KPIs, as src/reviews/kpis.ts defines them (the stats test checks they agree with Crisis.kpis), except
 * that `durationSeconds` is null while the crisis is open: a period's median duration is over closed crises only.
 */
export interface CrisisKpiRow extends Record<MedianKpi, number | null> {
  id: string;
  brandId: string;
  category: CrisisCategory;
  severity: Severity;
  state: CrisisState;
  detectedAt: Date;
  closed: boolean;
  /** kpis.ts's SlaResult.met: null while pending. */
  met: Record<ComplianceSla, boolean | null>;
  updateBreaches: number;
}

interface KpiSqlRow {
  id: string;
  brand_id: string;
  category: CrisisCategory;
  severity: Severity;
  state: CrisisState;
  detected_at: Date;
  closed: boolean;
  time_to_acknowledge: number | null;
  time_to_first_response: number | null;
  time_to_contain: number | null;
  duration: number | null;
  peak: number | null;
  replies_sent: number;
  median_reply: number | null;
  acknowledge_met: boolean | null;
  first_response_met: boolean | null;
  update_breaches: number;
}

/** kpis.ts's SlaResult.met in SQL, over the machine's context: met by the deadline, else missed once breached or closed. */
const metSql = (metAt: string, durationMs: string, breach: string) => `CASE
    WHEN c.ctx->>'${metAt}' IS NOT NULL THEN (c.ctx->>'${metAt}')::numeric <= (c.ctx->>'detectedAt')::numeric + (c.ctx->'sla'->>'${durationMs}')::numeric
    WHEN c.ctx->'breaches'->>'${breach}' IS NOT NULL OR c.closed_at IS NOT NULL THEN false
  END`;

/**
 * Every crisis of the organization detected in [from, to) (of one brand when given), with its KPIs, in one statement:
 * the peak, replies and breaches are lateral joins on the same indexes crisisKpis reads. `now` ends an open crisis's
 * peak window, as in crisisKpis.
 */
export async function crisisKpiRows(
  dataSource: DataSource, organizationId: string, range: { from: Date; to: Date; brandId: string | null }, now = Date.now(),
): Promise<CrisisKpiRow[]> {
  const rows = await query<KpiSqlRow>(
    dataSource,
    `WITH c AS (
       SELECT id, brand_id, category, severity, state, detected_at, acknowledged_at, first_public_response_at, contained_at, closed_at,
              machine->'context' AS ctx, kpis AS kept
       FROM crisis WHERE organization_id = $1 AND ($2::uuid IS NULL OR brand_id = $2) AND detected_at >= $3 AND detected_at < $4
     )
     SELECT c.id, c.brand_id, c.category, c.severity, c.state, c.detected_at, c.closed_at IS NOT NULL AS closed,
       floor(extract(epoch FROM c.acknowledged_at - c.detected_at))::int AS time_to_acknowledge,
       floor(extract(epoch FROM c.first_public_response_at - c.detected_at))::int AS time_to_first_response,
       floor(extract(epoch FROM c.contained_at - c.detected_at))::int AS time_to_contain,
       floor(extract(epoch FROM c.closed_at - c.detected_at))::int AS duration,
       -- A closed crisis's KPIs as kept when it closed (kpis.ts keepKpisAtClose); computed for the others.
       coalesce((c.kept->>'peakNegativeMentionsPerHour')::int, peak.peak) AS peak,
       CASE WHEN c.kept IS NOT NULL THEN (c.kept->>'repliesSent')::int ELSE replies.n END AS replies_sent,
       CASE WHEN c.kept IS NOT NULL THEN (c.kept->>'medianReplySeconds')::int ELSE floor(replies.median)::int END AS median_reply,
       ${metSql('acknowledgedAt', 'acknowledgeMs', 'ACKNOWLEDGE')} AS acknowledge_met,
       ${metSql('firstPublicResponseAt', 'firstResponseMs', 'FIRST_RESPONSE')} AS first_response_met,
       breaches.n AS update_breaches
     FROM c
     LEFT JOIN LATERAL (
       ${peakNegativeSql('$1', 'c.brand_id', "c.detected_at - $5::bigint * interval '1 millisecond'", 'coalesce(c.closed_at, $6)')}
     ) peak ON true
     LEFT JOIN LATERAL (${repliesSql('$1', 'c.id')}) replies ON true
     LEFT JOIN LATERAL (
       SELECT count(*)::int AS n FROM crisis_event e
       WHERE e.crisis_id = c.id AND e.organization_id = $1 AND e.type = 'SLA_BREACHED' AND e.payload->>'sla' = 'UPDATE'
     ) breaches ON true
     ORDER BY c.detected_at, c.id`,
    [organizationId, range.brandId, range.from, range.to, LEAD_IN_MS, new Date(now)],
  );
  return rows.map((r) => ({
    id: r.id, brandId: r.brand_id, category: r.category, severity: r.severity, state: r.state, detectedAt: new Date(r.detected_at), closed: r.closed,
    timeToAcknowledgeSeconds: r.time_to_acknowledge, timeToFirstResponseSeconds: r.time_to_first_response, timeToContainSeconds: r.time_to_contain,
    durationSeconds: r.duration, peakNegativeMentionsPerHour: r.peak, repliesSent: r.replies_sent, medianReplySeconds: r.median_reply,
    met: { ACKNOWLEDGE: r.acknowledge_met, FIRST_RESPONSE: r.first_response_met }, updateBreaches: r.update_breaches,
  }));
}

export interface Count<K extends string> {
  key: K;
  count: number;
}

export interface MedianData {
  /** The median of the crises' values (the mean of the two middle ones for an even count); null over no crisis. */
  median: number | null;
  /** The crises that have a value (nulls are left out). */
  count: number;
}

export interface SlaComplianceData {
  met: number;
  missed: number;
  /** Still open and not yet due: left out of the rate. */
  pending: number;
  /** met / (met + missed); null when none was decided. */
  rate: number | null;
}

export interface PeriodStatsData {
  from: Date;
  to: Date;
  total: number;
  open: number;
  byCategory: Array<Count<CrisisCategory>>;
  bySeverity: Array<Count<Severity>>;
  /** The final state of closed crises, the current one of open crises. */
  byState: Array<Count<CrisisState>>;
  medians: Record<MedianKpi, MedianData>;
  sla: { bySla: Array<SlaComplianceData & { sla: ComplianceSla }>; overall: SlaComplianceData; updateBreaches: number };
}

export interface TrendData {
  total: number;
  /** Current median − previous median; null when either is null. */
  medians: Record<MedianKpi, number | null>;
  slaRates: Array<{ sla: ComplianceSla; delta: number | null }>;
  overallRate: number | null;
  updateBreaches: number;
}

export interface CrisisStatsData {
  current: PeriodStatsData;
  previous: PeriodStatsData;
  trend: TrendData;
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function countBy<K extends string>(keys: readonly K[], values: K[]): Array<Count<K>> {
  return keys.map((key) => ({ key, count: values.filter((v) => v === key).length }));
}

function compliance(results: Array<boolean | null>): SlaComplianceData {
  const met = results.filter((r) => r === true).length;
  const missed = results.filter((r) => r === false).length;
  return { met, missed, pending: results.length - met - missed, rate: met + missed ? met / (met + missed) : null };
}

/** Counts, medians and compliance of the crises of one period. */
export function summarizePeriod(from: Date, to: Date, rows: CrisisKpiRow[]): PeriodStatsData {
  const medians = Object.fromEntries(MEDIAN_KPIS.map((kpi) => {
    const values = rows.map((r) => r[kpi]).filter((v): v is number => v !== null);
    return [kpi, { median: median(values), count: values.length }];
  })) as Record<MedianKpi, MedianData>;
  const bySla = COMPLIANCE_SLAS.map((sla) => ({ sla, ...compliance(rows.map((r) => r.met[sla])) }));
  return {
    from, to, total: rows.length, open: rows.filter((r) => !r.closed).length,
    byCategory: countBy(CRISIS_CATEGORIES, rows.map((r) => r.category)),
    bySeverity: countBy(SEVERITIES, rows.map((r) => r.severity)),
    byState: countBy(CRISIS_STATES, rows.map((r) => r.state)),
    medians,
    sla: {
      bySla,
      overall: compliance(rows.flatMap((r) => COMPLIANCE_SLAS.map((sla) => r.met[sla]))),
      updateBreaches: rows.reduce((n, r) => n + r.updateBreaches, 0),
    },
  };
}

const delta = (current: number | null, previous: number | null): number | null => (current === null || previous === null ? null : current - previous);

export function trendOf(current: PeriodStatsData, previous: PeriodStatsData): TrendData {
  return {
    total: current.total - previous.total,
    medians: Object.fromEntries(MEDIAN_KPIS.map((kpi) => [kpi, delta(current.medians[kpi].median, previous.medians[kpi].median)])) as Record<MedianKpi, number | null>,
    slaRates: COMPLIANCE_SLAS.map((sla, i) => ({ sla, delta: delta(current.sla.bySla[i].rate, previous.sla.bySla[i].rate) })),
    overallRate: delta(current.sla.overall.rate, previous.sla.overall.rate),
    updateBreaches: current.sla.updateBreaches - previous.sla.updateBreaches,
  };
}

/** Refuses an empty or reversed period, or one longer than MAX_SPAN_DAYS. */
export function checkPeriod(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new BadUserInputError('from', 'must be a date and time');
  if (from.getTime() >= to.getTime()) throw new BadUserInputError('to', 'must be after from');
  if (to.getTime() - from.getTime() > MAX_SPAN_DAYS * DAY_MS) {
    throw new BadUserInputError('to', `the period may span at most ${MAX_SPAN_DAYS} days`, { maxDays: MAX_SPAN_DAYS });
  }
}

/**
 * The stats of [from, to) and of the period of equal length just before it, [from − (to − from), from), from one read
 * of both periods' crises.
 */
export async function crisisStats(
  dataSource: DataSource, organizationId: string, range: { from: Date; to: Date; brandId: string | null }, now = Date.now(),
): Promise<CrisisStatsData> {
  checkPeriod(range.from, range.to);
  const previousFrom = new Date(range.from.getTime() - (range.to.getTime() - range.from.getTime()));
  const rows = await crisisKpiRows(dataSource, organizationId, { ...range, from: previousFrom }, now);
  const cut = range.from.getTime();
  const current = summarizePeriod(range.from, range.to, rows.filter((r) => r.detectedAt.getTime() >= cut));
  const previous = summarizePeriod(previousFrom, range.from, rows.filter((r) => r.detectedAt.getTime() < cut));
  return { current, previous, trend: trendOf(current, previous) };
}

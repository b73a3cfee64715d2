// Words and numbers both human formats of the report share: UTC times, durations, SLA names, the download's file name.
import type { CrisisReport, ReportEvent, ReportEventCount, ReportRecoveryMetrics, ReportSla } from './report.types';

/** "2026-11-26 10:04:05 UTC": the same for every reader, whatever their time zone. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const utc = new Date(t).toISOString();
  return `${utc.slice(0, 10)} ${utc.slice(11, 19)} UTC`;
}

/** A count's period: "2026-11-26 14:00–15:00 UTC" for an hour, "2026-11-26 (the whole day, UTC)" for a day. */
export function formatPeriod(from: string, to: string): string {
  const a = new Date(from).toISOString();
  const b = new Date(to).toISOString();
  if (Date.parse(to) - Date.parse(from) >= 86_400_000) return `${a.slice(0, 10)} (the whole day, UTC)`;
  return `${a.slice(0, 10)} ${a.slice(11, 16)}–${b.slice(11, 16)} UTC`;
}

/** "2 d 3 h 05 min", "42 min 10 s", "12 s". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const sign = seconds < 0 ? '−' : '';
  let s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = d ? [`${d} d`, `${h} h`, `${String(m).padStart(2, '0')} min`]
    : h ? [`${h} h`, `${String(m).padStart(2, '0')} min`]
    : m ? [`${m} min`, ...(s ? [`${s} s`] : [])]
    : [`${s} s`];
  return sign + parts.join(' ');
}

export function formatNumber(value: number | null, digits = 2): string {
  if (value === null) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

/** A channel's length unit in words: "X-weighted characters", "SMS segments", "characters". */
export function unitWords(unit: string): string {
  return { X_WEIGHTED: 'X-weighted characters', SMS_SEGMENTS: 'SMS segments', CHARACTERS: 'characters' }[unit] ?? unit.toLowerCase();
}

export const SLA_NAMES: Record<ReportSla['sla'], string> = {
  ACKNOWLEDGE: 'Acknowledge',
  FIRST_RESPONSE: 'First public response',
  UPDATE: 'Update cadence',
};

export function slaOutcome(r: ReportSla): string {
  return r.met === null ? 'pending' : r.met ? 'met' : 'missed';
}

/** The KPI rows both formats show, in order: label and value. */
export function kpiRows(report: CrisisReport): Array<[string, string]> {
  const k = report.kpis;
  return [
    ['Time to acknowledge', formatDuration(k.timeToAcknowledgeSeconds)],
    ['Time to first public response', formatDuration(k.timeToFirstResponseSeconds)],
    ['Time to contain', formatDuration(k.timeToContainSeconds)],
    ['Duration', formatDuration(k.durationSeconds)],
    ['Peak negative mentions in an hour', formatNumber(k.peakNegativeMentionsPerHour)],
    ['SLA breaches', String(k.slaBreaches)],
    ['Personal replies sent', String(k.repliesSent)],
    ['Median reply time', formatDuration(k.medianReplySeconds)],
    ['Sentiment at baseline', formatNumber(k.sentimentBaseline)],
    ['Sentiment at close', formatNumber(k.sentimentAtClose)],
  ];
}

const RECOVERY_STATUS: Record<NonNullable<CrisisReport['recovery']>['status'], string> = {
  TRACKING: 'contained, not back to the baseline yet',
  RECOVERED: 'back to the pre-crisis baseline',
  RELAPSED: 'relapsed after being back',
  PAUSED: 'paused: re-escalated',
  NOT_RECOVERED: 'closed before it was back to the baseline',
};

/** The recovery rows both formats show (status first), for a crisis that was contained. */
export function recoveryRows(recovery: NonNullable<CrisisReport['recovery']>): Array<[string, string]> {
  return [
    ['Status', `${recovery.status} (${RECOVERY_STATUS[recovery.status]})`],
    ['Back to baseline', formatTime(recovery.backToBaselineAt)],
    ['Relapsed', formatTime(recovery.relapsedAt)],
    ['Within tolerance since', formatTime(recovery.withinToleranceSince)],
    ['Measured up to', formatTime(recovery.evaluatedAt)],
    ['Judged by', `within ${formatNumber(recovery.tolerancePercent)} % of the baseline for ${formatDuration(recovery.sustainMinutes * 60)}`],
  ];
}

/** Each listening metric now and at the baseline: label, current, target. */
export function recoveryMetricRows(recovery: NonNullable<CrisisReport['recovery']>): Array<[string, string, string]> {
  const share = (v: number | null) => (v === null ? '—' : `${formatNumber(v * 100, 1)} %`);
  const rows: Array<[string, keyof ReportRecoveryMetrics, (v: number | null) => string]> = [
    ['Negative share', 'negativeShare', share],
    ['Mean sentiment', 'sentiment', (v) => formatNumber(v)],
    ['Negative mentions per hour', 'negativePerHour', (v) => formatNumber(v, 1)],
  ];
  return rows.map(([label, key, f]) => [label, f(recovery.current[key]), f(recovery.target[key])]);
}

/** The timeline section's rows in time order: each count at the start of its period, before the events within it. */
export function timelineRows(report: Pick<CrisisReport, 'timeline' | 'timelineSummaries'>): Array<ReportEvent | ReportEventCount> {
  const rows: Array<ReportEvent | ReportEventCount> = [];
  let c = 0;
  for (const event of report.timeline) {
    const at = Date.parse(event.occurredAt);
    while (c < report.timelineSummaries.length && Date.parse(report.timelineSummaries[c].from) <= at) rows.push(report.timelineSummaries[c++]);
    rows.push(event);
  }
  return [...rows, ...report.timelineSummaries.slice(c)];
}

export const isEventCount = (row: ReportEvent | ReportEventCount): row is ReportEventCount => 'count' in row;

/** The line closing a timeline cut short by the bound, or null. */
export function omittedLine(report: Pick<CrisisReport, 'timelineOmitted'>): string | null {
  const n = report.timelineOmitted;
  return n ? `${n.toLocaleString('en-US')} more event${n === 1 ? '' : 's'} not shown; the full timeline is Crisis.timeline in the API.` : null;
}

/** The crisis's milestones, in lifecycle order, for the summary. */
export function milestones(report: CrisisReport): Array<[string, string]> {
  const c = report.crisis;
  return [
    ['Detected', formatTime(c.detectedAt)], ['Acknowledged', formatTime(c.acknowledgedAt)], ['First public response', formatTime(c.firstPublicResponseAt)],
    ['Contained', formatTime(c.containedAt)], ['Recovery started', formatTime(c.recoveryStartedAt)], ['Reviewed', formatTime(c.reviewedAt)],
    ['Closed', formatTime(c.closedAt)],
  ];
}

/** An ASCII slug of the title ("Café <b>déjà</b> vu!" → "cafe-b-deja-b-vu"), at most 60 characters, never empty. */
export function slugOf(title: string): string {
  const slug = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, 60).replace(/-+$/, '') || 'report';
}

/** crisis-<slug>-<detection date>.<ext>: the same name for the same crisis, whenever it is downloaded. */
export function reportFileName(report: CrisisReport, extension: string): string {
  return `crisis-${slugOf(report.crisis.title)}-${report.crisis.detectedAt.slice(0, 10)}.${extension}`;
}

/** The report's sections, in order, in every human format. */
export const SECTIONS = {
  summary: 'Summary',
  timeline: 'Timeline',
  team: 'Team and roles',
  statements: 'Statements as published',
  actionItems: 'Action items',
  replies: 'Personal replies',
  kpis: "KPIs against the playbook's SLAs",
  chart: 'Sentiment and volume',
  recovery: 'Recovery',
  feedback: 'Feedback',
  lessons: 'Lessons',
  learned: 'Plan revisions learned from this crisis',
} as const;

/** The curve folded into at most `columns` columns (sums of mentions, mention-weighted sentiment), for text charts. */
export function foldPoints(report: CrisisReport, columns: number): Array<{ start: number; negative: number; mentions: number; sentiment: number | null }> {
  const points = report.chart.points;
  const size = Math.max(1, Math.ceil(points.length / columns));
  const folded = [];
  for (let i = 0; i < points.length; i += size) {
    const group = points.slice(i, i + size);
    const mentions = group.reduce((n, p) => n + p.mentions, 0);
    const weighted = group.reduce((n, p) => n + (p.meanSentiment ?? 0) * p.mentions, 0);
    folded.push({ start: Date.parse(group[0].bucketStart), negative: group.reduce((n, p) => n + p.negativeMentions, 0), mentions, sentiment: mentions ? weighted / mentions : null });
  }
  return folded;
}

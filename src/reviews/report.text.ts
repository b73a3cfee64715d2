// Words and numbers both human formats of the report share: UTC times, durations, SLA names, the download's file name.
import type { CrisisReport, ReportSla } from './report.types';

/** "2026-11-26 10:04:05 UTC": the same for every reader, whatever their time zone. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const utc = new Date(t).toISOString();
  return `${utc.slice(0, 10)} ${utc.slice(11, 19)} UTC`;
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

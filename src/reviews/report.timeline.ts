// A timeline event's payload in words, for the report's readers: one short line per event type, a generic one otherwise;
// and the hourly counts of high-volume types in words.
import type { TimelineRow } from '../crisis/crisis.streams';
import { formatDuration, formatTime } from './report.text';
import type { ReportEventCount } from './report.types';

type Payload = Record<string, unknown>;

const text = (p: Payload, key: string): string | null => {
  const v = p[key];
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
};
const list = (p: Payload, key: string): string[] => (Array.isArray(p[key]) ? (p[key] as unknown[]).map(String) : []);
const round = (v: unknown): string => (typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v));
const also = (label: string, value: string | null): string => (value ? `; ${label}: ${value}` : '');

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const MISSING: Record<string, string> = { summary: 'a summary', lessons: 'a lesson', leadFeedback: "the crisis lead's feedback" };

/** What the review still lacks for COMPLETE_REVIEW, as the event recorded it. */
function stillMissing(p: Payload): string {
  if (!Array.isArray(p.missing)) return '';
  return p.missing.length ? `; still missing ${list(p, 'missing').map((m) => MISSING[m] ?? m).join(', ')}` : '; complete';
}

/** The three listening metrics: "negative share 12 %, sentiment 0.31, 4.2 negative an hour". */
function metrics(value: unknown): string {
  const m = value && typeof value === 'object' ? (value as Payload) : {};
  const n = (v: unknown, f: (x: number) => string) => (typeof v === 'number' ? f(v) : '?');
  return `negative share ${n(m.negativeShare, (x) => `${round(x * 100)} %`)}, sentiment ${n(m.sentiment, round)}, ${n(m.negativePerHour, round)} negative an hour`;
}

function signal(p: Payload): string {
  return `${text(p, 'metric') ?? 'signal'} at ${round(p.observed)} against a baseline of ${round(p.baseline)} (score ${round(p.score)})`;
}

const SUMMARIES: Record<string, (p: Payload, row: TimelineRow) => string> = {
  DETECTED: (p) => {
    const trigger = p.trigger && typeof p.trigger === 'object' ? (p.trigger as Payload) : null;
    const opened = trigger ? `detected: ${signal(trigger)}` : 'declared by hand';
    return `${opened}; ${text(p, 'severity') ?? ''} ${text(p, 'category') ?? ''}`.trim();
  },
  STATE_CHANGED: (p, row) => `${row.from_state ?? '?'} → ${row.to_state ?? '?'}${text(p, 'event') ? ` (${text(p, 'event')})` : ''}${also('reason', text(p, 'reason'))}`,
  SLA_BREACHED: (p) => `${text(p, 'sla') ?? 'an'} SLA breached${text(p, 'state') ? ` in ${text(p, 'state')}` : ''}`,
  ROLE_ASSIGNED: (p) => `${text(p, 'assignee') ?? '?'} holds ${text(p, 'roleKey') ?? '?'}`,
  TASK_COMPLETED: (p) => `task done: ${text(p, 'title') ?? '?'}${text(p, 'state') ? ` (${text(p, 'state')})` : ''}`,
  SEVERITY_CHANGED: (p) => `severity ${text(p, 'from') ?? '?'} → ${text(p, 'to') ?? '?'}${also('reason', text(p, 'reason'))}`,
  ROOT_CAUSE_UPDATED: (p) => `root cause, revision ${text(p, 'revision') ?? '?'}: ${text(p, 'nature') ?? ''}`,
  SPIKE_DETECTED: (p) => `another spike: ${signal(p)}`,
  STATEMENT_SUBMITTED: (p) => `${text(p, 'kind') ?? ''} statement submitted for review`.trim(),
  STATEMENT_APPROVED: (p) => `${text(p, 'kind') ?? ''} statement approved${also('note', text(p, 'note'))}`.trim(),
  STATEMENT_REJECTED: (p) => `${text(p, 'kind') ?? ''} statement sent back to draft${also('note', text(p, 'note'))}`.trim(),
  STATEMENT_PUBLISHED: (p) => {
    const findings = typeof p.findings === 'number' && p.findings > 0 ? `; ${p.findings} lint finding${p.findings === 1 ? '' : 's'}` : '';
    return `${text(p, 'kind') ?? ''} statement published on ${list(p, 'channels').join(', ') || '?'}${p.supersedes ? ', correcting an earlier one' : ''}${findings}`.trim();
  },
  ACTION_ITEM_ADDED: (p) => `action item added: ${text(p, 'title') ?? '?'} (owner ${text(p, 'owner') ?? '?'}${text(p, 'dueAt') ? `, due ${formatTime(text(p, 'dueAt'))}` : ''})`,
  ACTION_ITEM_UPDATED: (p) =>
    `action item ${text(p, 'title') ?? '?'}: ${list(p, 'changed').join(', ') || 'changed'}${text(p, 'from') !== text(p, 'status') ? ` (${text(p, 'from')} → ${text(p, 'status')})` : ''}${also('note', text(p, 'note'))}`,
  ACTION_ITEM_OVERDUE: (p) => `action item overdue: ${text(p, 'title') ?? '?'} (owner ${text(p, 'owner') ?? '?'})`,
  REPLY_SENT: (p) => `personal reply sent by ${text(p, 'author') ?? '?'}${p.templateId ? ' (from a template)' : ''}`,
  MENTION_SKIPPED: (p) => `mention left unanswered by ${text(p, 'author') ?? '?'}${also('reason', text(p, 'reason'))}`,
  REVIEW_UPDATED: (p) => `review updated: ${list(p, 'changed').join(', ') || 'changed'}${text(p, 'revision') ? ` (revision ${text(p, 'revision')})` : ''}${stillMissing(p)}`,
  REVIEW_FEEDBACK_SUBMITTED: (p) => `feedback from ${text(p, 'author') ?? '?'} (${text(p, 'role') ?? '?'}), rated ${text(p, 'rating') ?? '?'}/5${p.replaced ? ', replacing theirs' : ''}${stillMissing(p)}`,
  // The link is left out on purpose: the Recovery section shows it, as text.
  RECOVERY_ACTION_LOGGED: (p) => `recovery action logged (${text(p, 'kind') ?? '?'}): ${text(p, 'title') ?? '?'}`,
  SENTIMENT_RECOVERED: (p) => {
    const sustain = typeof p.sustainMinutes === 'number' ? ` for ${formatDuration(p.sustainMinutes * 60)}` : '';
    const tolerance = typeof p.tolerancePercent === 'number' ? `within ${round(p.tolerancePercent)} % of the pre-crisis baseline` : 'within tolerance';
    return `back to baseline at ${formatTime(text(p, 'backToBaselineAt'))}: ${tolerance} since ${formatTime(text(p, 'withinToleranceSince'))}${sustain}; ${metrics(p.current)} (baseline: ${metrics(p.target)})`;
  },
  RECOVERY_RELAPSED: (p) => {
    const tolerance = typeof p.tolerancePercent === 'number' ? `the ${round(p.tolerancePercent)} % tolerance` : 'tolerance';
    return `relapse at ${formatTime(text(p, 'relapsedAt'))}: out of ${tolerance} again after being back at ${formatTime(text(p, 'backToBaselineAt'))}; ${metrics(p.current)} (baseline: ${metrics(p.target)})`;
  },
};

/** Whether an event type has its own line (the others get `key: value` pairs). */
export function hasOwnSummary(type: string): boolean {
  return Object.hasOwn(SUMMARIES, type);
}

/** A count of high-volume events in words: "312 personal replies sent by 6 agents (40 from a template)". */
export function summarizeCount(c: Pick<ReportEventCount, 'type' | 'count' | 'actors'>, extra: { templated: number; topScore: number | null }): string {
  switch (c.type) {
    case 'REPLY_SENT':
      return `${plural(c.count, 'personal reply', 'personal replies')} sent by ${plural(c.actors, 'agent')}${extra.templated ? ` (${extra.templated.toLocaleString('en-US')} from a template)` : ''}`;
    case 'MENTION_SKIPPED':
      return `${plural(c.count, 'mention')} left unanswered by ${plural(c.actors, 'agent')}`;
    case 'SPIKE_DETECTED':
      return `${plural(c.count, 'further spike')} detected${extra.topScore === null ? '' : ` (highest score ${round(extra.topScore)})`}`;
    default:
      return `${plural(c.count, `${c.type} event`)} by ${plural(c.actors, 'actor')}`;
  }
}

/** Scalar fields as `key: value`, for event types this file does not know (yet). */
function generic(p: Payload): string {
  return Object.entries(p)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? round(v) : String(v)}`)
    .join('; ');
}

/** One line describing the event (user-written parts included as they are: each format escapes them). */
export function summarizeEvent(row: TimelineRow): string {
  const payload = row.payload && typeof row.payload === 'object' ? row.payload : {};
  const known = Object.hasOwn(SUMMARIES, row.type) ? SUMMARIES[row.type] : null;
  const line = known ? known(payload, row) : generic(payload);
  return line.replace(/\s+/g, ' ').trim();
}

// A timeline event's payload in words, for the report's readers: one short line per event type, a generic one otherwise.
import type { TimelineRow } from '../crisis/crisis.streams';
import { formatTime } from './report.text';

type Payload = Record<string, unknown>;

const text = (p: Payload, key: string): string | null => {
  const v = p[key];
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
};
const list = (p: Payload, key: string): string[] => (Array.isArray(p[key]) ? (p[key] as unknown[]).map(String) : []);
const round = (v: unknown): string => (typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v));
const also = (label: string, value: string | null): string => (value ? `; ${label}: ${value}` : '');

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
  REVIEW_UPDATED: (p) => `review updated: ${list(p, 'changed').join(', ') || 'changed'}${text(p, 'revision') ? ` (revision ${text(p, 'revision')})` : ''}`,
  REVIEW_FEEDBACK_SUBMITTED: (p) => `feedback from ${text(p, 'author') ?? '?'} (${text(p, 'role') ?? '?'}), rated ${text(p, 'rating') ?? '?'}/5${p.replaced ? ', replacing theirs' : ''}`,
};

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
  const known = SUMMARIES[row.type];
  const line = known ? known(payload, row) : generic(payload);
  return line.replace(/\s+/g, ' ').trim();
}

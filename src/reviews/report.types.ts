// The crisis report as data: the JSON form exactly (camelCase, ISO timestamps, global ids), which Markdown and HTML render.
// schema/crisis-report.schema.json describes the same shape; change both together and bump REPORT_VERSION when a field goes.
import type { CrisisKpisData } from './kpis';
import type { DetectionSignalData } from '../crisis/crisis.entity';
import type { CrisisCategory } from '../crisis/crisis.types';
import type { CrisisState, Severity, SlaKind } from '../crisis/machine';

/** 2: the timeline lists lifecycle and communication events one by one and counts high-volume ones per hour, within a bound. */
export const REPORT_VERSION = 2;

/** The detection signal that opened the crisis, as stored (timestamps already ISO text). */
export type ReportSignal = DetectionSignalData;

export interface ReportSummary {
  id: string;
  title: string;
  description: string | null;
  brand: { id: string; name: string };
  category: CrisisCategory;
  severity: Severity;
  state: CrisisState;
  detectedAt: string;
  acknowledgedAt: string | null;
  firstPublicResponseAt: string | null;
  containedAt: string | null;
  recoveryStartedAt: string | null;
  reviewedAt: string | null;
  closedAt: string | null;
  rootCause: { nature: string; stakeholders: string[]; impact: string; revision: number; updatedAt: string; updatedBy: string } | null;
  /** The signal that opened it; null when declared by hand. */
  trigger: ReportSignal | null;
}

export interface ReportPlaybook {
  id: string;
  name: string;
  version: number;
  /** The policy of the crisis's severity in that version (null when the version has none for it). */
  slaPolicy: { severity: Severity; acknowledgeWithinSeconds: number; firstResponseWithinSeconds: number; updateEverySeconds: number } | null;
}

export interface ReportEvent {
  sequence: string;
  occurredAt: string;
  type: string;
  actor: string | null;
  fromState: string | null;
  toState: string | null;
  /** The payload in words, for people. */
  summary: string;
  payload: Record<string, unknown> | null;
}

/** Events of one high-volume type counted over one UTC hour (or day, when hours would not fit the bound). */
export interface ReportEventCount {
  type: string;
  from: string;
  to: string;
  count: number;
  /** Distinct actors (token names, system, timer) among them. */
  actors: number;
  /** The count in words, for people. */
  summary: string;
}

export interface ReportRole {
  roleKey: string;
  /** The playbook's title for the role (the key when the playbook does not have it). */
  title: string;
  responsibilities: string[];
  assignee: string | null;
  assignedBy: string | null;
  assignedAt: string | null;
}

export interface ReportTask {
  state: CrisisState;
  title: string;
  completedAt: string | null;
  completedBy: string | null;
}

export interface ReportFinding {
  channel: string | null;
  rule: string;
  severity: string;
  message: string;
  match: string;
  start: number;
  end: number;
}

export interface ReportChannelText {
  channel: string;
  text: string;
  /** True when the channel published the canonical body (no variant of its own). */
  canonical: boolean;
  length: number;
  limit: number | null;
  unit: string;
}

export interface ReportStatement {
  id: string;
  kind: string;
  language: string;
  author: string;
  approvedBy: string | null;
  publishedAt: string;
  publishedBy: string | null;
  supersedes: string | null;
  channels: ReportChannelText[];
  /** As they stood at publication. */
  findings: ReportFinding[];
}

/** A statement that never went out: listed without its text, which was never public. */
export interface ReportDraft {
  id: string;
  kind: string;
  status: string;
  author: string;
  updatedAt: string;
}

export interface ReportActionItem {
  id: string;
  title: string;
  owner: string;
  status: 'OPEN' | 'DONE' | 'DROPPED';
  dueAt: string | null;
  createdAt: string;
  closedAt: string | null;
  /** Still open past its due time at some point (or now, while the crisis is open). */
  overdue: boolean;
  note: string | null;
}

export interface ReportSla {
  sla: SlaKind;
  targetSeconds: number;
  actualSeconds: number | null;
  dueAt: string;
  metAt: string | null;
  breachedAt: string | null;
  met: boolean | null;
}

/** Crisis.kpis, with the SLA results as text (ISO times) and the missed updates counted. */
export interface ReportKpis extends Omit<CrisisKpisData, 'slaResults'> {
  /** SLA_BREACHED events of the update cadence (an update missed while RESPONDING). */
  updateBreaches: number;
  slaResults: ReportSla[];
}

export interface ReportPoint {
  bucketStart: string;
  mentions: number;
  negativeMentions: number;
  meanSentiment: number | null;
}

export interface ReportChart {
  bucketMinutes: number;
  /** The curve ends here (the end of the last bucket). */
  end: string;
  baselineNegativeMentions: number;
  baselineMeanSentiment: number | null;
  points: ReportPoint[];
  publications: Array<{ statementId: string; kind: string; publishedAt: string }>;
  recoveryActions: Array<{ recoveryActionId: string; kind: string; loggedAt: string }>;
}

export interface ReportRecoveryMetrics {
  negativeShare: number | null;
  sentiment: number | null;
  negativePerHour: number | null;
}

/** Crisis.recovery: the way back to the brand's pre-crisis baseline after containment. */
export interface ReportRecovery {
  status: 'TRACKING' | 'RECOVERED' | 'RELAPSED' | 'PAUSED' | 'NOT_RECOVERED';
  backToBaselineAt: string | null;
  relapsedAt: string | null;
  withinToleranceSince: string | null;
  /** What `current` is measured up to (capped at closing). */
  evaluatedAt: string | null;
  current: ReportRecoveryMetrics;
  target: ReportRecoveryMetrics;
  tolerancePercent: number;
  sustainMinutes: number;
}

export interface ReportRecoveryAction {
  id: string;
  kind: string;
  title: string;
  /** As logged; every format shows it as text, never as a link. */
  url: string | null;
  loggedBy: string;
  loggedAt: string;
}

export interface ReportFeedback {
  author: string;
  role: string;
  rating: number;
  body: string;
  submittedAt: string;
}

export interface ReportReview {
  summary: string | null;
  strengths: string[];
  weaknesses: string[];
  lessons: string[];
  feedback: ReportFeedback[];
}

/** A playbook version written from this crisis's lessons (filled by the learning feature). */
export interface LearnedRevision {
  playbookId: string;
  version: number;
  createdAt: string;
}

export interface CrisisReport {
  reportVersion: typeof REPORT_VERSION;
  crisis: ReportSummary;
  playbook: ReportPlaybook | null;
  /** Lifecycle and communication events one by one (at most TIMELINE_MAX_EVENTS), oldest first. */
  timeline: ReportEvent[];
  /** High-volume types counted per hour, oldest first. */
  timelineSummaries: ReportEventCount[];
  /** Events neither listed nor counted (beyond the bound): Crisis.timeline has them all. */
  timelineOmitted: number;
  team: ReportRole[];
  tasks: ReportTask[];
  statements: { published: ReportStatement[]; unpublished: ReportDraft[] };
  actionItems: ReportActionItem[];
  replies: { sent: number; skipped: number; waiting: number };
  kpis: ReportKpis;
  chart: ReportChart;
  /** Null for a crisis never contained. */
  recovery: ReportRecovery | null;
  recoveryActions: ReportRecoveryAction[];
  review: ReportReview;
  learnedRevisions: LearnedRevision[];
}

// Gathers everything the crisis report shows, from the same services and loaders the API answers with, into its JSON form.
import type { Context } from '../graphql/context';
import { toGlobalId } from '../graphql/global-id';
import { query } from '../db/transaction';
import type { CrisisRecord } from '../crisis/crisis.record';
import { crisisMetrics, defaultBucketMinutes, LEAD_IN_MS } from '../detection/metrics';
import { primaryLanguage } from '../communications/statement.lint';
import type { StatementRow } from '../communications/statement.store';
import type { ActionItemRow } from '../communications/action-item.service';
import { countQueue } from '../replies/reply.queue';
import type { PlaybookRecord } from '../playbooks/playbook.service';
import { readRecoveryActions } from '../recovery/recovery.store';
import type { CrisisRecoveryData } from '../recovery/recovery.service';
import { recoveryStatus } from '../recovery/recovery-read.service';
import { crisisKpis } from './kpis';
import { readReportTimeline } from './report.events';
import {
  REPORT_VERSION, type CrisisReport, type LearnedRevision, type ReportActionItem, type ReportChart, type ReportRecovery, type ReportRole, type ReportStatement,
} from './report.types';

const iso = (value: Date | string | null | undefined): string | null => (value == null ? null : new Date(value).toISOString());
const isoOf = (value: Date | string): string => new Date(value).toISOString();

/** Bucket lengths the chart may use: the shortest that keeps it under MAX_CHART_BUCKETS bars. */
const CHART_BUCKET_MINUTES = [15, 30, 60, 120, 180, 360, 720, 1440];
const MAX_CHART_BUCKETS = 240;

export function chartBucketMinutes(crisis: CrisisRecord, now: number): number {
  const span = (crisis.closedAt?.getTime() ?? now) - crisis.detectedAt.getTime() + LEAD_IN_MS;
  return CHART_BUCKET_MINUTES.find((m) => span / (m * 60_000) <= MAX_CHART_BUCKETS) ?? defaultBucketMinutes(crisis, now);
}

/** The playbook versions written from this crisis's lessons (revisePlaybook with learnedFrom), oldest first. */
export async function learnedRevisionsOf(ctx: Context, crisis: CrisisRecord): Promise<LearnedRevision[]> {
  const revisions = await ctx.services.playbooks.revisionsLearnedFrom(crisis.organizationId, crisis.id);
  return revisions.map((r) => ({ playbookId: toGlobalId('Playbook', r.playbookId), version: r.version, createdAt: r.createdAt.toISOString() }));
}

/** The whole report of one crisis of the viewer's organization (found by the caller). Only an open crisis reads the clock. */
export async function gatherCrisisReport(ctx: Context, crisis: CrisisRecord, now = Date.now()): Promise<CrisisReport> {
  const { services, loaders } = ctx;
  const org = crisis.organizationId;
  const bucketMinutes = chartBucketMinutes(crisis, now);
  const [brand, playbook, timeline, team, tasks, statements, items, review, kpis, points, replies, waiting, learned, recovery, actions] = await Promise.all([
    loaders.brand.load(crisis.brandId),
    crisis.playbookId && crisis.playbookVersion ? services.playbooks.version(org, crisis.playbookId, crisis.playbookVersion) : Promise.resolve(null),
    readReportTimeline(services.dataSource, org, crisis.id),
    loaders.team.load(crisis.id),
    loaders.tasks.load(crisis.id),
    loaders.statements.load(crisis.id),
    loaders.actionItems.load(crisis.id),
    services.reviews.state(org, crisis.id),
    crisisKpis(services.dataSource, crisis, now),
    crisisMetrics(services.dataSource, crisis, bucketMinutes, now),
    query<{ sent: number; skipped: number }>(
      services.dataSource,
      `SELECT (SELECT count(*) FROM reply WHERE crisis_id = $1 AND organization_id = $2)::int AS sent,
              (SELECT count(*) FROM reply_skip WHERE crisis_id = $1 AND organization_id = $2)::int AS skipped`,
      [crisis.id, org],
    ),
    countQueue(services.dataSource, org, crisis.id, null),
    learnedRevisionsOf(ctx, crisis),
    services.recovery.crisisRecovery(crisis),
    readRecoveryActions(services.dataSource, org, [crisis.id]),
  ]);
  const published = statements.filter((s) => s.status === 'PUBLISHED' && s.published_at).sort((a, b) => +new Date(a.published_at!) - +new Date(b.published_at!));
  const end = crisis.closedAt?.getTime() ?? now;
  const bucketMs = bucketMinutes * 60_000;
  const first = points[0];
  const chart: ReportChart = {
    bucketMinutes,
    end: new Date(first ? first.bucketStart.getTime() + points.length * bucketMs : end).toISOString(),
    baselineNegativeMentions: first?.baselineNegativeMentions ?? 0,
    baselineMeanSentiment: first?.baselineMeanSentiment ?? null,
    points: points.map((p) => ({ bucketStart: p.bucketStart.toISOString(), mentions: p.mentions, negativeMentions: p.negativeMentions, meanSentiment: p.meanSentiment })),
    publications: published.map((s) => ({ statementId: toGlobalId('Statement', s.id), kind: s.kind, publishedAt: isoOf(s.published_at!) })),
    recoveryActions: actions.map((a) => ({ recoveryActionId: toGlobalId('RecoveryAction', a.id), kind: a.kind, loggedAt: isoOf(a.logged_at) })),
  };
  const rootCause = crisis.rootCause;
  return {
    reportVersion: REPORT_VERSION,
    crisis: {
      id: toGlobalId('Crisis', crisis.id), title: crisis.title, description: crisis.description,
      brand: { id: toGlobalId('Brand', crisis.brandId), name: brand?.name ?? '' },
      category: crisis.category, severity: crisis.severity, state: crisis.state,
      detectedAt: crisis.detectedAt.toISOString(), acknowledgedAt: iso(crisis.acknowledgedAt), firstPublicResponseAt: iso(crisis.firstPublicResponseAt),
      containedAt: iso(crisis.containedAt), recoveryStartedAt: iso(crisis.recoveryStartedAt), reviewedAt: iso(crisis.reviewedAt), closedAt: iso(crisis.closedAt),
      rootCause: rootCause && {
        nature: rootCause.nature, stakeholders: rootCause.stakeholders, impact: rootCause.impact, revision: rootCause.revision,
        updatedAt: isoOf(rootCause.updatedAt), updatedBy: rootCause.updatedBy,
      },
      trigger: crisis.trigger && { ...crisis.trigger, windowStart: isoOf(crisis.trigger.windowStart), windowEnd: isoOf(crisis.trigger.windowEnd) },
    },
    playbook: playbook && playbookOf(playbook, crisis),
    timeline: timeline.timeline,
    timelineSummaries: timeline.timelineSummaries,
    timelineOmitted: timeline.timelineOmitted,
    team: teamOf(playbook, team),
    tasks: tasks.map((t) => ({ state: t.state as CrisisReport['tasks'][number]['state'], title: t.title, completedAt: iso(t.completed_at), completedBy: t.completed_by })),
    statements: {
      published: await Promise.all(published.map((s) => statementOf(ctx, s))),
      unpublished: statements.filter((s) => s.status !== 'PUBLISHED')
        .map((s) => ({ id: toGlobalId('Statement', s.id), kind: s.kind, status: s.status, author: s.author, updatedAt: isoOf(s.updated_at) })),
    },
    actionItems: items.map((item) => actionItemOf(item, end)),
    replies: { sent: replies[0].sent, skipped: replies[0].skipped, waiting },
    kpis: {
      ...kpis,
      updateBreaches: timeline.updateBreaches,
      slaResults: kpis.slaResults.map((r) => ({
        sla: r.sla, targetSeconds: r.targetSeconds, actualSeconds: r.actualSeconds, dueAt: r.dueAt.toISOString(), metAt: iso(r.metAt), breachedAt: iso(r.breachedAt), met: r.met,
      })),
    },
    chart,
    recovery: recovery && recoveryOf(recovery),
    recoveryActions: actions.map((a) => ({
      id: toGlobalId('RecoveryAction', a.id), kind: a.kind, title: a.title, url: a.url, loggedBy: a.logged_by, loggedAt: isoOf(a.logged_at),
    })),
    review: {
      summary: review.review?.summary ?? null, strengths: review.review?.strengths ?? [], weaknesses: review.review?.weaknesses ?? [], lessons: review.review?.lessons ?? [],
      feedback: review.feedback.map((f) => ({ author: f.author, role: f.role, rating: f.rating, body: f.body, submittedAt: isoOf(f.submitted_at) })),
    },
    learnedRevisions: learned,
  };
}

const metricsOf = (m: CrisisRecoveryData['current']) => ({ negativeShare: m.negativeShare, sentiment: m.sentiment, negativePerHour: m.negativePerHour });

/** Crisis.recovery's data in the report's shape (its settings: the two that say what "back" means). */
function recoveryOf(r: CrisisRecoveryData): ReportRecovery {
  return {
    status: recoveryStatus(r), backToBaselineAt: iso(r.backToBaselineAt), relapsedAt: iso(r.relapsedAt), withinToleranceSince: iso(r.withinToleranceSince),
    evaluatedAt: iso(r.evaluatedAt), current: metricsOf(r.current), target: metricsOf(r.target),
    tolerancePercent: r.settings.tolerancePercent, sustainMinutes: r.settings.sustainMinutes,
  };
}

function playbookOf(playbook: PlaybookRecord, crisis: CrisisRecord): CrisisReport['playbook'] {
  const policy = playbook.slaPolicies.find((p) => p.severity === crisis.severity) ?? null;
  return {
    id: toGlobalId('Playbook', playbook.id), name: playbook.name, version: playbook.version,
    slaPolicy: policy && {
      severity: policy.severity, acknowledgeWithinSeconds: policy.acknowledgeWithinSeconds,
      firstResponseWithinSeconds: policy.firstResponseWithinSeconds, updateEverySeconds: policy.updateEverySeconds,
    },
  };
}

/** Every role of the playbook with its holder (or nobody), then any role held that the playbook does not name. */
function teamOf(playbook: PlaybookRecord | null, team: Awaited<ReturnType<Context['loaders']['team']['load']>>): ReportRole[] {
  const roles = playbook?.roles ?? [];
  const holder = (key: string) => team.find((a) => a.role_key === key);
  const held = (key: string) => {
    const a = holder(key);
    return { assignee: a?.assignee ?? null, assignedBy: a?.assigned_by ?? null, assignedAt: iso(a?.assigned_at) };
  };
  return [
    ...roles.map((r) => ({ roleKey: r.key, title: r.title, responsibilities: r.responsibilities, ...held(r.key) })),
    ...team.filter((a) => !roles.some((r) => r.key === a.role_key)).map((a) => ({ roleKey: a.role_key, title: a.role_key, responsibilities: [], ...held(a.role_key) })),
  ];
}

async function statementOf(ctx: Context, s: StatementRow): Promise<ReportStatement> {
  const [channels, findings] = await Promise.all([
    ctx.services.statements.channelTexts(s),
    ctx.services.statements.findings(s, () => ctx.loaders.lintPhrases.load(primaryLanguage(s.language))),
  ]);
  return {
    id: toGlobalId('Statement', s.id), kind: s.kind, language: s.language, author: s.author, approvedBy: s.approved_by,
    publishedAt: isoOf(s.published_at!), publishedBy: s.published_by, supersedes: s.supersedes_id ? toGlobalId('Statement', s.supersedes_id) : null,
    channels: channels.map((c) => ({ channel: c.channel, text: c.body, canonical: c.canonical, length: c.length, limit: c.limit, unit: c.unit })),
    findings: findings.map((f) => ({ channel: f.channel, rule: f.rule, severity: f.severity, message: f.message, match: f.match, start: f.start, end: f.end })),
  };
}

/** Overdue: reported overdue by its timer, or still open (or closed) after its due time; `end` is the crisis's close or now. */
function actionItemOf(item: ActionItemRow, end: number): ReportActionItem {
  const due = item.due_at ? new Date(item.due_at).getTime() : null;
  const until = item.status === 'OPEN' ? end : item.closed_at ? new Date(item.closed_at).getTime() : end;
  return {
    id: toGlobalId('ActionItem', item.id), title: item.title, owner: item.owner, status: item.status, dueAt: iso(item.due_at), createdAt: isoOf(item.created_at),
    closedAt: iso(item.closed_at), overdue: item.overdue_at !== null || (due !== null && until > due), note: item.note,
  };
}

// The report's timeline read within a bound: lifecycle and communication events one by one, high-volume types counted
// per hour in SQL, never more than TIMELINE_MAX_ROWS rows whatever the crisis's size (Crisis.timeline has every event).
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import { TIMELINE_COLUMNS, type TimelineRow } from '../crisis/crisis.streams';
import { summarizeCount, summarizeEvent } from './report.timeline';
import type { ReportEvent, ReportEventCount } from './report.types';

/** Rows of the timeline section at most (events and counts together): a 100,000-event crisis stays a readable file. */
export const TIMELINE_MAX_ROWS = 2000;
/** Events listed one by one at most, so counts always have room. */
export const TIMELINE_MAX_EVENTS = 1500;
/** A type (outside the lifecycle and communications) with more events than this is counted instead of listed. */
export const TIMELINE_LISTED_PER_TYPE = 200;

/** Counted per hour whatever their number: one per reply, per skipped mention, per spike. */
const HIGH_VOLUME = ['REPLY_SENT', 'MENTION_SKIPPED', 'SPIKE_DETECTED'];

/** The story of the crisis: always listed one by one (never counted), within TIMELINE_MAX_EVENTS. */
const LIFECYCLE = [
  'DETECTED', 'STATE_CHANGED', 'SLA_BREACHED', 'SEVERITY_CHANGED', 'ROLE_ASSIGNED', 'TASK_COMPLETED', 'ROOT_CAUSE_UPDATED',
  'STATEMENT_SUBMITTED', 'STATEMENT_APPROVED', 'STATEMENT_REJECTED', 'STATEMENT_PUBLISHED',
  'ACTION_ITEM_ADDED', 'ACTION_ITEM_UPDATED', 'ACTION_ITEM_OVERDUE',
  'REVIEW_UPDATED', 'REVIEW_FEEDBACK_SUBMITTED',
  'SENTIMENT_RECOVERED', 'RECOVERY_RELAPSED', 'RECOVERY_ACTION_LOGGED',
];

/** When even the listed events overflow, these are kept first: the lifecycle's turning points. */
const TURNING_POINTS = ['DETECTED', 'STATE_CHANGED', 'SEVERITY_CHANGED', 'SLA_BREACHED', 'STATEMENT_PUBLISHED', 'ROOT_CAUSE_UPDATED', 'SENTIMENT_RECOVERED', 'RECOVERY_RELAPSED'];

/** Periods counts are grouped by, finest first: days when the hours of a long crisis would not fit. */
const PERIODS = [{ unit: 'hour', ms: 3600_000 }, { unit: 'day', ms: 86_400_000 }] as const;

export interface ReportTimeline {
  timeline: ReportEvent[];
  timelineSummaries: ReportEventCount[];
  timelineOmitted: number;
  /** SLA_BREACHED events of the update cadence, counted over the whole timeline. */
  updateBreaches: number;
}

interface CountRow {
  type: string;
  period: Date;
  count: number;
  actors: number;
  templated: number;
  top_score: number | null;
}

/** Three aggregate or LIMITed statements: per-type totals, then the listed events and the counts side by side. */
export async function readReportTimeline(dataSource: DataSource, organizationId: string, crisisId: string): Promise<ReportTimeline> {
  const totals = await query<{ type: string; count: number; update_breaches: number }>(
    dataSource,
    `SELECT type, count(*)::int AS count, (count(*) FILTER (WHERE type = 'SLA_BREACHED' AND payload->>'sla' = 'UPDATE'))::int AS update_breaches
     FROM crisis_event WHERE crisis_id = $1 AND organization_id = $2 GROUP BY type ORDER BY type`,
    [crisisId, organizationId],
  );
  const counted = totals
    .filter((t) => HIGH_VOLUME.includes(t.type) || (!LIFECYCLE.includes(t.type) && t.count > TIMELINE_LISTED_PER_TYPE))
    .map((t) => t.type);
  const sum = (rows: Array<{ count: number }>) => rows.reduce((n, r) => n + r.count, 0);
  const listedTotal = sum(totals.filter((t) => !counted.includes(t.type)));
  const countedTotal = sum(totals.filter((t) => counted.includes(t.type)));
  const listLimit = Math.min(listedTotal, TIMELINE_MAX_EVENTS);

  const [events, counts] = await Promise.all([
    listLimit ? query<TimelineRow>(
      dataSource,
      `SELECT ${TIMELINE_COLUMNS} FROM crisis_event WHERE crisis_id = $1 AND organization_id = $2 AND type <> ALL($3::text[])
       ORDER BY (type = ANY($4::text[])) DESC, crisis_event.sequence LIMIT $5`,
      [crisisId, organizationId, counted, TURNING_POINTS, listLimit],
    ) : Promise.resolve([]),
    counted.length ? readCounts(dataSource, organizationId, crisisId, counted, TIMELINE_MAX_ROWS - listLimit) : Promise.resolve([]),
  ]);
  events.sort((a, b) => (BigInt(a.sequence) < BigInt(b.sequence) ? -1 : 1));
  return {
    timeline: events.map((e) => ({
      sequence: e.sequence, occurredAt: new Date(e.occurred_at).toISOString(), type: e.type, actor: e.actor, fromState: e.from_state, toState: e.to_state,
      summary: summarizeEvent(e), payload: e.payload,
    })),
    timelineSummaries: counts,
    timelineOmitted: listedTotal - events.length + countedTotal - sum(counts),
    updateBreaches: totals.reduce((n, t) => n + t.update_breaches, 0),
  };
}

/** Counts per type and UTC hour (or day, when the hours exceed `limit` rows), oldest first, at most `limit` rows. */
async function readCounts(dataSource: DataSource, organizationId: string, crisisId: string, types: string[], limit: number): Promise<ReportEventCount[]> {
  if (limit <= 0) return [];
  for (const [i, period] of PERIODS.entries()) {
    const last = i === PERIODS.length - 1;
    const rows = await query<CountRow>(
      dataSource,
      `SELECT type, date_trunc($4, occurred_at, 'UTC') AS period, count(*)::int AS count, count(DISTINCT actor)::int AS actors,
         (count(*) FILTER (WHERE payload->>'templateId' IS NOT NULL))::int AS templated,
         max(CASE WHEN jsonb_typeof(payload->'score') = 'number' THEN (payload->>'score')::float8 END) AS top_score
       FROM crisis_event WHERE crisis_id = $1 AND organization_id = $2 AND type = ANY($3::text[])
       GROUP BY 1, 2 ORDER BY 2, 1 LIMIT $5`,
      [crisisId, organizationId, types, period.unit, last ? limit : limit + 1],
    );
    if (last || rows.length <= limit) {
      return rows.map((r) => {
        const from = new Date(r.period).getTime();
        const count = { type: r.type, from: new Date(from).toISOString(), to: new Date(from + period.ms).toISOString(), count: r.count, actors: r.actors };
        return { ...count, summary: summarizeCount(count, { templated: r.templated, topScore: r.top_score }) };
      });
    }
  }
  return [];
}

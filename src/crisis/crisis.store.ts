// The crisis command path's SQL: one read, and one atomic write guarded by the version read (one round trip each).
import type { DataSource } from 'typeorm';
import { query, type Tx } from '../db/transaction';
import { EVENTS_CHANNEL } from '../pubsub/channels';
import type { CrisisState, PersistedMachine } from './machine';
import { CRISIS_COLUMNS, type CrisisRow, type RootCauseData } from './crisis.record';
import type { DetectionSignalData } from './crisis.entity';

export interface TimelineRowInput {
  type: string;
  from_state: CrisisState | null;
  to_state: CrisisState | null;
  actor: string;
  payload: Record<string, unknown> | null;
}

export interface TimerRowInput {
  send_id: string;
  event: { type: string };
  due_at: string;
}

export interface TimerChanges {
  cancel: string[];
  schedule: TimerRowInput[];
}

/** Protocol steps to create as tasks (ignored when the crisis already has that state's tasks). */
export interface TaskInput {
  state: CrisisState;
  position: number;
  title: string;
}

/** Writes that ride along with a transition, in the same statement. */
export interface CrisisExtras {
  tasks?: TaskInput[];
  assignment?: { roleKey: string; assignee: string; by: string };
  completeTask?: { taskId: string; by: string };
  rootCause?: RootCauseData;
  /**
   * The timer this write fires: it applies only while that timer is still due at that time. Another process may have
   * fired a recurring timer and rescheduled it after this one read it; the crisis it then reads is already past it.
   */
  firedTimer?: { sendId: string; dueAt: Date };
}

export type CrisisReadRow = CrisisRow & { idem_hash: string | null; idem_result: CrisisRow | null };

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The crisis with the result already recorded under `idempotencyKey`, if any. */
export async function readCrisis(dataSource: DataSource, organizationId: string, crisisId: string, idempotencyKey: string | null): Promise<CrisisReadRow | undefined> {
  const [row] = await query<CrisisReadRow>(
    dataSource,
    `SELECT ${CRISIS_COLUMNS.split(', ').map((col) => `c.${col}`).join(', ')}, k.request_hash AS idem_hash, k.result AS idem_result
     FROM crisis c LEFT JOIN idempotency_key k ON k.organization_id = c.organization_id AND k.key = $3
     WHERE c.id = $1 AND c.organization_id = $2`,
    [crisisId, organizationId, idempotencyKey],
    'crisis_read',
  );
  return row;
}

/**
 * Writes one transition as a single statement, so it commits or vanishes whole: the crisis row (only if still at
 * `readVersion`), version + 1, timeline rows, timer deletes and upserts, the idempotency key, and the notifications.
 * Returns null when another command changed the crisis since it was read: nothing was written, read again.
 */
export async function writeTransition(
  dataSource: DataSource,
  crisis: CrisisRow,
  after: PersistedMachine,
  timeline: TimelineRowInput[],
  timers: TimerChanges,
  idempotency: { key: string; hash: string } | null,
  extras: CrisisExtras = {},
  /** Run inside this transaction (a command with writes of another feature alongside) instead of on its own. */
  tx?: Tx,
): Promise<CrisisRow | null> {
  const c = after.context;
  const run = <T>(sql: string, params: unknown[], name: string) => (tx ? tx.rows<T>(sql, params, name) : query<T>(dataSource, sql, params, name));
  const [stored] = await run<CrisisRow>(
    `WITH upd AS (
       UPDATE crisis SET state = $3, version = version + 1, machine = $4, severity = $5,
         acknowledged_at = $6, first_public_response_at = $7, contained_at = $8, recovery_started_at = $9,
         reviewed_at = $10, closed_at = $11, updated_at = now(), root_cause = coalesce($25::jsonb, root_cause)
       WHERE id = $1 AND organization_id = $2 AND version = $18
         AND ($26::text IS NULL OR EXISTS (SELECT 1 FROM crisis_timer t WHERE t.crisis_id = $1 AND t.send_id = $26 AND t.due_at = $27::timestamptz))
       RETURNING ${CRISIS_COLUMNS}
     ), ev AS (
       INSERT INTO crisis_event (organization_id, crisis_id, brand_id, type, from_state, to_state, actor, payload, crisis_version)
       SELECT upd.organization_id, upd.id, upd.brand_id, e.type, e.from_state, e.to_state, e.actor, e.payload, upd.version
       FROM upd, ROWS FROM (jsonb_to_recordset($12::jsonb) AS (type text, from_state text, to_state text, actor text, payload jsonb))
         WITH ORDINALITY AS e(type, from_state, to_state, actor, payload, ord)
       ORDER BY e.ord
       RETURNING sequence, type
     ), del AS (
       DELETE FROM crisis_timer WHERE crisis_id = $1 AND send_id = ANY($13::text[]) AND EXISTS (SELECT 1 FROM upd)
     ), ins AS (
       INSERT INTO crisis_timer (organization_id, crisis_id, send_id, event, due_at)
       SELECT upd.organization_id, upd.id, t.send_id, t.event, t.due_at
       FROM upd, jsonb_to_recordset($14::jsonb) AS t(send_id text, event jsonb, due_at timestamptz)
       ON CONFLICT (crisis_id, send_id) DO UPDATE SET event = excluded.event, due_at = excluded.due_at
       RETURNING due_at
     ), idem AS (
       INSERT INTO idempotency_key (organization_id, key, crisis_id, request_hash, result)
       SELECT upd.organization_id, $15, upd.id, $16, to_jsonb(upd) FROM upd WHERE $15::text IS NOT NULL
     ), tasks AS (
       INSERT INTO crisis_task (organization_id, crisis_id, state, position, title)
       SELECT upd.organization_id, upd.id, t.state, t.position, t.title
       FROM upd, jsonb_to_recordset($19::jsonb) AS t(state text, position int, title text)
       ON CONFLICT (crisis_id, state, position) DO NOTHING
     ), team AS (
       INSERT INTO crisis_assignment (organization_id, crisis_id, role_key, assignee, assigned_by)
       SELECT upd.organization_id, upd.id, $20, $21, $22 FROM upd WHERE $20::text IS NOT NULL
       ON CONFLICT (crisis_id, role_key) DO UPDATE SET assignee = excluded.assignee, assigned_by = excluded.assigned_by, assigned_at = now()
     ), done AS (
       UPDATE crisis_task SET completed_at = now(), completed_by = $24
       WHERE id = $23::uuid AND crisis_id = $1 AND completed_at IS NULL AND EXISTS (SELECT 1 FROM upd)
     )
     SELECT upd.*,
       (SELECT pg_notify($17, json_build_object('o', upd.organization_id, 'c', upd.id, 'b', upd.brand_id, 'v', upd.version,
          's', (SELECT json_agg(sequence::text ORDER BY sequence) FROM ev),
          't', (SELECT json_agg(type ORDER BY sequence) FROM ev),
          'w', round(extract(epoch FROM clock_timestamp()) * 1000), 'd', (SELECT min(due_at) FROM ins))::text)) AS notified
     FROM upd`,
    [
      crisis.id, crisis.organization_id, after.value, JSON.stringify(after), c.severity,
      isoOrNull(c.acknowledgedAt), isoOrNull(c.firstPublicResponseAt), isoOrNull(c.containedAt), isoOrNull(c.recoveryStartedAt),
      isoOrNull(c.reviewedAt), isoOrNull(c.closedAt), JSON.stringify(timeline), timers.cancel, JSON.stringify(timers.schedule),
      idempotency?.key ?? null, idempotency?.hash ?? null, EVENTS_CHANNEL, crisis.version,
      JSON.stringify(extras.tasks ?? []), extras.assignment?.roleKey ?? null, extras.assignment?.assignee ?? null,
      extras.assignment?.by ?? null, extras.completeTask?.taskId ?? null, extras.completeTask?.by ?? null,
      extras.rootCause ? JSON.stringify(extras.rootCause) : null, extras.firedTimer?.sendId ?? null, extras.firedTimer?.dueAt ?? null,
    ],
    'crisis_write_transition',
  );
  return stored ?? null;
}

/**
 * Appends timeline rows to a crisis without touching its machine, under the crisis row's lock (held until `tx`
 * commits, so per-crisis sequences still follow commit order): version + 1, the rows, and the notification.
 * Returns the crisis as it is now, closed or not (the caller decides), or undefined when it is not the organization's.
 */
export async function appendTimeline(tx: Tx, organizationId: string, crisisId: string, timeline: TimelineRowInput[]): Promise<CrisisRow | undefined> {
  const [row] = await tx.rows<CrisisRow>(
    `WITH upd AS (
       UPDATE crisis SET version = version + 1, updated_at = now() WHERE id = $1 AND organization_id = $2
       RETURNING ${CRISIS_COLUMNS}
     ), ev AS (
       INSERT INTO crisis_event (organization_id, crisis_id, brand_id, type, from_state, to_state, actor, payload, crisis_version)
       SELECT upd.organization_id, upd.id, upd.brand_id, e.type, NULL, NULL, e.actor, e.payload, upd.version
       FROM upd, ROWS FROM (jsonb_to_recordset($3::jsonb) AS (type text, actor text, payload jsonb)) WITH ORDINALITY AS e(type, actor, payload, ord)
       WHERE upd.closed_at IS NULL
       ORDER BY e.ord
       RETURNING sequence, type
     )
     SELECT upd.*,
       (SELECT pg_notify($4, json_build_object('o', upd.organization_id, 'c', upd.id, 'b', upd.brand_id, 'v', upd.version,
          's', (SELECT json_agg(sequence::text ORDER BY sequence) FROM ev), 't', (SELECT json_agg(type ORDER BY sequence) FROM ev), 'w', round(extract(epoch FROM clock_timestamp()) * 1000), 'd', NULL)::text)) AS notified
     FROM upd`,
    [crisisId, organizationId, JSON.stringify(timeline), EVENTS_CHANNEL],
    'crisis_append_timeline',
  );
  return row;
}

/**
 * Inserts a crisis in DETECTED with its DETECTED event and SLA timers, as one statement. Returns null when the
 * brand is not the organization's (nothing is written).
 */
export async function insertCrisis(
  dataSource: DataSource,
  input: {
    organizationId: string; brandId: string; title: string; description: string | null; category: string; severity: string;
    machine: PersistedMachine; detectedAt: number; detected: TimelineRowInput; timers: TimerRowInput[];
    playbookId: string | null; playbookVersion: number | null; tasks: TaskInput[]; trigger?: DetectionSignalData | null;
  },
  /** Run inside this transaction (detection holds a per-brand lock there) instead of on its own. */
  tx?: Tx,
): Promise<CrisisRow | null> {
  const sql = `WITH b AS (
       SELECT id, organization_id FROM brand WHERE id = $2 AND organization_id = $1
     ), c AS (
       INSERT INTO crisis (organization_id, brand_id, title, description, category, severity, state, version, machine, detected_at, updated_at,
         playbook_id, playbook_version, trigger)
       SELECT b.organization_id, b.id, $3, $4, $5, $6, 'DETECTED', 1, $7, $8, $8, $13, $14, $16::jsonb FROM b
       RETURNING ${CRISIS_COLUMNS}
     ), ev AS (
       INSERT INTO crisis_event (organization_id, crisis_id, brand_id, type, from_state, to_state, actor, payload, crisis_version, occurred_at)
       SELECT c.organization_id, c.id, c.brand_id, 'DETECTED', NULL, 'DETECTED', $9, $10, 1, $8 FROM c
       RETURNING sequence
     ), ins AS (
       INSERT INTO crisis_timer (organization_id, crisis_id, send_id, event, due_at)
       SELECT c.organization_id, c.id, t.send_id, t.event, t.due_at
       FROM c, jsonb_to_recordset($11::jsonb) AS t(send_id text, event jsonb, due_at timestamptz)
       RETURNING due_at
     ), tasks AS (
       INSERT INTO crisis_task (organization_id, crisis_id, state, position, title)
       SELECT c.organization_id, c.id, t.state, t.position, t.title FROM c, jsonb_to_recordset($15::jsonb) AS t(state text, position int, title text)
     )
     SELECT c.*,
       (SELECT pg_notify($12, json_build_object('o', c.organization_id, 'c', c.id, 'b', c.brand_id, 'v', c.version,
          's', (SELECT json_agg(sequence::text) FROM ev), 't', json_build_array('DETECTED'),
          'w', round(extract(epoch FROM clock_timestamp()) * 1000), 'd', (SELECT min(due_at) FROM ins))::text)) AS notified
     FROM c`;
  const params = [
    input.organizationId, input.brandId, input.title, input.description, input.category, input.severity,
    JSON.stringify(input.machine), new Date(input.detectedAt).toISOString(), input.detected.actor,
    JSON.stringify(input.detected.payload), JSON.stringify(input.timers), EVENTS_CHANNEL,
    input.playbookId, input.playbookVersion, JSON.stringify(input.tasks), input.trigger ? JSON.stringify(input.trigger) : null,
  ];
  const [row] = tx ? await tx.rows<CrisisRow>(sql, params, 'crisis_insert') : await query<CrisisRow>(dataSource, sql, params, 'crisis_insert');
  return row ?? null;
}

/** Drops a timer the machine ignored, unless it was rescheduled meanwhile (its due time then differs). */
export async function deleteTimer(dataSource: DataSource, timerId: string, dueAt: Date): Promise<void> {
  await query(dataSource, `DELETE FROM crisis_timer WHERE id = $1 AND due_at = $2`, [timerId, dueAt], 'crisis_timer_delete');
}

export interface TimerRead {
  id: string;
  send_id: string;
  event: { type: string };
  due_at: Date;
}

export async function readTimer(dataSource: DataSource, timerId: string): Promise<TimerRead | undefined> {
  const [row] = await query<TimerRead>(dataSource, `SELECT id::text, send_id, event, due_at FROM crisis_timer WHERE id = $1`, [timerId], 'crisis_timer_read');
  return row;
}

// The command path: every change to a crisis (a mutation or a timer firing) is one transaction of DESIGN.md.
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SlaDefaults } from '../config';
import { query, withTransaction, type Tx } from '../db/transaction';
import {
  BadUserInputError, GuardFailedError, GUARD_REASONS, InvalidTransitionError, NotFoundError, VersionConflictError,
} from '../graphql/errors';
import { EVENTS_CHANNEL, TIMERS_CHANNEL } from '../pubsub/channels';
import {
  applyCrisisEvent, startCrisis, type CrisisEventType, type CrisisMachineEvent, type CrisisState, type MachineEffect,
  type PersistedMachine, type Severity,
} from './machine';
import type { CrisisCategory } from './crisis.types';
import { CRISIS_COLUMNS, toCrisisRecord, type CrisisRecord, type CrisisRow } from './crisis.record';

export interface Actor {
  organizationId: string;
  /** Token name, "system" or "timer": what the timeline shows as the actor. */
  name: string;
}

export interface DeclareCrisis {
  brandId: string;
  title: string;
  category: CrisisCategory;
  severity: Severity;
  description?: string | null;
}

export interface SendCrisisEvent {
  crisisId: string;
  type: CrisisEventType;
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
  reason?: string | null;
}

interface TimelineRow {
  type: string;
  from_state: CrisisState | null;
  to_state: CrisisState | null;
  actor: string;
  payload: Record<string, unknown> | null;
}

interface TimerRow {
  send_id: string;
  event: { type: string };
  due_at: string;
}

export interface DueTimer {
  id: string;
  crisisId: string;
  organizationId: string;
}

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The net effect on the timers table: the last word on each send id wins (a re-entered state cancels, then re-schedules). */
function timerChanges(effects: MachineEffect[], at: number): { cancel: string[]; schedule: TimerRow[] } {
  const last = new Map<string, MachineEffect>();
  for (const effect of effects) if (effect.kind !== 'slaBreached') last.set(effect.sendId, effect);
  const cancel: string[] = [];
  const schedule: TimerRow[] = [];
  for (const effect of last.values()) {
    if (effect.kind === 'cancel') cancel.push(effect.sendId);
    if (effect.kind === 'schedule') {
      schedule.push({ send_id: effect.sendId, event: effect.event, due_at: new Date(at + effect.delayMs).toISOString() });
    }
  }
  return { cancel, schedule };
}

function timelineRows(actor: string, before: PersistedMachine | null, after: PersistedMachine, effects: MachineEffect[], cause: Record<string, unknown>): TimelineRow[] {
  const rows: TimelineRow[] = [];
  if (before && before.value !== after.value) {
    rows.push({ type: 'STATE_CHANGED', from_state: before.value, to_state: after.value, actor, payload: cause });
  }
  for (const effect of effects) {
    if (effect.kind === 'slaBreached') {
      rows.push({ type: 'SLA_BREACHED', from_state: null, to_state: null, actor, payload: { sla: effect.sla, state: after.value } });
    }
  }
  return rows;
}

function requestHash(input: SendCrisisEvent): string {
  return createHash('sha256').update(JSON.stringify([input.crisisId, input.type, input.expectedVersion ?? null, input.reason ?? null])).digest('hex');
}

/**
 * Writes one transition: crisis row, timeline rows, timers, idempotency key and the notification, in a single
 * statement (one round trip) inside the caller's transaction. Returns the crisis as stored.
 */
async function persistTransition(
  tx: Tx,
  crisis: CrisisRow,
  after: PersistedMachine,
  rows: TimelineRow[],
  timers: { cancel: string[]; schedule: TimerRow[] },
  idempotency: { key: string; hash: string } | null,
): Promise<CrisisRow> {
  const c = after.context;
  const [stored] = await tx.rows<CrisisRow>(
    `WITH upd AS (
       UPDATE crisis SET state = $3, version = version + 1, machine = $4, severity = $5,
         acknowledged_at = $6, first_public_response_at = $7, contained_at = $8, recovery_started_at = $9,
         reviewed_at = $10, closed_at = $11, updated_at = now()
       WHERE id = $1 AND organization_id = $2
       RETURNING ${CRISIS_COLUMNS}
     ), ev AS (
       INSERT INTO crisis_event (organization_id, crisis_id, brand_id, type, from_state, to_state, actor, payload, crisis_version)
       SELECT upd.organization_id, upd.id, upd.brand_id, e.type, e.from_state, e.to_state, e.actor, e.payload, upd.version
       FROM upd, ROWS FROM (jsonb_to_recordset($12::jsonb) AS (type text, from_state text, to_state text, actor text, payload jsonb))
         WITH ORDINALITY AS e(type, from_state, to_state, actor, payload, ord)
       ORDER BY e.ord
       RETURNING sequence, type
     ), del AS (
       DELETE FROM crisis_timer WHERE crisis_id = $1 AND send_id = ANY($13::text[])
     ), ins AS (
       INSERT INTO crisis_timer (organization_id, crisis_id, send_id, event, due_at)
       SELECT $2, $1, t.send_id, t.event, t.due_at FROM jsonb_to_recordset($14::jsonb) AS t(send_id text, event jsonb, due_at timestamptz)
       ON CONFLICT (crisis_id, send_id) DO UPDATE SET event = excluded.event, due_at = excluded.due_at
       RETURNING due_at
     ), idem AS (
       INSERT INTO idempotency_key (organization_id, key, crisis_id, request_hash, result)
       SELECT upd.organization_id, $15, upd.id, $16, to_jsonb(upd) FROM upd WHERE $15::text IS NOT NULL
     )
     SELECT upd.*,
       (SELECT pg_notify($17, json_build_object('o', upd.organization_id, 'c', upd.id, 'b', upd.brand_id,
          's', (SELECT json_agg(sequence::text ORDER BY sequence) FROM ev),
          't', (SELECT json_agg(type ORDER BY sequence) FROM ev))::text)) AS notified_events,
       (SELECT pg_notify($18, min(due_at)::text) FROM ins HAVING count(*) > 0) AS notified_timers
     FROM upd`,
    [
      crisis.id, crisis.organization_id, after.value, JSON.stringify(after), c.severity,
      isoOrNull(c.acknowledgedAt), isoOrNull(c.firstPublicResponseAt), isoOrNull(c.containedAt), isoOrNull(c.recoveryStartedAt),
      isoOrNull(c.reviewedAt), isoOrNull(c.closedAt), JSON.stringify(rows), timers.cancel, JSON.stringify(timers.schedule),
      idempotency?.key ?? null, idempotency?.hash ?? null, EVENTS_CHANNEL, TIMERS_CHANNEL,
    ],
    'crisis_persist_transition',
  );
  return stored;
}

async function lockCrisis(tx: Tx, organizationId: string, crisisId: string, idempotencyKey: string | null, skipLocked = false) {
  const [row] = await tx.rows<CrisisRow & { idem_hash: string | null; idem_result: CrisisRow | null }>(
    `SELECT ${CRISIS_COLUMNS.split(', ').map((col) => `c.${col}`).join(', ')}, k.request_hash AS idem_hash, k.result AS idem_result
     FROM crisis c LEFT JOIN idempotency_key k ON k.organization_id = c.organization_id AND k.key = $3
     WHERE c.id = $1 AND c.organization_id = $2
     FOR UPDATE OF c${skipLocked ? ' SKIP LOCKED' : ''}`,
    [crisisId, organizationId, idempotencyKey],
    skipLocked ? 'crisis_lock_skip_locked' : 'crisis_lock',
  );
  return row;
}

export class CrisisService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly slaDefaults: SlaDefaults,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens a crisis in DETECTED with its SLA timers; the brand must belong to the actor's organization. */
  async declareCrisis(actor: Actor, input: DeclareCrisis): Promise<CrisisRecord> {
    const at = this.now();
    const policy = this.slaDefaults[input.severity];
    const { machine, effects } = startCrisis({
      severity: input.severity,
      detectedAt: at,
      sla: {
        acknowledgeMs: policy.acknowledgeWithinSeconds * 1000,
        firstResponseMs: policy.firstResponseWithinSeconds * 1000,
        updateEveryMs: policy.updateEverySeconds * 1000,
      },
    });
    const timers = timerChanges(effects, at);
    const detected: TimelineRow = {
      type: 'DETECTED', from_state: null, to_state: 'DETECTED', actor: actor.name,
      payload: { title: input.title, category: input.category, severity: input.severity, source: 'DECLARED' },
    };
    const [row] = await withTransaction(this.dataSource, async (tx) => {
      const brand = await tx.rows(`SELECT 1 FROM brand WHERE id = $1 AND organization_id = $2`, [input.brandId, actor.organizationId]);
      if (brand.length === 0) throw new NotFoundError('Brand', input.brandId);
      return tx.rows<CrisisRow>(
        `WITH c AS (
           INSERT INTO crisis (organization_id, brand_id, title, description, category, severity, state, version, machine, detected_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'DETECTED', 1, $7, $8, $8)
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
         )
         SELECT c.*,
           (SELECT pg_notify($12, json_build_object('o', c.organization_id, 'c', c.id, 'b', c.brand_id,
              's', (SELECT json_agg(sequence::text) FROM ev), 't', json_build_array('DETECTED'))::text)) AS notified_events,
           (SELECT pg_notify($13, min(due_at)::text) FROM ins HAVING count(*) > 0) AS notified_timers
         FROM c`,
        [
          actor.organizationId, input.brandId, input.title, input.description ?? null, input.category, input.severity,
          JSON.stringify(machine), new Date(at).toISOString(), detected.actor, JSON.stringify(detected.payload),
          JSON.stringify(timers.schedule), EVENTS_CHANNEL, TIMERS_CHANNEL,
        ],
        'crisis_declare',
      );
    });
    return toCrisisRecord(row);
  }

  /** Sends a lifecycle event: lock, idempotency, version check, pure transition, one write, notify, commit. */
  async sendCrisisEvent(actor: Actor, input: SendCrisisEvent): Promise<CrisisRecord> {
    const key = input.idempotencyKey ?? null;
    const hash = requestHash(input);
    const attempt = () =>
      withTransaction(this.dataSource, async (tx) => {
        const crisis = await lockCrisis(tx, actor.organizationId, input.crisisId, key);
        if (!crisis) throw new NotFoundError('Crisis', input.crisisId);
        if (crisis.idem_result) {
          if (crisis.idem_hash !== hash) {
            throw new BadUserInputError('idempotencyKey', 'this key was already used for a different request');
          }
          return crisis.idem_result;
        }
        if (input.expectedVersion != null && input.expectedVersion !== crisis.version) {
          throw new VersionConflictError(input.expectedVersion, crisis.version);
        }
        const at = this.now();
        const outcome = applyCrisisEvent(crisis.machine, { type: input.type, at, reason: input.reason ?? null });
        if (!outcome.ok) {
          if (outcome.refusal === 'GUARD_FAILED') {
            throw new GuardFailedError(outcome.guard, GUARD_REASONS[outcome.guard] ?? outcome.guard, input.type, outcome.state);
          }
          const allowed = outcome.refusal === 'INVALID_TRANSITION' ? outcome.allowed : [];
          throw new InvalidTransitionError(outcome.state, input.type, allowed);
        }
        const cause = { event: input.type, ...(input.reason ? { reason: input.reason } : {}) };
        return persistTransition(
          tx, crisis, outcome.after, timelineRows(actor.name, outcome.before, outcome.after, outcome.effects, cause),
          timerChanges(outcome.effects, at), key ? { key, hash } : null,
        );
      });
    try {
      return toCrisisRecord(await attempt());
    } catch (error) {
      // Two first uses of one key on different crises race to insert it: the loser retries and sees the winner's.
      if (key && (error as { code?: string }).code === '23505' && String((error as { constraint?: string }).constraint).startsWith('idempotency_key')) {
        return toCrisisRecord(await attempt());
      }
      throw error;
    }
  }

  /** Timers due now, oldest first; any process may try them, SKIP LOCKED spreads the work. */
  async dueTimers(limit: number): Promise<DueTimer[]> {
    // Due times come from this clock, so "now" does too (not the database's).
    const rows = await query<{ id: string; crisis_id: string; organization_id: string }>(
      this.dataSource,
      `SELECT id::text, crisis_id, organization_id FROM crisis_timer WHERE due_at <= $2 ORDER BY due_at LIMIT $1`,
      [limit, new Date(this.now()).toISOString()],
    );
    return rows.map((r) => ({ id: r.id, crisisId: r.crisis_id, organizationId: r.organization_id }));
  }

  /**
   * Fires one timer through the command path. The timer row is deleted in the same transaction as its effect,
   * so it fires exactly once whichever process gets there first. Returns false when another process holds
   * the crisis (it will be tried again) and true when the timer is done (fired, ignored or already gone).
   */
  async fireTimer(timer: DueTimer): Promise<boolean> {
    return withTransaction(this.dataSource, async (tx) => {
      const crisis = await lockCrisis(tx, timer.organizationId, timer.crisisId, null, true);
      if (!crisis) {
        const gone = await tx.rows(`SELECT 1 FROM crisis WHERE id = $1`, [timer.crisisId]);
        return gone.length === 0;
      }
      const [claimed] = await tx.rows<{ event: { type: string }; due_at: Date }>(
        `DELETE FROM crisis_timer WHERE id = $1 RETURNING event, due_at`,
        [timer.id],
      );
      if (!claimed) return true;
      const at = new Date(claimed.due_at).getTime();
      const event: CrisisMachineEvent = { type: claimed.event.type, at };
      const outcome = applyCrisisEvent(crisis.machine, event);
      if (!outcome.ok) return true;
      const cause = { timer: claimed.event.type, dueAt: new Date(at).toISOString() };
      await persistTransition(tx, crisis, outcome.after, timelineRows('timer', outcome.before, outcome.after, outcome.effects, cause), timerChanges(outcome.effects, at), null);
      return true;
    });
  }

  /** When the next timer is due, for the worker's sleep. */
  async nextTimerDue(): Promise<number | null> {
    const [row] = await query<{ due: Date | null }>(this.dataSource, `SELECT min(due_at) AS due FROM crisis_timer`);
    return row?.due ? new Date(row.due).getTime() : null;
  }
}

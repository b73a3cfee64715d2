// The command path: every change to a crisis (a mutation or a timer firing) is one transaction of DESIGN.md.
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SlaDefaults } from '../config';
import { query } from '../db/transaction';
import {
  BadUserInputError, GuardFailedError, GUARD_REASONS, InvalidTransitionError, NotFoundError, VersionConflictError,
} from '../graphql/errors';
import {
  applyCrisisEvent, startCrisis, type CrisisEventType, type CrisisMachineEvent, type MachineEffect,
  type PersistedMachine, type Severity,
} from './machine';
import type { CrisisCategory } from './crisis.types';
import type { PlaybookService } from '../playbooks/playbook.service';
import { toCrisisRecord, type CrisisRecord, type CrisisRow } from './crisis.record';
import {
  deleteTimer, insertCrisis, readCrisis, readTimer, writeTransition, type TimelineRowInput, type TimerChanges,
} from './crisis.store';

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

export interface DueTimer {
  id: string;
  crisisId: string;
  organizationId: string;
}

/** Reads and writes a command may go through when other commands keep changing the same crisis. */
const MAX_ATTEMPTS = 8;

/** The net effect on the timers table: the last word on each send id wins (a re-entered state cancels, then re-schedules). */
function timerChanges(effects: MachineEffect[], at: number): TimerChanges {
  const last = new Map<string, MachineEffect>();
  for (const effect of effects) if (effect.kind !== 'slaBreached') last.set(effect.sendId, effect);
  const changes: TimerChanges = { cancel: [], schedule: [] };
  for (const effect of last.values()) {
    if (effect.kind === 'cancel') changes.cancel.push(effect.sendId);
    if (effect.kind === 'schedule') {
      changes.schedule.push({ send_id: effect.sendId, event: effect.event, due_at: new Date(at + effect.delayMs).toISOString() });
    }
  }
  return changes;
}

function timelineRows(actor: string, before: PersistedMachine | null, after: PersistedMachine, effects: MachineEffect[], cause: Record<string, unknown>): TimelineRowInput[] {
  const rows: TimelineRowInput[] = [];
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

function isUniqueViolationOf(error: unknown, constraintPrefix: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && String(e.constraint).startsWith(constraintPrefix);
}

export class CrisisService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly playbooks: PlaybookService,
    private readonly slaDefaults: SlaDefaults,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Opens a crisis in DETECTED with its SLA timers; the brand must belong to the actor's organization. The crisis
   * pins the current version of the brand's playbook: later revisions do not change its rules.
   */
  async declareCrisis(actor: Actor, input: DeclareCrisis): Promise<CrisisRecord> {
    const plan = await this.playbooks.pin(actor.organizationId, input.brandId, input.severity);
    const at = this.now();
    const policy = plan?.sla ?? this.slaDefaults[input.severity];
    const { machine, effects } = startCrisis({
      severity: input.severity,
      detectedAt: at,
      sla: {
        acknowledgeMs: policy.acknowledgeWithinSeconds * 1000,
        firstResponseMs: policy.firstResponseWithinSeconds * 1000,
        updateEveryMs: policy.updateEverySeconds * 1000,
      },
    });
    const row = await insertCrisis(this.dataSource, {
      organizationId: actor.organizationId, brandId: input.brandId, title: input.title, description: input.description ?? null,
      category: input.category, severity: input.severity, machine, detectedAt: at, timers: timerChanges(effects, at).schedule,
      playbookId: plan?.playbookId ?? null, playbookVersion: plan?.version ?? null,
      detected: {
        type: 'DETECTED', from_state: null, to_state: 'DETECTED', actor: actor.name,
        payload: { title: input.title, category: input.category, severity: input.severity, source: 'DECLARED' },
      },
    });
    if (!row) throw new NotFoundError('Brand', input.brandId);
    return toCrisisRecord(row);
  }

  /**
   * Sends a lifecycle event: read (with any recorded idempotent result), version check, pure transition, then one
   * atomic write that only applies if the crisis is still at the version read. When another command got there
   * first, a call with expectedVersion gets VERSION_CONFLICT; one without reads again and re-decides.
   */
  async sendCrisisEvent(actor: Actor, input: SendCrisisEvent): Promise<CrisisRecord> {
    const key = input.idempotencyKey ?? null;
    const hash = requestHash(input);
    for (let attempt = 1; ; attempt++) {
      const crisis = await readCrisis(this.dataSource, actor.organizationId, input.crisisId, key);
      if (!crisis) throw new NotFoundError('Crisis', input.crisisId);
      if (crisis.idem_result) {
        if (crisis.idem_hash !== hash) throw new BadUserInputError('idempotencyKey', 'this key was already used for a different request');
        return toCrisisRecord(crisis.idem_result);
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
        throw new InvalidTransitionError(outcome.state, input.type, outcome.refusal === 'INVALID_TRANSITION' ? outcome.allowed : []);
      }
      const cause = { event: input.type, ...(input.reason ? { reason: input.reason } : {}) };
      let stored: CrisisRow | null;
      try {
        stored = await writeTransition(
          this.dataSource, crisis, outcome.after, timelineRows(actor.name, outcome.before, outcome.after, outcome.effects, cause),
          timerChanges(outcome.effects, at), key ? { key, hash } : null,
        );
      } catch (error) {
        // The same key raced in from another request: read again and answer with the winner's result.
        if (key && isUniqueViolationOf(error, 'idempotency_key') && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      if (stored) return toCrisisRecord(stored);
      // Still losing the race after several reads: let the client decide, as if it had sent the version it saw.
      if (attempt >= MAX_ATTEMPTS) throw new VersionConflictError(crisis.version, crisis.version + 1);
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
   * Fires one timer through the command path. The timer row is deleted by the same statement that writes its
   * effect, guarded by the crisis version, so it fires exactly once whichever process gets there first. Returns
   * false when the crisis kept changing under it (try again later), true when the timer is done.
   */
  async fireTimer(timer: DueTimer): Promise<boolean> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const claimed = await readTimer(this.dataSource, timer.id);
      if (!claimed) return true; // fired or cancelled meanwhile
      const crisis = await readCrisis(this.dataSource, timer.organizationId, timer.crisisId, null);
      if (!crisis) return true; // the crisis is gone, and its timers with it
      const at = new Date(claimed.due_at).getTime();
      const outcome = applyCrisisEvent(crisis.machine, { type: claimed.event.type, at } satisfies CrisisMachineEvent);
      if (!outcome.ok) {
        await deleteTimer(this.dataSource, timer.id, claimed.due_at);
        return true;
      }
      const timers = timerChanges(outcome.effects, at);
      // The fired timer is consumed, unless the transition scheduled it anew (a recurring update cadence).
      if (!timers.schedule.some((t) => t.send_id === claimed.send_id)) timers.cancel.push(claimed.send_id);
      const cause = { timer: claimed.event.type, dueAt: new Date(at).toISOString() };
      const stored = await writeTransition(
        this.dataSource, crisis, outcome.after, timelineRows('timer', outcome.before, outcome.after, outcome.effects, cause), timers, null,
      );
      if (stored) return true;
    }
    return false;
  }

  /** When the next timer is due, for the worker's sleep. */
  async nextTimerDue(): Promise<number | null> {
    const [row] = await query<{ due: Date | null }>(this.dataSource, `SELECT min(due_at) AS due FROM crisis_timer`);
    return row?.due ? new Date(row.due).getTime() : null;
  }
}

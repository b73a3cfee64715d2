// The command path: every change to a crisis (a mutation or a timer firing) is one transaction of DESIGN.md.
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SlaDefaults, SlaPolicy } from '../config';
import { query, type Tx } from '../db/transaction';
import {
  BadUserInputError, GuardFailedError, GUARD_REASONS, InvalidTransitionError, NotFoundError, VersionConflictError,
} from '../graphql/errors';
import {
  applyCrisisEvent, startCrisis, type CrisisEventType, type CrisisMachineEvent, type CrisisState, type MachineEffect,
  type PersistedMachine, type Severity, type SlaDurations,
} from './machine';
import type { CrisisCategory } from './crisis.types';
import type { PinnedPlan, PlaybookRecord, PlaybookService } from '../playbooks/playbook.service';
import type { DetectionSignalData } from './crisis.entity';
import { isMoreSevere } from '../detection/detector';
import { CRISIS_LEAD } from '../playbooks/playbook.content';
import { toCrisisRecord, type CrisisRecord, type CrisisRow, type RootCauseData } from './crisis.record';
import {
  deleteTimer, insertCrisis, readCrisis, readTimer, writeTransition, type CrisisExtras, type CrisisReadRow, type TaskInput,
  type TimelineRowInput, type TimerChanges,
} from './crisis.store';
import { CrisisSnapshots } from './crisis.snapshots';

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
  /** The due time when listed: a timer rescheduled since (same row, new due time) is not this one. */
  dueAt: number;
}

/** What a command asks of the crisis: a machine event (or none), and the timeline rows and writes that go with it. */
interface Decision {
  event: CrisisMachineEvent | null;
  /** The command's name in errors: the event type, or the mutation for internal events. */
  name: string;
  /** The payload of the STATE_CHANGED row, when the state changes. */
  cause: Record<string, unknown>;
  timeline?: TimelineRowInput[];
  extras?: CrisisExtras;
}

/** What a decided command writes, ready for the guarded statement. */
interface PreparedWrite {
  after: PersistedMachine;
  timeline: TimelineRowInput[];
  timers: TimerChanges;
  extras: CrisisExtras;
}

function slaDurations(policy: SlaPolicy): SlaDurations {
  return {
    acknowledgeMs: policy.acknowledgeWithinSeconds * 1000,
    firstResponseMs: policy.firstResponseWithinSeconds * 1000,
    updateEveryMs: policy.updateEverySeconds * 1000,
  };
}

/** The protocol steps of `state` in the pinned playbook, as tasks to create. */
function protocolTasks(playbook: PlaybookRecord | null, state: CrisisState): TaskInput[] {
  const steps = playbook?.protocols.find((p) => p.state === state)?.steps ?? [];
  return steps.map((title, position) => ({ state, position, title }));
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

  /** Crises this process read or wrote last (see crisis.snapshots.ts); `announce` them from every process's commits. */
  readonly snapshots = new CrisisSnapshots();

  /**
   * Opens a crisis in DETECTED with its SLA timers and DETECTED's protocol tasks; the brand must belong to the
   * actor's organization. The crisis pins the current version of the brand's playbook: later revisions do not
   * change its rules.
   */
  async declareCrisis(actor: Actor, input: DeclareCrisis): Promise<CrisisRecord> {
    return this.openCrisis(actor, input, 'DECLARED', null);
  }

  /**
   * Opens a crisis for a spike the detector found (actor "system"), inside the detection's per-brand lock: every
   * statement runs on that transaction's connection (`plan` is pinned beforehand), so a lock holder never waits
   * for a second pool connection.
   */
  async openDetectedCrisis(tx: Tx, organizationId: string, input: DeclareCrisis, trigger: DetectionSignalData, plan: PinnedPlan | null): Promise<CrisisRecord> {
    return this.openCrisis({ organizationId, name: 'system' }, input, 'DETECTED', trigger, tx, plan);
  }

  private async openCrisis(
    actor: Actor, input: DeclareCrisis, source: 'DECLARED' | 'DETECTED', trigger: DetectionSignalData | null, tx?: Tx, pinned?: PinnedPlan | null,
  ): Promise<CrisisRecord> {
    const plan = pinned !== undefined ? pinned : await this.playbooks.pin(actor.organizationId, input.brandId);
    const at = this.now();
    const policy = plan?.playbook.slaPolicies.find((p) => p.severity === input.severity) ?? this.slaDefaults[input.severity];
    const { machine, effects } = startCrisis({ severity: input.severity, detectedAt: at, sla: slaDurations(policy) });
    const row = await insertCrisis(this.dataSource, {
      organizationId: actor.organizationId, brandId: input.brandId, title: input.title, description: input.description ?? null,
      category: input.category, severity: input.severity, machine, detectedAt: at, timers: timerChanges(effects, at).schedule,
      playbookId: plan?.playbook.id ?? null, playbookVersion: plan?.playbook.version ?? null,
      tasks: protocolTasks(plan?.playbook ?? null, 'DETECTED'), trigger,
      detected: {
        type: 'DETECTED', from_state: null, to_state: 'DETECTED', actor: actor.name,
        payload: { title: input.title, category: input.category, severity: input.severity, source, ...(trigger ? { trigger } : {}) },
      },
    }, tx);
    if (!row) throw new NotFoundError('Brand', input.brandId);
    return toCrisisRecord(row);
  }

  /**
   * A further spike on a brand whose crisis is open: it attaches to that crisis. A spike that is more severe than the
   * crisis raises its severity (deadlines move, SEVERITY_CHANGED); any spike is a SPIKE_DETECTED timeline event.
   */
  async attachSpike(organizationId: string, crisisId: string, trigger: DetectionSignalData, severity: Severity): Promise<CrisisRecord | null> {
    const actor = { organizationId, name: 'system' };
    let changed = false;
    const row = await this.runCommand(actor, crisisId, {}, async (crisis, at) => {
      changed = false; // decided again on every attempt: only the attempt that writes counts
      // The same spike keeps scoring while its window slides: only a new window, or a worse one, is news.
      const [last] = await query<{ window_end: string | null }>(
        this.dataSource,
        `SELECT coalesce(payload->>'windowEnd', payload->'trigger'->>'windowEnd') AS window_end FROM crisis_event
         WHERE crisis_id = $1 AND organization_id = $2 AND type IN ('DETECTED', 'SPIKE_DETECTED') ORDER BY sequence DESC LIMIT 1`,
        [crisisId, organizationId],
      );
      const worse = isMoreSevere(severity, crisis.severity);
      const fresh = !last?.window_end || Date.parse(trigger.windowStart) >= Date.parse(last.window_end);
      if (!worse && !fresh) return 'unchanged';
      changed = true;
      const spike: TimelineRowInput = { type: 'SPIKE_DETECTED', from_state: null, to_state: null, actor: 'system', payload: { ...trigger, severity } };
      if (!worse) return { event: null, name: 'attachSpike', cause: {}, timeline: [spike] };
      const policy = (await this.pinnedPlaybook(crisis))?.slaPolicies.find((p) => p.severity === severity) ?? this.slaDefaults[severity];
      return {
        event: { type: 'SEVERITY_CHANGED', at, severity, sla: slaDurations(policy) },
        name: 'attachSpike',
        cause: {},
        timeline: [
          spike,
          { type: 'SEVERITY_CHANGED', from_state: null, to_state: null, actor: 'system', payload: { from: crisis.severity, to: severity, reason: `${trigger.metric} spike, score ${trigger.score.toFixed(1)}` } },
        ],
      };
    });
    return changed ? toCrisisRecord(row) : null;
  }

  /** Sends a lifecycle event (ACKNOWLEDGE, START_RESPONSE, …) through the command path. */
  async sendCrisisEvent(actor: Actor, input: SendCrisisEvent): Promise<CrisisRecord> {
    const key = input.idempotencyKey ?? null;
    const row = await this.runCommand(actor, input.crisisId, { key, hash: requestHash(input), expectedVersion: input.expectedVersion ?? null }, (_crisis, at) => ({
      event: { type: input.type, at, reason: input.reason ?? null },
      name: input.type,
      cause: { event: input.type, ...(input.reason ? { reason: input.reason } : {}) },
    }));
    return toCrisisRecord(row);
  }

  /** Puts someone in a role of the pinned playbook; the team shows on the crisis and in the timeline (ROLE_ASSIGNED). */
  async assignRole(actor: Actor, input: { crisisId: string; roleKey: string; assignee: string }): Promise<CrisisRecord> {
    const roleKey = input.roleKey.trim().toUpperCase();
    const assignee = input.assignee.trim();
    if (!assignee) throw new BadUserInputError('input.assignee', 'must not be empty');
    if (assignee.length > 200) throw new BadUserInputError('input.assignee', 'must be at most 200 characters');
    const row = await this.runCommand(actor, input.crisisId, {}, async (crisis, at) => {
      const playbook = await this.pinnedPlaybook(crisis);
      const roles = playbook?.roles.map((r) => r.key) ?? [CRISIS_LEAD];
      if (!roles.includes(roleKey)) {
        throw new BadUserInputError('input.roleKey', `${roleKey} is not a role of this crisis's playbook (${roles.join(', ')})`, { roles });
      }
      return {
        event: { type: 'ROLE_ASSIGNED', at, roleKey },
        name: 'assignRole',
        cause: {},
        timeline: [{ type: 'ROLE_ASSIGNED', from_state: null, to_state: null, actor: actor.name, payload: { roleKey, assignee } }],
        extras: { assignment: { roleKey, assignee, by: actor.name } },
      };
    });
    return toCrisisRecord(row);
  }

  /** Marks a protocol task done (who and when); completing a done task again changes nothing. */
  async completeTask(actor: Actor, taskId: string): Promise<{ crisis: CrisisRecord; taskId: string }> {
    const readTask = async () => {
      const [task] = await query<{ crisis_id: string; state: string; title: string; completed_at: Date | null }>(
        this.dataSource,
        `SELECT crisis_id, state, title, completed_at FROM crisis_task WHERE id = $1 AND organization_id = $2`,
        [taskId, actor.organizationId],
      );
      if (!task) throw new NotFoundError('CrisisTask', taskId);
      return task;
    };
    const { crisis_id: crisisId } = await readTask();
    // Decided on every attempt: a racing completion that won makes this one a no-op, not a second TASK_COMPLETED.
    const row = await this.runCommand(actor, crisisId, {}, async () => {
      const task = await readTask();
      if (task.completed_at) return 'unchanged';
      return {
        event: null,
        name: 'completeTask',
        cause: {},
        timeline: [{ type: 'TASK_COMPLETED', from_state: null, to_state: null, actor: actor.name, payload: { taskId, state: task.state, title: task.title } }],
        extras: { completeTask: { taskId, by: actor.name } },
      };
    });
    return { crisis: toCrisisRecord(row), taskId };
  }

  /** Changes the severity with a reason; the open deadlines are recomputed from the pinned playbook's policy. */
  async setCrisisSeverity(actor: Actor, input: { crisisId: string; severity: Severity; reason: string }): Promise<CrisisRecord> {
    const reason = input.reason.trim();
    if (!reason) throw new BadUserInputError('input.reason', 'must not be empty');
    if (reason.length > 2000) throw new BadUserInputError('input.reason', 'must be at most 2000 characters');
    const row = await this.runCommand(actor, input.crisisId, {}, async (crisis, at) => {
      if (crisis.severity === input.severity) throw new BadUserInputError('input.severity', `the crisis is already ${input.severity}`);
      const policy = (await this.pinnedPlaybook(crisis))?.slaPolicies.find((p) => p.severity === input.severity) ?? this.slaDefaults[input.severity];
      return {
        event: { type: 'SEVERITY_CHANGED', at, severity: input.severity, sla: slaDurations(policy) },
        name: 'setCrisisSeverity',
        cause: {},
        timeline: [{
          type: 'SEVERITY_CHANGED', from_state: null, to_state: null, actor: actor.name,
          payload: { from: crisis.severity, to: input.severity, reason },
        }],
      };
    });
    return toCrisisRecord(row);
  }

  /** Records the current understanding of the cause; each revision is a ROOT_CAUSE_UPDATED event with the whole text. */
  async updateRootCause(actor: Actor, input: { crisisId: string; nature: string; stakeholders: string[]; impact: string }): Promise<CrisisRecord> {
    const nature = input.nature.trim();
    const impact = input.impact.trim();
    const stakeholders = [...new Set(input.stakeholders.map((s) => s.trim()).filter(Boolean))];
    if (!nature) throw new BadUserInputError('input.nature', 'must not be empty');
    if (nature.length > 5000) throw new BadUserInputError('input.nature', 'must be at most 5000 characters');
    if (!impact) throw new BadUserInputError('input.impact', 'must not be empty');
    if (impact.length > 5000) throw new BadUserInputError('input.impact', 'must be at most 5000 characters');
    if (stakeholders.length > 100) throw new BadUserInputError('input.stakeholders', 'takes at most 100 items');
    if (stakeholders.some((s) => s.length > 200)) throw new BadUserInputError('input.stakeholders', 'each must be at most 200 characters');
    const row = await this.runCommand(actor, input.crisisId, {}, (crisis, at) => {
      if (crisis.closed_at) throw new InvalidTransitionError(crisis.state, 'updateRootCause', []);
      const rootCause: RootCauseData = {
        nature, stakeholders, impact, revision: (crisis.root_cause?.revision ?? 0) + 1, updatedAt: new Date(at).toISOString(), updatedBy: actor.name,
      };
      return {
        event: null,
        name: 'updateRootCause',
        cause: {},
        timeline: [{ type: 'ROOT_CAUSE_UPDATED', from_state: null, to_state: null, actor: actor.name, payload: { ...rootCause } }],
        extras: { rootCause },
      };
    });
    return toCrisisRecord(row);
  }

  /**
   * The command path: read (with any recorded idempotent result), version check, decide, pure transition, then one
   * atomic write that only applies if the crisis is still at the version read. When another command got there
   * first, a call with expectedVersion gets VERSION_CONFLICT; one without reads again and decides again.
   *
   * The first attempt starts from the snapshot this process remembers, when it has one (no read round trip). Such
   * a snapshot may only lead to the guarded write: any other outcome (a refusal, a conflict, an idempotent replay,
   * nothing to do) is decided again on a fresh read before the caller hears it.
   */
  private async runCommand(
    actor: Actor,
    crisisId: string,
    options: { key?: string | null; hash?: string; expectedVersion?: number | null },
    decide: (crisis: CrisisRow, at: number) => Decision | 'unchanged' | Promise<Decision | 'unchanged'>,
  ): Promise<CrisisRow> {
    const key = options.key ?? null;
    for (let attempt = 1; ; attempt++) {
      const remembered = attempt === 1 ? this.snapshots.get(actor.organizationId, crisisId) : undefined;
      const fresh = remembered ? undefined : await this.readFresh(actor.organizationId, crisisId, key);
      const crisis: CrisisRow | undefined = remembered ?? fresh;
      if (!crisis) throw new NotFoundError('Crisis', crisisId);
      if (fresh?.idem_result) {
        if (fresh.idem_hash !== options.hash) throw new BadUserInputError('idempotencyKey', 'this key was already used for a different request');
        return fresh.idem_result;
      }
      if (options.expectedVersion != null && options.expectedVersion !== crisis.version) {
        if (remembered) continue;
        throw new VersionConflictError(options.expectedVersion, crisis.version);
      }
      const at = this.now();
      let write: PreparedWrite | 'unchanged';
      try {
        write = await this.prepareWrite(actor, crisis, at, decide);
      } catch (error) {
        if (remembered) continue;
        throw error;
      }
      if (write === 'unchanged') {
        if (remembered) continue;
        return crisis;
      }
      let stored: CrisisRow | null;
      try {
        stored = await writeTransition(
          this.dataSource, crisis, write.after, write.timeline, write.timers, key && options.hash ? { key, hash: options.hash } : null, write.extras,
        );
      } catch (error) {
        // The same key raced in from another request (or a remembered snapshot hid a recorded one): read again and
        // answer with the recorded result.
        if (key && isUniqueViolationOf(error, 'idempotency_key') && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      if (stored) {
        this.snapshots.remember(stored);
        return stored;
      }
      this.snapshots.forget(crisisId);
      if (attempt >= MAX_ATTEMPTS) {
        // Still losing the race after several reads: let the client decide, as if it had sent the version it saw.
        const current = await readCrisis(this.dataSource, actor.organizationId, crisisId, null);
        throw new VersionConflictError(crisis.version, current?.version ?? crisis.version);
      }
    }
  }

  /** Reads the crisis from the database (with the result recorded under `key`) and remembers it. */
  private async readFresh(organizationId: string, crisisId: string, key: string | null): Promise<CrisisReadRow | undefined> {
    const read = await readCrisis(this.dataSource, organizationId, crisisId, key);
    if (read) {
      const { idem_hash: _hash, idem_result: _result, ...row } = read;
      this.snapshots.remember(row);
    }
    return read;
  }

  /** Decides the command on `crisis` and runs the machine: the writes to make, 'unchanged', or a refusal thrown. */
  private async prepareWrite(
    actor: Actor,
    crisis: CrisisRow,
    at: number,
    decide: (crisis: CrisisRow, at: number) => Decision | 'unchanged' | Promise<Decision | 'unchanged'>,
  ): Promise<PreparedWrite | 'unchanged'> {
    const decision = await decide(crisis, at);
    if (decision === 'unchanged') return 'unchanged';
    let after: PersistedMachine = crisis.machine;
    let effects: MachineEffect[] = [];
    if (decision.event) {
      const outcome = applyCrisisEvent(crisis.machine, decision.event);
      if (!outcome.ok) {
        if (outcome.refusal === 'GUARD_FAILED') {
          throw new GuardFailedError(outcome.guard, GUARD_REASONS[outcome.guard] ?? outcome.guard, decision.name, outcome.state);
        }
        throw new InvalidTransitionError(outcome.state, decision.name, outcome.refusal === 'INVALID_TRANSITION' ? outcome.allowed : []);
      }
      after = outcome.after;
      effects = outcome.effects;
    }
    const entered = after.value !== crisis.machine.value ? after.value : null;
    const tasks = entered ? protocolTasks(await this.pinnedPlaybook(crisis), entered) : [];
    return {
      after,
      timeline: [...timelineRows(actor.name, crisis.machine, after, effects, decision.cause), ...(decision.timeline ?? [])],
      timers: timerChanges(effects, at),
      extras: { ...decision.extras, tasks },
    };
  }

  private pinnedPlaybook(crisis: CrisisRow): Promise<PlaybookRecord | null> {
    if (!crisis.playbook_id || !crisis.playbook_version) return Promise.resolve(null);
    return this.playbooks.version(crisis.organization_id, crisis.playbook_id, crisis.playbook_version);
  }

  /** Timers due now, oldest first; any process may try them (each worker shuffles its batch, the version guard picks one). */
  async dueTimers(limit: number): Promise<DueTimer[]> {
    // Due times come from this clock, so "now" does too (not the database's).
    const rows = await query<{ id: string; crisis_id: string; organization_id: string; due_at: Date }>(
      this.dataSource,
      `SELECT id::text, crisis_id, organization_id, due_at FROM crisis_timer WHERE due_at <= $2 ORDER BY due_at LIMIT $1`,
      [limit, new Date(this.now()).toISOString()],
    );
    return rows.map((r) => ({ id: r.id, crisisId: r.crisis_id, organizationId: r.organization_id, dueAt: new Date(r.due_at).getTime() }));
  }

  /**
   * Fires one timer through the command path. The timer row is deleted by the same statement that writes its
   * effect, guarded by the crisis version, so it fires exactly once whichever process gets there first. Returns
   * false when the crisis kept changing under it (try again later), true when the timer is done.
   */
  async fireTimer(timer: DueTimer): Promise<boolean> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const claimed = await readTimer(this.dataSource, timer.id);
      // Fired or cancelled meanwhile, or rescheduled under the same id (a recurring cadence, a severity change): the
      // timer listed is gone; the row will be listed again when its new time is due.
      if (!claimed || new Date(claimed.due_at).getTime() !== timer.dueAt || timer.dueAt > this.now()) return true;
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
      if (stored) {
        this.snapshots.remember(stored);
        return true;
      }
    }
    return false;
  }

  /** Moves a timer that failed to fire later, so it does not block the timers due behind it. */
  async postponeTimer(timerId: string, byMs: number): Promise<void> {
    await query(this.dataSource, `UPDATE crisis_timer SET due_at = $2 WHERE id = $1`, [timerId, new Date(this.now() + byMs).toISOString()]);
  }

  /** When the next timer is due, for the worker's sleep. */
  async nextTimerDue(): Promise<number | null> {
    const [row] = await query<{ due: Date | null }>(this.dataSource, `SELECT min(due_at) AS due FROM crisis_timer`);
    return row?.due ? new Date(row.due).getTime() : null;
  }
}

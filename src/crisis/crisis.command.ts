// The command path of DESIGN.md: read, decide, run the machine purely, then one version-guarded write (a feature's own
// writes alongside in the same transaction). Every change to a crisis, a mutation or a timer firing, goes through it.
import type { DataSource } from 'typeorm';
import { withTransaction, type Tx } from '../db/transaction';
import {
  BadUserInputError, GuardFailedError, GUARD_REASONS, InvalidTransitionError, NotFoundError, VersionConflictError,
} from '../graphql/errors';
import { applyCrisisEvent, type CrisisMachineEvent, type CrisisState, type MachineEffect, type PersistedMachine } from './machine';
import type { PlaybookRecord, PlaybookService } from '../playbooks/playbook.service';
import type { CrisisRow } from './crisis.record';
import {
  readCrisis, writeTransition, type CrisisExtras, type CrisisReadRow, type TaskInput, type TimelineRowInput, type TimerChanges,
} from './crisis.store';
import { CrisisSnapshots } from './crisis.snapshots';

export interface Actor {
  organizationId: string;
  /** Token name, "system" or "timer": what the timeline shows as the actor. */
  name: string;
}

export interface CommandOptions {
  key?: string | null;
  hash?: string;
  expectedVersion?: number | null;
}

/** What a command asks of the crisis: a machine event (or none), and the timeline rows and writes that go with it. */
export interface Decision {
  event: CrisisMachineEvent | null;
  /** The command's name in errors: the event type, or the mutation for internal events. */
  name: string;
  /** The payload of the STATE_CHANGED row, when the state changes. */
  cause: Record<string, unknown>;
  timeline?: TimelineRowInput[];
  extras?: CrisisExtras;
  /** Timers of another feature to add or delete with this command (an action item's due time). */
  timers?: TimerChanges;
  /**
   * Writes of another feature (a statement's status, an action item) that commit or roll back with this command:
   * they run in its transaction after the guarded write succeeded. Throwing rolls the whole command back.
   */
  alongside?: (tx: Tx, crisis: CrisisRow) => Promise<void>;
}

export type Decide = (crisis: CrisisRow, at: number) => Decision | 'unchanged' | Promise<Decision | 'unchanged'>;

/** What a decided command writes, ready for the guarded statement. */
export interface PreparedWrite {
  after: PersistedMachine;
  timeline: TimelineRowInput[];
  timers: TimerChanges;
  extras: CrisisExtras;
  alongside?: Decision['alongside'];
}
/** The protocol steps of `state` in the pinned playbook, as tasks to create. */
export function protocolTasks(playbook: PlaybookRecord | null, state: CrisisState): TaskInput[] {
  const steps = playbook?.protocols.find((p) => p.state === state)?.steps ?? [];
  return steps.map((title, position) => ({ state, position, title }));
}

/** Reads and writes a command may go through when other commands keep changing the same crisis. */
export const MAX_ATTEMPTS = 8;

/** The net effect on the timers table: the last word on each send id wins (a re-entered state cancels, then re-schedules). */
export function timerChanges(effects: MachineEffect[], at: number): TimerChanges {
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

export function timelineRows(actor: string, before: PersistedMachine | null, after: PersistedMachine, effects: MachineEffect[], cause: Record<string, unknown>): TimelineRowInput[] {
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

function isUniqueViolationOf(error: unknown, constraintPrefix: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && String(e.constraint).startsWith(constraintPrefix);
}
/** What a client needs to satisfy a failed guard, from the crisis's context (what the review still lacks). */
function guardDetails(guard: string, machine: PersistedMachine): Record<string, unknown> {
  if (guard === 'hasCompletedReview') return { missing: machine.context.reviewMissing ?? ['summary', 'lessons', 'leadFeedback'] };
  return {};
}

export class CommandPath {
  constructor(
    private readonly dataSource: DataSource,
    private readonly playbooks: PlaybookService,
    private readonly now: () => number,
  ) {}

  /** Crises this process read or wrote last (see crisis.snapshots.ts); `announce` them from every process's commits. */
  readonly snapshots = new CrisisSnapshots();

  /**
   * The command path: read (with any recorded idempotent result), version check, decide, pure transition, then one
   * atomic write that only applies if the crisis is still at the version read. When another command got there
   * first, a call with expectedVersion gets VERSION_CONFLICT; one without reads again and decides again.
   *
   * The first attempt starts from the snapshot this process remembers, when it has one (no read round trip). Such
   * a snapshot may only lead to the guarded write: any other outcome (a refusal, a conflict, an idempotent replay,
   * nothing to do) is decided again on a fresh read before the caller hears it.
   */
  async run(
    actor: Actor,
    crisisId: string,
    options: CommandOptions,
    decide: Decide,
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
        stored = await this.write(crisis, write, key && options.hash ? { key, hash: options.hash } : null);
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

  /** The guarded write; with `alongside` writes, in one transaction with them (nothing of theirs if the guard fails). */
  async write(crisis: CrisisRow, write: PreparedWrite, idempotency: { key: string; hash: string } | null): Promise<CrisisRow | null> {
    const { alongside } = write;
    if (!alongside) return writeTransition(this.dataSource, crisis, write.after, write.timeline, write.timers, idempotency, write.extras);
    return withTransaction(this.dataSource, async (tx) => {
      const stored = await writeTransition(this.dataSource, crisis, write.after, write.timeline, write.timers, idempotency, write.extras, tx);
      if (stored) await alongside(tx, stored);
      return stored;
    });
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
    decide: Decide,
  ): Promise<PreparedWrite | 'unchanged'> {
    const decision = await decide(crisis, at);
    if (decision === 'unchanged') return 'unchanged';
    let after: PersistedMachine = crisis.machine;
    let effects: MachineEffect[] = [];
    if (decision.event) {
      const outcome = applyCrisisEvent(crisis.machine, decision.event);
      if (!outcome.ok) {
        if (outcome.refusal === 'GUARD_FAILED') {
          throw new GuardFailedError(outcome.guard, GUARD_REASONS[outcome.guard] ?? outcome.guard, decision.name, outcome.state, guardDetails(outcome.guard, crisis.machine));
        }
        throw new InvalidTransitionError(outcome.state, decision.name, outcome.refusal === 'INVALID_TRANSITION' ? outcome.allowed : []);
      }
      after = outcome.after;
      effects = outcome.effects;
    }
    const entered = after.value !== crisis.machine.value ? after.value : null;
    const tasks = entered ? protocolTasks(await this.playbooks.pinnedBy(crisis), entered) : [];
    const timers = timerChanges(effects, at);
    return {
      after,
      timeline: [...timelineRows(actor.name, crisis.machine, after, effects, decision.cause), ...(decision.timeline ?? [])],
      timers: { cancel: [...timers.cancel, ...(decision.timers?.cancel ?? [])], schedule: [...timers.schedule, ...(decision.timers?.schedule ?? [])] },
      extras: { ...decision.extras, tasks },
      alongside: decision.alongside,
    };
  }

}

// The crisis commands: declare, lifecycle events, team, tasks, severity, root cause — each one decision on the command path.
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SlaDefaults, SlaPolicy } from '../config';
import { query, withTransaction, type Tx } from '../db/transaction';
import { BadUserInputError, InvalidTransitionError, NotFoundError, requireStorableText } from '../graphql/errors';
import { applyCrisisEvent, startCrisis, type CrisisEventType, type PersistedMachine, type Severity, type SlaDurations } from './machine';
import type { CrisisCategory } from './crisis.types';
import type { PinnedPlan, PlaybookService } from '../playbooks/playbook.service';
import type { DetectionSignalData } from './crisis.entity';
import { isMoreSevere } from '../detection/detector';
import { CRISIS_LEAD } from '../playbooks/playbook.content';
import { toCrisisRecord, type CrisisRecord, type CrisisRow, type RootCauseData } from './crisis.record';
import { appendTimeline, insertCrisis, type TimelineRowInput } from './crisis.store';
import { CrisisSnapshots } from './crisis.snapshots';
import { CommandPath, protocolTasks, timerChanges, type Actor, type CommandOptions, type Decide } from './crisis.command';
import { CrisisTimers } from '../timers/timer.service';
import type { Metrics } from '../metrics/metrics';

export type { Actor, Decide, Decision } from './crisis.command';

/** What a feature writes when a crisis closes: given the crisis as read and its machine after closing, a write for the command's transaction. */
export type Closer = (crisis: CrisisRow, after: PersistedMachine) => Promise<(tx: Tx) => Promise<unknown>>;

/** A feature's condition on a lifecycle event, run in the command on the crisis as read; it refuses by throwing. */
export type EventCheck = (crisis: CrisisRow, at: number) => Promise<void>;

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




function slaDurations(policy: SlaPolicy): SlaDurations {
  return {
    acknowledgeMs: policy.acknowledgeWithinSeconds * 1000,
    firstResponseMs: policy.firstResponseWithinSeconds * 1000,
    updateEveryMs: policy.updateEverySeconds * 1000,
  };
}


function requestHash(input: SendCrisisEvent): string {
  return createHash('sha256').update(JSON.stringify([input.crisisId, input.type, input.expectedVersion ?? null, input.reason ?? null])).digest('hex');
}


export class CrisisService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly playbooks: PlaybookService,
    private readonly slaDefaults: SlaDefaults,
    private readonly now: () => number = Date.now,
    /** The process's metrics (src/metrics/); detection counts its outcomes through it too. */
    readonly metrics: Metrics | null = null,
  ) {
    this.path = new CommandPath(dataSource, playbooks, now);
    this.timers = new CrisisTimers(dataSource, this.path, now, metrics);
  }

  /** The command path every change goes through, and the crises it remembers. */
  private readonly path: CommandPath;
  /** The durable timers: due ones fire through the command path (TimerWorker), features add their own kinds. */
  readonly timers: CrisisTimers;

  /** Crises this process read or wrote last (see crisis.snapshots.ts); `announce` them from every process's commits. */
  get snapshots(): CrisisSnapshots {
    return this.path.snapshots;
  }

  /**
   * Runs another feature's change of a crisis (publishing a statement, adding an action item) through the command
   * path: version-guarded, decided again on a fresh read when another command got there first.
   */
  async command(actor: Actor, crisisId: string, decide: Decide, options: CommandOptions = {}): Promise<CrisisRecord> {
    if (!this.metrics) return toCrisisRecord(await this.path.run(actor, crisisId, options, decide));
    // The label is the decision's name (the mutation); a refusal thrown while deciding names its event itself; one
    // before (the crisis unknown) is "command".
    let name = 'command';
    const named: Decide = async (crisis, at) => {
      try {
        const decision = await decide(crisis, at);
        if (decision !== 'unchanged') name = decision.name;
        return decision;
      } catch (error) {
        const event = (error as { extensions?: { event?: unknown } }).extensions?.event;
        if (typeof event === 'string') name = event;
        throw error;
      }
    };
    return toCrisisRecord(await this.metrics.countCrisisCommand(() => name, this.path.run(actor, crisisId, options, named)));
  }

  /**
   * Appends facts that do not touch the machine (a reply sent, a mention skipped) to an open crisis's timeline, with
   * `alongside` writes, in one transaction that holds the crisis row's lock: many agents writing to one crisis wait
   * their turn instead of retrying. The version moves, so commands that read before it decide again.
   */
  async appendCrisisEvents(actor: Actor, crisisId: string, rows: TimelineRowInput[], alongside: (tx: Tx) => Promise<void>): Promise<CrisisRecord> {
    const append = this.appendTimelineRows(actor, crisisId, rows, alongside);
    return this.metrics ? this.metrics.countCrisisCommand(rows[0]?.type ?? 'append', append) : append;
  }

  private async appendTimelineRows(actor: Actor, crisisId: string, rows: TimelineRowInput[], alongside: (tx: Tx) => Promise<void>): Promise<CrisisRecord> {
    const stored = await withTransaction(this.dataSource, async (tx) => {
      const row = await appendTimeline(tx, actor.organizationId, crisisId, rows);
      if (!row) throw new NotFoundError('Crisis', crisisId);
      if (row.closed_at) throw new InvalidTransitionError(row.state, rows[0]?.type ?? 'append', []);
      await alongside(tx);
      return row;
    });
    this.snapshots.remember(stored);
    return toCrisisRecord(stored);
  }

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
    const row = await this.path.run(actor, crisisId, {}, async (crisis, at) => {
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
      const policy = (await this.playbooks.pinnedBy(crisis))?.slaPolicies.find((p) => p.severity === severity) ?? this.slaDefaults[severity];
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
    if (this.metrics) return this.metrics.countCrisisCommand(input.type, this.runCrisisEvent(actor, input));
    return this.runCrisisEvent(actor, input);
  }

  private async runCrisisEvent(actor: Actor, input: SendCrisisEvent): Promise<CrisisRecord> {
    const key = input.idempotencyKey == null ? null : requireStorableText(input.idempotencyKey, 'idempotencyKey');
    if (input.reason != null) requireStorableText(input.reason, 'reason');
    const row = await this.path.run(actor, input.crisisId, { key, hash: requestHash(input), expectedVersion: input.expectedVersion ?? null }, async (crisis, at) => {
      const event = { type: input.type, at, reason: input.reason ?? null };
      const outcome = applyCrisisEvent(crisis.machine, event);
      // Other features' conditions apply once the machine itself would take the event (its refusals come first).
      if (outcome.ok) for (const check of this.eventChecks.get(input.type) ?? []) await check(crisis, at);
      // Closing: other features keep what must not move afterwards (the KPIs), in the same transaction.
      const closes = outcome.ok && outcome.after.context.closedAt !== null && crisis.machine.context.closedAt === null;
      const writes = closes ? await Promise.all(this.closers.map((close) => close(crisis, outcome.after))) : [];
      return {
        event, name: input.type, cause: { event: input.type, ...(input.reason ? { reason: input.reason } : {}) },
        alongside: writes.length ? async (tx) => { for (const write of writes) await write(tx); } : undefined,
      };
    });
    return toCrisisRecord(row);
  }

  private readonly eventChecks = new Map<CrisisEventType, EventCheck[]>();
  private readonly closers: Closer[] = [];

  /** Adds what another feature writes when a crisis closes (REVIEWED or DISMISSED), decided on the crisis as it closes. */
  onClose(closer: Closer): void {
    this.closers.push(closer);
  }

  /**
   * Adds another feature's condition on a lifecycle event (a playbook's exit criteria on CONTAIN): it runs inside the
   * command, on the crisis as read, and refuses by throwing (GUARD_FAILED naming its guard).
   */
  checkEvent(type: CrisisEventType, check: EventCheck): void {
    this.eventChecks.set(type, [...(this.eventChecks.get(type) ?? []), check]);
  }

  /** Puts someone in a role of the pinned playbook; the team shows on the crisis and in the timeline (ROLE_ASSIGNED). */
  async assignRole(actor: Actor, input: { crisisId: string; roleKey: string; assignee: string }): Promise<CrisisRecord> {
    const roleKey = input.roleKey.trim().toUpperCase();
    const assignee = requireStorableText(input.assignee, 'input.assignee').trim();
    if (!assignee) throw new BadUserInputError('input.assignee', 'must not be empty');
    if (assignee.length > 200) throw new BadUserInputError('input.assignee', 'must be at most 200 characters');
    const row = await this.path.run(actor, input.crisisId, {}, async (crisis, at) => {
      const playbook = await this.playbooks.pinnedBy(crisis);
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
    const row = await this.path.run(actor, crisisId, {}, async () => {
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
    const reason = requireStorableText(input.reason, 'input.reason').trim();
    if (!reason) throw new BadUserInputError('input.reason', 'must not be empty');
    if (reason.length > 2000) throw new BadUserInputError('input.reason', 'must be at most 2000 characters');
    const row = await this.path.run(actor, input.crisisId, {}, async (crisis, at) => {
      if (crisis.severity === input.severity) throw new BadUserInputError('input.severity', `the crisis is already ${input.severity}`);
      const policy = (await this.playbooks.pinnedBy(crisis))?.slaPolicies.find((p) => p.severity === input.severity) ?? this.slaDefaults[input.severity];
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
    const nature = requireStorableText(input.nature, 'input.nature').trim();
    const impact = requireStorableText(input.impact, 'input.impact').trim();
    const stakeholders = [...new Set(input.stakeholders.map((s, i) => requireStorableText(s, `input.stakeholders[${i}]`).trim()).filter(Boolean))];
    if (!nature) throw new BadUserInputError('input.nature', 'must not be empty');
    if (nature.length > 5000) throw new BadUserInputError('input.nature', 'must be at most 5000 characters');
    if (!impact) throw new BadUserInputError('input.impact', 'must not be empty');
    if (impact.length > 5000) throw new BadUserInputError('input.impact', 'must be at most 5000 characters');
    if (stakeholders.length > 100) throw new BadUserInputError('input.stakeholders', 'takes at most 100 items');
    if (stakeholders.some((s) => s.length > 200)) throw new BadUserInputError('input.stakeholders', 'each must be at most 200 characters');
    const row = await this.path.run(actor, input.crisisId, {}, (crisis, at) => {
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


}

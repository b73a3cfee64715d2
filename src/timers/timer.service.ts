// Durable timers of crises: the due ones are fired through the command path, exactly once whichever process gets there.
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import { applyCrisisEvent, type CrisisMachineEvent } from '../crisis/machine';
import type { CrisisRow } from '../crisis/crisis.record';
import { deleteTimer, readCrisis, readTimer, writeTransition, type TimerRead } from '../crisis/crisis.store';
import { Metrics } from '../metrics/metrics';
import { MAX_ATTEMPTS, timelineRows, timerChanges, type CommandPath, type Decision, type PreparedWrite } from '../crisis/crisis.command';

export interface DueTimer {
  id: string;
  crisisId: string;
  organizationId: string;
  /** The due time when listed: a timer rescheduled since (same row, new due time) is not this one. */
  dueAt: number;
}

/**
 * Decides what a timer that is not the machine's (an action item falling due) does when it fires: a Decision whose
 * write also deletes the timer, or 'drop' when it no longer applies.
 */
export type TimerHandler = (crisis: CrisisRow, timer: TimerRead) => Promise<Decision | 'drop'>;

export class CrisisTimers {
  private readonly handlers = new Map<string, TimerHandler>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly path: CommandPath,
    private readonly now: () => number,
    private readonly metrics: Metrics | null = null,
  ) {}

  /** Timers whose event has this type are decided by `handler` instead of the machine (see fireTimer). */
  handle(type: string, handler: TimerHandler): void {
    this.handlers.set(type, handler);
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
      const handler = this.handlers.get(claimed.event.type);
      if (handler) {
        const fired = await this.fireHandledTimer(handler, crisis, claimed);
        if (fired) return true;
        continue;
      }
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
        { firedTimer: { sendId: claimed.send_id, dueAt: claimed.due_at } },
      );
      if (stored) {
        this.path.snapshots.remember(stored);
        this.metrics?.timerLateness.observe(Metrics.secondsSince(at, this.now()));
        return true;
      }
    }
    return false;
  }

  /**
   * A feature's timer: its handler decides; the write deletes the timer in the same version-guarded statement, so it
   * fires once whichever process gets there first. False when the crisis changed under it (read again).
   */
  private async fireHandledTimer(handler: TimerHandler, crisis: CrisisRow, claimed: TimerRead): Promise<boolean> {
    const decision = await handler(crisis, claimed);
    if (decision === 'drop') {
      await deleteTimer(this.dataSource, claimed.id, claimed.due_at);
      return true;
    }
    const write: PreparedWrite = {
      after: crisis.machine,
      timeline: decision.timeline ?? [],
      timers: { cancel: [claimed.send_id, ...(decision.timers?.cancel ?? [])], schedule: decision.timers?.schedule ?? [] },
      extras: { ...decision.extras, firedTimer: { sendId: claimed.send_id, dueAt: claimed.due_at } },
      alongside: decision.alongside,
    };
    const stored = await this.path.write(crisis, write, null);
    if (stored) this.path.snapshots.remember(stored);
    if (stored) this.metrics?.timerLateness.observe(Metrics.secondsSince(new Date(claimed.due_at).getTime(), this.now()));
    return stored !== null;
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

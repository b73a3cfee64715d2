// The timer worker every process runs: sleeps until the next timer is due (or a notification says sooner), fires due ones.
import type { Logger } from 'pino';
import type { CrisisTimers } from './timer.service';
import type { EventHub } from '../pubsub/hub';

const BATCH = 100;
/** Pause after a pass in which other processes held every crisis we wanted, before trying again. */
const BUSY_PAUSE_MS = 25;
const POISON_RETRY_MS = 60_000;

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

export class TimerWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeAt = Infinity;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  /** Earliest due time heard of while a pass was running: the next sleep must not overshoot it. */
  private heardDueAt = Infinity;
  private unlisten: (() => void) | null = null;
  /** Timers this process fired (for logs and tests). */
  fired = 0;

  constructor(
    private readonly service: CrisisTimers,
    private readonly hub: EventHub,
    private readonly log: Logger,
    private readonly maxIdleMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unlisten = this.hub.listen({
      onTimers: (dueAt) => this.hear(dueAt),
      onResync: () => this.hear(0),
    });
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unlisten?.();
    this.wake?.();
    await this.loop;
    if (this.timer) clearTimeout(this.timer);
  }

  private hear(dueAt: number): void {
    if (this.wake) {
      if (dueAt < this.wakeAt) this.sleepUntil(dueAt);
    } else {
      this.heardDueAt = Math.min(this.heardDueAt, dueAt);
    }
  }

  private sleepUntil(at: number): void {
    this.wakeAt = at;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake?.(), Math.max(0, at - Date.now()));
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        // Every process sees the same due timers: each walks them in its own order so they rarely collide.
        const due = shuffle(await this.service.dueTimers(BATCH));
        let busy = 0;
        for (const timer of due) {
          if (!this.running) break;
          try {
            if (await this.service.fireTimer(timer)) this.fired++;
            else busy++;
          } catch (error) {
            // One timer that cannot fire must not hold back the others: it is retried a minute later.
            this.log.error({ err: error, timerId: timer.id, crisisId: timer.crisisId }, 'timer failed to fire; postponed');
            await this.service.postponeTimer(timer.id, POISON_RETRY_MS).catch(() => undefined);
          }
        }
        if (!this.running || due.length === BATCH) continue;
        let next: number;
        if (busy > 0) next = Date.now() + BUSY_PAUSE_MS;
        else {
          const nextDue = await this.service.nextTimerDue();
          next = Math.min(nextDue ?? Infinity, Date.now() + this.maxIdleMs);
        }
        next = Math.min(next, this.heardDueAt);
        this.heardDueAt = Infinity;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.sleepUntil(next);
        });
        this.wake = null;
      } catch (error) {
        this.log.error({ err: error }, 'timer pass failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
}

// Idempotency keys are kept for a while, not forever: every process drops the expired ones now and then.
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { query } from '../db/transaction';

/** Rows per DELETE: short statements, so a large backlog never holds locks for long. */
const BATCH = 10_000;

export class IdempotencyKeyPurge {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopping = false;

  /** Keys older than `ttlSeconds` go; a pass every quarter of that, at most hourly (retries within the TTL always replay). */
  constructor(
    private readonly dataSource: DataSource,
    private readonly log: Logger,
    private readonly ttlSeconds: number,
  ) {}

  get everyMs(): number {
    return Math.max(100, Math.min(3_600_000, (this.ttlSeconds * 1000) / 4));
  }

  start(): void {
    // The first pass at a random point of the period: processes started together do not purge together.
    const schedule = (delay: number) => {
      this.timer = setTimeout(() => {
        this.running = this.purge()
          .catch((error) => this.log.warn({ err: error }, 'idempotency key purge failed; trying again next time'))
          .finally(() => this.timer && schedule(this.everyMs));
      }, delay);
      this.timer.unref();
    };
    schedule(Math.random() * this.everyMs);
  }

  async stop(): Promise<void> {
    this.stopping = true; // a long backlog stops between batches: shutdown does not wait for it
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Deletes the expired keys; returns how many. */
  async purge(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await query<{ n: number }>(
        this.dataSource,
        `WITH gone AS (
           DELETE FROM idempotency_key WHERE ctid IN (
             SELECT ctid FROM idempotency_key WHERE created_at < now() - make_interval(secs => $1) LIMIT $2)
           RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [this.ttlSeconds, BATCH],
      );
      total += deleted[0].n;
      if (deleted[0].n < BATCH || this.stopping) break;
    }
    if (total > 0) this.log.info({ deleted: total, ttlSeconds: this.ttlSeconds }, 'expired idempotency keys purged');
    return total;
  }
}

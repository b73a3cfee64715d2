// Rows kept for a while, not forever: every process deletes the expired ones now and then, in short batches.
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { query } from './transaction';

/** Rows per DELETE: short statements, so a large backlog never holds locks for long. */
const BATCH = 10_000;

export interface PurgeTarget {
  /** What the log calls the rows ("expired idempotency keys"). */
  what: string;
  table: string;
  /** SQL condition on the table's rows, `$1` being the TTL in seconds: which rows have expired. */
  expired: string;
  ttlSeconds: number;
}

export class PeriodicPurge {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopping = false;

  /** A pass every quarter of the TTL, at most hourly. */
  constructor(private readonly dataSource: DataSource, private readonly log: Logger, private readonly target: PurgeTarget) {}

  get everyMs(): number {
    return Math.max(100, Math.min(3_600_000, (this.target.ttlSeconds * 1000) / 4));
  }

  start(): void {
    // The first pass at a random point of the period: processes started together do not purge together.
    const schedule = (delay: number) => {
      this.timer = setTimeout(() => {
        this.running = this.purge()
          .catch((error) => this.log.warn({ err: error }, `purge of ${this.target.what} failed; trying again next time`))
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

  /** Deletes the expired rows; returns how many. */
  async purge(): Promise<number> {
    const { table, expired, ttlSeconds, what } = this.target;
    let total = 0;
    for (;;) {
      const deleted = await query<{ n: number }>(
        this.dataSource,
        `WITH gone AS (DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${expired} LIMIT $2) RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [ttlSeconds, BATCH],
      );
      total += deleted[0].n;
      if (deleted[0].n < BATCH || this.stopping) break;
    }
    if (total > 0) this.log.info({ deleted: total, ttlSeconds }, `${what} purged`);
    return total;
  }
}

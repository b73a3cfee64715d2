// The mention table's monthly partitions (migration PartitionedMentions): created ahead of time and for the months a
// batch brings that this process has not seen yet; with a retention, months wholly older than it dropped whole.
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { query, withTransaction } from '../db/transaction';

const DAY_MS = 86_400_000;
/** Months created ahead of the current one, so that the first mention of a month never waits for DDL. */
const MONTHS_AHEAD = 2;
const PARTITION = /^mention_(\d{4})_(\d{2})$/;

/** "2026-12" for any instant of December 2026 (UTC), the key of its partition. */
export function monthOf(at: Date | string): string {
  // An ISO instant in UTC (what ingest stores) already starts with its month; anything else is parsed.
  return typeof at === 'string' && at.endsWith('Z') && at[4] === '-' ? at.slice(0, 7) : new Date(at).toISOString().slice(0, 7);
}

/** The end of a month key's month (the start of the next), in ms. */
function monthEnd(month: string): number {
  return Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1);
}

/** The oldest postedAt a mention may have to be stored, or null without a retention. */
export function retentionCutoff(retentionDays: number | null, now: number): number | null {
  return retentionDays ? now - retentionDays * DAY_MS : null;
}

/** Whether `error` is PostgreSQL refusing a row no partition holds (a month dropped or not created yet). */
export function isMissingPartition(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === '23514' && typeof message === 'string' && message.includes('no partition of relation');
}

export class MentionPartitions {
  /** Months whose partition this process knows to exist. */
  private readonly known = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly retentionDays: number | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** Makes sure the partitions of these instants' months exist: one statement for the months not seen yet. */
  async ensure(instants: Iterable<string>): Promise<void> {
    const missing = new Map<string, string>();
    const cutoff = retentionCutoff(this.retentionDays, this.now());
    for (const at of instants) {
      const month = monthOf(at);
      // A month wholly past the retention is never made again (a pass may be dropping it): its rows are refused.
      if (cutoff !== null && monthEnd(month) <= cutoff) continue;
      if (!this.known.has(month) && !missing.has(month)) missing.set(month, at);
    }
    if (missing.size === 0) return;
    await query(this.dataSource, `SELECT mention_partition_for(at) FROM unnest($1::timestamptz[]) AS at ORDER BY at`, [[...missing.values()]]);
    for (const month of missing.keys()) this.known.add(month);
  }

  /** Forgets what it knew (after a refusal for a missing partition: another process dropped or never made it). */
  forget(): void {
    this.known.clear();
  }

  /** Creates this month's and the next ones' partitions, then drops the months wholly past the retention. */
  async maintain(): Promise<{ dropped: string[] }> {
    const now = this.now();
    const ahead = Array.from({ length: MONTHS_AHEAD + 1 }, (_, i) => {
      const d = new Date(now);
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i, 1)).toISOString();
    });
    await this.ensure(ahead);
    const cutoff = retentionCutoff(this.retentionDays, now);
    if (cutoff === null) return { dropped: [] };
    // Attached partitions, and any a pass interrupted between detaching and dropping.
    const partitions = await query<{ name: string; attached: boolean }>(
      this.dataSource,
      `SELECT c.relname AS name, EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) AS attached
       FROM pg_class c WHERE c.relkind = 'r' AND c.relname ~ '^mention_[0-9]{4}_[0-9]{2}$' AND pg_table_is_visible(c.oid)
       ORDER BY 1`,
    );
    const dropped: string[] = [];
    for (const { name, attached } of partitions) {
      const match = PARTITION.exec(name);
      if (!match) continue;
      const month = `${match[1]}-${match[2]}`;
      if (monthEnd(month) > cutoff) continue; // some of the month is still within the retention
      await this.drop(name, attached);
      this.known.delete(month);
      dropped.push(name);
    }
    return { dropped };
  }

  /**
   * Drops one month without stopping reads and writes: DETACH … CONCURRENTLY (which waits for queries that use the
   * partition, and blocks none), then, in one transaction, the reply queue's counts lowered by its mentions still
   * waiting in a queue (triggers do not fire on a DROP), its dedupe keys deleted (with their expired claims) except
   * those of mentions replied to or skipped — a reply or a skip is the crisis's history and stays, with its key —
   * and the detached table dropped.
   */
  private async drop(name: string, attached: boolean): Promise<void> {
    if (attached) {
      try {
        await query(this.dataSource, `ALTER TABLE mention DETACH PARTITION ${name} CONCURRENTLY`);
      } catch (error) {
        const message = error instanceof Error ? error.message : '';
        if (/pending detach/.test(message)) await query(this.dataSource, `ALTER TABLE mention DETACH PARTITION ${name} FINALIZE`);
        else if (!/is not a partition/.test(message)) throw error; // another process detached it meanwhile: go on
      }
    }
    await withTransaction(this.dataSource, async (tx) => {
      await tx.rows(`SELECT pg_advisory_xact_lock(hashtext('crisis-desk mention partitions'))`);
      const [{ detached }] = await tx.rows<{ detached: boolean }>(
        `SELECT to_regclass($1) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass($1)) AS detached`, [name],
      );
      if (!detached) return; // dropped by another process meanwhile (or attached again: left for the next pass)
      await tx.rows(
        `UPDATE reply_queue_size s SET pending = s.pending - d.n
         FROM (SELECT crisis_id, count(*)::int AS n FROM ${name}
               WHERE crisis_id IS NOT NULL AND sentiment < 0 AND reply_state IS NULL GROUP BY crisis_id) d
         WHERE s.crisis_id = d.crisis_id`,
      );
      await tx.rows(
        `DELETE FROM mention_key k USING ${name} m
         WHERE k.organization_id = m.organization_id AND k.mention_id = m.id
           AND NOT EXISTS (SELECT 1 FROM reply r WHERE r.mention_id = k.mention_id)
           AND NOT EXISTS (SELECT 1 FROM reply_skip s WHERE s.mention_id = k.mention_id)`,
      );
      await tx.rows(`DROP TABLE ${name}`);
    });
  }

  /** Maintains now, then every hour (at a random point of the first, so processes started together do not collide). */
  start(log: Logger): void {
    const pass = () => {
      this.running = this.maintain()
        .then(({ dropped }) => dropped.length > 0 && log.info({ dropped, retentionDays: this.retentionDays }, 'mention partitions past the retention dropped'))
        .catch((error) => log.warn({ err: error }, 'mention partition maintenance failed; trying again next time'));
    };
    pass();
    const schedule = (delay: number) => {
      this.timer = setTimeout(() => {
        pass();
        schedule(3_600_000);
      }, delay);
      this.timer.unref();
    };
    schedule(Math.random() * 3_600_000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}

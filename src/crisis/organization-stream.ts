// Organization-wide timeline streams, one reader per process and filter: a thousand dashboards of one organization
// watching its state changes share one listener, one read of each notification's rows and one dedupe memory, and
// each subscriber is only a position in the reader's log.
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import type { EventHub } from '../pubsub/hub';
import type { EventsNotification } from '../pubsub/channels';
import { SubscriberTooSlowError } from '../graphql/errors';
import { REPLAY_BATCH, TIMELINE_COLUMNS, type TimelineRow } from './crisis.streams';

export interface OrganizationStreamFilter {
  organizationId: string;
  brandId: string | null;
  types: readonly string[];
}

/** Sizes of a reader's log; small ones in tests reach the slow-subscriber paths with a few events. */
export interface TapLimits {
  /** Rows kept for subscribers behind the newest: one that falls further behind re-reads what it missed. */
  rows: number;
  /** Sequences kept for that re-read: a subscriber further behind than this ends with SUBSCRIBER_TOO_SLOW. */
  sequences: number;
}

const DEFAULT_LIMITS: TapLimits = { rows: 1024, sequences: 16_384 };
/** Sequences remembered to drop what a catch-up and a notification both bring. */
const DELIVERED_MEMORY = 2000;
/**
 * How far below the highest delivered sequence a catch-up looks again. A row with a lower sequence than one already
 * delivered can commit later (sequences are drawn at insert); our writes are single short statements, so such rows
 * are close behind. Everything in the window that was delivered is in `seen` and dropped.
 */
const CATCH_UP_OVERLAP = 1000;
/** Notifications waiting for the reader; past that they are dropped for one catch-up from the table. */
const MAX_QUEUED = 1000;
const RETRY_MS = [250, 1000, 2000, 5000];

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * The rows a notification names, read once per process however many readers it wakes: the hub hands the same
 * notification object to every listener.
 */
const notifiedRows = new WeakMap<EventsNotification, Promise<TimelineRow[]>>();
function rowsOf(dataSource: DataSource, n: EventsNotification): Promise<TimelineRow[]> {
  let rows = notifiedRows.get(n);
  if (!rows) {
    rows = query<TimelineRow>(
      dataSource,
      `SELECT ${TIMELINE_COLUMNS} FROM crisis_event WHERE sequence = ANY($1::bigint[]) AND organization_id = $2 ORDER BY crisis_event.sequence`,
      [n.s, n.o],
    );
    notifiedRows.set(n, rows);
  }
  return rows;
}

/**
 * One filter's reader: follows the notifications (commit order), writes each new row once into a ring, and hands
 * rows to the subscribers waiting for one. Across crises a sequence can commit after a higher one, so live delivery
 * follows the notifications rather than "sequence > last"; after a lost LISTEN connection or a failed read it
 * catches up from the table by sequence, so nothing is lost and nothing comes twice.
 */
class Tap {
  /** Rows by log index, `index % limits.rows`; `sequences` likewise, longer. */
  readonly rows: TimelineRow[] = [];
  readonly sequences: string[] = [];
  /** Log index of the next row written. */
  written = 0;
  private readonly subscribers = new Set<TapSubscriber>();
  private waiting: TapSubscriber[] = [];
  private readonly queue: Array<EventsNotification | 'resync'> = [];
  private wake: (() => void) | null = null;
  private stopped = false;
  private readonly unlisten: () => void;
  private readonly seen = new Set<string>();
  private readonly delivered: string[] = [];
  private highest = 0n;
  /** Sequences at or below this were committed before the reader started: a catch-up never brings them. */
  private floor = 0n;
  private started = false;

  constructor(
    readonly dataSource: DataSource,
    private readonly hub: EventHub,
    readonly filter: OrganizationStreamFilter,
    readonly limits: TapLimits,
    private readonly onStop: () => void,
  ) {
    const matches = (n: EventsNotification) =>
      n.o === filter.organizationId && (filter.brandId === null || n.b === filter.brandId) && n.t.some((t) => filter.types.includes(t));
    this.unlisten = hub.listen({ onEvents: (n) => matches(n) && this.enqueue(n), onResync: () => this.enqueue('resync') });
    void this.run();
  }

  join(subscriber: TapSubscriber): void {
    this.subscribers.add(subscriber);
  }

  leave(subscriber: TapSubscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.stop();
  }

  /** A subscriber with nothing to read waits here for the next row written. */
  await(subscriber: TapSubscriber): void {
    this.waiting.push(subscriber);
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.unlisten();
    this.onStop();
    this.wake?.();
  }

  private enqueue(item: EventsNotification | 'resync'): void {
    // Too many to follow one by one: one catch-up from the table instead.
    if (this.queue.length >= MAX_QUEUED) this.queue.splice(0, this.queue.length, 'resync');
    else this.queue.push(item);
    this.wake?.();
  }

  private write(row: TimelineRow): void {
    if (this.seen.has(row.sequence)) return;
    this.seen.add(row.sequence);
    this.delivered.push(row.sequence);
    if (this.delivered.length > DELIVERED_MEMORY) this.seen.delete(this.delivered.shift()!);
    const sequence = BigInt(row.sequence);
    if (sequence > this.highest) this.highest = sequence;
    this.rows[this.written % this.limits.rows] = row;
    this.sequences[this.written % this.limits.sequences] = row.sequence;
    this.written++;
  }

  /** Everything of interest after the highest written sequence (less the overlap), page by page. */
  private async catchUp(): Promise<TimelineRow[]> {
    const all: TimelineRow[] = [];
    const back = this.highest - BigInt(CATCH_UP_OVERLAP);
    let from = String(back > this.floor ? back : this.floor);
    for (;;) {
      const page = await query<TimelineRow>(
        this.dataSource,
        `SELECT ${TIMELINE_COLUMNS} FROM crisis_event
         WHERE organization_id = $1 AND sequence > $2 AND type = ANY($3) AND ($4::uuid IS NULL OR brand_id = $4)
         ORDER BY crisis_event.sequence LIMIT ${REPLAY_BATCH}`,
        [this.filter.organizationId, from, this.filter.types, this.filter.brandId],
      );
      all.push(...page);
      if (page.length < REPLAY_BATCH) return all;
      from = page[page.length - 1].sequence;
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!this.started) {
          const [row] = await query<{ last: string | null }>(
            this.dataSource, `SELECT max(sequence)::text AS last FROM crisis_event WHERE organization_id = $1`, [this.filter.organizationId],
          );
          this.floor = this.highest = BigInt(row?.last ?? '0');
          this.started = true;
        }
        if (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        const item = this.queue.shift();
        if (!item || this.stopped) continue;
        const rows = item === 'resync' ? await this.catchUp() : await rowsOf(this.dataSource, item);
        for (const row of rows) if (this.filter.types.includes(row.type)) this.write(row);
        failures = 0;
        this.handOut();
      } catch (error) {
        // The database is away (a restart, a failover): keep the subscribers, retry, and catch up from the table
        // when it is back — what was notified meanwhile is there.
        this.hub.log.warn({ err: error, organizationId: this.filter.organizationId }, 'organization stream read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]));
        if (this.started) this.queue.splice(0, this.queue.length, 'resync');
      }
    }
  }

  private handOut(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const subscriber of waiting) subscriber.rowWritten();
  }
}

/** One subscriber: a position in its tap's log, and rows it re-read when it fell behind the ring. */
class TapSubscriber implements AsyncIterableIterator<TimelineRow> {
  private position: number;
  private backlog: TimelineRow[] = [];
  private pending: { resolve: (result: IteratorResult<TimelineRow>) => void; reject: (error: unknown) => void } | null = null;
  private ended = false;

  constructor(private readonly tap: Tap) {
    this.position = tap.written;
    tap.join(this);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<TimelineRow> {
    return this;
  }

  next(): Promise<IteratorResult<TimelineRow>> {
    if (this.ended) return Promise.resolve(DONE);
    const ready = this.take();
    if (ready) return ready;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.tap.await(this);
    });
  }

  /** Called by the tap when it wrote rows and this subscriber was waiting: the common case hands the row straight over. */
  rowWritten(): void {
    const pending = this.pending;
    if (!pending || this.ended) return;
    this.pending = null;
    const row = this.atHand();
    if (row) pending.resolve({ done: false, value: row });
    else this.next().then(pending.resolve, pending.reject);
  }

  return(): Promise<IteratorResult<TimelineRow>> {
    this.end();
    return Promise.resolve(DONE);
  }

  throw(error: unknown): Promise<IteratorResult<TimelineRow>> {
    this.end();
    return Promise.reject(error);
  }

  /** The next row if it is in the backlog or the ring (and takes it), else undefined. */
  private atHand(): TimelineRow | undefined {
    if (this.backlog.length) return this.backlog.shift();
    const behind = this.tap.written - this.position;
    if (behind > 0 && behind <= this.tap.limits.rows) return this.tap.rows[this.position++ % this.tap.limits.rows];
    return undefined;
  }

  /** The next row if one is at hand (or a re-read of missed rows), else null: wait. */
  private take(): Promise<IteratorResult<TimelineRow>> | null {
    const row = this.atHand();
    if (row) return Promise.resolve({ done: false, value: row });
    const behind = this.tap.written - this.position;
    if (behind === 0) return null;
    if (behind > this.tap.limits.sequences) {
      this.end();
      return Promise.reject(new SubscriberTooSlowError(behind));
    }
    return this.reread().then(() => this.next());
  }

  /** The rows between this subscriber's position and the oldest the ring holds, in log order, from the table. */
  private async reread(): Promise<void> {
    const { tap } = this;
    const upTo = Math.min(tap.written - tap.limits.rows, this.position + REPLAY_BATCH);
    const sequences: string[] = [];
    for (let i = this.position; i < upTo; i++) sequences.push(tap.sequences[i % tap.limits.sequences]);
    const rows = await query<TimelineRow>(
      tap.dataSource,
      `SELECT ${TIMELINE_COLUMNS} FROM crisis_event WHERE sequence = ANY($1::bigint[]) AND organization_id = $2`,
      [sequences, tap.filter.organizationId],
    );
    const bySequence = new Map(rows.map((row) => [row.sequence, row]));
    this.backlog = sequences.flatMap((s) => bySequence.get(s) ?? []);
    this.position = upTo;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.backlog = [];
    this.tap.leave(this);
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(DONE);
  }
}

const taps = new WeakMap<EventHub, Map<string, Tap>>();

/**
 * Organization-wide timeline events of some types, live, in commit order, from the process's reader for this filter
 * (started by its first subscriber, stopped with its last).
 */
export function organizationEventStream(
  dataSource: DataSource, hub: EventHub, filter: OrganizationStreamFilter, limits: TapLimits = DEFAULT_LIMITS,
): AsyncIterableIterator<TimelineRow> {
  let byKey = taps.get(hub);
  if (!byKey) taps.set(hub, (byKey = new Map()));
  const key = JSON.stringify([filter.organizationId, filter.brandId, [...filter.types].sort(), limits.rows, limits.sequences]);
  let tap = byKey.get(key);
  if (!tap) {
    const map = byKey;
    tap = new Tap(dataSource, hub, filter, limits, () => map.delete(key));
    map.set(key, tap);
  }
  return new TapSubscriber(tap);
}

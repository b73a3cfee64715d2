// Subscription streams over the timeline table, woken by the process's LISTEN hub.
import { Repeater } from '@repeaterjs/repeater';
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import type { EventHub } from '../pubsub/hub';
import type { EventsNotification } from '../pubsub/channels';

export interface TimelineRow {
  sequence: string;
  organization_id: string;
  crisis_id: string;
  brand_id: string;
  type: string;
  from_state: string | null;
  to_state: string | null;
  actor: string | null;
  payload: Record<string, unknown> | null;
  occurred_at: Date;
}

export const TIMELINE_COLUMNS = 'sequence::text AS sequence, organization_id, crisis_id, brand_id, type, from_state, to_state, actor, payload, occurred_at';

const REPLAY_BATCH = 200;
/** Sequences remembered per organization-wide stream to drop what a catch-up and a notification both bring. */
const DELIVERED_MEMORY = 2000;
/**
 * How far below the highest delivered sequence a catch-up looks again. A row with a lower sequence than one already
 * delivered can commit later (sequences are drawn at insert); our writes are single short statements, so such rows
 * are close behind. Everything in the window that was delivered is in `seen` and dropped.
 */
const CATCH_UP_OVERLAP = 1000;
/** Notifications a slow subscriber may have waiting; past that they are dropped for one catch-up from the table. */
const MAX_QUEUED = 1000;

/**
 * Every event of one crisis after `afterSequence` (or after now), replayed then live. Per crisis, sequences
 * follow commit order (rows are written by the statement whose version-guarded UPDATE holds the crisis row's lock
 * until commit), so reading "sequence > last seen" after each wake-up has no gap and no duplicate, also while events arrive during the replay: the listener is
 * registered before the first read.
 */
export function crisisEventStream(
  dataSource: DataSource, hub: EventHub, organizationId: string, crisisId: string, afterSequence: string | null,
): AsyncIterableIterator<TimelineRow> {
  return new Repeater<TimelineRow>(async (push, stop) => {
    let dirty = true;
    let wake: (() => void) | null = null;
    const nudge = () => {
      dirty = true;
      wake?.();
    };
    const unlisten = hub.listen({
      onEvents: (n) => {
        if (n.c === crisisId && n.o === organizationId) nudge();
      },
      onResync: nudge,
    });
    let stopped = false;
    void stop.then(() => {
      stopped = true;
      wake?.();
    });
    try {
      let last = afterSequence;
      if (last === null) {
        const [row] = await query<{ last: string | null }>(
          dataSource, `SELECT max(sequence)::text AS last FROM crisis_event WHERE crisis_id = $1 AND organization_id = $2`, [crisisId, organizationId],
        );
        last = row?.last ?? '0';
      }
      while (!stopped) {
        if (!dirty) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        if (stopped) break;
        dirty = false;
        for (;;) {
          const rows: TimelineRow[] = await query<TimelineRow>(
            dataSource,
            `SELECT ${TIMELINE_COLUMNS} FROM crisis_event
             WHERE crisis_id = $1 AND organization_id = $2 AND sequence > $3 ORDER BY crisis_event.sequence LIMIT ${REPLAY_BATCH}`,
            [crisisId, organizationId, last],
          );
          for (const row of rows) {
            if (stopped) break;
            await push(row);
            last = row.sequence;
          }
          if (rows.length < REPLAY_BATCH || stopped) break;
        }
      }
    } catch (error) {
      stop(error);
    } finally {
      unlisten();
    }
  });
}

/**
 * The rows a notification names, read once per process however many subscribers it wakes: the hub hands the same
 * notification object to every listener. Measured (bench:fanout): one read per subscriber made 1,000 subscribers
 * of one process wait seconds for a single event behind the pool.
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

export interface OrganizationStreamFilter {
  organizationId: string;
  brandId: string | null;
  types: readonly string[];
}

/**
 * Organization-wide timeline events of some types, live, in commit order (the order notifications arrive).
 * Across crises a sequence can commit after a higher one, so live delivery follows the notifications rather
 * than "sequence > last"; only after a lost LISTEN connection does it catch up from the table by sequence.
 */
export function organizationEventStream(dataSource: DataSource, hub: EventHub, filter: OrganizationStreamFilter): AsyncIterableIterator<TimelineRow> {
  const matches = (n: EventsNotification) =>
    n.o === filter.organizationId && (filter.brandId === null || n.b === filter.brandId) && n.t.some((t) => filter.types.includes(t));

  return new Repeater<TimelineRow>(async (push, stop) => {
    const queue: Array<EventsNotification | 'resync'> = [];
    let wake: (() => void) | null = null;
    const enqueue = (item: EventsNotification | 'resync') => {
      if (queue.length >= MAX_QUEUED) {
        queue.length = 0;
        queue.push('resync');
      } else {
        queue.push(item);
      }
      wake?.();
    };
    const unlisten = hub.listen({ onEvents: (n) => matches(n) && enqueue(n), onResync: () => enqueue('resync') });
    let stopped = false;
    void stop.then(() => {
      stopped = true;
      wake?.();
    });
    const delivered: string[] = [];
    const seen = new Set<string>();
    const remember = (sequence: string) => {
      seen.add(sequence);
      delivered.push(sequence);
      if (delivered.length > DELIVERED_MEMORY) seen.delete(delivered.shift()!);
    };
    let highest = '0';
    /** Everything of interest after the highest delivered sequence (with an overlap, see CATCH_UP_OVERLAP), page by page. */
    const catchUp = async (): Promise<TimelineRow[]> => {
      const all: TimelineRow[] = [];
      let from = String(BigInt(highest) > BigInt(CATCH_UP_OVERLAP) ? BigInt(highest) - BigInt(CATCH_UP_OVERLAP) : 0n);
      for (;;) {
        const page = await query<TimelineRow>(
          dataSource,
          `SELECT ${TIMELINE_COLUMNS} FROM crisis_event
           WHERE organization_id = $1 AND sequence > $2 AND type = ANY($3) AND ($4::uuid IS NULL OR brand_id = $4)
           ORDER BY crisis_event.sequence LIMIT ${REPLAY_BATCH}`,
          [filter.organizationId, from, filter.types, filter.brandId],
        );
        all.push(...page.filter((row) => !seen.has(row.sequence)));
        if (page.length < REPLAY_BATCH) return all;
        from = page[page.length - 1].sequence;
      }
    };
    try {
      const [row] = await query<{ last: string | null }>(
        dataSource, `SELECT max(sequence)::text AS last FROM crisis_event WHERE organization_id = $1`, [filter.organizationId],
      );
      highest = row?.last ?? '0';
      while (!stopped) {
        if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        const item = queue.shift();
        if (!item || stopped) continue;
        const rows = item === 'resync' ? await catchUp() : (await rowsOf(dataSource, item)).filter((row) => filter.types.includes(row.type));
        for (const event of rows) {
          if (seen.has(event.sequence)) continue;
          remember(event.sequence);
          if (BigInt(event.sequence) > BigInt(highest)) highest = event.sequence;
          await push(event);
        }
      }
    } catch (error) {
      stop(error);
    } finally {
      unlisten();
    }
  });
}

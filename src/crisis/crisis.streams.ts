// Subscription streams over the timeline table, woken by the process's LISTEN hub.
import { Repeater } from '@repeaterjs/repeater';
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import type { EventHub } from '../pubsub/hub';

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

/** Rows per read when a stream replays or catches up from the table. */
export const REPLAY_BATCH = 200;

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

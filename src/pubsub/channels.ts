// Postgres NOTIFY channels. Payloads are wake-ups with ids, far under Postgres's 8000-byte limit.
/**
 * One notification per committed write: `{"o": org, "c": crisis, "b": brand, "s": [sequence…], "t": [type…],
 * "d": earliest due time of the timers it scheduled, or null}` — wakes subscribers and, through "d", idle timer workers.
 */
export const EVENTS_CHANNEL = 'crisis_desk_events';

export interface EventsNotification {
  o: string;
  c: string;
  b: string;
  s: string[];
  t: string[];
  d?: string | null;
}

// Postgres NOTIFY channels. Payloads are wake-ups with ids, far under Postgres's 8000-byte limit.
/** `{"o": org, "c": crisis, "b": brand, "s": [sequence…], "t": [type…]}` for every committed timeline write. */
export const EVENTS_CHANNEL = 'crisis_desk_events';
/** The earliest due time among timers a transaction scheduled, so idle workers wake early enough. */
export const TIMERS_CHANNEL = 'crisis_desk_timers';

export interface EventsNotification {
  o: string;
  c: string;
  b: string;
  s: string[];
  t: string[];
}

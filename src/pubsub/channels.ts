// Postgres NOTIFY channels. Payloads are wake-ups with ids, far under Postgres's 8000-byte limit.
/**
 * One notification per committed write: `{"o": org, "c": crisis, "b": brand, "v": the crisis's version after it,
 * "s": [sequence…], "t": [type…], "d": earliest due time of the timers it scheduled, or null}` — wakes subscribers,
 * idle timer workers (through "d"), and drops outdated crisis snapshots (through "v").
 */
export const EVENTS_CHANNEL = 'crisis_desk_events';

export interface EventsNotification {
  o: string;
  c: string;
  b: string;
  v?: number;
  s: string[];
  t: string[];
  d?: string | null;
}

/** A token was revoked: `{"o": org, "t": token id}` — every process forgets its cached lookups and closes its websockets. */
export const TOKENS_CHANNEL = 'crisis_desk_tokens';

export interface TokenRevokedNotification {
  o: string;
  t: string;
}

// Postgres NOTIFY channels. Payloads are wake-ups with ids, far under Postgres's 8000-byte limit.
/**
 * One notification per committed write: `{"o": org, "c": crisis, "b": brand, "v": the crisis's version after it,
 * "s": [sequence…], "t": [type…], "w": when it was sent (ms, database clock; for the notification lag metric), "d": earliest due
 * time of the timers it scheduled, or null}` — wakes subscribers, idle timer workers (through "d"), and drops outdated crisis
 * snapshots (through "v").
 */
export const EVENTS_CHANNEL = 'crisis_desk_events';

export interface EventsNotification {
  o: string;
  c: string;
  b: string;
  v?: number;
  s: string[];
  t: string[];
  w?: number;
  d?: string | null;
}

/** A token was revoked: `{"o": org, "t": token id}` — every process forgets its cached lookups and closes its websockets. */
export const TOKENS_CHANNEL = 'crisis_desk_tokens';

export interface TokenRevokedNotification {
  o: string;
  t: string;
}

/**
 * The reply queue of a crisis changed: `{"o": org, "c": crisis, "m": mention, "k": CLAIMED|RELEASED|REPLIED|SKIPPED,
 * "by": agent, "at": ISO time, "x": the claim's expiry (CLAIMED) or null}`. Sent in the transaction that made the
 * change, so only committed changes are heard (claims are not timeline events: this is their only path).
 */
export const REPLIES_CHANNEL = 'crisis_desk_replies';

export interface ReplyQueueNotification {
  o: string;
  c: string;
  m: string;
  k: 'CLAIMED' | 'RELEASED' | 'REPLIED' | 'SKIPPED';
  by: string;
  at: string;
  x: string | null;
}

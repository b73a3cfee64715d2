// When a failed delivery is tried again, pure: exponential back-off with jitter over about three days, Retry-After
// honoured, and which answers are worth another attempt at all.

/** Delays before attempts 2, 3, … (seconds): about three days in all, then the delivery is FAILED. */
export const RETRY_DELAYS_SECONDS = [5, 30, 120, 600, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 12 * 3600, 12 * 3600, 12 * 3600, 12 * 3600, 12 * 3600];
/** Attempts in all, the first included. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** A Retry-After is honoured up to this long. */
const MAX_RETRY_AFTER_SECONDS = 24 * 3600;

/** How an attempt ended: a status code, or no answer in time / no connection. */
export type AttemptOutcome = { kind: 'answered'; status: number; retryAfter: string | null } | { kind: 'timeout' } | { kind: 'network'; message: string };

export type Verdict =
  | { action: 'delivered' }
  /** The endpoint asked to be forgotten (410 Gone): disabled, and this delivery FAILED. */
  | { action: 'disable' }
  | { action: 'retry'; delayMs: number }
  | { action: 'give-up' };

/** Whether the answer is one we try again: no answer, a 5xx or a 429. Other 4xx mean the request itself is refused. */
export function isRetryable(outcome: AttemptOutcome): boolean {
  return outcome.kind !== 'answered' || outcome.status === 429 || outcome.status >= 500;
}

/** Retry-After in seconds (a number of seconds or an HTTP date), or null when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * What to do after attempt number `attempts` (1 for the first) ended with `outcome`. The delay is the schedule's,
 * ±20 % jitter (so endpoints back from an outage are not hit by every process at once), or the endpoint's
 * Retry-After when longer (up to a day); `scale` shortens the whole schedule (tests).
 */
export function judgeAttempt(outcome: AttemptOutcome, attempts: number, now: number, random: () => number, scale = 1): Verdict {
  if (outcome.kind === 'answered' && outcome.status >= 200 && outcome.status < 300) return { action: 'delivered' };
  if (outcome.kind === 'answered' && outcome.status === 410) return { action: 'disable' };
  if (!isRetryable(outcome) || attempts >= MAX_ATTEMPTS) return { action: 'give-up' };
  const scheduled = RETRY_DELAYS_SECONDS[attempts - 1] * (0.8 + 0.4 * random());
  const asked = outcome.kind === 'answered' ? retryAfterSeconds(outcome.retryAfter, now) : null;
  const seconds = Math.max(scheduled, Math.min(asked ?? 0, MAX_RETRY_AFTER_SECONDS));
  return { action: 'retry', delayMs: Math.round(seconds * 1000 * scale) };
}

// Follower-swing detection, pure: an account's change of followers over the last window against its own history of changes.
import { NEAR_MS, isBaselineWindow, isMoreSevere, madSpread, median, severityOf, type Signal } from './detector';
import { DAY_MS } from './series';

/** One count of an account's followers at an instant (ms since the epoch). */
export interface FollowerSample {
  at: number;
  followers: number;
}

export interface FollowerSwingSettings {
  /** The span a change is measured over (FOLLOWER_WINDOW_MS by default). */
  windowMs: number;
  /** How many past days the history of changes looks at (the brand's `baselineDays`). */
  baselineDays: number;
  /** Robust z-score (median/MAD) a change must reach, either way (the brand's `threshold`). */
  threshold: number;
}

/** A swing: the signal (observed = change over the window, baseline = typical change, score = |robust z|) and its window. */
export interface FollowerSwing {
  signal: Signal;
  windowStart: number;
  windowEnd: number;
}

export const FOLLOWER_WINDOW_MS = 60 * 60_000;
/** Changes of history the window must be judged against: fewer (about two days of hourly windows) and we learn, not page. */
export const MIN_HISTORY_WINDOWS = 12;
/** The smallest spread a change is measured in, in followers: a tiny account's ±2 is noise. */
export const ABSOLUTE_FLOOR = 5;
/** …and as a share of the account's size: on 100k followers a spread under 200 is not believed (5σ ≈ 1 %). */
export const RELATIVE_FLOOR = 0.002;

/** Followers at time t, interpolated linearly between the samples around it; null outside the samples' span. */
function levelAt(samples: FollowerSample[], t: number): number | null {
  if (samples.length === 0 || t < samples[0].at || t > samples[samples.length - 1].at) return null;
  let lo = 0;
  let hi = samples.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (samples[mid].at <= t) lo = mid;
    else hi = mid;
  }
  const a = samples[lo];
  const b = samples[hi];
  if (t <= a.at || a.at === b.at) return a.followers;
  return a.followers + ((b.followers - a.followers) * (t - a.at)) / (b.at - a.at);
}

/** Change of followers over the window ending at t; null when the samples do not cover it. */
function changeOver(samples: FollowerSample[], t: number, windowMs: number): number | null {
  const start = levelAt(samples, t - windowMs);
  const end = levelAt(samples, t);
  return start === null || end === null ? null : end - start;
}

/** The robust z of the window ending at t (both ways), or null when the history is too short to judge it. */
function judge(samples: FollowerSample[], t: number, settings: FollowerSwingSettings): { observed: number; baseline: number; z: number } | null {
  const { windowMs } = settings;
  const observed = changeOver(samples, t, windowMs);
  if (observed === null) return null;
  // The same windows as the mention detector's baseline: the trailing 2 h and the same time of day ± 2 h on past
  // days, so a daily rhythm (gains by day, losses by night) is judged against itself.
  const history: number[] = [];
  const maxK = Math.floor((settings.baselineDays * DAY_MS + NEAR_MS) / windowMs);
  for (let k = 1; k <= maxK; k++) {
    if (!isBaselineWindow(k, windowMs)) continue;
    const change = changeOver(samples, t - k * windowMs, windowMs);
    if (change !== null) history.push(change);
  }
  if (history.length < MIN_HISTORY_WINDOWS) return null;
  const baseline = median(history);
  const size = levelAt(samples, t - windowMs) ?? 0;
  const spread = Math.max(madSpread(history, baseline), ABSOLUTE_FLOOR, RELATIVE_FLOOR * size);
  return { observed, baseline, z: (observed - baseline) / spread };
}

/** Known and added samples in one series by time; at the same instant the added sample wins. */
function mergeSamples(known: FollowerSample[], added: FollowerSample[]): FollowerSample[] {
  const byTime = new Map<number, number>();
  for (const s of known) byTime.set(s.at, s.followers);
  for (const s of added) byTime.set(s.at, s.followers);
  return [...byTime].map(([at, followers]) => ({ at, followers })).sort((a, b) => a.at - b.at);
}

interface Firing {
  t: number;
  observed: number;
  baseline: number;
  z: number;
  isNew: boolean;
}

/**
 * The follower swings of one account that the added samples reveal: the window ending at each added sample is judged
 * against the account's history; firing windows that overlap or touch and go the same way are one swing, reported once
 * at its strongest. A swing already under way before these samples (its firing windows reach back into known samples) is
 * reported again only when it grows more severe. Without enough history nothing fires.
 */
export function detectFollowerSwings(known: FollowerSample[], added: FollowerSample[], settings: FollowerSwingSettings): FollowerSwing[] {
  if (added.length === 0) return [];
  const samples = mergeSamples(known, added);
  const addedAt = new Set(added.map((s) => s.at));
  const firstAdded = Math.min(...addedAt);
  // Known samples just before the first added one say whether a swing was already firing (and was reported then).
  const points = samples.filter((s) => addedAt.has(s.at) || (s.at >= firstAdded - settings.windowMs && s.at < firstAdded));

  const episodes: Firing[][] = [];
  let current: Firing[] | null = null;
  for (const { at: t } of points) {
    const judged = judge(samples, t, settings);
    const fires = judged !== null && Math.abs(judged.z) >= settings.threshold;
    if (!fires) {
      current = null;
      continue;
    }
    const firing: Firing = { t, ...judged, isNew: addedAt.has(t) };
    const last = current?.[current.length - 1];
    if (current && last && t - settings.windowMs <= last.t && Math.sign(last.z) === Math.sign(firing.z)) current.push(firing);
    else episodes.push((current = [firing]));
  }

  const swings: FollowerSwing[] = [];
  for (const episode of episodes) {
    const fresh = episode.filter((f) => f.isNew);
    if (fresh.length === 0) continue;
    const strongest = fresh.reduce((a, b) => (Math.abs(b.z) > Math.abs(a.z) ? b : a));
    const before = episode.filter((f) => !f.isNew);
    if (before.length) {
      const reported = before.reduce((a, b) => (Math.abs(b.z) > Math.abs(a.z) ? b : a));
      if (!isMoreSevere(severityOf(Math.abs(strongest.z), settings.threshold), severityOf(Math.abs(reported.z), settings.threshold))) continue;
    }
    swings.push({
      signal: { metric: 'FOLLOWER_SWING', observed: strongest.observed, baseline: strongest.baseline, score: Math.abs(strongest.z) },
      windowStart: strongest.t - settings.windowMs,
      windowEnd: strongest.t,
    });
  }
  return swings;
}

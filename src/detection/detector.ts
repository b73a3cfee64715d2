// Spike detection, pure: the recent window of a brand's mentions against its own baseline, on several signals.
import { SEVERITIES, type Severity } from '../crisis/machine';
import { DAY_MS } from './series';

/** The burst detector's signals: one short window against the baseline. */
export const BURST_SIGNALS = ['NEGATIVE_MENTIONS', 'NEGATIVE_SHARE', 'SENTIMENT', 'REACH_NEGATIVITY'] as const;
export type BurstMetric = (typeof BURST_SIGNALS)[number];
/** The drift detector's signals: a slow build-up against the same time of day (src/detection/drift.ts). */
export const DRIFT_SIGNALS = ['NEGATIVE_SHARE_DRIFT', 'NEGATIVE_VOLUME_DRIFT'] as const;
/** Every signal a brand can have on or off; FOLLOWER_SWING is the audience signal (src/detection/followers.ts). */
export const SIGNALS = [...BURST_SIGNALS, ...DRIFT_SIGNALS, 'FOLLOWER_SWING'] as const;
export type SignalMetric = (typeof SIGNALS)[number];

/** Sums over one window of the brand's mentions. */
export interface WindowStats {
  total: number;
  negative: number;
  sentimentSum: number;
  negativeReach: number;
}

export interface DetectionSettings {
  /** Length of the recent window compared with the baseline. */
  windowMinutes: number;
  /** How many past days the baseline looks at (same time of day ± 2 h, plus the trailing 2 h). */
  baselineDays: number;
  /**
   * Negative mentions the window must hold beyond the brand's usual high (the 90th percentile of its baseline windows)
   * before the volume, share or sentiment signals fire: a handful of angry posts on a quiet brand page no one.
   */
  minNegativeMentions: number;
  /** Negative reach the window must hold before REACH_NEGATIVITY fires: one post seen by this many can page on its own. */
  minNegativeReach: number;
  /** Robust z-score (median/MAD) a signal must reach. */
  threshold: number;
  /** A spike whose window ended longer ago than this when it reached us (late data, an import) is recorded, not paged. */
  alertHorizonMinutes: number;
  signals: Record<SignalMetric, boolean>;
}

export const DEFAULT_DETECTION: DetectionSettings = {
  windowMinutes: 15,
  baselineDays: 7,
  minNegativeMentions: 10,
  minNegativeReach: 100_000,
  threshold: 5,
  alertHorizonMinutes: 360,
  signals: Object.fromEntries(SIGNALS.map((s) => [s, true])) as Record<SignalMetric, boolean>,
};

export interface Signal {
  metric: SignalMetric;
  observed: number;
  baseline: number;
  /** Robust z-score: how many (MAD-based) standard deviations above the baseline. */
  score: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** 1.4826 × the median absolute deviation from `center`: the standard deviation's robust stand-in (every detector's). */
export function madSpread(values: number[], center: number): number {
  return 1.4826 * median(values.map((v) => Math.abs(v - center)));
}

/**
 * Median and a robust spread (1.4826 × MAD), floored: a flat history (MAD 0) must not make any wiggle infinite.
 * `floor` is the smallest spread that counts as noise for this metric at this level.
 */
function robust(values: number[], floor: (median: number) => number): { median: number; spread: number } {
  const m = median(values);
  return { median: m, spread: Math.max(madSpread(values, m), floor(m)) };
}

/** Standard deviation of one mention's sentiment in a typical mixed stream: the noise of a mean of n of them. */
const SENTIMENT_SD = 0.5;

/** Per-signal value of a window; null when the window has too little volume for that signal to mean anything. */
const VALUE: Record<BurstMetric, (w: WindowStats) => number | null> = {
  NEGATIVE_MENTIONS: (w) => w.negative,
  NEGATIVE_SHARE: (w) => (w.total > 0 ? w.negative / w.total : null),
  // Lower is worse: negated so that, like the others, a spike is a rise.
  SENTIMENT: (w) => (w.total > 0 ? -w.sentimentSum / w.total : null),
  REACH_NEGATIVITY: (w) => w.negativeReach,
};

/**
 * Noise floors, from sampling error at the current window's volume: Poisson for counts, binomial for the share,
 * the standard error of a mean for sentiment; reach is heavy-tailed, so its floor is wide.
 */
const FLOOR: Record<BurstMetric, (median: number, current: WindowStats) => number> = {
  NEGATIVE_MENTIONS: (m) => Math.sqrt(m) + 1,
  NEGATIVE_SHARE: (m, w) => Math.sqrt((m * (1 - m)) / Math.max(w.total, 1)) + 0.005,
  SENTIMENT: (_m, w) => SENTIMENT_SD / Math.sqrt(Math.max(w.total, 1)) + 0.01,
  // Reach is heavy-tailed (a few accounts carry most of it): only a multiple of the usual level is news.
  REACH_NEGATIVITY: (m) => 0.5 * m + 1000,
};

/**
 * The Freeman–Tukey deviate of a count x against its expectation e: √x + √(x+1) − √(4e+1), about N(0, 1) for Poisson
 * and binomial counts even when e is small, where (x − e)/√e — the normal approximation — overstates an upper tail
 * (14 negatives of 44 expected at 8 % scores 5.8 that way, 3.7 here; its exact binomial tail, 5·10⁻⁶, is a 4.4 σ event).
 * The share signal of a small window is capped by it, so a handful of extra negatives on a quiet page is not 5 σ.
 */
export function countDeviate(x: number, e: number): number {
  return Math.sqrt(x) + Math.sqrt(x + 1) - Math.sqrt(4 * e + 1);
}

/** The 90th percentile of the baseline windows' negatives: what the brand's busier windows hold, noise included. */
export function usualHighNegatives(history: WindowStats[]): number {
  if (history.length === 0) return 0;
  const sorted = history.map((w) => w.negative).sort((a, b) => a - b);
  return sorted[Math.floor(0.9 * (sorted.length - 1))];
}

/**
 * Whether the window holds enough for the signal to mean anything: for the mention signals, minNegativeMentions more
 * negatives than the brand's usual high, so a few posts on a quiet page (a blip, a Poisson tail of its background) are
 * not a crisis however many standard deviations they make; on a brand with no negatives usually, simply that many.
 */
function hasVolume(metric: BurstMetric, w: WindowStats, usualHigh: number, settings: DetectionSettings): boolean {
  return metric === 'REACH_NEGATIVITY' ? w.negativeReach >= settings.minNegativeReach : w.negative - usualHigh >= settings.minNegativeMentions;
}

/**
 * The strongest signal of the current window that reaches the threshold, or null. A signal does not fire below its
 * minimum volume, and nothing fires without a baseline (a brand with no history yet is learned first, not paged on).
 */
export function detectSpike(current: WindowStats, history: WindowStats[], settings: DetectionSettings): Signal | null {
  if (history.length === 0) return null;
  let best: Signal | null = null;
  const usualHigh = usualHighNegatives(history);
  for (const metric of BURST_SIGNALS) {
    if (!settings.signals[metric] || !hasVolume(metric, current, usualHigh, settings)) continue;
    const observed = VALUE[metric](current);
    const past = history.map(VALUE[metric]).filter((v): v is number => v !== null);
    if (observed === null || past.length === 0) continue;
    const { median: baseline, spread } = robust(past, (m) => FLOOR[metric](m, current));
    let score = (observed - baseline) / spread;
    if (metric === 'NEGATIVE_SHARE') score = Math.min(score, countDeviate(current.negative, current.total * baseline));
    if (score >= settings.threshold && (!best || score > best.score)) {
      best = { metric, observed: metric === 'SENTIMENT' ? -observed : observed, baseline: metric === 'SENTIMENT' ? -baseline : baseline, score };
    }
  }
  return best;
}

/** How bad a spike is, from how far above threshold it scores. */
export function severityOf(score: number, threshold: number): Severity {
  const ratio = score / threshold;
  if (ratio >= 4) return 'CRITICAL';
  if (ratio >= 2.5) return 'HIGH';
  if (ratio >= 1.5) return 'MEDIUM';
  return 'LOW';
}

export function isMoreSevere(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) > SEVERITIES.indexOf(b);
}

/** The baseline takes the trailing 2 h and, on each past day, the same time of day ± 2 h (daily seasonality). */
export const NEAR_MS = 2 * 3600_000;

/**
 * Whether the window k windows before the current one belongs to the baseline: one of the trailing 2 h, or within
 * 2 h of the same time of day on a past day.
 */
export function isBaselineWindow(k: number, windowMs: number): boolean {
  const ago = k * windowMs;
  const sinceDay = ago % DAY_MS;
  return k >= 1 && (ago <= NEAR_MS || (ago >= DAY_MS - NEAR_MS && (sinceDay <= NEAR_MS || sinceDay >= DAY_MS - NEAR_MS)));
}

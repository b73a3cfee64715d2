// Listening metrics against the pre-crisis baseline, pure: what each metric is over a window of minute buckets, and
// when it is "within P % of baseline". Recovery tracking and playbook exit criteria judge with these same rules.

export const LISTENING_METRICS = ['NEGATIVE_SHARE', 'SENTIMENT', 'NEGATIVE_PER_HOUR'] as const;
export type ListeningMetric = (typeof LISTENING_METRICS)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Rounding noise of sums of float4 sentiments: a value this close to its limit is on it. */
const EPSILON = 1e-9;

/** Sums over a span of minute buckets (mention_bucket's columns). */
export interface Sums {
  total: number;
  negative: number;
  sentimentSum: number;
}

/** The three metrics; null where they cannot be told (too few mentions, no baseline). */
export interface MetricValues {
  negativeShare: number | null;
  sentiment: number | null;
  negativePerHour: number | null;
}

export type Verdict = 'within' | 'out' | 'unknown';

const FIELD: Record<ListeningMetric, keyof MetricValues> = {
  NEGATIVE_SHARE: 'negativeShare',
  SENTIMENT: 'sentiment',
  NEGATIVE_PER_HOUR: 'negativePerHour',
};

export function valueOf(values: MetricValues, metric: ListeningMetric): number | null {
  return values[FIELD[metric]];
}

/**
 * A window's metrics. Negative mentions per hour are always known (a silent hour has none); the share and the mean
 * sentiment need at least `minMentions` mentions in the window, or they are unknown rather than noise.
 */
export function windowValues(sums: Sums, spanMs: number, minMentions: number): MetricValues {
  const enough = sums.total > 0 && sums.total >= minMentions;
  return {
    negativeShare: enough ? sums.negative / sums.total : null,
    sentiment: enough ? sums.sentimentSum / sums.total : null,
    negativePerHour: (sums.negative * HOUR) / spanMs,
  };
}

/** The baseline's metrics (Crisis.metrics' baseline): unknown altogether when the brand had no mention in it. */
export function baselineValues(sums: { total: number; negative: number; sentimentSum: number | null }, spanMs: number): MetricValues {
  if (sums.total === 0) return { negativeShare: null, sentiment: null, negativePerHour: null };
  return {
    negativeShare: sums.negative / sums.total,
    sentiment: sums.sentimentSum === null ? null : sums.sentimentSum / sums.total,
    negativePerHour: (sums.negative * HOUR) / spanMs,
  };
}

/**
 * The worst value still "within P % of baseline". Volume and share are worse when higher: baseline × (1 + P/100).
 * Sentiment is worse when lower, and a percentage of a mean near 0 (or below it) means nothing, so it is taken on
 * the 0..1 scale q = (s + 1) / 2: q ≥ q₀ × (1 − P/100), that is s ≥ (s₀ + 1)(1 − P/100) − 1.
 */
export function limitOf(metric: ListeningMetric, target: number | null, percent: number): number | null {
  if (target === null) return null;
  if (metric === 'SENTIMENT') return (target + 1) * (1 - percent / 100) - 1;
  return target * (1 + percent / 100);
}

/**
 * The limits of a brand judged over windows of `windowMs`. One negative mention per window is always tolerated: a
 * count is never finer than one mention, and without this floor a baseline with no negative mention (or less than one
 * per window) has limits b × (1 + P/100) below one mention, so a single negative mention would be "out" and the brand
 * could never be back. Per hour the floor is 60 / windowMinutes; for the share it depends on the window's own
 * mentions (one of them), so it is applied per window by `windowLimits`. A baseline of one negative mention per window
 * or more is never loosened by it.
 */
export function limitsOf(target: MetricValues, percent: number, windowMs: number): MetricValues {
  const perHour = limitOf('NEGATIVE_PER_HOUR', target.negativePerHour, percent);
  return {
    negativeShare: limitOf('NEGATIVE_SHARE', target.negativeShare, percent),
    sentiment: limitOf('SENTIMENT', target.sentiment, percent),
    negativePerHour: perHour === null ? null : Math.max(perHour, HOUR / windowMs),
  };
}

/** The limits one window is judged by: its share's limit is never below one negative mention of its mentions. */
export function windowLimits(limits: MetricValues, sums: Sums): MetricValues {
  if (limits.negativeShare === null || sums.total === 0) return limits;
  return { ...limits, negativeShare: Math.max(limits.negativeShare, 1 / sums.total) };
}

/**
 * What the API shows of a metric: 4 decimals. Sentiments are stored as float4, so their sums carry noise
 * (0.4000000059604645); the judgement itself uses the unrounded values.
 */
export function roundMetric(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10_000) / 10_000;
}

export function roundedValues(values: MetricValues): MetricValues {
  return { negativeShare: roundMetric(values.negativeShare), sentiment: roundMetric(values.sentiment), negativePerHour: roundMetric(values.negativePerHour) };
}

/** One metric's verdict: unknown when the value or the baseline is. Being better than the baseline is within. */
export function verdictOf(metric: ListeningMetric, value: number | null, limit: number | null): Verdict {
  if (value === null || limit === null) return 'unknown';
  const ok = metric === 'SENTIMENT' ? value >= limit - EPSILON : value <= limit + EPSILON;
  return ok ? 'within' : 'out';
}

/** All three at once: out if any is out, within only when all are within. */
export function overallVerdict(values: MetricValues, limits: MetricValues): Verdict {
  const verdicts = LISTENING_METRICS.map((m) => verdictOf(m, valueOf(values, m), valueOf(limits, m)));
  if (verdicts.includes('out')) return 'out';
  return verdicts.every((v) => v === 'within') ? 'within' : 'unknown';
}

/** A minute bucket as stored (bucket_start in ms). */
export interface MinuteBucket extends Sums {
  start: number;
}

/**
 * A brand's minute buckets over [from, to) with prefix sums, so the trailing window ending at any minute costs O(1).
 * "The window at step t" is the buckets of [t − window, t): a step is the end of its window, on a minute boundary.
 */
export class MinuteSeries {
  private readonly total: Float64Array;
  private readonly negative: Float64Array;
  private readonly sentiment: Float64Array;

  constructor(readonly from: number, readonly to: number, buckets: MinuteBucket[]) {
    const n = Math.max(0, Math.round((to - from) / MINUTE));
    this.total = new Float64Array(n + 1);
    this.negative = new Float64Array(n + 1);
    this.sentiment = new Float64Array(n + 1);
    for (const b of buckets) {
      const i = Math.round((b.start - from) / MINUTE);
      if (i < 0 || i >= n) continue;
      this.total[i + 1] += b.total;
      this.negative[i + 1] += b.negative;
      this.sentiment[i + 1] += b.sentimentSum;
    }
    for (let i = 1; i <= n; i++) {
      this.total[i] += this.total[i - 1];
      this.negative[i] += this.negative[i - 1];
      this.sentiment[i] += this.sentiment[i - 1];
    }
  }

  /** Sums over [start, end), both clamped to the loaded span. */
  sums(start: number, end: number): Sums {
    const index = (t: number) => Math.min(this.total.length - 1, Math.max(0, Math.round((t - this.from) / MINUTE)));
    const a = index(start);
    const b = index(end);
    return { total: this.total[b] - this.total[a], negative: this.negative[b] - this.negative[a], sentimentSum: this.sentiment[b] - this.sentiment[a] };
  }
}

/** How a series is judged: the trailing window's length, the evidence a share or sentiment needs, the limits. */
export interface Judge {
  windowMs: number;
  minMentions: number;
  limits: MetricValues;
}

/** The sums of the trailing window ending at `step`. */
export function windowAt(series: MinuteSeries, judge: Judge, step: number): Sums {
  return series.sums(step - judge.windowMs, step);
}

export function valuesAt(series: MinuteSeries, judge: Judge, step: number): MetricValues {
  return windowValues(windowAt(series, judge, step), judge.windowMs, judge.minMentions);
}

/** The limits the window ending at `step` is judged by (see windowLimits). */
export function limitsAt(series: MinuteSeries, judge: Judge, step: number): MetricValues {
  return windowLimits(judge.limits, windowAt(series, judge, step));
}

/** The verdict at a step: all three metrics, or only `metric` (an exit criterion). */
export function verdictAt(series: MinuteSeries, judge: Judge, step: number, metric?: ListeningMetric): Verdict {
  const sums = windowAt(series, judge, step);
  const values = windowValues(sums, judge.windowMs, judge.minMentions);
  const limits = windowLimits(judge.limits, sums);
  return metric ? verdictOf(metric, valueOf(values, metric), valueOf(limits, metric)) : overallVerdict(values, limits);
}

/**
 * The first step of the unbroken run of 'within' steps that ends at `end` (minute by minute, back to `floor` at the
 * earliest): "within tolerance since". Null when the step at `end` is not within. `reachedFloor` says the run may go on
 * before what was looked at.
 */
export function withinSince(
  series: MinuteSeries, judge: Judge, end: number, floor: number, metric?: ListeningMetric,
): { since: number | null; reachedFloor: boolean } {
  let since: number | null = null;
  for (let t = end; t >= floor; t -= MINUTE) {
    if (verdictAt(series, judge, t, metric) !== 'within') return { since, reachedFloor: false };
    since = t;
  }
  return { since, reachedFloor: since !== null };
}

/** The first step in [from, to] whose verdict is 'out', or null. */
export function firstOut(series: MinuteSeries, judge: Judge, from: number, to: number): number | null {
  for (let t = from; t <= to; t += MINUTE) if (verdictAt(series, judge, t) === 'out') return t;
  return null;
}

export const floorMinute = (ms: number): number => Math.floor(ms / MINUTE) * MINUTE;
export { MINUTE };

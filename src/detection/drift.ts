// The drift detector, pure: a slow build-up of negative mentions (share or volume) that no single short window shows.
// A one-sided CUSUM over the last DRIFT_SPAN of windows, each standardised against the SAME TIME OF DAY on past days —
// a baseline a build-up cannot drag along, unlike the trailing hours. docs/detection.md gives the statistics.
import { DAY_MS, type MinuteSeries } from './series';
import { madSpread, median, type DetectionSettings, type Signal } from './detector';

/** How far back the CUSUM looks: a build-up of up to about this long is judged as one. */
export const DRIFT_SPAN_MS = 6 * 3600_000;
/** Same-time-of-day band on each past day: ± this many windows around the window's own time. */
export const DRIFT_BAND_WINDOWS = 4;
/** CUSUM allowance (k, in standard deviations) and decision interval (h): a sustained 1 σ rise alarms in about h / (1 - k) windows. */
export const DRIFT_K = 0.5;
export const DRIFT_H = 10;
/**
 * One window adds at most this much (winsorised): a blip cannot alarm alone, nor three blips of a quiet afternoon with
 * noise between them (3 let them, 1.5 % of the bench's tiny-blip streams); drift needs at least h / (2 - k) ≈ 7 windows.
 */
const MAX_STEP = 2;
/** Past days with data the baseline needs before drift can fire. */
const MIN_DAYS = 2;

interface DayBaseline {
  share: number;
  negativesPerWindow: number;
  /** Mentions in the day's band: how much the baseline's share rests on. */
  total: number;
}

/**
 * How many standard errors the run's excess must stand above what it expected, counting the baseline's own sampling
 * error: a baseline read from two or three days' bands is itself uncertain, and that error is the same for every window
 * of the run (their bands overlap), so it adds up instead of averaging out — the CUSUM alone cannot see it.
 */
const RUN_Z = 5;
/** A window adds at most this many of its standard deviations to the run's excess for RUN_Z: blips are held to it. */
const STEADY_STEP = 3;

/**
 * Spread across days, robust (1.4826 × MAD) from three days on; with two, their range / 1.128 (the expected range of
 * two normal draws is 1.128 σ): two days that disagree make the baseline that much less certain.
 */
function daySpread(values: number[]): number {
  if (values.length < 2) return 0;
  if (values.length === 2) return Math.abs(values[0] - values[1]) / 1.128;
  return madSpread(values, median(values));
}

/** The window [start, start + w) on each known past day, pooled over the band: share and negatives per window. */
function sameTimeOfDay(series: MinuteSeries, start: number, windowMs: number, days: number): DayBaseline[] {
  const out: DayBaseline[] = [];
  for (let d = 1; d <= days; d++) {
    const from = start - d * DAY_MS - DRIFT_BAND_WINDOWS * windowMs;
    const to = start - d * DAY_MS + (DRIFT_BAND_WINDOWS + 1) * windowMs;
    if (!series.hasDataSince(from)) continue; // the band must be wholly after the brand's first mention
    const w = series.window(from, to);
    const n = 2 * DRIFT_BAND_WINDOWS + 1;
    out.push({ share: w.total > 0 ? w.negative / w.total : 0, negativesPerWindow: w.negative / n, total: w.total });
  }
  return out;
}

export interface DriftFinding extends Signal {
  windowStart: number;
  windowEnd: number;
  /** Excess negatives over the run: how many more than the baseline expected. */
  excess: number;
}

/**
 * The strongest drift ending at `end`, or null. Each of the last DRIFT_SPAN_MS / windowMs windows gives a z-score of its
 * negatives against the same time of day (binomial noise at the window's volume, plus the day-to-day spread of the
 * baseline); the CUSUM S = max(0, S + min(z, MAX_STEP) - k) alarms at S ≥ h. Floors scale with the brand: the run must
 * hold at least max(3, 2·√expected) negatives more than expected, so small brands need evidence, not ten negatives.
 */
export function detectDrift(series: MinuteSeries, end: number, settings: DetectionSettings): DriftFinding | null {
  const windowMs = settings.windowMinutes * 60_000;
  const count = Math.floor(DRIFT_SPAN_MS / windowMs);
  const metrics = (['NEGATIVE_SHARE_DRIFT', 'NEGATIVE_VOLUME_DRIFT'] as const).filter((m) => settings.signals[m]);
  const state = new Map(metrics.map((m) => [m, fresh()]));
  for (let i = count - 1; i >= 0; i--) {
    const start = end - (i + 1) * windowMs;
    if (!series.hasDataSince(start)) continue;
    const days = sameTimeOfDay(series, start, windowMs, settings.baselineDays);
    if (days.length < MIN_DAYS) continue;
    const w = series.window(start, start + windowMs);
    const share = Math.min(0.9, Math.max(0.01, median(days.map((d) => d.share))));
    const bandTotal = days.reduce((sum, d) => sum + d.total, 0);
    for (const metric of metrics) {
      let expected: number;
      let sd: number;
      /** The window's own sampling variance, and the standard error its baseline carries. */
      let noise: number;
      let baselineError: number;
      if (metric === 'NEGATIVE_SHARE_DRIFT') {
        if (w.total === 0) continue; // no mentions: no evidence either way
        expected = w.total * share;
        noise = w.total * share * (1 - share);
        baselineError = w.total * Math.sqrt((share * (1 - share)) / Math.max(bandTotal, 1));
        sd = Math.sqrt(noise + (w.total * daySpread(days.map((d) => d.share))) ** 2);
      } else {
        expected = Math.max(0.25, median(days.map((d) => d.negativesPerWindow)));
        noise = expected;
        baselineError = Math.sqrt(expected / (days.length * (2 * DRIFT_BAND_WINDOWS + 1)));
        sd = Math.sqrt(expected + daySpread(days.map((d) => d.negativesPerWindow)) ** 2 + 1);
      }
      const run = state.get(metric)!;
      const next = run.s + Math.min((w.negative - expected) / Math.max(sd, 0.5), MAX_STEP) - DRIFT_K;
      if (next <= 0) {
        state.set(metric, fresh());
        continue;
      }
      if (run.start < 0) run.start = start;
      run.s = next;
      run.negative += w.negative;
      run.total += w.total;
      run.expected += expected;
      run.expectedShare += share * w.total;
      run.noise += noise;
      run.baselineError += baselineError;
      // winsorised: a blip's window adds at most STEADY_STEP standard deviations of excess to the run's evidence
      run.steadyExcess += Math.min(w.negative - expected, STEADY_STEP * Math.max(sd, 0.5));
    }
  }
  let best: DriftFinding | null = null;
  for (const [metric, run] of state) {
    // Only a drift still under way at `end` counts: the CUSUM must stand at or above h after the last window.
    const excess = run.negative - run.expected;
    const baselineShare = run.total > 0 ? run.expectedShare / run.total : 0;
    // Volume drift on a brand whose share did not rise is more people talking, not more of them angry.
    const shareRose = run.total > 0 && run.negative / run.total >= 1.2 * baselineShare;
    const standardError = Math.sqrt(run.noise + run.baselineError ** 2);
    if (run.s < DRIFT_H || excess < Math.max(3, 2 * Math.sqrt(run.expected)) || run.steadyExcess < RUN_Z * standardError) continue;
    if (metric === 'NEGATIVE_VOLUME_DRIFT' && !shareRose) continue;
    const observed = metric === 'NEGATIVE_SHARE_DRIFT' ? run.negative / run.total : run.negative;
    const baseline = metric === 'NEGATIVE_SHARE_DRIFT' ? baselineShare : run.expected;
    if (!best || run.s > best.score) best = { metric, observed, baseline, score: run.s, windowStart: run.start, windowEnd: end, excess };
  }
  return best;
}

function fresh() {
  return { s: 0, start: -1, negative: 0, total: 0, expected: 0, expectedShare: 0, noise: 0, baselineError: 0, steadyExcess: 0 };
}

// Two detectors, one decision, pure: every window a batch touched is judged by the burst detector (one short window
// against the trailing hours and the same time of day) and the drift detector (a CUSUM against the same time of day);
// the stronger, relative to its own threshold, is the window's finding. Consecutive findings are one spike.
import { detectSpike, isBaselineWindow, NEAR_MS, severityOf, type DetectionSettings, type SignalMetric, type WindowStats } from './detector';
import { detectDrift, DRIFT_BAND_WINDOWS, DRIFT_H, DRIFT_SPAN_MS } from './drift';
import { DAY_MS, MINUTE_MS, mergeRanges, type MinuteSeries } from './series';
import type { Severity } from '../crisis/machine';

/** At most this many window ends are judged per brand and batch: a long import is judged at a coarser step. */
export const MAX_EVALUATIONS = 240;

export interface Finding {
  metric: SignalMetric;
  observed: number;
  baseline: number;
  score: number;
  /** score / the detector's own threshold: how the burst and drift detectors compare. */
  ratio: number;
  severity: Severity;
  windowStart: number;
  windowEnd: number;
}

/** One spike: consecutive findings, with the strongest of them. */
export interface SpikeRun {
  windowStart: number;
  windowEnd: number;
  findings: Finding[];
  peak: Finding;
}

/** Past the alert horizon nothing pages, so minute precision buys nothing: past spikes are judged every PAST_STEP. */
export const PAST_STEP_MS = 5 * MINUTE_MS;

/**
 * The window ends a batch touched, minute-aligned: from the minute after its oldest mention to `windowMinutes` after its
 * newest (those windows hold its minutes), never past now. Every minute within the alert horizon; every PAST_STEP_MS
 * before it; stepped further so a long import costs at most MAX_EVALUATIONS.
 */
export function evaluationEnds(oldest: number, newest: number, now: number, settings: DetectionSettings): number[] {
  const first = Math.floor(oldest / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const last = Math.min(Math.floor(newest / MINUTE_MS) * MINUTE_MS + settings.windowMinutes * MINUTE_MS, Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  if (last < first) return [];
  const horizonStart = now - settings.alertHorizonMinutes * MINUTE_MS;
  const minutes = (last - first) / MINUTE_MS + 1;
  const step = Math.ceil(minutes / MAX_EVALUATIONS) * MINUTE_MS;
  const ends: number[] = [];
  for (let end = first; end < last; end += end < horizonStart ? Math.max(step, PAST_STEP_MS) : step) ends.push(end);
  ends.push(last);
  return ends;
}

/** The bucket ranges both detectors read for window ends in [firstEnd, lastEnd]: recent hours and bands of past days. */
export function rangesToRead(firstEnd: number, lastEnd: number, settings: DetectionSettings): Array<[number, number]> {
  const windowMs = settings.windowMinutes * MINUTE_MS;
  const before = Math.max(NEAR_MS + windowMs, DRIFT_SPAN_MS + DRIFT_BAND_WINDOWS * windowMs);
  const after = Math.max(NEAR_MS, DRIFT_BAND_WINDOWS * windowMs);
  const ranges: Array<[number, number]> = [[firstEnd - Math.max(NEAR_MS + windowMs, DRIFT_SPAN_MS), lastEnd]];
  for (let d = 1; d <= settings.baselineDays; d++) ranges.push([firstEnd - d * DAY_MS - before, Math.min(lastEnd - d * DAY_MS + after, lastEnd)]);
  return mergeRanges(ranges);
}

/**
 * Whether a window holds enough for any burst signal (detector.ts `hasVolume` needs at least this):
 * a calm window is settled on its own minutes, before any baseline is read.
 */
function mayBurst(current: WindowStats, settings: DetectionSettings): boolean {
  return current.negative >= settings.minNegativeMentions || current.negativeReach >= settings.minNegativeReach;
}

/** The window of `windowMinutes` ending at `end`. */
function windowAt(series: MinuteSeries, end: number, settings: DetectionSettings): WindowStats {
  return series.window(end - settings.windowMinutes * MINUTE_MS, end);
}

/**
 * The ends the drift detector judges: the first end of the batch in each new window period (an end on the window grid,
 * or the first past one when the ends are stepped). Build-ups take hours; once a window period is enough.
 */
export function driftEnds(ends: number[], settings: DetectionSettings): Set<number> {
  const windowMs = settings.windowMinutes * MINUTE_MS;
  return new Set(ends.filter((end, i) => (i === 0 ? end % windowMs === 0 : Math.floor(end / windowMs) > Math.floor(ends[i - 1] / windowMs))));
}

/**
 * Whether judging these ends needs the brand's history at all, from the batch's own recent minutes (`recent` must hold
 * a window before the first end up to the last): no window with burst volume and no drift end means nothing to judge.
 */
export function needsHistory(recent: MinuteSeries, ends: number[], settings: DetectionSettings): boolean {
  return driftEnds(ends, settings).size > 0 || ends.some((end) => mayBurst(windowAt(recent, end, settings), settings));
}

/**
 * The onset window: the last third of the window (5 of 15 minutes), judged on negative mentions alone against the
 * same baseline places cut to its length. A fast rise stands out of a third of the background noise sooner than out
 * of the whole window: on a small brand (3 negatives a window) about 11 extra negatives in 5 minutes page, where the
 * full window needs about 14 in its 15. The same bars hold (minNegativeMentions beyond the usual high, the threshold).
 */
export function onsetMinutes(settings: DetectionSettings): number {
  return Math.max(1, Math.round(settings.windowMinutes / 3));
}

/** The burst detector on the window of `windowMs` ending at `end`, against its baseline windows (`isBaselineWindow`). */
function burstOver(series: MinuteSeries, end: number, windowMs: number, settings: DetectionSettings): Finding | null {
  const current = series.window(end - windowMs, end);
  if (!mayBurst(current, settings)) return null;
  const history: WindowStats[] = [];
  const maxK = Math.floor((settings.baselineDays * DAY_MS + NEAR_MS + windowMs) / windowMs);
  for (let k = 1; k <= maxK; k++) {
    const start = end - (k + 1) * windowMs;
    if (start + windowMs <= series.firstBucket) break; // wholly before the brand's first mention: unknown, not quiet
    if (isBaselineWindow(k, windowMs)) history.push(series.window(start, start + windowMs));
  }
  const signal = detectSpike(current, history, settings);
  if (!signal) return null;
  return { ...signal, ratio: signal.score / settings.threshold, severity: severityOf(signal.score, settings.threshold), windowStart: end - windowMs, windowEnd: end };
}

/** The burst detector at one window end: the full window on every signal, the onset window on negative mentions. */
function burstAt(series: MinuteSeries, end: number, settings: DetectionSettings, onset: DetectionSettings | null): Finding | null {
  const full = burstOver(series, end, settings.windowMinutes * MINUTE_MS, settings);
  const fast = onset && burstOver(series, end, onsetMinutes(settings) * MINUTE_MS, onset);
  return fast && (!full || fast.ratio > full.ratio) ? fast : full;
}

/**
 * What each window end shows, the stronger detector winning; ends with no finding are left out. The burst detector
 * judges every end; the drift detector, whose build-ups take hours, once per window period (`driftEnds`).
 */
export function judgeWindows(series: MinuteSeries, ends: number[], settings: DetectionSettings): Finding[] {
  const findings: Finding[] = [];
  const drifting = driftEnds(ends, settings);
  const onset = settings.signals.NEGATIVE_MENTIONS && onsetMinutes(settings) < settings.windowMinutes
    ? { ...settings, signals: { ...settings.signals, NEGATIVE_SHARE: false, SENTIMENT: false, REACH_NEGATIVITY: false } }
    : null;
  for (const end of ends) {
    const burst = burstAt(series, end, settings, onset);
    const drift = drifting.has(end) ? detectDrift(series, end, settings) : null;
    const driftFinding: Finding | null = drift && {
      metric: drift.metric, observed: drift.observed, baseline: drift.baseline, score: drift.score,
      ratio: drift.score / DRIFT_H, severity: severityOf(drift.score, DRIFT_H), windowStart: drift.windowStart, windowEnd: drift.windowEnd,
    };
    const best = burst && driftFinding ? (burst.ratio >= driftFinding.ratio ? burst : driftFinding) : burst ?? driftFinding;
    if (best) findings.push(best);
  }
  return findings;
}

/** Findings whose window ends are at most a window apart belong to one spike. */
export function spikeRuns(findings: Finding[], settings: DetectionSettings): SpikeRun[] {
  const gap = settings.windowMinutes * MINUTE_MS;
  const runs: SpikeRun[] = [];
  for (const finding of [...findings].sort((a, b) => a.windowEnd - b.windowEnd)) {
    const run = runs[runs.length - 1];
    if (run && finding.windowEnd - run.windowEnd <= gap) {
      run.findings.push(finding);
      run.windowStart = Math.min(run.windowStart, finding.windowStart);
      run.windowEnd = finding.windowEnd;
      if (finding.ratio > run.peak.ratio) run.peak = finding;
    } else {
      runs.push({ windowStart: finding.windowStart, windowEnd: finding.windowEnd, findings: [finding], peak: finding });
    }
  }
  return runs;
}

/**
 * The late-data rule: the strongest finding of the run whose window ended within the alert horizon (at or after
 * now - horizon), which pages; null when the whole run is older — a past spike, recorded but paging no one.
 */
export function findingToPage(run: SpikeRun, now: number, horizonMinutes: number): Finding | null {
  const horizonStart = now - horizonMinutes * MINUTE_MS;
  let page: Finding | null = null;
  for (const f of run.findings) if (f.windowEnd >= horizonStart && (!page || f.ratio > page.ratio)) page = f;
  return page;
}

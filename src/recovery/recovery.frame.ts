// How a crisis is judged: its brand's settings, its pre-crisis baseline and the limits around it, and the first minute
// whose window lies after the baseline. Recovery tracking, Crisis.recovery and exit criteria all frame a crisis so.
import { BASELINE_MS, curveStart } from '../detection/metrics';
import { MINUTE, baselineValues, limitsOf, type Judge, type MetricValues } from './listening';
import type { BrandSpan } from './recovery.store';
import type { RecoverySettings } from './recovery.settings';

export interface Frame {
  settings: RecoverySettings;
  target: MetricValues;
  judge: Judge;
  /** The earliest step judged: the crisis's curve start (detection − 2 h, the baseline's end) plus one window. */
  floor: number;
}

/** The baseline of a crisis: its brand's mentions in the 24 h before its curve starts (Crisis.metrics' baseline). */
export function baselineSpan(crisis: { brandId: string; detectedAt: number }): BrandSpan {
  const start = curveStart(crisis.detectedAt, MINUTE);
  return { brandId: crisis.brandId, from: start - BASELINE_MS, to: start };
}

/** The target and the limits at `percent` of a baseline's sums, for the brand's window. */
export function judgeOf(baseline: { total: number; negative: number; sentimentSum: number | null }, settings: RecoverySettings, percent: number) {
  const target = baselineValues(baseline, BASELINE_MS);
  const windowMs = settings.windowMinutes * MINUTE;
  const judge: Judge = { windowMs, minMentions: settings.minMentions, limits: limitsOf(target, percent, windowMs) };
  return { target, judge };
}

/** The frame of a crisis at its brand's tolerance; null when the brand had no mention in the baseline (nothing to be back to). */
export function frameOf(
  crisis: { brandId: string; detectedAt: number }, settings: RecoverySettings, baseline: { total: number; negative: number; sentimentSum: number | null },
): Frame | null {
  const { target, judge } = judgeOf(baseline, settings, settings.tolerancePercent);
  if (target.negativePerHour === null) return null;
  return { settings, target, judge, floor: baselineSpan(crisis).to + judge.windowMs };
}

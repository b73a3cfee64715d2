// Both detectors on exact minute series, through the same judging ingestion uses (judge.ts): slow build-ups, small
// brands, controls that must stay quiet, one decision between burst and drift, and the late-data rule at the horizon.
import { DEFAULT_DETECTION, type DetectionSettings } from '../../src/detection/detector';
import { detectDrift } from '../../src/detection/drift';
import { driftEnds, evaluationEnds, findingToPage, judgeWindows, needsHistory, spikeRuns, type Finding } from '../../src/detection/judge';
import { DAY_MS, MINUTE_MS, MinuteSeries, type MinuteBucket } from '../../src/detection/series';

const settings: DetectionSettings = { ...DEFAULT_DETECTION };
const HOUR = 60 * MINUTE_MS;
const NOW = Date.parse('2026-06-10T18:00:00Z');
const START = NOW - 3 * DAY_MS;

/**
 * Minute buckets from START to `end`: `rate(t)` mentions a minute, `share(t)` of them negative. Fractions carry over
 * from minute to minute (error diffusion), so the series is exact and repeatable, with no randomness.
 */
function stream(rate: (t: number) => number, share: (t: number) => number, end = NOW): MinuteBucket[] {
  const out: MinuteBucket[] = [];
  let totalCarry = 0;
  let negativeCarry = 0;
  for (let at = START; at < end; at += MINUTE_MS) {
    totalCarry += rate(at);
    const total = Math.floor(totalCarry);
    totalCarry -= total;
    negativeCarry += total * share(at);
    const negative = Math.min(total, Math.floor(negativeCarry));
    negativeCarry -= negative;
    out.push({ at, total, negative, sentimentSum: negative * -0.6 + (total - negative) * 0.4, negativeReach: negative * 100 });
  }
  return out;
}

const series = (buckets: MinuteBucket[]) => new MinuteSeries(START, NOW + MINUTE_MS, buckets, buckets.find((b) => b.total > 0)?.at ?? START);
/** Every minute of the last `hours`, judged as ingestion would when the data arrives in real time. */
const judgeLast = (s: MinuteSeries, hours: number, config = settings) =>
  judgeWindows(s, Array.from({ length: hours * 60 }, (_, i) => NOW - hours * HOUR + (i + 1) * MINUTE_MS), config);
/** Daily cycle: quiet at night (x0.2 at 3:00), busy in the afternoon. */
const seasonal = (level: number) => (t: number) => level * (0.6 - 0.4 * Math.cos((((t % DAY_MS) / HOUR - 3) / 24) * 2 * Math.PI));
/** A build-up: the negative share climbs linearly from `from` to `to` over the last `hours`. */
const buildUp = (from: number, to: number, hours: number) => (t: number) =>
  t < NOW - hours * HOUR ? from : from + ((to - from) * (t - (NOW - hours * HOUR))) / (hours * HOUR);
const metrics = (findings: Finding[]) => [...new Set(findings.map((f) => f.metric))];

test('a slow build-up on a small brand (3 a minute, 10 % to 60 % negative over 5 h) is caught by drift, not by a burst', () => {
  const s = series(stream(() => 3, buildUp(0.1, 0.6, 5)));
  const findings = judgeLast(s, 5);
  expect(findings.length).toBeGreaterThan(0);
  const first = findings[0];
  expect(first.metric).toBe('NEGATIVE_SHARE_DRIFT');
  // Caught before the peak: within the first half of a 5 h build-up (share about 35 %), the run starting where it began.
  expect(first.windowEnd - (NOW - 5 * HOUR)).toBeLessThanOrEqual(2.5 * HOUR);
  expect(first.windowStart).toBeGreaterThanOrEqual(NOW - 5 * HOUR - 30 * MINUTE_MS);
  expect(first.baseline).toBeCloseTo(0.1, 1);
  expect(first.observed).toBeGreaterThan(first.baseline);
});

test('the burst detector alone sees that build-up 40 minutes or more after drift does: its trailing two hours drift up with it', () => {
  const s = series(stream(() => 3, buildUp(0.1, 0.6, 5)));
  const noDrift = { ...settings, signals: { ...settings.signals, NEGATIVE_SHARE_DRIFT: false, NEGATIVE_VOLUME_DRIFT: false } };
  const burstOnly = judgeLast(s, 5, noDrift);
  const withDrift = judgeLast(s, 5);
  expect(burstOnly.length === 0 || burstOnly[0].windowEnd - withDrift[0].windowEnd >= 40 * MINUTE_MS).toBe(true);
});

test('a faster build-up on a large brand (200 a minute, 8 % to 40 % over 2 h) is caught within the first hour', () => {
  const s = series(stream(seasonal(200), buildUp(0.08, 0.4, 2)));
  const findings = judgeLast(s, 2);
  expect(findings.length).toBeGreaterThan(0);
  expect(findings[0].windowEnd - (NOW - 2 * HOUR)).toBeLessThan(HOUR);
});

test('a very small brand (one mention every 3 minutes) building up from 10 % to 75 % over 4 h still pages, on evidence not on ten negatives', () => {
  const s = series(stream(() => 1 / 3, buildUp(0.1, 0.75, 4)));
  const findings = judgeLast(s, 4);
  expect(findings.length).toBeGreaterThan(0);
  expect(metrics(findings)).toContain('NEGATIVE_SHARE_DRIFT');
});

test.each([
  ['steady', stream(() => 5, () => 0.1)],
  ['steady and busy', stream(() => 400, () => 0.12)],
  ['seasonal (night and day)', stream(seasonal(20), () => 0.1)],
  ['viral but positive (10x volume, same negatives)', stream((t) => (t > NOW - 3 * HOUR ? 50 : 5), (t) => (t > NOW - 3 * HOUR ? 0.01 : 0.1))],
  ['a tiny blip (8 negatives in two minutes on a quiet brand)', stream(() => 1, (t) => (t >= NOW - 60 * MINUTE_MS && t < NOW - 58 * MINUTE_MS ? 1 : 0.1))],
])('control: %s fires nothing over the last 6 hours', (_name, buckets) => {
  expect(judgeLast(series(buckets), 6)).toEqual([]);
});

test('blips on a mildly livelier afternoon are no drift: a blip\'s window adds at most two deviations of excess; a real rise is', () => {
  // A small brand (3 a minute, 10 % negative) whose last 4 h run at 13 %, with a blip of 8 negatives in two minutes every
  // 45 minutes: the CUSUM climbs past h, but with each blip's window held to 2 σ the run is 3 standard errors over its
  // baseline (counting the baseline's own error, two days of bands), not 5. Without the winsorised excess it paged.
  const blip = (t: number) => t >= NOW - 4 * HOUR && (t - (NOW - 4 * HOUR)) % (45 * MINUTE_MS) < 2 * MINUTE_MS;
  const mild = (t: number) => (t < NOW - 4 * HOUR ? 0.1 : blip(t) ? 1.5 : 0.13);
  expect(judgeLast(series(stream(() => 3, mild)), 6)).toEqual([]);
  const real = (t: number) => (t < NOW - 4 * HOUR ? 0.1 : 0.22);
  expect(metrics(judgeLast(series(stream(() => 3, real)), 6))).toContain('NEGATIVE_SHARE_DRIFT');
});

test('no same-time-of-day history yet (a brand one day old): drift learns, it does not page', () => {
  const buckets = stream(() => 3, buildUp(0.1, 0.7, 5)).filter((b) => b.at >= NOW - 30 * HOUR);
  const s = new MinuteSeries(START, NOW + MINUTE_MS, buckets, NOW - 30 * HOUR);
  expect(detectDrift(s, NOW, settings)).toBeNull();
});

test('a sudden burst is the burst detector\'s: one decision per window, the stronger detector relative to its threshold', () => {
  const burst = (t: number) => (t >= NOW - 10 * MINUTE_MS ? 0.9 : 0.1);
  const s = series(stream((t) => (t >= NOW - 10 * MINUTE_MS ? 30 : 6), burst));
  const findings = judgeLast(s, 1);
  expect(findings.length).toBeGreaterThan(0);
  expect(['NEGATIVE_MENTIONS', 'NEGATIVE_SHARE', 'SENTIMENT']).toContain(findings[0].metric);
  // Found within a few minutes of its start, not at the end of a window.
  expect(findings[0].windowEnd - (NOW - 10 * MINUTE_MS)).toBeLessThanOrEqual(4 * MINUTE_MS);
  const [run, ...others] = spikeRuns(findings, settings);
  expect(others).toEqual([]);
  expect(run.peak.ratio).toBe(Math.max(...findings.map((f) => f.ratio)));
});

test('window ends: every minute a batch touched plus one window after its newest, never past now; a long import is stepped', () => {
  const ends = evaluationEnds(NOW - 10 * MINUTE_MS + 5000, NOW - 2 * MINUTE_MS + 5000, NOW, settings);
  expect(ends[0]).toBe(NOW - 9 * MINUTE_MS);
  expect(ends[ends.length - 1]).toBe(NOW + MINUTE_MS); // capped: the minute now is in, not 15 minutes ahead
  expect(ends.length).toBe(11);
  const old = evaluationEnds(NOW - 3 * DAY_MS, NOW - 2 * DAY_MS, NOW, settings);
  expect(old.length).toBeLessThanOrEqual(241);
  expect(old[old.length - 1]).toBe(NOW - 2 * DAY_MS + 15 * MINUTE_MS);
  expect(evaluationEnds(NOW + 10 * MINUTE_MS, NOW + 20 * MINUTE_MS, NOW, settings)).toEqual([]);
});

test('drift is judged once per window period, and a calm batch inside one period reads no history', () => {
  const ends = (from: number, to: number, step = MINUTE_MS) => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
  const grid = NOW - 60 * MINUTE_MS; // NOW is on the 15-minute grid
  expect([...driftEnds(ends(grid - 4 * MINUTE_MS, grid + 2 * MINUTE_MS), settings)]).toEqual([grid]);
  expect(driftEnds(ends(grid + MINUTE_MS, grid + 3 * MINUTE_MS), settings).size).toBe(0);
  // Stepped ends (an import) that never land on the grid are judged at the first end past each grid point.
  expect([...driftEnds(ends(grid - 13 * MINUTE_MS, grid + 22 * MINUTE_MS, 5 * MINUTE_MS), settings)]).toEqual([grid + 2 * MINUTE_MS, grid + 17 * MINUTE_MS]);
  const calm = series(stream(() => 3, () => 0.1));
  expect(needsHistory(calm, ends(grid + MINUTE_MS, grid + 3 * MINUTE_MS), settings)).toBe(false);
  expect(needsHistory(calm, ends(grid - MINUTE_MS, grid + MINUTE_MS), settings)).toBe(true); // crosses the grid: drift
  // A window with the burst detector's volume needs its baseline, grid or not.
  const busy = series(stream(() => 3, (t) => (t >= grid - 10 * MINUTE_MS ? 0.9 : 0.1)));
  expect(needsHistory(busy, ends(grid + MINUTE_MS, grid + 3 * MINUTE_MS), settings)).toBe(true);
});

test('the late-data rule at the horizon\'s edge: a window ending exactly at now - horizon pages, one minute earlier is a past spike', () => {
  const finding = (windowEnd: number, ratio: number): Finding => ({
    metric: 'NEGATIVE_MENTIONS', observed: 40, baseline: 4, score: 5 * ratio, ratio, severity: 'LOW', windowStart: windowEnd - 15 * MINUTE_MS, windowEnd,
  });
  const horizon = 360;
  const edge = NOW - horizon * MINUTE_MS;
  const run = (...findings: Finding[]) => ({ windowStart: findings[0].windowStart, windowEnd: findings[findings.length - 1].windowEnd, findings, peak: findings[0] });
  expect(findingToPage(run(finding(edge, 1.2)), NOW, horizon)?.windowEnd).toBe(edge);
  expect(findingToPage(run(finding(edge - MINUTE_MS, 1.2)), NOW, horizon)).toBeNull();
  // A run straddling the edge pages with its strongest window inside the horizon, even if a stronger one is older.
  const straddling = run(finding(edge - 5 * MINUTE_MS, 3), finding(edge + MINUTE_MS, 1.5), finding(edge + 2 * MINUTE_MS, 1.1));
  expect(findingToPage(straddling, NOW, horizon)?.windowEnd).toBe(edge + MINUTE_MS);
});

test('the onset window: a small brand\'s burst pages on its first 5 minutes, before the full 15-minute window could, and a blip does not', () => {
  // 2 mentions a minute, 10 % negative: 1 negative per 5 minutes, 3 per 15. From B, 4 more negatives a minute.
  const B = NOW - 30 * MINUTE_MS;
  const s = series(stream((t) => (t >= B && t < B + 20 * MINUTE_MS ? 6 : 2), (t) => (t >= B && t < B + 20 * MINUTE_MS ? 4.2 / 6 : 0.1)));
  const first = judgeLast(s, 1)[0];
  // 3 minutes in, the last 5 minutes hold 13 negatives where 1 is usual: (13 - 1) / (√1 + 1) = 6 ≥ 5, and 12 beyond
  // the usual high of 1. The 15-minute window then holds 15 where 3 is usual: (15 - 3) / (√3 + 1) ≈ 4.4, not yet (it
  // fires a minute later); nor do its share and sentiment, judged alone here.
  expect(first).toMatchObject({ metric: 'NEGATIVE_MENTIONS', windowEnd: B + 3 * MINUTE_MS, windowStart: B - 2 * MINUTE_MS, baseline: 1 });
  const withoutOnset = judgeWindows(s, [B + 3 * MINUTE_MS], { ...settings, windowMinutes: 15, signals: { ...settings.signals, NEGATIVE_MENTIONS: false } });
  expect(withoutOnset).toEqual([]);

  // A blip: 6 negative posts in 2 minutes on the same brand. 7 in the last 5 minutes is far from 11: nothing fires.
  const blip = series(stream((t) => (t >= B && t < B + 2 * MINUTE_MS ? 5 : 2), (t) => (t >= B && t < B + 2 * MINUTE_MS ? 3.2 / 5 : 0.1)));
  expect(judgeLast(blip, 1)).toEqual([]);
});

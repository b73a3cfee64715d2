// The spike detector on exact synthetic series: what fires, what does not, and how strong it says it is.
import { DEFAULT_DETECTION, countDeviate, detectSpike, severityOf, type DetectionSettings, type WindowStats } from '../../src/detection/detector';

const settings: DetectionSettings = { ...DEFAULT_DETECTION };

/** A window of `total` mentions of which `negative` are negative at sentiment -0.6, the rest at +0.4. */
function window(total: number, negative: number, negativeReach = negative * 100): WindowStats {
  return { total, negative, sentimentSum: negative * -0.6 + (total - negative) * 0.4, negativeReach };
}

/** A calm history: 60 windows of 40 mentions with 3–5 negatives. */
const calm = Array.from({ length: 60 }, (_, i) => window(40, 3 + (i % 3)));

test('a calm window against a calm history fires nothing', () => {
  expect(detectSpike(window(42, 5), calm, settings)).toBeNull();
});

test('a burst of negative mentions fires NEGATIVE_MENTIONS with the observed value, the median baseline and the score', () => {
  const signal = detectSpike(window(80, 45, 4500), calm, { ...settings, signals: { ...settings.signals, NEGATIVE_SHARE: false, SENTIMENT: false, REACH_NEGATIVITY: false } });
  // median 4, MAD 1 → spread max(1.4826, sqrt(4)+1 = 3) = 3 → (45 - 4) / 3
  expect(signal).toEqual({ metric: 'NEGATIVE_MENTIONS', observed: 45, baseline: 4, score: (45 - 4) / 3 });
});

test('the strongest signal is the one reported', () => {
  // share: 45/80 = 0.5625 against a median of 0.1, binomial floor sqrt(0.1 × 0.9 / 80) + 0.005 ≈ 0.0385 → ≈ 12.0;
  // (capped at its deviate √45 + √46 - √33 ≈ 7.7); counts: (45 - 4) / 3 ≈ 13.7; reach: (450000 - 400) / 300 ≈ 1498 → reach wins
  expect(detectSpike(window(80, 45, 450_000), calm, settings)?.metric).toBe('REACH_NEGATIVITY');
  const noReach = { ...settings, signals: { ...settings.signals, REACH_NEGATIVITY: false } };
  const signal = detectSpike(window(80, 45), calm, noReach);
  expect(signal?.metric).toBe('NEGATIVE_MENTIONS');
  expect(signal?.score).toBeCloseTo(41 / 3, 6);
});

test('three angry posts on a quiet brand page no one: below the minimum negative volume nothing fires', () => {
  const quiet = Array.from({ length: 60 }, () => window(2, 0, 0));
  expect(detectSpike(window(3, 3), quiet, settings)).toBeNull();
  expect(detectSpike(window(12, 10), quiet, settings)).not.toBeNull();
});

test('the minimum counts beyond the brand\'s usual high: a blip on a lively background of a small brand pages no one', () => {
  // A small brand: 30 mentions a window, 2–4 negatives usually, up to 6 in its busier windows (the 90th percentile).
  const small = Array.from({ length: 60 }, (_, i) => window(30, i % 10 === 0 ? 6 : 2 + (i % 3)));
  // An unlucky window: 6 background negatives and a blip of 6 — 12 of 24, six robust deviations above a 10 % share,
  // yet 12 - 6 < 10: no page. (Counting the window's negatives alone, 12 ≥ 10 paged.)
  expect(detectSpike(window(24, 12), small, settings)).toBeNull();
  // A burst: 18 negatives of 40, twelve beyond the usual high, fires: (18 - 3) / (√3 + 1) ≈ 5.5 negatives-wise.
  expect(detectSpike(window(40, 18), small, settings)?.metric).toBe('NEGATIVE_MENTIONS');
});

test('a small window\'s share is only as strong as its count\'s Freeman–Tukey deviate, not the normal approximation', () => {
  const small = Array.from({ length: 60 }, (_, i) => window(30, i % 10 === 0 ? 6 : 2 + (i % 3))); // median share 0.1
  const shareOnly = { ...settings, signals: { ...settings.signals, NEGATIVE_MENTIONS: false, SENTIMENT: false, REACH_NEGATIVITY: false } };
  // 16 of 40 against 10 %: (0.4 - 0.1) / (√(0.09 / 40) + 0.005) ≈ 5.7 by the normal approximation, but 4 negatives were
  // expected and √16 + √17 - √17 = 4: its exact binomial tail is about a 4.4 σ event. No page.
  expect(countDeviate(16, 4)).toBeCloseTo(4, 6);
  expect(detectSpike(window(40, 16), small, shareOnly)).toBeNull();
  // 21 of 40 is: its score is the deviate, √21 + √22 - √17 ≈ 5.15, below the normal approximation's 8.1.
  const signal = detectSpike(window(40, 21), small, shareOnly);
  expect(signal?.metric).toBe('NEGATIVE_SHARE');
  expect(signal?.score).toBeCloseTo(Math.sqrt(21) + Math.sqrt(22) - Math.sqrt(17), 6);
});

test('a brand without history is learned first, not paged on', () => {
  expect(detectSpike(window(500, 400), [], settings)).toBeNull();
});

test('a share-only shift (same volume, far more negative) fires NEGATIVE_SHARE even when counts stay modest', () => {
  const busy = Array.from({ length: 60 }, (_, i) => window(400, 20 + (i % 5)));
  const signal = detectSpike(window(400, 60), busy, { ...settings, signals: { ...settings.signals, NEGATIVE_MENTIONS: false, NEGATIVE_SHARE: true, SENTIMENT: false, REACH_NEGATIVITY: false } });
  expect(signal?.metric).toBe('NEGATIVE_SHARE');
  expect(signal?.observed).toBeCloseTo(0.15);
  expect(signal?.baseline).toBeCloseTo(0.055);
});

test('one viral negative post with huge reach fires REACH_NEGATIVITY while counts barely move', () => {
  const viral = { ...window(45, 10), negativeReach: 10 * 100 + 2_000_000 };
  const signal = detectSpike(viral, calm, { ...settings, signals: { ...settings.signals, NEGATIVE_MENTIONS: true, NEGATIVE_SHARE: false, SENTIMENT: false, REACH_NEGATIVITY: true } });
  expect(signal?.metric).toBe('REACH_NEGATIVITY');
});

test('a signal switched off never fires', () => {
  const off = { ...settings, signals: { ...settings.signals, NEGATIVE_MENTIONS: false, NEGATIVE_SHARE: false, SENTIMENT: false, REACH_NEGATIVITY: false } };
  expect(detectSpike(window(80, 45), calm, off)).toBeNull();
});

test('severity grows with the score relative to the threshold', () => {
  expect(severityOf(5, 5)).toBe('LOW');
  expect(severityOf(8, 5)).toBe('MEDIUM');
  expect(severityOf(13, 5)).toBe('HIGH');
  expect(severityOf(25, 5)).toBe('CRITICAL');
});

test('one post with huge reach pages on a quiet brand, where a handful of ordinary negatives do not', () => {
  const quiet = Array.from({ length: 60 }, () => window(3, 0, 0));
  expect(detectSpike(window(4, 1, 150), quiet, settings)).toBeNull();
  const viral = detectSpike({ ...window(4, 1), negativeReach: 2_500_000 }, quiet, settings);
  expect(viral?.metric).toBe('REACH_NEGATIVITY');
  expect(detectSpike({ ...window(4, 1), negativeReach: 90_000 }, quiet, settings)).toBeNull(); // under minNegativeReach
});

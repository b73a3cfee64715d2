// The follower-swing detector on exact series: sudden gains and losses fire, steady trends, daily rhythms and tiny blips do not.
import { ABSOLUTE_FLOOR, detectFollowerSwings, FOLLOWER_WINDOW_MS, MIN_HISTORY_WINDOWS, type FollowerSample, type FollowerSwingSettings } from '../../src/detection/followers';
import { severityOf } from '../../src/detection/detector';

const HOUR = 3600_000;
const MINUTE = 60_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const settings: FollowerSwingSettings = { windowMs: FOLLOWER_WINDOW_MS, baselineDays: 7, threshold: 5 };

/** Deterministic noise in [-1, 1]. */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state / 2 ** 31) * 2 - 1;
  };
}

/** Hourly samples for `hours` hours: each hour's change comes from `step(level, hour)`. */
function hourly(hours: number, start: number, step: (level: number, hour: number) => number): FollowerSample[] {
  const out: FollowerSample[] = [];
  let level = start;
  for (let h = 0; h <= hours; h++) {
    out.push({ at: T0 + h * HOUR, followers: Math.round(level) });
    level += step(level, h);
  }
  return out;
}

/** The series without its last sample, the last sample, and the detector's verdict on it. */
function judgeLast(series: FollowerSample[], s = settings) {
  return detectFollowerSwings(series.slice(0, -1), series.slice(-1), s);
}

function thenAt(series: FollowerSample[], afterMs: number, followers: (last: number) => number): FollowerSample[] {
  const last = series[series.length - 1];
  return [...series, { at: last.at + afterMs, followers: Math.round(followers(last.followers)) }];
}

const WEEKS = 3 * 7 * 24;
const n = noise(7);
/** Three weeks of +0.1 %/h on 100k followers, with a little noise. */
const growing = hourly(WEEKS, 100_000, (level) => level * 0.001 + 3 * n());

describe('must fire', () => {
  test('+5 % in an hour after three weeks of +0.1 %/h fires FOLLOWER_SWING with the change, the typical change and the score', () => {
    const series = thenAt(growing, HOUR, (last) => last * 1.05);
    const [swing, ...more] = judgeLast(series);
    expect(more).toEqual([]);
    const last = growing[growing.length - 1].followers;
    expect(swing.signal.metric).toBe('FOLLOWER_SWING');
    expect(swing.signal.observed).toBe(series[series.length - 1].followers - last);
    expect(swing.signal.baseline).toBeGreaterThan(100);
    expect(swing.signal.baseline).toBeLessThan(200);
    // the spread is the relative floor (0.2 % of ~165k): (≈8250 − ≈160) / ≈330 ≈ 24
    expect(swing.signal.score).toBeGreaterThan(20);
    expect(severityOf(swing.signal.score, settings.threshold)).toBe('CRITICAL');
    expect(swing).toMatchObject({ windowEnd: series[series.length - 1].at, windowStart: series[series.length - 1].at - HOUR });
  });

  test('−3 % in an hour fires too, with a negative observed change', () => {
    const [swing] = judgeLast(thenAt(growing, HOUR, (last) => last * 0.97));
    expect(swing.signal.observed).toBeLessThan(0);
    expect(swing.signal.score).toBeGreaterThan(settings.threshold);
  });

  test('a 300-follower account gaining 120 in an hour fires', () => {
    const m = noise(3);
    const small = hourly(14 * 24, 300, () => (m() > 0.8 ? 1 : m() < -0.8 ? -1 : 0));
    const [swing] = judgeLast(thenAt(small, HOUR, (last) => last + 120));
    expect(swing.signal.observed).toBe(120);
    expect(swing.signal.score).toBeCloseTo((120 - swing.signal.baseline) / ABSOLUTE_FLOOR, 5);
  });

  test('samples every few minutes at irregular intervals: a +5 % jump between two of them fires', () => {
    const m = noise(11);
    const series: FollowerSample[] = [];
    let level = 100_000;
    for (let at = T0; at < T0 + 10 * 24 * HOUR; at += Math.round((3 + 7 * (m() + 1)) * MINUTE)) {
      series.push({ at, followers: Math.round(level) });
      level += ((at - (series[series.length - 2]?.at ?? at)) / HOUR) * 100;
    }
    expect(judgeLast(thenAt(series, 7 * MINUTE, (last) => last + 12))).toEqual([]);
    const [swing] = judgeLast(thenAt(series, 7 * MINUTE, (last) => last * 1.05));
    expect(swing.signal.observed).toBeGreaterThan(4900);
  });
});

describe('must not fire', () => {
  test('steady growth: the next hour of +0.1 %', () => {
    expect(judgeLast(thenAt(growing, HOUR, (last) => last * 1.001))).toEqual([]);
  });

  test('steady decline: −0.1 %/h for three weeks, then another −0.1 %', () => {
    const declining = hourly(WEEKS, 100_000, (level) => -level * 0.001 + 3 * n());
    expect(judgeLast(thenAt(declining, HOUR, (last) => last * 0.999))).toEqual([]);
  });

  test('a daily rhythm: +1000/h for sixteen hours, −500/h at night, for two weeks, judged hour by hour over the last two days', () => {
    const m = noise(5);
    const rhythm = hourly(14 * 24, 200_000, (_level, h) => ((h % 24) < 16 ? 1000 : -500) + 30 * m());
    const cut = rhythm.length - 48;
    expect(detectFollowerSwings(rhythm.slice(0, cut), rhythm.slice(cut), settings)).toEqual([]);
  });

  test('a small account whose followers rise by day and fall by night: judged against the same time of day, not against all hours', () => {
    // 2,000 followers, +20/h for sixteen hours and −40/h for eight: against every hour of the week each night hour
    // would score about −12; against the same time of day ± 2 h it is ordinary.
    const m = noise(5);
    const rhythm = hourly(14 * 24, 2000, (_level, h) => ((h % 24) < 16 ? 20 : -40) + 3 * m());
    const cut = rhythm.length - 48;
    expect(detectFollowerSwings(rhythm.slice(0, cut), rhythm.slice(cut), settings)).toEqual([]);
  });

  test("a tiny account's ±2", () => {
    const m = noise(9);
    const tiny = hourly(14 * 24, 40, () => Math.round(m()));
    expect(judgeLast(thenAt(tiny, HOUR, (last) => last + 2))).toEqual([]);
    expect(judgeLast(thenAt(tiny, HOUR, (last) => last - 2))).toEqual([]);
  });

  test('a 20-follower move on a 100k account', () => {
    const flat = hourly(14 * 24, 100_000, () => 0);
    expect(judgeLast(thenAt(flat, HOUR, (last) => last + 20))).toEqual([]);
  });

  test('no history: a +50 % hour after six hours of samples is learned, not paged', () => {
    const young = hourly(6, 10_000, () => 5);
    expect(judgeLast(thenAt(young, HOUR, (last) => last * 1.5))).toEqual([]);
  });

  test(`not enough history: fewer than ${MIN_HISTORY_WINDOWS} past windows to judge against`, () => {
    // one day: the trailing two hours and yesterday's same time ± 2 h is 7 windows
    const day = hourly(26, 10_000, () => 5);
    expect(judgeLast(thenAt(day, HOUR, (last) => last * 1.5))).toEqual([]);
  });
});

describe('swings across a batch and across batches', () => {
  const jumpAt = growing.length - 24 * 4;
  /** Growing, with +5 % in one hour four days before the end. */
  const withJump = growing.map((s, i) => (i >= jumpAt ? { ...s, followers: Math.round(s.followers * 1.05) } : s));

  test('a catch-up holding a whole history with one jump in it reports that jump once, in its own window', () => {
    const swings = detectFollowerSwings([], withJump, settings);
    expect(swings).toHaveLength(1);
    expect(swings[0]).toMatchObject({ windowEnd: withJump[jumpAt].at, windowStart: withJump[jumpAt - 1].at });
    expect(swings[0].signal.observed).toBeGreaterThan(0);
  });

  test('a swing still firing in the next batch (samples 10 minutes later) is not reported again', () => {
    const jumped = thenAt(growing, HOUR, (last) => last * 1.05);
    expect(judgeLast(jumped)).toHaveLength(1);
    const next = thenAt(jumped, 10 * MINUTE, (last) => last + 15);
    expect(judgeLast(next)).toEqual([]);
  });

  test('a loss spread over three consecutive hours is one swing, reported at its strongest hour', () => {
    let series = growing;
    for (const rate of [0.98, 0.97, 0.985]) series = thenAt(series, HOUR, (last) => last * rate);
    const swings = detectFollowerSwings(growing, series.slice(growing.length), settings);
    expect(swings).toHaveLength(1);
    expect(swings[0].windowEnd).toBe(series[series.length - 2].at);
  });

  test('a gain then, hours later, a loss are two swings', () => {
    const up = thenAt(growing, HOUR, (last) => last * 1.05);
    let series = up;
    for (let i = 0; i < 4; i++) series = thenAt(series, HOUR, (last) => last * 1.001);
    series = thenAt(series, HOUR, (last) => last * 0.96);
    const swings = detectFollowerSwings(growing, series.slice(growing.length), settings);
    expect(swings.map((s) => Math.sign(s.signal.observed))).toEqual([1, -1]);
  });

  test("the brand's threshold is the bar: at 30 a +5 % hour on a 165k account (score ≈ 24) does not fire", () => {
    expect(judgeLast(thenAt(growing, HOUR, (last) => last * 1.05), { ...settings, threshold: 30 })).toEqual([]);
  });
});

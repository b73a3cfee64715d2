// `npm run bench:detection`: detection quality on seeded synthetic streams — precision, recall, delay per spike shape.
// The streams run through the same detector and the same baseline windows as ingestion, minute by minute.
import { DEFAULT_DETECTION, detectSpike, isBaselineWindow, type DetectionSettings, type WindowStats } from '../src/detection/detector';

const MINUTE = 60_000;
const DAY_MIN = 1440;
const HISTORY_DAYS = 3;
const STREAMS_PER_SHAPE = Number(process.env.BENCH_STREAMS ?? 20);
const SEED = Number(process.env.BENCH_SEED ?? 42);

/** mulberry32: a small seeded PRNG, so every run sees the same streams. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(rand: () => number, lambda: number): number {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rand)));
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = rand(); p > limit; p *= rand()) k++;
  return k;
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

interface Minute extends WindowStats {}

interface Stream {
  shape: string;
  minutes: Minute[];
  /** The injected spike, in minutes from the stream start; null for control streams. */
  spike: { start: number; end: number } | null;
}

/** Mentions per minute at minute m: flat, or with a day/night cycle (quiet from 0:00 to 6:00). */
function baseRate(m: number, seasonal: boolean, level: number): number {
  if (!seasonal) return level;
  const hour = (m % DAY_MIN) / 60;
  const day = 0.5 - 0.5 * Math.cos(((hour - 3) / 24) * 2 * Math.PI); // 0 at 3:00, 1 at 15:00
  return level * (0.08 + 1.6 * day);
}

function generate(shape: string, rand: () => number): Stream {
  const total = (HISTORY_DAYS + 1) * DAY_MIN;
  const seasonal = shape.includes('seasonal') || shape === 'night burst';
  const level = 2 + rand() * 8; // 2–10 mentions a minute
  const negativeShare = 0.05 + rand() * 0.1;
  const testStart = HISTORY_DAYS * DAY_MIN;
  let spike: Stream['spike'] = null;
  if (!shape.startsWith('control')) {
    const startHour = shape === 'night burst' ? 1 + rand() * 3 : 8 + rand() * 12;
    const start = testStart + Math.round(startHour * 60);
    const length = shape === 'slow build-up' ? 180 : shape === 'viral post' ? 30 : 45;
    spike = { start, end: start + length };
  }
  const minutes: Minute[] = [];
  for (let m = 0; m < total; m++) {
    const rate = baseRate(m, seasonal, level);
    const positive = poisson(rand, rate * (1 - negativeShare));
    let negative = poisson(rand, rate * negativeShare);
    let viralReach = 0;
    if (spike && m >= spike.start && m < spike.end) {
      const progress = (m - spike.start) / (spike.end - spike.start);
      if (shape === 'burst' || shape === 'night burst') negative += poisson(rand, Math.max(3, rate * 1.5));
      if (shape === 'slow build-up') negative += poisson(rand, Math.max(0.5, rate * 1.5) * progress);
      if (shape === 'bot duplicates') {
        // A bot farm posts the same complaint from many accounts: distinct ids (re-sent ids are dropped at ingestion).
        negative += poisson(rand, Math.max(4, rate * 2));
      }
      if (shape === 'viral post' && m === spike.start) {
        negative += 1;
        viralReach = 3_000_000;
      }
      if (shape === 'viral post') negative += poisson(rand, 0.3); // a few replies
    }
    let negativeReach = viralReach;
    for (let i = 0; i < negative; i++) negativeReach += Math.round(50 + rand() * 500);
    minutes.push({ total: positive + negative, negative, sentimentSum: positive * 0.4 - negative * 0.6, negativeReach });
  }
  return { shape, minutes, spike };
}

/** Prefix sums, so any window's sums cost O(1). */
function prefix(minutes: Minute[]) {
  const n = minutes.length;
  const p = { total: new Float64Array(n + 1), negative: new Float64Array(n + 1), sentimentSum: new Float64Array(n + 1), negativeReach: new Float64Array(n + 1) };
  for (let i = 0; i < n; i++) {
    p.total[i + 1] = p.total[i] + minutes[i].total;
    p.negative[i + 1] = p.negative[i] + minutes[i].negative;
    p.sentimentSum[i + 1] = p.sentimentSum[i] + minutes[i].sentimentSum;
    p.negativeReach[i + 1] = p.negativeReach[i] + minutes[i].negativeReach;
  }
  return (from: number, to: number): WindowStats => ({
    total: p.total[to] - p.total[from],
    negative: p.negative[to] - p.negative[from],
    sentimentSum: p.sentimentSum[to] - p.sentimentSum[from],
    negativeReach: p.negativeReach[to] - p.negativeReach[from],
  });
}

/** Runs detection after every minute of the test day, as ingestion would; returns the minutes it fired. */
function run(stream: Stream, settings: DetectionSettings): number[] {
  const sum = prefix(stream.minutes);
  const w = settings.windowMinutes;
  const fired: number[] = [];
  for (let end = HISTORY_DAYS * DAY_MIN + 1; end <= stream.minutes.length; end++) {
    const history: WindowStats[] = [];
    for (let k = 1; (k + 1) * w <= Math.min(end, settings.baselineDays * DAY_MIN + 120); k++) {
      if (isBaselineWindow(k, w * MINUTE)) history.push(sum(end - (k + 1) * w, end - k * w));
    }
    if (detectSpike(sum(end - w, end), history, settings)) fired.push(end - 1);
  }
  return fired;
}

const SHAPES = ['burst', 'night burst', 'slow build-up', 'viral post', 'bot duplicates', 'control flat', 'control seasonal'];

function main(): void {
  const settings = DEFAULT_DETECTION;
  const rand = prng(SEED);
  console.log('Crisis Desk detection quality');
  console.log(`seed ${SEED}; ${STREAMS_PER_SHAPE} streams per shape; ${HISTORY_DAYS} days of history then one test day, minute by minute`);
  console.log(`settings: window ${settings.windowMinutes} min, threshold ${settings.threshold}, minimum ${settings.minNegativeMentions} negative mentions\n`);
  console.log('shape              spikes  detected  recall  false alarms  median delay (min)  p90 delay');
  let allTrue = 0;
  let allFalse = 0;
  for (const shape of SHAPES) {
    let detected = 0;
    let falseAlarms = 0;
    const delays: number[] = [];
    for (let i = 0; i < STREAMS_PER_SHAPE; i++) {
      const stream = generate(shape, rand);
      const fired = run(stream, settings);
      const spike = stream.spike;
      // A detection counts for the spike from its start to an hour after its end; an open crisis absorbs repeats.
      const inSpike = spike ? fired.filter((m) => m >= spike.start && m < spike.end + 60) : [];
      const outside = spike ? fired.filter((m) => m < spike.start || m >= spike.end + 60) : fired;
      // Repeated firings of one episode (within an hour of each other) are one alarm: the open crisis takes them.
      const episodes = outside.filter((m, j) => j === 0 || m - outside[j - 1] > 60).length;
      falseAlarms += episodes;
      if (inSpike.length) {
        detected++;
        delays.push(inSpike[0] - spike!.start);
      }
    }
    allTrue += detected;
    allFalse += falseAlarms;
    delays.sort((a, b) => a - b);
    const spikes = shape.startsWith('control') ? 0 : STREAMS_PER_SHAPE;
    const median = delays.length ? delays[Math.floor(delays.length / 2)] : NaN;
    const p90 = delays.length ? delays[Math.min(delays.length - 1, Math.floor(delays.length * 0.9))] : NaN;
    console.log(
      `${shape.padEnd(18)} ${String(spikes).padStart(6)}  ${String(detected).padStart(8)}  ${spikes ? (detected / spikes).toFixed(2) : '   -'}  ${String(falseAlarms).padStart(12)}  ${Number.isNaN(median) ? '                 -' : String(median).padStart(18)}  ${Number.isNaN(p90) ? '        -' : String(p90).padStart(9)}`,
    );
  }
  console.log(`\nprecision ${(allTrue / (allTrue + allFalse)).toFixed(3)} (${allTrue} true detections, ${allFalse} false alarms)`);
}

main();

// Seeded synthetic streams for `npm run bench:detection`: per brand, three days of mentions (and follower counts)
// ending at the bench's present T0, with the spike or control pattern of its shape. Times are minutes relative to T0.

export const MINUTE = 60_000;
const DAY_MIN = 1440;
/** Every stream covers this much before its end (T0, or two days before it for the historical import). */
export const STREAM_MINUTES = 3 * DAY_MIN;
/** The last L minutes before T0 arrive in 2-minute chunks; everything older in a 10-minute catch-up. */
export const LIVE_MINUTES = 330;
export const CATCH_UP_CHUNK_MINUTES = 10;
export const LIVE_CHUNK_MINUTES = 2;
/** Follower counts are sampled this often. */
export const FOLLOWER_SAMPLE_MINUTES = 15;

export type ShapeKind = 'burst' | 'build-up' | 'follower swing' | 'control' | 'historical';
export type BrandSize = 'tiny' | 'small' | 'large';

export interface Shape {
  name: string;
  kind: ShapeKind;
  /** "mixed": one stream in four (the 2nd, 6th, …) on a large brand, the others on small ones. */
  size: BrandSize | 'mixed';
  /** Whether the burst arrives inside the catch-up (the others arrive in 2-minute chunks). */
  inCatchUp?: boolean;
  /** Build-up length, in minutes. */
  buildUpMinutes?: number;
  hasFollowers?: boolean;
}

export const SHAPES: Shape[] = [
  { name: 'burst, 2-min delivery', kind: 'burst', size: 'mixed' },
  { name: 'burst in catch-up', kind: 'burst', size: 'mixed', inCatchUp: true },
  { name: 'build-up 2 h', kind: 'build-up', size: 'mixed', buildUpMinutes: 120 },
  { name: 'build-up 3.5 h', kind: 'build-up', size: 'mixed', buildUpMinutes: 210 },
  { name: 'build-up 5 h', kind: 'build-up', size: 'mixed', buildUpMinutes: 300 },
  { name: 'follower swing', kind: 'follower swing', size: 'tiny', hasFollowers: true },
  { name: 'control seasonal', kind: 'control', size: 'mixed' },
  { name: 'control steady-busy', kind: 'control', size: 'large' },
  { name: 'control viral-positive', kind: 'control', size: 'mixed' },
  { name: 'control tiny blips', kind: 'control', size: 'small' },
  { name: 'control followers', kind: 'control', size: 'tiny', hasFollowers: true },
  { name: 'historical import', kind: 'historical', size: 'mixed' },
];

/** Mentions a minute by brand size: a few for small brands, about ten for large ones, under one for tiny ones. */
const RATE: Record<BrandSize, [number, number]> = { tiny: [0.3, 0.8], small: [1, 3], large: [6, 12] };

export interface FollowerSample {
  minute: number;
  followers: number;
}

export interface Stream {
  shape: Shape;
  index: number;
  size: BrandSize;
  /** First minute (relative to T0) of the per-minute counts. */
  firstMinute: number;
  positive: Uint16Array;
  negative: Uint16Array;
  /** One positive post with a huge reach (viral-positive control). */
  viral: { minute: number; reach: number } | null;
  /** Minutes (relative to T0) where a blip of a few negatives begins (tiny-blip control). */
  blips: number[];
  /** The injected event, in minutes relative to T0; null for controls. */
  spike: { start: number; end: number } | null;
  followers: FollowerSample[] | null;
  /** The generator of this stream's mention details (ids, times, texts), used as the chunks are delivered. */
  detail: () => number;
}

/** mulberry32: a small seeded PRNG, so every run sees the same streams. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

export function poisson(rand: () => number, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rand)));
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = rand(); p > limit; p *= rand()) k++;
  return k;
}

const between = (rand: () => number, lo: number, hi: number) => lo + rand() * (hi - lo);

/** Day/night factor at a minute (relative to T0) by the UTC clock: strong for the seasonal control, mild elsewhere. */
function dailyFactor(t0: number, minute: number, amplitude: number): number {
  const hour = (((t0 / MINUTE + minute) % DAY_MIN) + DAY_MIN) % DAY_MIN / 60;
  const day = 0.5 - 0.5 * Math.cos(((hour - 3) / 24) * 2 * Math.PI); // 0 at 3:00 UTC, 1 at 15:00
  return amplitude === 1 ? 0.08 + 1.6 * day : 1 + amplitude * (2 * day - 1);
}

/** One stream of a shape; `seed` fixes it whatever the number of streams per shape. */
export function generateStream(shape: Shape, index: number, seed: number, t0: number): Stream {
  const rand = prng(seed);
  const size: BrandSize = shape.size === 'mixed' ? (index % 4 === 1 ? 'large' : 'small') : shape.size;
  const level = between(rand, ...RATE[size]);
  const baseShare = between(rand, 0.08, 0.12);
  const end = shape.kind === 'historical' ? -2 * DAY_MIN : 0;
  const firstMinute = end - STREAM_MINUTES;
  const amplitude = shape.name === 'control seasonal' ? 1 : shape.kind === 'burst' || shape.kind === 'build-up' ? 0.3 : 0;

  // The event, then the per-minute extra negatives (bursts) or negative share (build-ups) it brings.
  let spike: Stream['spike'] = null;
  let extraNegative = 0;
  let topShare = 0;
  if (shape.kind === 'burst') {
    // In the catch-up: from ~100 min before its end to about its end, so most of it sits inside the 6 h alert horizon
    // even when the run's own minutes have moved the server's clock past T0. Live: 30–60 min, over before T0.
    const start = shape.inCatchUp ? -LIVE_MINUTES - Math.round(between(rand, 95, 105)) : -Math.round(between(rand, 45, LIVE_MINUTES - 20));
    const end = shape.inCatchUp ? -LIVE_MINUTES + Math.round(between(rand, -15, 5)) : Math.min(0, start + Math.round(between(rand, 30, 60)));
    spike = { start, end };
    extraNegative = Math.max(2, level * between(rand, 1, 2));
  } else if (shape.kind === 'build-up') {
    const stop = -Math.round(between(rand, 0, 20));
    spike = { start: stop - shape.buildUpMinutes!, end: stop };
    topShare = between(rand, 0.6, 0.75);
  } else if (shape.kind === 'historical') {
    const start = end - DAY_MIN + Math.round(between(rand, -240, 240)); // a clear burst on the stream's last day
    spike = { start, end: start + 45 };
    extraNegative = Math.max(3, level * 2);
  } else if (shape.kind === 'follower swing') {
    const start = -Math.round(between(rand, 60, 240));
    spike = { start, end: start + Math.round(between(rand, 30, 60)) };
  }
  const blips = shape.name === 'control tiny blips' ? blipMinutes(rand, firstMinute) : [];
  // Each blip is 3–6 extra negative posts over its 2 minutes, exactly (not a rate: a blip is a handful of posts).
  const blipPosts = new Map(blips.flatMap((b) => {
    const n = 3 + Math.floor(rand() * 4);
    return [[b, Math.ceil(n / 2)], [b + 1, Math.floor(n / 2)]] as Array<[number, number]>;
  }));
  const viral = shape.name === 'control viral-positive' ? { minute: -Math.round(between(rand, 60, 280)), reach: Math.round(between(rand, 1e6, 5e6)) } : null;

  const positive = new Uint16Array(STREAM_MINUTES);
  const negative = new Uint16Array(STREAM_MINUTES);
  for (let i = 0; i < STREAM_MINUTES; i++) {
    const m = firstMinute + i;
    let rate = level * dailyFactor(t0, m, amplitude);
    let share = baseShare;
    let extra = 0;
    if (spike && extraNegative && m >= spike.start && m < spike.end) extra = extraNegative * Math.min(1, (m - spike.start + 1) / 3); // 3-minute ramp
    if (shape.kind === 'build-up' && spike && m >= spike.start) {
      const progress = Math.min(1, (m - spike.start) / (spike.end - spike.start));
      share = baseShare + (topShare - baseShare) * progress;
      rate *= 1 + 0.2 * progress; // complaints add a little volume
    }
    let pos = poisson(rand, rate * (1 - share));
    if (viral && m >= viral.minute && m < viral.minute + 45) pos += poisson(rand, level * 2); // the shares and praise it draws
    positive[i] = pos;
    negative[i] = poisson(rand, rate * share + extra) + (blipPosts.get(m) ?? 0);
  }
  return { shape, index, size, firstMinute, positive, negative, viral, spike, blips, followers: shape.hasFollowers ? followerSamples(rand, firstMinute, t0, spike, index) : null, detail: prng(seed ^ 0x5bd1e995) };
}

/**
 * Six isolated blips, three in the live part and three in the older history, each at least two windows (30 min) from
 * the others: blips that overlap in one window are a small burst, not a blip.
 */
function blipMinutes(rand: () => number, firstMinute: number): number[] {
  const blips: number[] = [];
  while (blips.length < 6) {
    const live = blips.length < 3;
    const b = live ? -Math.round(between(rand, 2, LIVE_MINUTES)) : firstMinute + Math.round(between(rand, 0, STREAM_MINUTES - LIVE_MINUTES));
    if (blips.every((o) => Math.abs(o - b) >= 30)) blips.push(b);
  }
  return blips;
}

/**
 * Followers every 15 minutes, a random walk: growth of ~0.1 %/h, faster by day than by night, each step noisy (some
 * steps lose followers); a swing of +5 % (even streams) or −3 % (odd ones) spread over its minutes, if any.
 */
function followerSamples(rand: () => number, firstMinute: number, t0: number, spike: Stream['spike'], index: number): FollowerSample[] {
  let followers = 10 ** between(rand, 4.5, 6.3);
  const swing = index % 2 ? -0.03 : 0.05;
  const growthPerStep = (0.001 * between(rand, 0.8, 1.2) * FOLLOWER_SAMPLE_MINUTES) / 60;
  const samples: FollowerSample[] = [];
  const first = Math.ceil(firstMinute / FOLLOWER_SAMPLE_MINUTES) * FOLLOWER_SAMPLE_MINUTES;
  for (let m = first; m < firstMinute + STREAM_MINUTES; m += FOLLOWER_SAMPLE_MINUTES) {
    followers *= 1 + growthPerStep * dailyFactor(t0, m, 0.5) * (1 + 0.6 * gaussian(rand));
    if (spike && m > spike.start && m - FOLLOWER_SAMPLE_MINUTES < spike.end) {
      const overlap = Math.min(m, spike.end) - Math.max(m - FOLLOWER_SAMPLE_MINUTES, spike.start);
      followers *= (1 + swing) ** (overlap / (spike.end - spike.start));
    }
    samples.push({ minute: m, followers: Math.round(followers) });
  }
  return samples;
}

const NEGATIVE_TEXTS = [
  'Still no refund after three weeks, this is ridiculous', 'Worst customer service ever, nobody answers',
  'Produit cassé au bout de deux jours, je suis très déçu', 'Charged twice and support keeps ignoring me',
  "Je n'achèterai plus jamais cette marque", 'This recall is a joke, how is this still on sale',
];
const OTHER_TEXTS = [
  'Just got my order, packaging was great', "J'adore la nouvelle collection", 'Anyone tried the new model yet?',
  'Fast delivery, thanks!', 'Le service client a été top', 'Looking forward to the launch event',
];

export interface GeneratedMention {
  platform: string;
  externalId: string;
  text: string;
  author: string;
  reach: number;
  language: string;
  sentiment: number;
  postedAt: string;
}

/** The stream's mentions posted in [from, to) (minutes relative to T0), materialised as the chunk is delivered. */
export function mentionsOf(stream: Stream, from: number, to: number, t0: number, key: string): GeneratedMention[] {
  const out: GeneratedMention[] = [];
  const rand = stream.detail;
  const mention = (minute: number, n: number, negative: boolean, reach?: number): GeneratedMention => ({
    platform: 'twitter',
    externalId: `${key}:${minute}:${n}`,
    text: (negative ? NEGATIVE_TEXTS : OTHER_TEXTS)[Math.floor(rand() * 6)],
    author: `@user${Math.floor(rand() * 50_000)}`,
    reach: reach ?? Math.min(20_000, Math.round(40 * Math.exp(1.5 * gaussian(rand)))), // heavy-tailed, no influencer
    language: 'en',
    sentiment: negative ? -Math.round(between(rand, 0.2, 0.9) * 100) / 100 : reach !== undefined ? 0.8 : rand() < 0.35 ? 0 : Math.round(between(rand, 0.1, 0.9) * 100) / 100,
    postedAt: new Date(t0 + minute * MINUTE + Math.floor(rand() * MINUTE)).toISOString(),
  });
  for (let m = Math.max(from, stream.firstMinute); m < Math.min(to, stream.firstMinute + STREAM_MINUTES); m++) {
    const i = m - stream.firstMinute;
    let n = 0;
    for (let j = 0; j < stream.negative[i]; j++) out.push(mention(m, n++, true));
    for (let j = 0; j < stream.positive[i]; j++) out.push(mention(m, n++, false));
    if (stream.viral?.minute === m) out.push(mention(m, n++, false, stream.viral.reach));
  }
  return out;
}

export function mentionCount(stream: Stream): number {
  let total = stream.viral ? 1 : 0;
  for (let i = 0; i < STREAM_MINUTES; i++) total += stream.positive[i] + stream.negative[i];
  return total;
}

// A brand's minute buckets over a span, as prefix sums: any window's sums in O(1), so detection can slide over
// every window a batch touched instead of judging only the one ending at its newest mention. Pure.
import type { WindowStats } from './detector';

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

export interface MinuteBucket extends WindowStats {
  /** Start of the minute, epoch ms. */
  at: number;
}

const FIELDS = ['total', 'negative', 'sentimentSum', 'negativeReach'] as const;

export class MinuteSeries {
  private readonly from: number;
  private readonly length: number;
  /** prefix[f][i] = sum of field f over the minutes [from, from + i). */
  private readonly prefix: Record<(typeof FIELDS)[number], Float64Array>;

  /**
   * `from`..`to` (minute-aligned) is the span the buckets were read for; `firstBucket` is the brand's first minute with
   * mentions ever: a window before it is unknown, not quiet.
   */
  constructor(from: number, to: number, buckets: MinuteBucket[], readonly firstBucket: number) {
    this.from = from;
    this.length = Math.max(0, Math.round((to - from) / MINUTE_MS));
    const raw = Object.fromEntries(FIELDS.map((f) => [f, new Float64Array(this.length)])) as Record<(typeof FIELDS)[number], Float64Array>;
    for (const bucket of buckets) {
      const i = Math.round((bucket.at - from) / MINUTE_MS);
      if (i < 0 || i >= this.length) continue;
      for (const f of FIELDS) raw[f][i] += bucket[f];
    }
    this.prefix = Object.fromEntries(FIELDS.map((f) => {
      const sums = new Float64Array(this.length + 1);
      for (let i = 0; i < this.length; i++) sums[i + 1] = sums[i] + raw[f][i];
      return [f, sums];
    })) as Record<(typeof FIELDS)[number], Float64Array>;
  }

  /** Whether `t` is at or after the brand's first minute with mentions: before it, a window is unknown, not quiet. */
  hasDataSince(t: number): boolean {
    return t >= this.firstBucket;
  }

  /** Sums over [start, end); minutes outside the span read as 0 (the caller reads what it needs). */
  window(start: number, end: number): WindowStats {
    const index = (t: number) => Math.min(this.length, Math.max(0, Math.round((t - this.from) / MINUTE_MS)));
    const a = index(start);
    const b = index(end);
    const sum = (f: (typeof FIELDS)[number]) => (b > a ? this.prefix[f][b] - this.prefix[f][a] : 0);
    return { total: sum('total'), negative: sum('negative'), sentimentSum: sum('sentimentSum'), negativeReach: sum('negativeReach') };
  }
}

/** Merges [start, end) ranges that overlap or touch, in order: what one bucket query must read. */
export function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

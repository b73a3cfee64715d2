// The followers of a crisis's brand on its curve (MetricPoint.followers, followerChange): one statement per request,
// whatever the number of points, through a per-request loader keyed by point.
import DataLoader from 'dataloader';
import { viewerOf, type Context } from '../graphql/context';
import type { MetricPoint } from '../detection/metrics';
import { readFollowerCurves, type CurveSample, type CurveSpan } from './account-metrics.store';

export interface FollowerPoint {
  /** Sum over the brand's accounts of the latest sample at or before the bucket's end; null before any sample. */
  followers: number | null;
  /** Sum over the accounts known at the bucket's start of their change over the bucket; null when none was known. */
  followerChange: number | null;
}

/**
 * Per bucket index 0..count-1, from each account's latest sample per bucket (index -1: at or before the curve's start).
 * An account first seen in the middle of the curve adds to `followers` from then on, but is no change of followers.
 */
export function followersPerBucket(count: number, samples: Pick<CurveSample, 'platform' | 'k' | 'followers'>[]): FollowerPoint[] {
  const byAccount = new Map<string, Map<number, number>>();
  for (const s of samples) {
    if (s.k < -1 || s.k >= count) continue;
    const account = byAccount.get(s.platform) ?? new Map<number, number>();
    account.set(s.k, s.followers);
    byAccount.set(s.platform, account);
  }
  const points: FollowerPoint[] = Array.from({ length: count }, () => ({ followers: null, followerChange: null }));
  for (const bySlot of byAccount.values()) {
    let previous: number | null = bySlot.get(-1) ?? null;
    for (let k = 0; k < count; k++) {
      const level = bySlot.get(k) ?? previous;
      const point = points[k];
      if (level !== null) point.followers = (point.followers ?? 0) + level;
      if (level !== null && previous !== null) point.followerChange = (point.followerChange ?? 0) + (level - previous);
      previous = level;
    }
  }
  return points;
}

const loadersOf = new WeakMap<Context, DataLoader<MetricPoint, FollowerPoint, string>>();

/** The request's loader: the points asked for are grouped by curve (crisis and bucket length), read in one statement. */
export function followerLoader(ctx: Context): DataLoader<MetricPoint, FollowerPoint, string> {
  const found = loadersOf.get(ctx);
  if (found) return found;
  const organizationId = viewerOf(ctx).organizationId;
  const loader = new DataLoader<MetricPoint, FollowerPoint, string>(
    async (points) => {
      const curves: CurveSpan[] = [];
      const curveOf = new Map<string, number>();
      const at = points.map((p) => {
        const bucketMs = p.bucketEnd.getTime() - p.bucketStart.getTime();
        const key = `${p.crisisId}/${bucketMs}`;
        let i = curveOf.get(key);
        if (i === undefined) {
          i = curves.push({ crisisId: p.crisisId, start: p.bucketStart.getTime(), end: p.bucketEnd.getTime(), bucketMs }) - 1;
          curveOf.set(key, i);
        }
        const curve = curves[i];
        curve.start = Math.min(curve.start, p.bucketStart.getTime());
        curve.end = Math.max(curve.end, p.bucketEnd.getTime());
        return i;
      });
      const rows = await readFollowerCurves(ctx.services.dataSource, organizationId, curves);
      const perCurve = curves.map((c, i) => followersPerBucket(Math.round((c.end - c.start) / c.bucketMs), rows.filter((r) => r.curve === i)));
      return points.map((p, n) => perCurve[at[n]][Math.round((p.bucketStart.getTime() - curves[at[n]].start) / curves[at[n]].bucketMs)]);
    },
    { cacheKeyFn: (p) => `${p.crisisId}/${p.bucketStart.getTime()}/${p.bucketEnd.getTime()}` },
  );
  loadersOf.set(ctx, loader);
  return loader;
}

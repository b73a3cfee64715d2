// The SQL of account metrics: storing samples once, an account's history around a batch, and a brand's followers per bucket.
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import type { FollowerSample } from '../detection/followers';

export interface AccountMetricRow {
  brand_id: string;
  platform: string;
  /** ISO timestamp. */
  at: string;
  followers: number;
}

/** Stores new samples; a (brand, platform, at) already stored is left as it was. Returns the rows actually inserted. */
export async function insertAccountMetrics(dataSource: DataSource, organizationId: string, rows: AccountMetricRow[]): Promise<AccountMetricRow[]> {
  const inserted = await query<{ brand_id: string; platform: string; at: Date; followers: number }>(
    dataSource,
    `INSERT INTO account_metric (organization_id, brand_id, platform, at, followers)
     SELECT $1, m.brand_id, m.platform, m.at, m.followers
     FROM jsonb_to_recordset($2::jsonb) AS m(brand_id uuid, platform text, at timestamptz, followers int)
     ORDER BY m.brand_id, m.platform, m.at
     ON CONFLICT (organization_id, brand_id, platform, at) DO NOTHING
     RETURNING brand_id, platform, at, followers`,
    [organizationId, JSON.stringify(rows)],
  );
  return inserted.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}

export interface HistorySpan {
  brandId: string;
  platform: string;
  /** Samples from here to `to` (epoch ms), plus the latest one before `from` so the span's start can be interpolated. */
  from: number;
  to: number;
}

/** Each span's samples, oldest first, in the order of the spans; one statement for all of them. */
export async function readAccountHistories(dataSource: DataSource, organizationId: string, spans: HistorySpan[]): Promise<FollowerSample[][]> {
  const rows = await query<{ i: number; at: Date; followers: number }>(
    dataSource,
    `SELECT a.i, s.at, s.followers
     FROM jsonb_to_recordset($2::jsonb) AS a(i int, brand_id uuid, platform text, from_at timestamptz, to_at timestamptz)
     CROSS JOIN LATERAL (
       (SELECT m.at, m.followers FROM account_metric m
        WHERE m.organization_id = $1 AND m.brand_id = a.brand_id AND m.platform = a.platform AND m.at < a.from_at
        ORDER BY m.at DESC LIMIT 1)
       UNION ALL
       (SELECT m.at, m.followers FROM account_metric m
        WHERE m.organization_id = $1 AND m.brand_id = a.brand_id AND m.platform = a.platform AND m.at >= a.from_at AND m.at <= a.to_at)
     ) s
     ORDER BY a.i, s.at`,
    [organizationId, JSON.stringify(spans.map((s, i) => ({ i, brand_id: s.brandId, platform: s.platform, from_at: new Date(s.from), to_at: new Date(s.to) })))],
  );
  const out: FollowerSample[][] = spans.map(() => []);
  for (const r of rows) out[r.i].push({ at: new Date(r.at).getTime(), followers: r.followers });
  return out;
}

export interface CurveSpan {
  crisisId: string;
  /** The first bucket's start and the last bucket's end (epoch ms), and the bucket length. */
  start: number;
  end: number;
  bucketMs: number;
}

/** For one curve and one account of the crisis's brand: its latest sample at or before a bucket's end, per bucket. */
export interface CurveSample {
  curve: number;
  platform: string;
  /** Bucket index: -1 for the latest sample at or before the curve's start, k for the last one in (start_k, end_k]. */
  k: number;
  followers: number;
}

/**
 * The last sample of each account of each curve's brand in each bucket, and the one before the curve: one statement
 * for every curve of a request. The brand's accounts are found with a skip scan over the primary key (one index probe
 * per platform), not by reading its samples.
 */
export async function readFollowerCurves(dataSource: DataSource, organizationId: string, curves: CurveSpan[]): Promise<CurveSample[]> {
  return query<CurveSample>(
    dataSource,
    `WITH RECURSIVE curve AS (
       SELECT c.i, c.start_at, c.end_at, c.bucket_ms, cr.brand_id
       FROM jsonb_to_recordset($2::jsonb) AS c(i int, crisis_id uuid, start_at timestamptz, end_at timestamptz, bucket_ms bigint)
       JOIN crisis cr ON cr.id = c.crisis_id AND cr.organization_id = $1
     ), account(brand_id, platform) AS (
       SELECT b.brand_id, (SELECT min(m.platform) FROM account_metric m WHERE m.organization_id = $1 AND m.brand_id = b.brand_id)
       FROM (SELECT DISTINCT brand_id FROM curve) b
       UNION ALL
       SELECT a.brand_id, (SELECT min(m.platform) FROM account_metric m WHERE m.organization_id = $1 AND m.brand_id = a.brand_id AND m.platform > a.platform)
       FROM account a WHERE a.platform IS NOT NULL
     )
     SELECT c.i AS curve, a.platform, -1 AS k, s.followers
     FROM curve c JOIN account a ON a.brand_id = c.brand_id AND a.platform IS NOT NULL
     CROSS JOIN LATERAL (
       SELECT m.followers FROM account_metric m
       WHERE m.organization_id = $1 AND m.brand_id = a.brand_id AND m.platform = a.platform AND m.at <= c.start_at
       ORDER BY m.at DESC LIMIT 1
     ) s
     UNION ALL
     (SELECT DISTINCT ON (c.i, a.platform, 3) c.i, a.platform,
             (ceil(extract(epoch FROM (m.at - c.start_at)) * 1000 / c.bucket_ms) - 1)::int AS k, m.followers
      FROM curve c JOIN account a ON a.brand_id = c.brand_id AND a.platform IS NOT NULL
      JOIN account_metric m ON m.organization_id = $1 AND m.brand_id = a.brand_id AND m.platform = a.platform
                           AND m.at > c.start_at AND m.at <= c.end_at
      ORDER BY c.i, a.platform, 3, m.at DESC)`,
    [organizationId, JSON.stringify(curves.map((c, i) => ({ i, crisis_id: c.crisisId, start_at: new Date(c.start), end_at: new Date(c.end), bucket_ms: c.bucketMs })))],
  );
}

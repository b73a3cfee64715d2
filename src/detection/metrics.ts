// A crisis's curve: per-bucket volume, negativity, sentiment, reach and engagement of its brand, from a little before
// detection to now (or to closing), beside the brand's pre-crisis baseline.
import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { query, type Tx } from '../db/transaction';
import { BadUserInputError } from '../graphql/errors';
import type { CrisisRecord } from '../crisis/crisis.record';

/** How long before detection the curve starts, so the rise is visible. */
export const LEAD_IN_MS = 2 * 3600_000;
/** The baseline: the 24 hours before the lead-in. */
export const BASELINE_MS = 24 * 3600_000;
const MAX_POINTS = 2000;

@ObjectType({ description: "One bucket of the brand's mentions around a crisis, with the pre-crisis baseline for the same bucket length" })
export class MetricPoint {
  @Field() bucketStart!: Date;
  @Field(() => Int) mentions!: number;
  @Field(() => Int) negativeMentions!: number;
  @Field(() => Float, { nullable: true, description: 'negativeMentions / mentions; null without mentions' }) negativeShare!: number | null;
  @Field(() => Float, { nullable: true }) meanSentiment!: number | null;
  @Field(() => Float) reach!: number;
  @Field(() => Float) engagement!: number;
  @Field(() => Float, { nullable: true, description: 'engagement / reach; null without reach' }) engagementRate!: number | null;
  @Field(() => Float, { description: 'Mean negative mentions per bucket over the 24 h before the lead-in' }) baselineNegativeMentions!: number;
  @Field(() => Float, { nullable: true }) baselineNegativeShare!: number | null;
  @Field(() => Float, { nullable: true }) baselineMeanSentiment!: number | null;
  /** For the fields other features add to a point (the statements published in it). */
  crisisId!: string;
  bucketEnd!: Date;
}

interface BucketSum {
  bucket: Date;
  total: number;
  negative: number;
  sentiment_sum: number;
  reach: string;
  engagement: string;
}

/** Sums of a brand's mentions over the 24 h before a crisis's curve starts. */
export interface BaselineSums {
  total: number;
  negative: number;
  sentimentSum: number | null;
}

/** Where a crisis's curve starts for a bucket length: LEAD_IN_MS before detection, down to a whole bucket. */
export function curveStart(detectedAt: number, bucketMs: number): number {
  return Math.floor((detectedAt - LEAD_IN_MS) / bucketMs) * bucketMs;
}

/**
 * The brand's pre-crisis baseline: its mentions in the BASELINE_MS before the curve starts at `start`. Crisis.metrics
 * shows it beside every point; recovery and exit criteria (src/recovery/) measure against it, at one-minute buckets.
 * Runs on `on`: the pool, or a transaction (a check deciding under a crisis's lock reads on its own connection).
 */
export async function readBaseline(on: DataSource | Tx, organizationId: string, brandId: string, start: number): Promise<BaselineSums> {
  const sql = `SELECT coalesce(sum(total), 0)::int AS total, coalesce(sum(negative), 0)::int AS negative, sum(sentiment_sum) AS sentiment_sum
     FROM mention_bucket WHERE organization_id = $1 AND brand_id = $2 AND bucket_start >= $3 AND bucket_start < $4`;
  const params = [organizationId, brandId, new Date(start - BASELINE_MS), new Date(start)];
  type Row = { total: number; negative: number; sentiment_sum: number | null };
  const [row] = 'rows' in on ? await on.rows<Row>(sql, params) : await query<Row>(on, sql, params);
  return { total: row.total, negative: row.negative, sentimentSum: row.sentiment_sum };
}

/** The bucket length when none is asked: 15 minutes, or wider for a long crisis so the curve stays under MAX_POINTS. */
export function defaultBucketMinutes(crisis: CrisisRecord, now = Date.now()): number {
  const end = crisis.closedAt ? crisis.closedAt.getTime() : now;
  const span = end - crisis.detectedAt.getTime() + LEAD_IN_MS;
  return Math.min(1440, Math.max(15, Math.ceil(span / (MAX_POINTS - 2) / 60_000)));
}

export async function crisisMetrics(dataSource: DataSource, crisis: CrisisRecord, bucketMinutes: number, now = Date.now()): Promise<MetricPoint[]> {
  if (!Number.isInteger(bucketMinutes) || bucketMinutes < 1 || bucketMinutes > 1440) {
    throw new BadUserInputError('bucketMinutes', 'must be a whole number of minutes between 1 and 1440');
  }
  const bucketMs = bucketMinutes * 60_000;
  const end = crisis.closedAt ? crisis.closedAt.getTime() + bucketMs : now;
  const start = curveStart(crisis.detectedAt.getTime(), bucketMs);
  const count = Math.ceil((end - start) / bucketMs);
  if (count > MAX_POINTS) throw new BadUserInputError('bucketMinutes', `too many points (${count}); use buckets of at least ${Math.ceil((end - start) / MAX_POINTS / 60_000)} minutes`);

  const [rows, baseline] = await Promise.all([
    query<BucketSum>(
      dataSource,
      `SELECT to_timestamp(floor(extract(epoch FROM bucket_start) * 1000 / $4) * $4 / 1000) AS bucket,
              sum(total)::int AS total, sum(negative)::int AS negative, sum(sentiment_sum) AS sentiment_sum,
              sum(reach)::text AS reach, sum(engagement)::text AS engagement
       FROM mention_bucket
       WHERE organization_id = $1 AND brand_id = $2 AND bucket_start >= $3 AND bucket_start < $5
       GROUP BY 1 ORDER BY 1`,
      [crisis.organizationId, crisis.brandId, new Date(start), bucketMs, new Date(end)],
    ),
    readBaseline(dataSource, crisis.organizationId, crisis.brandId, start),
  ]);
  const byStart = new Map(rows.map((r) => [new Date(r.bucket).getTime(), r]));
  const baselineNegative = (baseline.negative * bucketMs) / BASELINE_MS;
  const baselineShare = baseline.total ? baseline.negative / baseline.total : null;
  const baselineSentiment = baseline.total && baseline.sentimentSum !== null ? baseline.sentimentSum / baseline.total : null;
  return Array.from({ length: count }, (_, i) => {
    const bucketStart = start + i * bucketMs;
    const r = byStart.get(bucketStart);
    const total = r?.total ?? 0;
    const reach = Number(r?.reach ?? 0);
    const engagement = Number(r?.engagement ?? 0);
    return {
      crisisId: crisis.id,
      bucketEnd: new Date(bucketStart + bucketMs),
      bucketStart: new Date(bucketStart),
      mentions: total,
      negativeMentions: r?.negative ?? 0,
      negativeShare: total ? (r!.negative / total) : null,
      meanSentiment: total ? r!.sentiment_sum / total : null,
      reach,
      engagement,
      engagementRate: reach ? engagement / reach : null,
      baselineNegativeMentions: baselineNegative,
      baselineNegativeShare: baselineShare,
      baselineMeanSentiment: baselineSentiment,
    };
  });
}

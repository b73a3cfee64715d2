// A brand's spikes as stored: one row per episode, extended while it goes on (the same spike seen by several batches,
// or by the burst and the drift detector in turn, stays one row), and the page of them Brand.pastSpikes shows.
import type { DataSource } from 'typeorm';
import { query, type Tx } from '../db/transaction';
import type { SpikeRun } from './judge';

export interface SpikeRow {
  id: string;
  organization_id: string;
  brand_id: string;
  metric: string;
  window_start: Date;
  window_end: Date;
  peak_window_start: Date;
  peak_window_end: Date;
  observed: number;
  baseline: number;
  score: number;
  severity: string;
  first_seen_at: Date;
  late_by_seconds: number;
  crisis_id: string | null;
}

const COLUMNS = `id, organization_id, brand_id, metric, window_start, window_end, peak_window_start, peak_window_end, observed, baseline,
  score, severity, first_seen_at, late_by_seconds, crisis_id`;

/**
 * Records a run as a spike of the brand: it extends the brand's latest spike when the two overlap or touch (within
 * `gapMs`), keeping the stronger peak; otherwise it is a new spike. Runs under the brand's detection lock.
 */
export async function recordSpike(tx: Tx, organizationId: string, brandId: string, run: SpikeRun, gapMs: number, now: number): Promise<SpikeRow> {
  const peak = run.peak;
  const values = [
    peak.metric, new Date(peak.windowStart), new Date(peak.windowEnd), peak.observed, peak.baseline, round(peak.score), peak.ratio, peak.severity,
  ];
  const [extended] = await tx.rows<SpikeRow>(
    `UPDATE brand_spike s SET window_start = least(s.window_start, $4), window_end = greatest(s.window_end, $5),
       metric = CASE WHEN $12 > s.strength THEN $6 ELSE s.metric END,
       peak_window_start = CASE WHEN $12 > s.strength THEN $7 ELSE s.peak_window_start END,
       peak_window_end = CASE WHEN $12 > s.strength THEN $8 ELSE s.peak_window_end END,
       observed = CASE WHEN $12 > s.strength THEN $9 ELSE s.observed END,
       baseline = CASE WHEN $12 > s.strength THEN $10 ELSE s.baseline END,
       score = CASE WHEN $12 > s.strength THEN $11 ELSE s.score END,
       severity = CASE WHEN $12 > s.strength THEN $13 ELSE s.severity END,
       strength = greatest(s.strength, $12)
     WHERE s.id = (SELECT id FROM brand_spike WHERE organization_id = $1 AND brand_id = $2
                     AND window_end >= $4::timestamptz - $3 * interval '1 millisecond' AND window_start <= $5::timestamptz + $3 * interval '1 millisecond'
                   ORDER BY window_end DESC LIMIT 1)
     RETURNING ${COLUMNS}`,
    [organizationId, brandId, gapMs, new Date(run.windowStart), new Date(run.windowEnd), ...values],
  );
  if (extended) return extended;
  const [created] = await tx.rows<SpikeRow>(
    `INSERT INTO brand_spike (organization_id, brand_id, window_start, window_end, metric, peak_window_start, peak_window_end, observed, baseline,
                              score, strength, severity, late_by_seconds)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
    [organizationId, brandId, new Date(run.windowStart), new Date(run.windowEnd), ...values, lateBySeconds(peak.windowEnd, now)],
  );
  return created;
}

export async function linkSpike(tx: Tx, spikeId: string, crisisId: string): Promise<void> {
  await tx.rows(`UPDATE brand_spike SET crisis_id = $2 WHERE id = $1 AND crisis_id IS NULL`, [spikeId, crisisId]);
}

/** How long after its window ended a spike was first seen: late data shows here. */
export function lateBySeconds(windowEnd: number, now: number): number {
  return Math.max(0, Math.round((now - windowEnd) / 1000));
}

/** A page of the brand's spikes, newest window first; `limit` is the page size + 1. */
export async function readSpikes(
  dataSource: DataSource, organizationId: string, brandId: string, limit: number, after: [string, string] | null, pagedOnly: boolean | null,
): Promise<SpikeRow[]> {
  return query<SpikeRow>(
    dataSource,
    `SELECT ${COLUMNS} FROM brand_spike WHERE organization_id = $1 AND brand_id = $2
       AND ($3::timestamptz IS NULL OR (window_end, id) < ($3, $4::uuid))
       AND ($6::boolean IS NULL OR (crisis_id IS NOT NULL) = $6)
     ORDER BY window_end DESC, id DESC LIMIT $5`,
    [organizationId, brandId, after?.[0] ?? null, after?.[1] ?? null, limit, pagedOnly],
  );
}

export async function countSpikes(dataSource: DataSource, organizationId: string, brandId: string, pagedOnly: boolean | null): Promise<number> {
  const [row] = await query<{ count: number }>(
    dataSource,
    `SELECT count(*)::int AS count FROM brand_spike WHERE organization_id = $1 AND brand_id = $2 AND ($3::boolean IS NULL OR (crisis_id IS NOT NULL) = $3)`,
    [organizationId, brandId, pagedOnly],
  );
  return row.count;
}

const round = (value: number) => Math.round(value * 100) / 100;

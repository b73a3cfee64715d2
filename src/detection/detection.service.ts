// Detection as part of ingestion: for each brand a batch touched, the recent window against the brand's baseline;
// a spike opens a crisis in DETECTED (or attaches to the brand's open one) and links the mentions that made it.
import type { DataSource } from 'typeorm';
import { query, withTransaction } from '../db/transaction';
import type { CrisisService } from '../crisis/crisis.service';
import type { PlaybookService } from '../playbooks/playbook.service';
import type { Logger } from 'pino';
import type { CrisisRecord } from '../crisis/crisis.record';
import type { DetectionSignalData } from '../crisis/crisis.entity';
import {
  DEFAULT_DETECTION, NEAR_MS, detectSpike, isBaselineWindow, severityOf, type DetectionSettings, type Signal, type WindowStats,
} from './detector';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Batches whose newest mention is older than this are back-fill: stored and counted, but they page no one. */
const STALE_MS = 60 * MINUTE;

const METRIC_TITLES: Record<Signal['metric'], string> = {
  NEGATIVE_MENTIONS: 'Surge of negative mentions',
  NEGATIVE_SHARE: 'Sharp rise in the share of negative mentions',
  SENTIMENT: 'Sudden drop in sentiment',
  REACH_NEGATIVITY: 'Negative post with unusual reach',
  NEGATIVE_SHARE_DRIFT: 'Slow build-up of negative mentions (share)',
  NEGATIVE_VOLUME_DRIFT: 'Slow build-up of negative mentions (volume)',
  FOLLOWER_SWING: 'Unusual movement of followers',
};

export function detectionSettings(stored: Partial<DetectionSettings> | null): DetectionSettings {
  return { ...DEFAULT_DETECTION, ...stored, signals: { ...DEFAULT_DETECTION.signals, ...stored?.signals } };
}

interface WindowRow {
  k: number;
  total: number;
  negative: number;
  sentiment_sum: number;
  negative_reach: string;
}

export class DetectionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly crises: CrisisService,
    private readonly playbooks: PlaybookService,
    private readonly log?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs detection for the brands a batch touched (`newest`: the latest postedAt stored per brand). */
  async afterIngest(organizationId: string, newest: Map<string, number>): Promise<CrisisRecord[]> {
    const found: CrisisRecord[] = [];
    for (const [brandId, latest] of newest) {
      try {
        const crisis = await this.checkBrand(organizationId, brandId, latest);
        if (crisis) found.push(crisis);
      } catch (error) {
        // The mentions are stored either way; a failed check is retried by the brand's next batch.
        this.log?.error({ err: error, brandId }, 'spike detection failed for a brand');
      }
    }
    return found;
  }

  private async checkBrand(organizationId: string, brandId: string, latest: number): Promise<CrisisRecord | null> {
    const now = this.now();
    if (latest < now - STALE_MS) return null;
    const [brand] = await query<{ name: string; detection: Partial<DetectionSettings> | null; first_bucket: Date | null }>(
      this.dataSource,
      `SELECT name, detection, (SELECT min(bucket_start) FROM mention_bucket WHERE organization_id = $1 AND brand_id = $2) AS first_bucket
       FROM brand WHERE organization_id = $1 AND id = $2`,
      [organizationId, brandId],
    );
    if (!brand?.first_bucket) return null;
    const settings = detectionSettings(brand.detection);
    const windowMs = settings.windowMinutes * MINUTE;
    // The window ends at the newest mention's minute (never past now): stream time, so late data is judged where it belongs.
    const windowEnd = Math.min(Math.floor(Math.min(latest, now) / MINUTE) * MINUTE + MINUTE, now + MINUTE);
    const { current, history } = await this.windows(organizationId, brandId, windowEnd, windowMs, settings.baselineDays, new Date(brand.first_bucket).getTime());
    const signal = detectSpike(current, history, settings);
    if (!signal) return null;
    const trigger: DetectionSignalData = {
      metric: signal.metric,
      windowStart: new Date(windowEnd - windowMs).toISOString(),
      windowEnd: new Date(windowEnd).toISOString(),
      observed: signal.observed,
      baseline: signal.baseline,
      score: Math.round(signal.score * 100) / 100,
    };
    const severity = severityOf(signal.score, settings.threshold);

    const plan = await this.playbooks.pin(organizationId, brandId);
    // One detector at a time per brand: two batches racing on one spike open one crisis. Inside the lock everything
    // runs on the transaction's own connection.
    const { crisis, opened } = await withTransaction(this.dataSource, async (tx) => {
      await tx.rows(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`detection:${brandId}`]);
      const [latestCrisis] = await tx.rows<{ id: string; closed_at: Date | null }>(
        `SELECT id, closed_at FROM crisis WHERE organization_id = $1 AND brand_id = $2 ORDER BY (closed_at IS NULL) DESC, detected_at DESC LIMIT 1`,
        [organizationId, brandId],
      );
      if (latestCrisis && !latestCrisis.closed_at) return { crisis: latestCrisis.id, opened: null };
      // A crisis closed (e.g. dismissed as a false alarm) during this very window: the same spike does not reopen it.
      if (latestCrisis?.closed_at && new Date(latestCrisis.closed_at).getTime() >= windowEnd - windowMs) return { crisis: null, opened: null };
      const created = await this.crises.openDetectedCrisis(tx, organizationId, {
        brandId, title: `${METRIC_TITLES[signal.metric]} — ${brand.name}`, category: 'OTHER', severity,
        description: `Detected automatically: ${signal.metric} at ${signal.observed.toFixed(2)} against a baseline of ${signal.baseline.toFixed(2)} (score ${trigger.score}).`,
      }, trigger, plan);
      await this.link(tx.rows.bind(tx), organizationId, brandId, created.id, trigger);
      return { crisis: created.id, opened: created };
    });
    if (opened) return opened;
    if (!crisis) return null;
    await this.link((sql, params) => query(this.dataSource, sql, params), organizationId, brandId, crisis, trigger);
    return this.crises.attachSpike(organizationId, crisis, trigger, severity);
  }

  /** The negative mentions of the window become the crisis's (those not already linked to one). */
  private async link(run: (sql: string, params: unknown[]) => Promise<unknown>, organizationId: string, brandId: string, crisisId: string, trigger: DetectionSignalData) {
    await run(
      `UPDATE mention SET crisis_id = $3 WHERE organization_id = $1 AND brand_id = $2 AND crisis_id IS NULL AND sentiment < 0
         AND posted_at >= $4 AND posted_at < $5`,
      [organizationId, brandId, crisisId, trigger.windowStart, trigger.windowEnd],
    );
  }

  /**
   * The current window and the baseline windows, aggregated in SQL from the minute buckets. Windows before the brand's
   * first mention are not "quiet", they are unknown, so they are left out; windows after it with no mentions count as 0.
   */
  private async windows(organizationId: string, brandId: string, windowEnd: number, windowMs: number, days: number, firstBucket: number) {
    const from = Math.max(windowEnd - days * DAY - NEAR_MS - windowMs, firstBucket - windowMs);
    const rows = await query<WindowRow>(
      this.dataSource,
      `SELECT floor((extract(epoch FROM ($3::timestamptz - bucket_start)) * 1000 - 1) / $4)::int AS k,
              sum(total)::int AS total, sum(negative)::int AS negative, sum(sentiment_sum) AS sentiment_sum, sum(negative_reach)::text AS negative_reach
       FROM mention_bucket WHERE organization_id = $1 AND brand_id = $2 AND bucket_start >= $5 AND bucket_start < $3
       GROUP BY 1`,
      [organizationId, brandId, new Date(windowEnd), windowMs, new Date(from)],
    );
    const byIndex = new Map(rows.map((r) => [r.k, r]));
    const stats = (k: number): WindowStats => {
      const r = byIndex.get(k);
      return r ? { total: r.total, negative: r.negative, sentimentSum: r.sentiment_sum, negativeReach: Number(r.negative_reach) } : { total: 0, negative: 0, sentimentSum: 0, negativeReach: 0 };
    };
    const history: WindowStats[] = [];
    const maxK = Math.floor((windowEnd - from) / windowMs);
    for (let k = 1; k <= maxK; k++) {
      const start = windowEnd - (k + 1) * windowMs;
      if (start + windowMs <= firstBucket) break; // wholly before the brand's first mention: unknown, not quiet
      if (isBaselineWindow(k, windowMs)) history.push(stats(k));
    }
    return { current: stats(0), history };
  }
}

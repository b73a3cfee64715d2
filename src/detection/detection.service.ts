// Detection as part of ingestion: for each brand a batch touched, every window the batch touched is judged by both
// detectors (judge.ts). A spike whose window ended within the brand's alert horizon opens a crisis in DETECTED (or
// attaches to the brand's open one) and links the mentions that made it; an older one — a historical import — is
// recorded as a past spike of the brand and pages no one.
import type { DataSource } from 'typeorm';
import { query, withTransaction, type Tx } from '../db/transaction';
import type { CrisisService } from '../crisis/crisis.service';
import type { PlaybookService } from '../playbooks/playbook.service';
import type { Logger } from 'pino';
import type { CrisisRecord } from '../crisis/crisis.record';
import type { DetectionSignalData } from '../crisis/crisis.entity';
import type { Severity } from '../crisis/machine';
import { DEFAULT_DETECTION, type DetectionSettings, type Signal } from './detector';
import { evaluationEnds, findingToPage, judgeWindows, needsHistory, rangesToRead, spikeRuns, type Finding, type SpikeRun } from './judge';
import { MINUTE_MS, MinuteSeries } from './series';
import { lateBySeconds, linkSpike, recordSpike } from './spike.store';

const METRIC_TITLES: Record<Signal['metric'], string> = {
  NEGATIVE_MENTIONS: 'Surge of negative mentions',
  NEGATIVE_SHARE: 'Sharp rise in the share of negative mentions',
  SENTIMENT: 'Sudden drop in sentiment',
  REACH_NEGATIVITY: 'Negative post with unusual reach',
  NEGATIVE_SHARE_DRIFT: 'Slow build-up of negative mentions (share)',
  NEGATIVE_VOLUME_DRIFT: 'Slow build-up of negative mentions (volume)',
  FOLLOWER_SWING: 'Unusual movement of followers',
};

/** What another signal (the audience's) brings to the same decision: a signal over a window, with its severity. */
export interface RaisedSignal {
  signal: DetectionSignalData;
  severity: Severity;
}

export function detectionSettings(stored: Partial<DetectionSettings> | null): DetectionSettings {
  return { ...DEFAULT_DETECTION, ...stored, signals: { ...DEFAULT_DETECTION.signals, ...stored?.signals } };
}

interface BucketRow {
  at: Date;
  total: number;
  negative: number;
  sentiment_sum: number;
  negative_reach: string;
}

/** The time span of a batch's mentions for one brand. */
export interface TouchedSpan {
  oldest: number;
  newest: number;
}

export class DetectionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly crises: CrisisService,
    private readonly playbooks: PlaybookService,
    private readonly log?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs detection for the brands a batch touched, over the span of the batch's mentions of each. */
  async afterIngest(organizationId: string, touched: Map<string, TouchedSpan>): Promise<CrisisRecord[]> {
    const found: CrisisRecord[] = [];
    for (const [brandId, span] of touched) {
      try {
        found.push(...await this.checkBrand(organizationId, brandId, span));
      } catch (error) {
        // The mentions are stored either way; a failed check is retried by the brand's next batch.
        this.log?.error({ err: error, brandId }, 'spike detection failed for a brand');
      }
    }
    return found;
  }

  /**
   * A signal found elsewhere (the audience's FOLLOWER_SWING) goes through the same decision as the mention detectors':
   * recorded as a spike of the brand, paging when its window ended within the alert horizon. Answers the crisis it
   * opened or escalated, or null.
   */
  async raise(organizationId: string, brandId: string, raised: RaisedSignal): Promise<CrisisRecord | null> {
    const brand = await this.brand(organizationId, brandId);
    if (!brand) return null;
    const settings = detectionSettings(brand.detection);
    const s = raised.signal;
    const finding: Finding = {
      metric: s.metric as Finding['metric'], observed: s.observed, baseline: s.baseline, score: s.score, ratio: s.score / settings.threshold,
      severity: raised.severity, windowStart: Date.parse(s.windowStart), windowEnd: Date.parse(s.windowEnd),
    };
    return this.settle(organizationId, brandId, brand.name, { windowStart: finding.windowStart, windowEnd: finding.windowEnd, findings: [finding], peak: finding }, settings, this.now());
  }

  private brand(organizationId: string, brandId: string) {
    return query<{ name: string; detection: Partial<DetectionSettings> | null; first_bucket: Date | null }>(
      this.dataSource,
      `SELECT name, detection, (SELECT min(bucket_start) FROM mention_bucket WHERE organization_id = $1 AND brand_id = $2) AS first_bucket
       FROM brand WHERE organization_id = $1 AND id = $2`,
      [organizationId, brandId],
    ).then((rows) => rows[0] ?? null);
  }

  private async checkBrand(organizationId: string, brandId: string, span: TouchedSpan): Promise<CrisisRecord[]> {
    const now = this.now();
    const brand = await this.brand(organizationId, brandId);
    if (!brand?.first_bucket) return [];
    const settings = detectionSettings(brand.detection);
    const ends = evaluationEnds(span.oldest, span.newest, now, settings);
    if (ends.length === 0) return [];
    const firstBucket = new Date(brand.first_bucket).getTime();
    // Most batches of a quiet brand need no history: their windows are calm and cross no drift end (judge.ts).
    const recent = await this.buckets(organizationId, brandId, [[ends[0] - settings.windowMinutes * MINUTE_MS, ends[ends.length - 1]]], firstBucket);
    if (!needsHistory(recent, ends, settings)) return [];
    const series = await this.buckets(organizationId, brandId, rangesToRead(ends[0], ends[ends.length - 1], settings), firstBucket);
    const crises: CrisisRecord[] = [];
    for (const run of spikeRuns(judgeWindows(series, ends, settings), settings)) {
      const crisis = await this.settle(organizationId, brandId, brand.name, run, settings, now);
      if (crisis) crises.push(crisis);
    }
    return crises;
  }

  /**
   * Records the run as a spike of the brand and pages when one of its windows ended within the alert horizon: a new
   * crisis in DETECTED, or the brand's open one escalated. A crisis closed since the spike began (a false alarm
   * dismissed) is not reopened by the same spike.
   */
  private async settle(organizationId: string, brandId: string, brandName: string, run: SpikeRun, settings: DetectionSettings, now: number): Promise<CrisisRecord | null> {
    const page = findingToPage(run, now, settings.alertHorizonMinutes);
    const trigger: DetectionSignalData | null = page && {
      metric: page.metric,
      windowStart: new Date(page.windowStart).toISOString(),
      windowEnd: new Date(page.windowEnd).toISOString(),
      observed: page.observed,
      baseline: page.baseline,
      score: Math.round(page.score * 100) / 100,
      detectedLateBySeconds: lateBySeconds(page.windowEnd, now),
    };
    const plan = trigger ? await this.playbooks.pin(organizationId, brandId) : null;
    // One detector at a time per brand: two batches racing on one spike record one spike and open one crisis. Inside
    // the lock everything runs on the transaction's own connection.
    const { attachTo, opened } = await withTransaction(this.dataSource, async (tx) => {
      await tx.rows(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`detection:${brandId}`]);
      const spike = await recordSpike(tx, organizationId, brandId, run, settings.windowMinutes * MINUTE_MS, now);
      if (!page || !trigger) return { attachTo: null, opened: null };
      const [latestCrisis] = await tx.rows<{ id: string; closed_at: Date | null }>(
        `SELECT id, closed_at FROM crisis WHERE organization_id = $1 AND brand_id = $2 ORDER BY (closed_at IS NULL) DESC, detected_at DESC LIMIT 1`,
        [organizationId, brandId],
      );
      if (latestCrisis && !latestCrisis.closed_at) {
        await linkSpike(tx, spike.id, latestCrisis.id);
        await this.link(tx, organizationId, brandId, latestCrisis.id, trigger);
        return { attachTo: latestCrisis.id, opened: null };
      }
      if (latestCrisis?.closed_at && new Date(latestCrisis.closed_at).getTime() >= new Date(spike.window_start).getTime()) return { attachTo: null, opened: null };
      const created = await this.crises.openDetectedCrisis(tx, organizationId, {
        brandId, title: `${METRIC_TITLES[page.metric]} — ${brandName}`, category: 'OTHER', severity: page.severity,
        description: `Detected automatically: ${page.metric} at ${page.observed.toFixed(2)} against a baseline of ${page.baseline.toFixed(2)} (score ${trigger.score}).`,
      }, trigger, plan);
      await linkSpike(tx, spike.id, created.id);
      await this.link(tx, organizationId, brandId, created.id, trigger);
      return { attachTo: null, opened: created };
    });
    this.crises.metrics?.detectionOutcomes.inc({ outcome: opened ? 'paged' : attachTo ? 'escalated' : 'recorded' });
    if (opened) return opened;
    if (!attachTo || !trigger || !page) return null;
    return this.crises.attachSpike(organizationId, attachTo, trigger, page.severity);
  }

  /** The negative mentions of the window become the crisis's (those not already linked to one). */
  private async link(tx: Tx, organizationId: string, brandId: string, crisisId: string, trigger: DetectionSignalData) {
    await tx.rows(
      `UPDATE mention SET crisis_id = $3 WHERE organization_id = $1 AND brand_id = $2 AND crisis_id IS NULL AND sentiment < 0
         AND posted_at >= $4 AND posted_at < $5`,
      [organizationId, brandId, crisisId, trigger.windowStart, trigger.windowEnd],
    );
  }

  /** The brand's minute buckets over these ranges (rangesToRead: what both detectors need), in one statement. */
  private async buckets(organizationId: string, brandId: string, ranges: Array<[number, number]>, firstBucket: number): Promise<MinuteSeries> {
    const rows = await query<BucketRow>(
      this.dataSource,
      `SELECT b.bucket_start AS at, b.total, b.negative, b.sentiment_sum, b.negative_reach::text AS negative_reach
       FROM unnest($3::timestamptz[], $4::timestamptz[]) AS r(from_at, to_at)
       JOIN mention_bucket b ON b.organization_id = $1 AND b.brand_id = $2 AND b.bucket_start >= r.from_at AND b.bucket_start < r.to_at`,
      [organizationId, brandId, ranges.map((r) => new Date(r[0])), ranges.map((r) => new Date(r[1]))],
    );
    const buckets = rows.map((r) => ({ at: new Date(r.at).getTime(), total: r.total, negative: r.negative, sentimentSum: r.sentiment_sum, negativeReach: Number(r.negative_reach) }));
    return new MinuteSeries(ranges[0][0], ranges[ranges.length - 1][1], buckets, firstBucket);
  }
}

// Account metrics ingestion (check the whole batch, store new samples once) and the audience signal: each account a
// batch touched is judged for a follower swing, which is raised like any other detection signal.
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { query } from '../db/transaction';
import { BadUserInputError, isStorableText, PayloadTooLargeError } from '../graphql/errors';
import { parseGlobalId } from '../graphql/global-id';
import { EARLIEST_POSTED_AT, MAX_FUTURE_MS, PLATFORM, TOO_FAR_AHEAD } from '../mentions/mention.service';
import type { CrisisRecord } from '../crisis/crisis.record';
import type { DetectionService } from '../detection/detection.service';
import { detectionSettings } from '../detection/detection.service';
import { NEAR_MS, severityOf, type DetectionSettings } from '../detection/detector';
import { detectFollowerSwings, FOLLOWER_WINDOW_MS, type FollowerSample } from '../detection/followers';
import { insertAccountMetrics, readAccountHistories, type AccountMetricRow } from './account-metrics.store';

export const MAX_ACCOUNT_METRICS_PER_CALL = 5000;
const MAX_INT = 2_147_483_647;
const DAY_MS = 24 * 3600_000;

export interface AccountMetricInputData {
  brandId: string;
  platform: string;
  followers: number;
  at: Date;
}

export interface IngestAccountMetricsResult {
  accepted: number;
  duplicates: number;
  /** Crises this batch opened or escalated. */
  detectedCrises: CrisisRecord[];
}

/** Checks one item, with the rules of mentions (src/mentions/mention.service.ts); the first problem names `input[i].field`. */
function checkItem(item: AccountMetricInputData, index: number, now: number): AccountMetricRow {
  const fail = (name: string, message: string): never => {
    throw new BadUserInputError(`input[${index}].${name}`, message, { index });
  };
  if (!isStorableText(item.platform)) fail('platform', 'contains characters that are not text (NUL or a broken surrogate pair)');
  const platform = item.platform.trim().toLowerCase();
  if (!PLATFORM.test(platform)) fail('platform', 'must be a short name of letters, digits, ".", "_" or "-" (at most 50, e.g. twitter, instagram); it is stored trimmed and lowercase');
  const brand = parseGlobalId(item.brandId);
  if (!brand || brand.kind !== 'Brand') fail('brandId', 'is not a brand of this organization');
  if (!Number.isInteger(item.followers) || item.followers < 0 || item.followers > MAX_INT) fail('followers', 'must be a non-negative integer');
  const at = item.at.getTime();
  if (Number.isNaN(at)) fail('at', 'must be a date');
  if (at > now + MAX_FUTURE_MS) fail('at', TOO_FAR_AHEAD);
  if (at < EARLIEST_POSTED_AT) fail('at', 'is before 2000');
  return { brand_id: brand!.id, platform, at: new Date(at).toISOString(), followers: item.followers };
}

/** The account a sample belongs to. */
const accountKey = (brandId: string, platform: string) => `${brandId}\u0000${platform}`;

/** Raises a finding for a brand (DetectionService.raise): opens or escalates a crisis, or records a past spike. */
type Raise = DetectionService['raise'];

export class AccountMetricsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly detection: { raise: Raise },
    private readonly log?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Stores a batch: all of it is checked first, and one invalid item refuses the whole batch with nothing stored.
   * A (brand, platform, at) already stored, or seen earlier in the batch, is a duplicate: the first count wins.
   */
  async ingest(organizationId: string, items: AccountMetricInputData[]): Promise<IngestAccountMetricsResult> {
    if (items.length > MAX_ACCOUNT_METRICS_PER_CALL) {
      throw new PayloadTooLargeError(`at most ${MAX_ACCOUNT_METRICS_PER_CALL} account metrics per call (got ${items.length})`, MAX_ACCOUNT_METRICS_PER_CALL);
    }
    const now = this.now();
    const checked = items.map((item, index) => checkItem(item, index, now));
    const brandIds = [...new Set(checked.map((c) => c.brand_id))];
    const brands = await query<{ id: string; detection: Partial<DetectionSettings> | null }>(
      this.dataSource, `SELECT id, detection FROM brand WHERE organization_id = $1 AND id = ANY($2::uuid[])`, [organizationId, brandIds],
    );
    const settingsOf = new Map(brands.map((b) => [b.id, detectionSettings(b.detection)]));
    const unknown = checked.findIndex((c) => !settingsOf.has(c.brand_id));
    if (unknown >= 0) throw new BadUserInputError(`input[${unknown}].brandId`, 'is not a brand of this organization', { index: unknown });

    const seen = new Set<string>();
    const rows = checked.filter((row) => {
      const key = `${accountKey(row.brand_id, row.platform)}\u0000${row.at}`;
      if (seen.has(key)) return false; // a repeat inside the batch: the first one wins
      seen.add(key);
      return true;
    });
    const inserted = rows.length ? await insertAccountMetrics(this.dataSource, organizationId, rows) : [];
    const detectedCrises = inserted.length ? await this.detectSwings(organizationId, inserted, settingsOf) : [];
    return { accepted: inserted.length, duplicates: items.length - inserted.length, detectedCrises };
  }

  /**
   * Judges every account the batch added samples to against its own history (the brand's `baselineDays`), and raises
   * each swing found. The samples are stored either way: a failed check is logged, and the account's next batch judges again.
   */
  private async detectSwings(organizationId: string, inserted: AccountMetricRow[], settingsOf: Map<string, DetectionSettings>): Promise<CrisisRecord[]> {
    const added = new Map<string, { brandId: string; platform: string; samples: FollowerSample[] }>();
    for (const row of inserted) {
      if (!settingsOf.get(row.brand_id)?.signals.FOLLOWER_SWING) continue;
      const key = accountKey(row.brand_id, row.platform);
      const account = added.get(key) ?? { brandId: row.brand_id, platform: row.platform, samples: [] };
      account.samples.push({ at: Date.parse(row.at), followers: row.followers });
      added.set(key, account);
    }
    if (added.size === 0) return [];
    const accounts = [...added.values()];
    let histories: FollowerSample[][];
    try {
      histories = await readAccountHistories(this.dataSource, organizationId, accounts.map((a) => {
        const times = a.samples.map((s) => s.at);
        // The earliest window judged (one window before the first added sample) and its history of baselineDays.
        const reach = settingsOf.get(a.brandId)!.baselineDays * DAY_MS + NEAR_MS + 2 * FOLLOWER_WINDOW_MS;
        return { brandId: a.brandId, platform: a.platform, from: Math.min(...times) - reach, to: Math.max(...times) };
      }));
    } catch (error) {
      this.log?.error({ err: error, organizationId }, 'follower swing detection could not read the accounts\' history');
      return [];
    }
    const found = new Map<string, CrisisRecord>();
    for (const [i, account] of accounts.entries()) {
      const settings = settingsOf.get(account.brandId)!;
      try {
        const swings = detectFollowerSwings(histories[i], account.samples, {
          windowMs: FOLLOWER_WINDOW_MS, baselineDays: settings.baselineDays, threshold: settings.threshold,
        });
        for (const swing of swings) {
          const crisis = await this.detection.raise(organizationId, account.brandId, {
            signal: {
              metric: 'FOLLOWER_SWING',
              windowStart: new Date(swing.windowStart).toISOString(),
              windowEnd: new Date(swing.windowEnd).toISOString(),
              // Whole followers: the window's ends are interpolated between samples.
              observed: Math.round(swing.signal.observed),
              baseline: Math.round(swing.signal.baseline),
              score: Math.round(swing.signal.score * 100) / 100,
            },
            severity: severityOf(swing.signal.score, settings.threshold),
          });
          if (crisis) found.set(crisis.id, crisis);
        }
      } catch (error) {
        this.log?.error({ err: error, brandId: account.brandId, platform: account.platform }, 'follower swing detection failed for an account');
      }
    }
    return [...found.values()];
  }
}

// Mention ingestion (validate the whole batch, fill in language and sentiment, store new ones once) and listing.
import { v7 as timeOrderedUuid } from 'uuid';
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import { BadUserInputError, InvalidTransitionError, isStorableText, NotFoundError, PayloadTooLargeError } from '../graphql/errors';
import { parseGlobalId } from '../graphql/global-id';
import { guessLanguage } from '../sentiment/language';
import { scoreSentiment } from '../sentiment/score';
import { readSentimentContext } from '../sentiment/sentiment.store';
import type { DetectionService } from '../detection/detection.service';
import type { CrisisRecord } from '../crisis/crisis.record';
import type { RecoveryService } from '../recovery/recovery.service';
import type { Metrics } from '../metrics/metrics';
import { isMissingPartition, MentionPartitions, retentionCutoff } from './mention.partitions';

export const MAX_MENTIONS_PER_CALL = 5000;
export const MAX_LINKED_PER_CALL = 1000;
/** How far ahead of this server's clock a postedAt may be (clock skew between sources), before it is refused. */
export const MAX_FUTURE_MS = 5 * 60_000;
/** What a date past MAX_FUTURE_MS is told, for mentions and account metrics alike. */
export const TOO_FAR_AHEAD = `is more than ${MAX_FUTURE_MS / 60_000} minutes in the future (clocks may differ by that much)`;
export const EARLIEST_POSTED_AT = Date.parse('2000-01-01T00:00:00Z');
export const PLATFORM = /^[a-z0-9][a-z0-9_.-]{0,49}$/;
const LANGUAGE = /^[a-z]{2,3}$/;
const MAX_INT = 2_147_483_647;

export interface MentionInputData {
  platform: string;
  externalId: string;
  brandId: string;
  text: string;
  author?: string | null;
  authorFollowers?: number | null;
  url?: string | null;
  language?: string | null;
  sentiment?: number | null;
  reach?: number | null;
  likes?: number | null;
  shares?: number | null;
  comments?: number | null;
  postedAt: Date;
}

interface MentionRowInput {
  id: string;
  brand_id: string;
  platform: string;
  external_id: string;
  text: string;
  author: string | null;
  author_followers: number | null;
  url: string | null;
  language: string | null;
  sentiment: number;
  sentiment_source: 'GIVEN' | 'COMPUTED' | 'UNSCORED';
  reach: number | null;
  likes: number | null;
  shares: number | null;
  comments: number | null;
  posted_at: string;
}

interface StoredBrand { brand_id: string; accepted: number; newest: Date; oldest: Date }

export interface IngestResult {
  accepted: number;
  duplicates: number;
  /** Crises this batch opened or escalated. */
  detectedCrises: CrisisRecord[];
}

/** What every item of a batch is checked against, worked out once per batch. */
interface BatchLimits {
  now: number;
  /** postedAt before this is past the retention (null: no retention). */
  cutoff: number | null;
  retentionDays: number | null;
  /** Brand ids as given → the brand's uuid, or null when not a brand id (a batch names a few brands many times). */
  brands: Map<string, string | null>;
}

/** The item fields that are free text, checked for what Postgres cannot store. */
const TEXT_FIELDS = ['platform', 'externalId', 'text', 'author', 'url'] as const;

/**
 * Checks one item; the first problem is BAD_USER_INPUT naming the item's index and field. Answers the row to store,
 * its id, language (when not given) and sentiment still to fill in: one object of one shape per item, since a batch
 * holds thousands (building rows by spreading cost ~8 µs a mention, a fifth of ingest's own time).
 */
function checkItem(item: MentionInputData, index: number, limits: BatchLimits): MentionRowInput {
  const field = (name: string) => `mentions[${index}].${name}`;
  const fail = (name: string, message: string): never => {
    throw new BadUserInputError(field(name), message, { index });
  };
  const optionalText = (value: string | null | undefined, name: string, max: number): string | null => {
    if (value === null || value === undefined) return null;
    const trimmed = value.trim();
    if (trimmed.length > max) fail(name, `must be at most ${max} characters`);
    return trimmed || null;
  };
  const count = (value: number | null | undefined, name: string): number | null => {
    if (value === null || value === undefined) return null;
    if (!Number.isInteger(value) || value < 0 || value > MAX_INT) fail(name, 'must be a non-negative integer');
    return value;
  };

  // Postgres stores neither NUL characters nor lone UTF-16 surrogates: refuse them here, not as an internal error there.
  for (const name of TEXT_FIELDS) {
    const value = item[name];
    if (typeof value === 'string' && !isStorableText(value)) fail(name, 'contains characters that are not text (NUL or a broken surrogate pair)');
  }
  const platform = item.platform.trim().toLowerCase();
  if (!PLATFORM.test(platform)) fail('platform', 'must be a short name of letters, digits, ".", "_" or "-" (at most 50, e.g. twitter, reviews); it is stored trimmed and lowercase');
  const externalId = item.externalId.trim();
  if (!externalId || externalId.length > 300) fail('externalId', 'must be 1 to 300 characters');
  let brandId = limits.brands.get(item.brandId);
  if (brandId === undefined) {
    const brand = parseGlobalId(item.brandId);
    brandId = brand?.kind === 'Brand' ? brand.id : null;
    limits.brands.set(item.brandId, brandId);
  }
  if (brandId === null) fail('brandId', 'is not a brand of this organization');
  const text = item.text.trim();
  if (!text) fail('text', 'must not be blank');
  if (text.length > 20_000) fail('text', 'must be at most 20000 characters');
  const url = optionalText(item.url, 'url', 2000);
  if (url && !/^https?:\/\/\S+$/i.test(url)) fail('url', 'must be an http(s) URL');
  const language = item.language ? item.language.trim().toLowerCase() : null;
  if (language !== null && !LANGUAGE.test(language)) fail('language', 'must be an ISO 639 code such as en or fr');
  if (item.sentiment !== null && item.sentiment !== undefined && !(Number.isFinite(item.sentiment) && item.sentiment >= -1 && item.sentiment <= 1)) {
    fail('sentiment', 'must be between -1 and 1');
  }
  const postedAt = item.postedAt.getTime();
  if (Number.isNaN(postedAt)) fail('postedAt', 'must be a date');
  if (postedAt > limits.now + MAX_FUTURE_MS) fail('postedAt', TOO_FAR_AHEAD);
  if (postedAt < EARLIEST_POSTED_AT) fail('postedAt', 'is before 2000');
  if (limits.cutoff !== null && postedAt < limits.cutoff) {
    fail('postedAt', `is older than the mention retention (MENTION_RETENTION_DAYS = ${limits.retentionDays} days)`);
  }
  return {
    id: '',
    brand_id: brandId!,
    platform,
    external_id: externalId,
    text,
    author: optionalText(item.author, 'author', 300),
    author_followers: count(item.authorFollowers, 'authorFollowers'),
    url,
    language,
    sentiment: 0,
    sentiment_source: 'UNSCORED',
    reach: count(item.reach, 'reach'),
    likes: count(item.likes, 'likes'),
    shares: count(item.shares, 'shares'),
    comments: count(item.comments, 'comments'),
    posted_at: new Date(postedAt).toISOString(),
  };
}

export class MentionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly detection: DetectionService,
    private readonly now: () => number = Date.now,
    /** Judges the brands' contained crises against their baseline after each batch (src/recovery/). */
    private readonly recovery: RecoveryService | null = null,
    private readonly metrics: Metrics | null = null,
    /** Mentions posted longer ago than this many days are refused (their month is dropped); null keeps all. */
    private readonly retentionDays: number | null = null,
    readonly partitions = new MentionPartitions(dataSource, retentionDays, now),
  ) {}

  /**
   * Stores a batch: all of it is checked first, and one invalid item refuses the whole batch with nothing stored.
   * A (platform, externalId) already stored, or seen earlier in the batch, counts as a duplicate.
   */
  async ingest(organizationId: string, items: MentionInputData[]): Promise<IngestResult> {
    if (items.length > MAX_MENTIONS_PER_CALL) {
      throw new PayloadTooLargeError(`at most ${MAX_MENTIONS_PER_CALL} mentions per call (got ${items.length})`, MAX_MENTIONS_PER_CALL);
    }
    const now = this.now();
    const limits: BatchLimits = { now, cutoff: retentionCutoff(this.retentionDays, now), retentionDays: this.retentionDays, brands: new Map() };
    const checked = items.map((item, index) => checkItem(item, index, limits));

    const brandIds = [...new Set(limits.brands.values())];
    const known = new Set(
      (await query<{ id: string }>(this.dataSource, `SELECT id FROM brand WHERE organization_id = $1 AND id = ANY($2::uuid[])`, [organizationId, brandIds]))
        .map((r) => r.id),
    );
    const unknown = checked.findIndex((c) => !known.has(c.brand_id));
    if (unknown >= 0) throw new BadUserInputError(`mentions[${unknown}].brandId`, 'is not a brand of this organization', { index: unknown });

    // The organization's languages and lexicon, read once for the batch (an update elsewhere applies to the next batch).
    const toScore = checked.some((c, i) => c.language === null || items[i].sentiment === null || items[i].sentiment === undefined);
    const sentimentContext = toScore ? await readSentimentContext(this.dataSource, organizationId) : null;
    const seen = new Set<string>();
    const rows: MentionRowInput[] = [];
    for (let i = 0; i < checked.length; i++) {
      const row = checked[i];
      const key = `${row.platform}\u0000${row.external_id}`;
      if (seen.has(key)) continue; // a repeat inside the batch: the first one wins
      seen.add(key);
      // Time-ordered ids (UUIDv7): the id indexes (mention's, mention_key's) grow at their right edge instead of
      // everywhere, which keeps their hot pages few at millions of rows.
      row.id = timeOrderedUuid();
      row.language ??= guessLanguage(row.text, sentimentContext!.languages);
      const given = items[i].sentiment;
      if (given !== null && given !== undefined) {
        row.sentiment = Math.fround(given); // stored as real: 1e-50 is 0, not an underflow error
        row.sentiment_source = 'GIVEN';
      } else {
        const scored = scoreSentiment(row.text, row.language, sentimentContext!);
        row.sentiment = scored.sentiment;
        row.sentiment_source = scored.scored ? 'COMPUTED' : 'UNSCORED';
      }
      rows.push(row);
    }
    if (rows.length === 0) {
      this.metrics?.countIngest(0, items.length);
      return { accepted: 0, duplicates: items.length, detectedCrises: [] };
    }

    const instants = rows.map((r) => r.posted_at);
    const storeInPartitions = async () => {
      await this.partitions.ensure(instants);
      return this.store(organizationId, rows);
    };
    let stored: StoredBrand[];
    try {
      stored = await storeInPartitions();
    } catch (error) {
      if (!isMissingPartition(error)) throw error;
      // Past the retention since the batch was checked (its month being dropped): refused like any older mention.
      const cutoff = retentionCutoff(this.retentionDays, this.now());
      if (cutoff !== null && instants.some((at) => Date.parse(at) < cutoff)) {
        throw new BadUserInputError('mentions', `hold mentions older than the mention retention (MENTION_RETENTION_DAYS = ${this.retentionDays} days)`);
      }
      this.partitions.forget(); // a month this process took for existing is gone: make it again, once
      stored = await storeInPartitions();
    }
    const accepted = stored.reduce((sum, r) => sum + r.accepted, 0);
    this.metrics?.countIngest(accepted, items.length - accepted);
    const detectedCrises = await this.detection.afterIngest(
      organizationId, new Map(stored.map((r) => [r.brand_id, { oldest: new Date(r.oldest).getTime(), newest: new Date(r.newest).getTime() }])),
    );
    await this.recovery?.afterIngest(organizationId, new Map(stored.map((r) => [r.brand_id, { oldest: new Date(r.oldest).getTime() }])));
    return { accepted, duplicates: items.length - accepted, detectedCrises };
  }

  /**
   * One statement: the dedupe keys first (mention_key, unique across the monthly partitions), then the mentions whose
   * key this batch inserted, then the per-minute buckets of exactly those (a duplicate counts nowhere). A key another
   * batch is inserting meanwhile waits for it and counts as a duplicate once it commits. Buckets are written in key
   * order, so concurrent batches lock shared buckets in the same order.
   */
  private store(organizationId: string, rows: MentionRowInput[]): Promise<StoredBrand[]> {
    return query<StoredBrand>(
      this.dataSource,
      `WITH m AS (
         SELECT * FROM json_to_recordset($2::json) AS m(id uuid, brand_id uuid, platform text, external_id text, text text,
              author text, author_followers int, url text, language text, sentiment real, sentiment_source text, reach int,
              likes int, shares int, comments int, posted_at timestamptz)
       ), keys AS (
         INSERT INTO mention_key (organization_id, platform, external_id, mention_id, posted_at)
         SELECT $1, platform, external_id, id, posted_at FROM m
         ON CONFLICT (organization_id, platform, external_id) DO NOTHING
         RETURNING mention_id
       ), ins AS (
         INSERT INTO mention (id, organization_id, brand_id, platform, external_id, text, author, author_followers, url, language,
                              sentiment, sentiment_source, reach, likes, shares, comments, posted_at)
         SELECT m.id, $1, m.brand_id, m.platform, m.external_id, m.text, m.author, m.author_followers, m.url, m.language,
                m.sentiment, m.sentiment_source, m.reach, m.likes, m.shares, m.comments, m.posted_at
         FROM m JOIN keys ON keys.mention_id = m.id
         RETURNING brand_id, posted_at, sentiment, reach, likes, shares, comments
       ), buckets AS (
         INSERT INTO mention_bucket (organization_id, brand_id, bucket_start, total, negative, sentiment_sum, reach, negative_reach, engagement)
         SELECT $1, brand_id, date_trunc('minute', posted_at), count(*), count(*) FILTER (WHERE sentiment < 0), sum(sentiment::float8),
                coalesce(sum(reach), 0), coalesce(sum(reach) FILTER (WHERE sentiment < 0), 0),
                -- bigint before adding: three int counts (each up to 2^31 - 1) overflow int together
                coalesce(sum(coalesce(likes, 0)::bigint + coalesce(shares, 0) + coalesce(comments, 0)), 0)
         FROM ins GROUP BY brand_id, date_trunc('minute', posted_at)
         ORDER BY brand_id, date_trunc('minute', posted_at)
         ON CONFLICT (organization_id, brand_id, bucket_start) DO UPDATE SET
           total = mention_bucket.total + excluded.total,
           negative = mention_bucket.negative + excluded.negative,
           sentiment_sum = mention_bucket.sentiment_sum + excluded.sentiment_sum,
           reach = mention_bucket.reach + excluded.reach,
           negative_reach = mention_bucket.negative_reach + excluded.negative_reach,
           engagement = mention_bucket.engagement + excluded.engagement
       )
       SELECT brand_id, count(*)::int AS accepted, max(posted_at) AS newest, min(posted_at) AS oldest FROM ins GROUP BY brand_id`,
      [organizationId, JSON.stringify(rows)],
    );
  }

  /**
   * Links mentions of the crisis's brand to it by hand (detection links a spike's window itself): they join its reply
   * queue when negative. Mentions of another brand, already linked to a crisis, or unknown are left as they are.
   */
  async linkMentions(organizationId: string, crisisId: string, mentionIds: string[]): Promise<{ linked: number; skipped: number }> {
    if (mentionIds.length > MAX_LINKED_PER_CALL) throw new BadUserInputError('input.mentionIds', `takes at most ${MAX_LINKED_PER_CALL} mentions`);
    const [crisis] = await query<{ state: string; closed_at: Date | null }>(
      this.dataSource, `SELECT state, closed_at FROM crisis WHERE id = $1 AND organization_id = $2`, [crisisId, organizationId],
    );
    if (!crisis) throw new NotFoundError('Crisis', crisisId);
    if (crisis.closed_at) throw new InvalidTransitionError(crisis.state, 'linkMentions', []);
    const ids = [...new Set(mentionIds)];
    const [row] = await query<{ linked: number }>(
      this.dataSource,
      `WITH upd AS (
         UPDATE mention m SET crisis_id = c.id FROM crisis c
         WHERE c.id = $1 AND c.organization_id = $2 AND m.organization_id = c.organization_id AND m.brand_id = c.brand_id
           AND m.id = ANY($3::uuid[]) AND m.crisis_id IS NULL
         RETURNING m.id
       ) SELECT count(*)::int AS linked FROM upd`,
      [crisisId, organizationId, ids],
    );
    return { linked: row.linked, skipped: ids.length - row.linked };
  }
}

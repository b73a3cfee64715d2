// Mentions partitioned by month of posted_at (native range partitioning), so that retention drops a month whole and
// indexes stay the size of a month. A unique constraint on a partitioned table must include the partition key, so
// the dedupe key (organization, platform, external id) moves to its own table, mention_key, which also carries the
// id's uniqueness across partitions and is what replies, claims and skips reference.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REPLY_PRIORITY, REPLY_QUEUE_TRIGGERS } from './1764892800000-Replies';

const INDEXES = ['mention_pkey', 'mention_organization_id_id_key', 'mention_organization_id_platform_external_id_key',
  'mention_brand_posted_idx', 'mention_posted_idx', 'mention_crisis_idx', 'mention_reply_queue_idx'];
const REFERENCING = ['reply', 'reply_claim', 'reply_skip'];
const COLUMNS = `id, organization_id, brand_id, platform, external_id, text, author, author_followers, url, language, sentiment,
  sentiment_source, reach, likes, shares, comments, posted_at, ingested_at, crisis_id, reply_state`;
/** The mention table's indexes, the same before and after partitioning (on a partitioned table, each partition's). */
const MENTION_INDEXES = [
  `CREATE INDEX mention_brand_posted_idx ON mention (organization_id, brand_id, posted_at DESC, id DESC)`,
  `CREATE INDEX mention_posted_idx ON mention (organization_id, posted_at DESC, id DESC)`,
  `CREATE INDEX mention_crisis_idx ON mention (crisis_id) WHERE crisis_id IS NOT NULL`,
  `CREATE INDEX mention_reply_queue_idx ON mention (organization_id, crisis_id, reply_priority, id)
   WHERE crisis_id IS NOT NULL AND sentiment < 0 AND reply_state IS NULL`,
];

export class PartitionedMentions1766102400000 implements MigrationInterface {
  name = 'PartitionedMentions1766102400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mention RENAME TO mention_unpartitioned`);
    for (const index of INDEXES) await q.query(`ALTER INDEX ${index} RENAME TO ${index.replace(/^mention_/, 'mention_unpartitioned_')}`);
    for (const table of REFERENCING) await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_organization_id_mention_id_fkey`);

    await q.query(`
      CREATE TABLE mention (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL,
        brand_id uuid NOT NULL,
        platform text NOT NULL CHECK (platform ~ '^[a-z0-9][a-z0-9_.-]{0,49}$'),
        external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 300),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
        author text CHECK (length(author) <= 300),
        author_followers int CHECK (author_followers >= 0),
        url text CHECK (length(url) <= 2000),
        language text CHECK (language ~ '^[a-z]{2,3}$'),
        sentiment real NOT NULL CHECK (sentiment BETWEEN -1 AND 1),
        sentiment_source text NOT NULL CHECK (sentiment_source IN ('GIVEN', 'COMPUTED', 'UNSCORED')),
        reach int CHECK (reach >= 0),
        likes int CHECK (likes >= 0),
        shares int CHECK (shares >= 0),
        comments int CHECK (comments >= 0),
        posted_at timestamptz NOT NULL,
        ingested_at timestamptz NOT NULL DEFAULT now(),
        crisis_id uuid,
        reply_state text CHECK (reply_state IN ('REPLIED', 'SKIPPED')),
        reply_priority float8 GENERATED ALWAYS AS (${REPLY_PRIORITY}) STORED,
        PRIMARY KEY (id, posted_at),
        FOREIGN KEY (organization_id, brand_id) REFERENCES brand (organization_id, id),
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id)
      ) PARTITION BY RANGE (posted_at)`);
    for (const index of MENTION_INDEXES) await q.query(index);

    // The month's partition of `at` (UTC months, named mention_YYYY_MM), created if missing: made apart, then
    // attached, because ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on mention, which reads and writes do not wait
    // for, where CREATE TABLE … PARTITION OF takes ACCESS EXCLUSIVE. Creators take one advisory lock and tolerate
    // "already exists" (the lock alone does not refresh the catalog a waiter sees). The server calls it ahead of time
    // (this month and the next two) and for the months of a batch it has not seen yet (a historical import).
    await q.query(`
      CREATE FUNCTION mention_partition_for(at timestamptz) RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        month_start timestamptz := date_trunc('month', at, 'UTC');
        part text := 'mention_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
      BEGIN
        IF to_regclass(part) IS NULL THEN
          PERFORM pg_advisory_xact_lock(hashtext('crisis-desk mention partitions'));
          BEGIN
            EXECUTE format('CREATE TABLE %I (LIKE mention INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)', part);
            EXECUTE format('ALTER TABLE mention ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
              part, month_start, month_start + interval '1 month');
          EXCEPTION WHEN duplicate_table THEN
            NULL; -- made by another process while this one waited
          END;
        END IF;
        RETURN part;
      END $$`);
    await q.query(`
      SELECT mention_partition_for(month) FROM (
        SELECT DISTINCT date_trunc('month', posted_at, 'UTC') AS month FROM mention_unpartitioned
        UNION SELECT now() + make_interval(months => ahead) FROM generate_series(0, 2) AS ahead
      ) months ORDER BY month`);
    await q.query(`INSERT INTO mention (${COLUMNS}) SELECT ${COLUMNS} FROM mention_unpartitioned`);

    // Dedupe: an ingest inserts the key first (ON CONFLICT DO NOTHING) and stores only the mentions whose key it
    // inserted. The unique mention_id makes an id unique across partitions, and is what other tables reference.
    await q.query(`
      CREATE TABLE mention_key (
        organization_id uuid NOT NULL,
        platform text NOT NULL,
        external_id text NOT NULL,
        mention_id uuid NOT NULL,
        posted_at timestamptz NOT NULL,
        PRIMARY KEY (organization_id, platform, external_id),
        CONSTRAINT mention_key_mention_key UNIQUE (organization_id, mention_id)
      )`);
    await q.query(`
      INSERT INTO mention_key (organization_id, platform, external_id, mention_id, posted_at)
      SELECT organization_id, platform, external_id, id, posted_at FROM mention_unpartitioned`);
    for (const table of REFERENCING) {
      await q.query(`
        ALTER TABLE ${table} ADD CONSTRAINT ${table}_organization_id_mention_id_fkey
        FOREIGN KEY (organization_id, mention_id) REFERENCES mention_key (organization_id, mention_id) ON DELETE CASCADE`);
    }
    await q.query(`DROP TABLE mention_unpartitioned`);
    // The reply queue's size triggers (migration Replies), on the new table; reply_queue_size itself is unchanged.
    for (const trigger of REPLY_QUEUE_TRIGGERS) await q.query(trigger);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE mention_unpartitioned (LIKE mention INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)`);
    await q.query(`INSERT INTO mention_unpartitioned (${COLUMNS}) SELECT ${COLUMNS} FROM mention`);
    for (const table of REFERENCING) await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_organization_id_mention_id_fkey`);
    await q.query(`DROP TABLE mention`);
    await q.query(`DROP TABLE mention_key`);
    await q.query(`DROP FUNCTION mention_partition_for(timestamptz)`);
    await q.query(`ALTER TABLE mention_unpartitioned RENAME TO mention`);
    await q.query(`
      ALTER TABLE mention ADD PRIMARY KEY (id), ADD UNIQUE (organization_id, platform, external_id),
        ADD CONSTRAINT mention_organization_id_id_key UNIQUE (organization_id, id),
        ADD FOREIGN KEY (organization_id, brand_id) REFERENCES brand (organization_id, id),
        ADD FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id)`);
    for (const index of MENTION_INDEXES) await q.query(index);
    // NOT VALID: replies and skips of mentions a retention dropped stay (history), without their mention.
    for (const table of REFERENCING) {
      await q.query(`
        ALTER TABLE ${table} ADD CONSTRAINT ${table}_organization_id_mention_id_fkey
        FOREIGN KEY (organization_id, mention_id) REFERENCES mention (organization_id, id) ON DELETE CASCADE NOT VALID`);
    }
    for (const trigger of REPLY_QUEUE_TRIGGERS) await q.query(trigger);
  }
}

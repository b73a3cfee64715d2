// Personal replies: the reply queue's order on mention, claims (one holder per mention), replies, skips, templates.
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The queue's order key, stored (see src/replies/reply.queue.ts and README "Personal replies"): log2 of
 * (1 + reach) · √(1 + followers) · negativity, plus one point per 6 hours of posted_at since 1970. Ranking by it
 * is ranking by "log2 weight − age / 6 h" at any instant (the "now" term is the same for every row), so the order
 * never depends on the clock and an index serves it. Casts to float8 first: 1 + reach must not overflow int.
 */
export const REPLY_PRIORITY = `(
  ln(1 + coalesce(reach, 0)::float8)
  + 0.5 * ln(1 + coalesce(author_followers, 0)::float8)
  + ln(greatest(-sentiment::float8, 0.05))
) / ln(2) + extract(epoch FROM (posted_at - timestamptz '1970-01-01 00:00:00+00'))::float8 / 21600`;

const IN_QUEUE = (row: 'NEW' | 'OLD') => `${row}.crisis_id IS NOT NULL AND ${row}.sentiment < 0 AND ${row}.reply_state IS NULL`;
/** The reply queue's size triggers on mention (also made again on the partitioned table, migration PartitionedMentions). */
export const REPLY_QUEUE_TRIGGERS = [
  `CREATE TRIGGER reply_queue_size_insert AFTER INSERT ON mention
   FOR EACH ROW WHEN (${IN_QUEUE('NEW')}) EXECUTE FUNCTION reply_queue_size_row()`,
  `CREATE TRIGGER reply_queue_size_delete AFTER DELETE ON mention
   FOR EACH ROW WHEN (${IN_QUEUE('OLD')}) EXECUTE FUNCTION reply_queue_size_row()`,
  `CREATE TRIGGER reply_queue_size_update AFTER UPDATE ON mention
   REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
   FOR EACH STATEMENT EXECUTE FUNCTION reply_queue_size_update()`,
];

export class Replies1764892800000 implements MigrationInterface {
  name = 'Replies1764892800000';

  async up(q: QueryRunner): Promise<void> {
    // One rewrite of mention for both columns; reply_state is the outcome (NULL: still needs an answer if negative).
    await q.query(`
      ALTER TABLE mention
        ADD COLUMN reply_state text CHECK (reply_state IN ('REPLIED', 'SKIPPED')),
        ADD COLUMN reply_priority float8 GENERATED ALWAYS AS (${REPLY_PRIORITY}) STORED,
        ADD CONSTRAINT mention_organization_id_id_key UNIQUE (organization_id, id)`);
    // The queue of a crisis in its order, and nothing else: handled, positive and unlinked mentions are not in it.
    await q.query(`
      CREATE INDEX mention_reply_queue_idx ON mention (organization_id, crisis_id, reply_priority, id)
      WHERE crisis_id IS NOT NULL AND sentiment < 0 AND reply_state IS NULL`);
    // The queue's size per crisis, kept by triggers in the transaction of every change (so totalCount reads one row
    // instead of counting 100,000 index entries). Inserts and deletes count row by row, only for rows in a queue (an
    // ingest, whose mentions are not linked yet, fires nothing); updates (detection linking, a reply or a skip) count
    // once per statement from its transition tables. Dropping or truncating mention partitions must adjust it too.
    await q.query(`
      CREATE TABLE reply_queue_size (
        crisis_id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        pending int NOT NULL CHECK (pending >= 0),
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE
      )`);
    // Decrements update the existing row (a mention leaving a queue entered it, so its row exists); increments upsert.
    await q.query(`
      CREATE FUNCTION reply_queue_size_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO reply_queue_size AS s (crisis_id, organization_id, pending) VALUES (NEW.crisis_id, NEW.organization_id, 1)
          ON CONFLICT (crisis_id) DO UPDATE SET pending = s.pending + 1;
        ELSE
          UPDATE reply_queue_size SET pending = pending - 1 WHERE crisis_id = OLD.crisis_id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION reply_queue_size_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH d AS (
          SELECT crisis_id, organization_id, sum(delta)::int AS n FROM (
            SELECT crisis_id, organization_id, -1 AS delta FROM old_rows WHERE crisis_id IS NOT NULL AND sentiment < 0 AND reply_state IS NULL
            UNION ALL
            SELECT crisis_id, organization_id, 1 FROM new_rows WHERE crisis_id IS NOT NULL AND sentiment < 0 AND reply_state IS NULL
          ) rows GROUP BY 1, 2 HAVING sum(delta) <> 0
        ), decrements AS (
          UPDATE reply_queue_size s SET pending = s.pending + d.n FROM d WHERE s.crisis_id = d.crisis_id AND d.n < 0
        )
        INSERT INTO reply_queue_size AS s (crisis_id, organization_id, pending)
        SELECT crisis_id, organization_id, n FROM d WHERE n > 0 ORDER BY crisis_id
        ON CONFLICT (crisis_id) DO UPDATE SET pending = s.pending + excluded.pending;
        RETURN NULL;
      END $$`);
    for (const trigger of REPLY_QUEUE_TRIGGERS) await q.query(trigger);
    await q.query(`
      INSERT INTO reply_queue_size (crisis_id, organization_id, pending)
      SELECT crisis_id, organization_id, count(*) FROM mention WHERE crisis_id IS NOT NULL AND sentiment < 0 AND reply_state IS NULL
      GROUP BY 1, 2`);
    await q.query(`
      CREATE TABLE reply_template (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, id),
        CONSTRAINT reply_template_name_key UNIQUE (organization_id, name)
      )`);
    // At most one claim per mention (the primary key): racing claimers are decided by the upsert on it.
    await q.query(`
      CREATE TABLE reply_claim (
        mention_id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        crisis_id uuid NOT NULL,
        holder text NOT NULL CHECK (length(holder) BETWEEN 1 AND 200),
        claimed_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CHECK (expires_at > claimed_at),
        FOREIGN KEY (organization_id, mention_id) REFERENCES mention (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX reply_claim_crisis_idx ON reply_claim (crisis_id, expires_at)`);
    await q.query(`
      CREATE TABLE reply (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        mention_id uuid NOT NULL,
        crisis_id uuid NOT NULL,
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
        author text NOT NULL CHECK (length(author) BETWEEN 1 AND 200),
        template_id uuid,
        variables jsonb CHECK (variables IS NULL OR jsonb_typeof(variables) = 'object'),
        sent_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reply_mention_key UNIQUE (mention_id),
        UNIQUE (organization_id, id),
        FOREIGN KEY (organization_id, mention_id) REFERENCES mention (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE,
        -- A deleted template leaves its replies (their text is what was sent); only the link goes.
        FOREIGN KEY (organization_id, template_id) REFERENCES reply_template (organization_id, id) ON DELETE SET NULL (template_id)
      )`);
    await q.query(`CREATE INDEX reply_crisis_sent_idx ON reply (crisis_id, sent_at)`);
    await q.query(`CREATE INDEX reply_template_idx ON reply (template_id) WHERE template_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE reply_skip (
        mention_id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        crisis_id uuid NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        skipped_by text NOT NULL CHECK (length(skipped_by) BETWEEN 1 AND 200),
        skipped_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (organization_id, mention_id) REFERENCES mention (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER reply_queue_size_update ON mention`);
    await q.query(`DROP TRIGGER reply_queue_size_delete ON mention`);
    await q.query(`DROP TRIGGER reply_queue_size_insert ON mention`);
    await q.query(`DROP FUNCTION reply_queue_size_update(), reply_queue_size_row()`);
    await q.query(`DROP TABLE reply_queue_size`);
    await q.query(`DROP TABLE reply_skip`);
    await q.query(`DROP TABLE reply`);
    await q.query(`DROP TABLE reply_claim`);
    await q.query(`DROP TABLE reply_template`);
    await q.query(`DROP INDEX mention_reply_queue_idx`);
    await q.query(`ALTER TABLE mention DROP CONSTRAINT mention_organization_id_id_key, DROP COLUMN reply_priority, DROP COLUMN reply_state`);
  }
}

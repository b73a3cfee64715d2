// Mentions: what social listening brings in, unique per (organization, platform, external id).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Mentions1764460800000 implements MigrationInterface {
  name = 'Mentions1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mention (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
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
        UNIQUE (organization_id, platform, external_id),
        FOREIGN KEY (organization_id, brand_id) REFERENCES brand (organization_id, id),
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id)
      )`);
    await q.query(`CREATE INDEX mention_brand_posted_idx ON mention (organization_id, brand_id, posted_at DESC, id DESC)`);
    await q.query(`CREATE INDEX mention_posted_idx ON mention (organization_id, posted_at DESC, id DESC)`);
    await q.query(`CREATE INDEX mention_crisis_idx ON mention (crisis_id) WHERE crisis_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mention`);
  }
}

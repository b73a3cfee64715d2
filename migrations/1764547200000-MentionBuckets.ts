// Per-brand, per-minute aggregates of mentions (by postedAt), kept in the ingest transaction: detection and metrics
// read a few hundred of these rows instead of millions of mentions.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MentionBuckets1764547200000 implements MigrationInterface {
  name = 'MentionBuckets1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mention_bucket (
        organization_id uuid NOT NULL,
        brand_id uuid NOT NULL,
        bucket_start timestamptz NOT NULL CHECK (date_trunc('minute', bucket_start) = bucket_start),
        total int NOT NULL CHECK (total >= 0),
        negative int NOT NULL CHECK (negative >= 0 AND negative <= total),
        sentiment_sum double precision NOT NULL,
        reach bigint NOT NULL CHECK (reach >= 0),
        negative_reach bigint NOT NULL CHECK (negative_reach >= 0),
        engagement bigint NOT NULL CHECK (engagement >= 0),
        PRIMARY KEY (organization_id, brand_id, bucket_start),
        FOREIGN KEY (organization_id, brand_id) REFERENCES brand (organization_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mention_bucket`);
  }
}

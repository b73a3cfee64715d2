// Account metrics: follower counts of a brand's accounts over time, one sample per (brand, platform, instant).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountMetrics1765670400000 implements MigrationInterface {
  name = 'AccountMetrics1765670400000';

  async up(q: QueryRunner): Promise<void> {
    // The primary key's order is also the index of every read: one account's samples over a span, the latest sample
    // of an account at or before t (a backward scan, LIMIT 1), and a brand's accounts (a skip scan over platform).
    await q.query(`
      CREATE TABLE account_metric (
        organization_id uuid NOT NULL,
        brand_id uuid NOT NULL,
        platform text NOT NULL CHECK (platform ~ '^[a-z0-9][a-z0-9_.-]{0,49}$'),
        at timestamptz NOT NULL,
        followers int NOT NULL CHECK (followers >= 0),
        ingested_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, brand_id, platform, at),
        FOREIGN KEY (organization_id, brand_id) REFERENCES brand (organization_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE account_metric`);
  }
}

// Per-brand detection settings (null: the defaults).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BrandDetection1764633600000 implements MigrationInterface {
  name = 'BrandDetection1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE brand ADD COLUMN detection jsonb CHECK (detection IS NULL OR jsonb_typeof(detection) = 'object')`);
    await q.query(`CREATE INDEX crisis_open_by_brand_idx ON crisis (organization_id, brand_id) WHERE closed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX crisis_open_by_brand_idx`);
    await q.query(`ALTER TABLE brand DROP COLUMN detection`);
  }
}

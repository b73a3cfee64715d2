// A crisis's KPIs are kept as they stood when it closed: late mentions, purged ones or edits cannot move them afterwards.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CrisisKpisAtClose1765497600000 implements MigrationInterface {
  name = 'CrisisKpisAtClose1765497600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crisis ADD COLUMN kpis jsonb CHECK (kpis IS NULL OR jsonb_typeof(kpis) = 'object')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crisis DROP COLUMN kpis`);
  }
}

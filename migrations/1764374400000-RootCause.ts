// The current understanding of a crisis's root cause; every revision is also a ROOT_CAUSE_UPDATED timeline event.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RootCause1764374400000 implements MigrationInterface {
  name = 'RootCause1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crisis ADD COLUMN root_cause jsonb CHECK (root_cause IS NULL OR jsonb_typeof(root_cause) = 'object')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crisis DROP COLUMN root_cause`);
  }
}

// Idempotency keys expire: the purge finds the old ones by age.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeyExpiry1764720000000 implements MigrationInterface {
  name = 'IdempotencyKeyExpiry1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idempotency_key_created_idx`);
  }
}

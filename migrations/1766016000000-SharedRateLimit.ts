// Request counters shared by every process (rate-limiter-flexible's PostgreSQL store, src/http/rate-limit.ts): with N
// replicas a token gets its limit once, not N times. The library's own table shape; it deletes expired rows itself.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SharedRateLimit1766016000000 implements MigrationInterface {
  name = 'SharedRateLimit1766016000000';

  async up(q: QueryRunner): Promise<void> {
    // UNLOGGED: counters for the current minute are not worth a WAL write per request, nor surviving a crash.
    await q.query(`CREATE UNLOGGED TABLE rate_limit (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit`);
  }
}

// Applies pending migrations under a Postgres advisory lock, so processes starting together do not race.
import type { DataSource } from 'typeorm';

/** Any constant shared by every Crisis Desk process; "crisis desk" as two int4s would do as well. */
const MIGRATION_LOCK = 727_001;

export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/** Ready means: the database answers and no migration is pending. */
export async function isSchemaCurrent(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.showMigrations());
}

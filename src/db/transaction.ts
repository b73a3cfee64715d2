// Runs work in one transaction on one connection, with plain SQL for the hot paths.
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

export interface Tx {
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  manager: EntityManager;
}

function txOf(runner: QueryRunner): Tx {
  return {
    async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const result = await runner.query(sql, params, true);
      return result.records as T[];
    },
    manager: runner.manager,
  };
}

/** Commits when `work` resolves, rolls back when it throws; the connection always goes back to the pool. */
export async function withTransaction<T>(dataSource: DataSource, work: (tx: Tx) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const result = await work(txOf(runner));
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

/** Plain reads outside a transaction. */
export async function query<T = Record<string, unknown>>(dataSource: DataSource, sql: string, params: unknown[] = []): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  try {
    return await txOf(runner).rows<T>(sql, params);
  } finally {
    await runner.release();
  }
}

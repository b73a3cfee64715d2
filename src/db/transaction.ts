// Runs plain SQL on the data source's own pg pool: one transaction per command, named statements for hot paths.
import type { DataSource } from 'typeorm';
import type { Pool, PoolClient } from 'pg';

export interface Tx {
  /**
   * Runs one statement. `name` makes it a prepared statement, parsed and planned once per connection: worth it
   * for the command path's big statements, whose planning otherwise costs as much as their execution.
   */
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<T[]>;
}

const observers = new WeakMap<DataSource, (sql: string) => void>();
/** Data sources behind a transaction pooler (pgbouncer before 1.21 keeps no prepared statement across transactions). */
const pooled = new WeakSet<DataSource>();

/** From now on no statement on `dataSource` is named: each is parsed and planned every time, as a pooler needs. */
export function withoutNamedStatements(dataSource: DataSource): void {
  pooled.add(dataSource);
}

/** Calls `onQuery` for every statement run through this module on `dataSource` (tests count statements). */
export function observeQueries(dataSource: DataSource, onQuery: (sql: string) => void): void {
  observers.set(dataSource, onQuery);
}

/** TypeORM's postgres driver keeps a pg Pool: the hot path uses it directly, without the ORM's query runner. */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

function txOf(dataSource: DataSource, client: PoolClient): Tx {
  const observe = observers.get(dataSource);
  const named = !pooled.has(dataSource);
  return {
    async rows<T>(sql: string, params: unknown[] = [], statementName?: string): Promise<T[]> {
      observe?.(sql);
      const name = named ? statementName : undefined;
      const result = await client.query(name ? { name, text: sql, values: params } : { text: sql, values: params });
      return result.rows as T[];
    },
  };
}

/** Commits when `work` resolves, rolls back when it throws; the connection always goes back to the pool. */
export async function withTransaction<T>(dataSource: DataSource, work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await poolOf(dataSource).connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(txOf(dataSource, client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true; // the connection itself failed: do not hand it out again
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** One statement outside a transaction. */
export async function query<T = Record<string, unknown>>(dataSource: DataSource, sql: string, params: unknown[] = [], name?: string): Promise<T[]> {
  const client = await poolOf(dataSource).connect();
  try {
    return await txOf(dataSource, client).rows<T>(sql, params, name);
  } finally {
    client.release();
  }
}

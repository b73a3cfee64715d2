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

/**
 * A connection from the pool, with a listener for its 'error' event while it is ours: pg-pool listens only to idle
 * connections, and a checked-out one whose server goes away (a restart, a failover) emits 'error' even when a query
 * of it fails the same way, which with no listener ends the process. Such a connection is not handed out again.
 */
async function checkout(dataSource: DataSource): Promise<{ client: PoolClient; release: (broken?: boolean) => void }> {
  const client = await poolOf(dataSource).connect();
  let lost = false;
  const onError = (): void => {
    lost = true; // the statement in flight, if any, fails with the same error: the caller sees it there
  };
  client.on('error', onError);
  return {
    client,
    release: (broken = false) => {
      client.off('error', onError);
      client.release(broken || lost);
    },
  };
}

/** Commits when `work` resolves, rolls back when it throws; the connection always goes back to the pool. */
export async function withTransaction<T>(dataSource: DataSource, work: (tx: Tx) => Promise<T>): Promise<T> {
  const { client, release } = await checkout(dataSource);
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
    release(broken);
  }
}

/** One statement outside a transaction. */
export async function query<T = Record<string, unknown>>(dataSource: DataSource, sql: string, params: unknown[] = [], name?: string): Promise<T[]> {
  const { client, release } = await checkout(dataSource);
  try {
    return await txOf(dataSource, client).rows<T>(sql, params, name);
  } finally {
    release();
  }
}

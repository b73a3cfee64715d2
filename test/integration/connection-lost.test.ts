// A connection that the server ends while a command holds it (a restart, a failover, pg_terminate_backend): the
// command fails with the database's error and the process goes on. pg emits 'error' on a checked-out connection
// that pg-pool no longer listens to; unheard, that event ends the whole process.
import type { DataSource } from 'typeorm';
import { openDatabase, type Database } from '../../src/db/database';
import { query, withTransaction } from '../../src/db/transaction';
import { isDatabaseUnavailable } from '../../src/db/unavailable';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let db: Database;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openDatabase({ databaseUrl: database.url, embeddedDataDir: '', embeddedPort: 0 });
  dataSource = db.dataSource;
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

const terminate = (pid: number) => query(dataSource, 'SELECT pg_terminate_backend($1)', [pid]);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a transaction whose connection is terminated between two statements fails, and the pool serves the next one', async () => {
  await query(dataSource, 'CREATE TABLE IF NOT EXISTS lost_probe (n int)');
  const attempt = withTransaction(dataSource, async (tx) => {
    await tx.rows('INSERT INTO lost_probe VALUES (1)');
    const [{ pid }] = await tx.rows<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await terminate(pid);
    await pause(300); // the connection is ours and idle when the server's goodbye arrives
    await tx.rows('INSERT INTO lost_probe VALUES (2)');
  });
  const error = await attempt.then(() => null, (e: unknown) => e);
  expect(isDatabaseUnavailable(error)).toBe(true); // answered 503 SERVICE_UNAVAILABLE, the client's to retry
  const rows = await query<{ n: number }>(dataSource, 'SELECT n FROM lost_probe');
  expect(rows).toEqual([]); // nothing of the failed transaction was committed
  expect(await query(dataSource, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
});

test('a single statement whose connection is terminated while it runs fails, and the pool serves the next one', async () => {
  const [{ pid }] = await query<{ pid: number }>(dataSource, 'SELECT pg_backend_pid() AS pid');
  // The pool hands the idle connection back out: the sleep runs on `pid`, terminated while it sleeps.
  const sleeping = query(dataSource, 'SELECT pg_sleep(5), pg_backend_pid()');
  await pause(200);
  await terminate(pid);
  const error = await sleeping.then(() => null, (e: unknown) => e);
  expect(isDatabaseUnavailable(error)).toBe(true);
  await pause(100);
  expect(await query(dataSource, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
});

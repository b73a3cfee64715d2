// Gives every test worker a Postgres server: DATABASE_URL when set, otherwise a fresh embedded one.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chmod } from 'node:fs/promises';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { freePort } from './free-port';

export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.stdout.write(`\ntests use DATABASE_URL (${new URL(process.env.DATABASE_URL).host})\n`);
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'crisis-desk-test-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port, persistent: false });
  process.env.DATABASE_URL = server.url;
  process.env.CRISIS_DESK_TEST_EMBEDDED = '1';
  (globalThis as { __embeddedPostgres?: { stop(): Promise<void> } }).__embeddedPostgres = server;
  (globalThis as { __embeddedPostgresDir?: string }).__embeddedPostgresDir = dir;
  process.stdout.write(`\ntests use an embedded PostgreSQL on port ${port}\n`);
}

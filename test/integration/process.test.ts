// The process as an operator sees it: start, readiness, SIGTERM drain, restarts keeping state and timers, racing migrations.
import { readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import WebSocket from 'ws';
import path from 'node:path';
import { Client } from 'pg';
import { createHarness, eventually, slaOf, type Harness } from '../support/harness';
import { createTestDatabase } from '../support/database';
import { startChildServer } from '../support/child-server';
import { openDatabase } from '../../src/db/database';
import { createBrand, declareCrisis } from '../factories';

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness();
});

afterAll(() => harness.close());

test('the built server starts, is ready, serves a query, and exits 0 on SIGTERM', async () => {
  const { child, url, exited } = await startChildServer(harness.db.url);
  const ready = await fetch(new URL('/readyz', url));
  expect(ready.status).toBe(200);
  const query = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});

test('SIGTERM with a websocket that never answers the close handshake: others get 1001, it is cut, and the process exits 0 within the grace', async () => {
  const grace = 1500;
  const { child, url, exited } = await startChildServer(harness.db.url, { SHUTDOWN_GRACE_MS: String(grace) });
  // A well-behaved client, and a deaf one: it upgrades, then never reads a frame nor answers a close.
  const polite = new WebSocket(`ws://127.0.0.1:${url.port}/graphql`, 'graphql-transport-ws');
  const politeClosed = new Promise<number>((resolve) => polite.on('close', (code) => resolve(code)));
  await new Promise((resolve) => polite.once('open', resolve));
  const deaf = connect(Number(url.port), '127.0.0.1');
  const upgraded = new Promise<void>((resolve) => deaf.once('data', () => resolve()));
  deaf.write(`GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
    'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n');
  await upgraded;
  deaf.pause(); // from now on it reads nothing
  const signalled = Date.now();
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  const took = Date.now() - signalled;
  expect(await politeClosed).toBe(1001);
  expect(took).toBeLessThan(grace + 2500); // the grace, plus closing the database and the process
  deaf.destroy();
});

test('a restart keeps crises and their pending timers: the breach fires once, after the restart', async () => {
  const first = await harness.start({ slaDefaults: slaOf({ ack: 2 }) });
  const admin = await harness.token('acme', 'ADMIN');
  const brand = await createBrand(first, admin, 'Restarted');
  const crisis = await declareCrisis(first, admin, brand.id);
  await first.stop(); // gone before the timer is due
  const second = await harness.start({ slaDefaults: slaOf({ ack: 2 }) });
  const timeline = async () =>
    (await second.gql(admin, `query($id: ID!) { crisis(id: $id) { state version timeline { edges { node { type payload } } } } }`, { id: crisis.id })).data.crisis;
  const after = await eventually(async () => {
    const c = await timeline();
    return c.timeline.edges.some((e: any) => e.node.type === 'SLA_BREACHED') && c;
  }, 6000, 'the breach after the restart');
  expect(after.state).toBe('DETECTED');
  expect(after.timeline.edges.filter((e: any) => e.node.type === 'SLA_BREACHED')).toHaveLength(1);
  expect(second.server.timers.fired).toBe(1);
  await second.stop();
});

test('two processes migrating one fresh database at once do not race', async () => {
  const fresh = await createTestDatabase();
  try {
    const config = { databaseUrl: fresh.url, embeddedDataDir: '', embeddedPort: 0 };
    const both = await Promise.all([openDatabase(config), openDatabase(config)]);
    const pg = new Client({ connectionString: fresh.url });
    await pg.connect();
    const { rows } = await pg.query('SELECT name FROM migrations');
    await pg.end();
    // Every migration file once, in order: "1764115200000-LifecycleCore.ts" is recorded as LifecycleCore1764115200000.
    const files = readdirSync(path.join(__dirname, '..', '..', 'migrations')).filter((f) => f.endsWith('.ts')).sort();
    expect(rows.map((r) => r.name)).toEqual(files.map((f) => f.replace(/^(\d+)-(\w+)\.ts$/, '$2$1')));
    for (const db of both) await db.close();
  } finally {
    await fresh.drop();
  }
});

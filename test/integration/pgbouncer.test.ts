// Behind pgbouncer in transaction pooling mode (Debian's 1.18: no named prepared statements across transactions),
// with DATABASE_LISTEN_URL direct for LISTEN and the migrations' lock: two processes run the lifecycle, timers,
// subscriptions, ingestion and the shared rate limit through it. Needs the `pgbouncer` binary (apt-get install
// pgbouncer); without it the test is skipped, saying so.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { freePort } from '../support/free-port';
import { createHarness, eventually, subscribe, untilSubscribed, wsClient, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis, sendEvent } from '../factories';

const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'].find((p) => existsSync(p));
if (!PGBOUNCER) console.warn('pgbouncer is not installed (apt-get install pgbouncer): the pgbouncer test is skipped');
const withPgbouncer = PGBOUNCER ? test : test.skip;

jest.setTimeout(60_000);

let harness: Harness;
let bouncer: ChildProcess | null = null;
let folder = '';
let bouncerUrl = '';
let bouncerOutput = '';
const servers: TestServer[] = [];

beforeAll(async () => {
  harness = await createHarness();
  if (!PGBOUNCER) return;
  const direct = new URL(harness.db.url);
  const database = direct.pathname.slice(1);
  const port = await freePort();
  folder = await mkdtemp(path.join(tmpdir(), 'crisis-desk-pgbouncer-'));
  await chmod(folder, 0o755); // as root pgbouncer runs as `postgres`, who must read its configuration
  const ini = path.join(folder, 'pgbouncer.ini');
  await writeFile(ini, [
    '[databases]',
    `${database} = host=${direct.hostname} port=${direct.port || 5432} dbname=${database} user=${decodeURIComponent(direct.username)}` +
      (direct.password ? ` password=${decodeURIComponent(direct.password)}` : ''),
    '[pgbouncer]',
    'listen_addr = 127.0.0.1', `listen_port = ${port}`, 'unix_socket_dir =',
    'auth_type = any', 'pool_mode = transaction', 'max_client_conn = 500', 'default_pool_size = 20',
    'ignore_startup_parameters = extra_float_digits', ...(process.env.PGBOUNCER_LOG ? ['verbose = 2'] : []),
  ].join('\n'), { mode: 0o644 });
  bouncer = spawn(PGBOUNCER, [...(userInfo().uid === 0 ? ['-u', 'postgres'] : []), ini], { stdio: ['ignore', 'pipe', 'pipe'] });
  bouncer.stdout!.on('data', (c) => (bouncerOutput += c));
  bouncer.stderr!.on('data', (c) => (bouncerOutput += c));
  bouncerUrl = `postgres://${direct.username}${direct.password ? `:${direct.password}` : ''}@127.0.0.1:${port}/${database}`;
  await eventually(async () => {
    if (bouncer!.exitCode !== null) throw new Error(`pgbouncer exited: ${bouncerOutput}`);
    const probe = new PgClient({ connectionString: bouncerUrl });
    try {
      await probe.connect();
      await probe.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await probe.end().catch(() => undefined);
    }
  }, 10_000, 'pgbouncer to accept connections');
  for (let i = 0; i < 2; i++) servers.push(await harness.start({ databaseUrl: bouncerUrl, databaseListenUrl: harness.db.url, rateLimitPerMinute: 1000 }));
});

afterAll(async () => {
  await harness.close();
  if (process.env.PGBOUNCER_LOG) console.log(bouncerOutput);
  bouncer?.kill('SIGTERM');
  if (folder) await rm(folder, { recursive: true, force: true });
});

withPgbouncer('through pgbouncer (transaction pooling): commands, timers once across two processes, subscriptions and ingestion', async () => {
  const [a, b] = servers;
  const admin = await harness.token('acme', 'ADMIN');
  const brand = await createBrand(a, admin);
  const plan = await a.gql(admin, `mutation($input: PlaybookInput!) { createPlaybook(input: $input) { id } }`, {
    input: {
      name: 'Pooled', roles: [{ key: 'CRISIS_LEAD', title: 'Lead', responsibilities: [] }], channels: ['x'], protocols: [],
      slaPolicies: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((severity) => ({ severity, acknowledgeWithinSeconds: 2, firstResponseWithinSeconds: 7200, updateEverySeconds: 7200 })),
    },
  });
  await a.gql(admin, `mutation($b: ID!, $p: ID!) { setBrandPlaybook(brandId: $b, playbookId: $p) { id } }`, { b: brand.id, p: plan.data.createPlaybook.id });

  // LISTEN goes direct: b's subscribers hear a's commits.
  const client = wsClient(b, admin);
  const changes = subscribe(client, `subscription($b: ID) { crisisStateChanged(brandId: $b) { crisisId toState } }`, { b: brand.id });
  const breaches = subscribe(client, `subscription($b: ID) { slaBreached(brandId: $b) { crisisId } }`, { b: brand.id });
  await untilSubscribed(b, 2);

  // Many commands at once through both processes: every statement runs unnamed, in whichever server connection.
  const crises = await Promise.all(Array.from({ length: 8 }, (_, i) => declareCrisis(i % 2 ? a : b, admin, brand.id)));
  await breaches.waitFor(8, 15_000); // the timers fired through the pooler
  await new Promise((resolve) => setTimeout(resolve, 1000)); // time for a second firing to show
  expect(breaches.values.map((v) => v.slaBreached.crisisId).sort()).toEqual(crises.map((c) => c.id).sort());

  const acknowledged = await Promise.all(crises.map((c, i) => sendEvent(i % 2 ? b : a, admin, { crisisId: c.id, type: 'ACKNOWLEDGE', expectedVersion: c.version + 1 })));
  expect(acknowledged.map((r) => r.errors ?? r.data.sendCrisisEvent.state)).toEqual(crises.map(() => 'ACKNOWLEDGED'));
  await changes.waitFor(16, 10_000);
  expect(changes.values.filter((v) => v.crisisStateChanged.toState === 'ACKNOWLEDGED')).toHaveLength(8);
  expect(changes.errors).toEqual([]);

  const mentions = Array.from({ length: 300 }, (_, i) => ({ platform: 'twitter', externalId: `pooled-${i}`, brandId: brand.id, text: 'pooled mention', postedAt: new Date().toISOString() }));
  const ingested = await a.gql(admin, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted duplicates } }`, { m: mentions });
  expect(ingested.data.ingestMentions).toEqual({ accepted: 300, duplicates: 0 });
  const again = await b.gql(admin, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted duplicates } }`, { m: mentions });
  expect(again.data.ingestMentions).toEqual({ accepted: 0, duplicates: 300 });

  const timeline = await b.gql(admin, `query($id: ID!) { crisis(id: $id) { state timeline { edges { node { type } } } } }`, { id: crises[0].id });
  expect(timeline.data.crisis.state).toBe('ACKNOWLEDGED');
  expect(timeline.data.crisis.timeline.edges.filter((e: any) => e.node.type === 'SLA_BREACHED')).toHaveLength(1);
  // The shared rate limit counted through the pooler too (its statements unnamed), not in memory alone.
  const pg = new PgClient({ connectionString: harness.db.url });
  await pg.connect();
  const { rows } = await pg.query(`SELECT points FROM rate_limit WHERE key LIKE '%token:%'`);
  await pg.end();
  expect(rows.reduce((n, r) => n + r.points, 0)).toBeGreaterThan(20);
  changes.dispose();
  breaches.dispose();
  await client.dispose();
});

// The database stopped and started under a running server (the test's own PostgreSQL): during the outage requests
// get SERVICE_UNAVAILABLE (503, Retry-After) and /readyz says so; afterwards the pool, the LISTEN connection and the
// timer worker are back by themselves, subscribers get what was committed once, and what failed was not stored.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded';
import { freePort } from '../support/free-port';
import { createHarness, eventually, subscribe, untilSubscribed, wsClient, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis, sendEvent } from '../factories';

jest.setTimeout(90_000);

let postgres: EmbeddedPostgres;
let port: number;
let harness: Harness;
let server: TestServer;
let admin: string;

beforeAll(async () => {
  port = await freePort();
  postgres = await startEmbeddedPostgres({ dataDir: await mkdtemp(path.join(tmpdir(), 'crisis-desk-restart-')), port, persistent: true });
  harness = await createHarness(postgres.url);
  server = await harness.start();
  admin = await harness.token('acme', 'ADMIN');
});

afterAll(async () => {
  await harness?.close();
  await postgres?.stop();
  if (postgres) await rm(postgres.dataDir, { recursive: true, force: true });
});

async function post(token: string | null, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(20_000), // an outage is answered, never left hanging
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
}

const TIMELINE = `query($id: ID!) { crisis(id: $id) { state timeline { edges { node { type } } } } }`;

test('an outage is answered 503 SERVICE_UNAVAILABLE with Retry-After; after the restart everything recovers on its own', async () => {
  const brand = await createBrand(server, admin);
  const plan = await server.gql(admin, `mutation($input: PlaybookInput!) { createPlaybook(input: $input) { id } }`, {
    input: {
      name: 'Fast acknowledge', roles: [{ key: 'CRISIS_LEAD', title: 'Lead', responsibilities: [] }], channels: ['x'], protocols: [],
      slaPolicies: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((severity) => ({
        severity, acknowledgeWithinSeconds: 3, firstResponseWithinSeconds: 7200, updateEverySeconds: 1800,
      })),
    },
  });
  await server.gql(admin, `mutation($b: ID!, $p: ID!) { setBrandPlaybook(brandId: $b, playbookId: $p) { id } }`, { b: brand.id, p: plan.data.createPlaybook.id });

  const client = wsClient(server, admin);
  const breaches = subscribe(client, `subscription($b: ID) { slaBreached(brandId: $b) { crisisId type } }`, { b: brand.id });
  const changes = subscribe(client, `subscription($b: ID) { crisisStateChanged(brandId: $b) { crisisId toState } }`, { b: brand.id });
  await untilSubscribed(server, 2);
  const crisis = await declareCrisis(server, admin, brand.id); // its acknowledge SLA falls due during the outage
  await changes.waitFor(1);
  const newcomer = await harness.token('acme', 'RESPONDER', 'newcomer'); // a token this server has not seen yet

  await postgres.stop();
  try {
    const read = await post(admin, TIMELINE, { id: crisis.id });
    expect(read.status).toBe(503);
    expect(read.retryAfter).toBe('5');
    expect(read.body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
    expect(JSON.stringify(read.body)).not.toMatch(/INTERNAL_SERVER_ERROR|\n\s+at |node_modules/);

    const command = await post(admin, `mutation($input: SendCrisisEventInput!) { sendCrisisEvent(input: $input) { state } }`, {
      input: { crisisId: crisis.id, type: 'DISMISS', reason: 'sent during the outage', expectedVersion: crisis.version },
    });
    expect(command.status).toBe(503);
    expect(command.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');

    // The token lookup itself needs the database: answered the same way, before GraphQL.
    const unknownToken = await post(newcomer, `{ brands { id } }`);
    expect(unknownToken.status).toBe(503);
    expect(unknownToken.retryAfter).toBe('5');
    expect(unknownToken.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');

    const ready = await fetch(new URL('/readyz', server.url));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'database unavailable' });
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the SLA falls due while the database is away
  } finally {
    postgres = await startEmbeddedPostgres({ dataDir: postgres.dataDir, port, persistent: true });
  }

  await eventually(async () => (await fetch(new URL('/readyz', server.url))).status === 200, 20_000, '/readyz to say ready');
  // The timer worker fires the breach that fell due meanwhile, once; the subscriber hears it once.
  await breaches.waitFor(1, 20_000);
  expect(breaches.values[0].slaBreached).toEqual({ crisisId: crisis.id, type: 'SLA_BREACHED' });
  // The pool serves commands again, and the LISTEN connection brings their change to the subscriber.
  const acknowledged = await sendEvent(server, admin, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
  expect(acknowledged.data.sendCrisisEvent.state).toBe('ACKNOWLEDGED');
  await changes.waitFor(2, 10_000);
  expect(changes.values.map((v) => v.crisisStateChanged.toState)).toEqual(['DETECTED', 'ACKNOWLEDGED']);
  expect(changes.errors).toEqual([]);
  expect(breaches.errors).toEqual([]);

  // The newcomer's token works now; the command refused during the outage was not stored.
  expect((await post(newcomer, `{ brands { id } }`)).status).toBe(200);
  const after = await server.gql(admin, TIMELINE, { id: crisis.id });
  const types = after.data.crisis.timeline.edges.map((e: any) => e.node.type);
  expect(types.filter((t: string) => t === 'SLA_BREACHED')).toHaveLength(1);
  expect(after.data.crisis.state).toBe('ACKNOWLEDGED'); // the DISMISS refused during the outage did not happen
  await new Promise((resolve) => setTimeout(resolve, 1000)); // time for any duplicate to show
  expect(breaches.values).toHaveLength(1);
  expect(changes.values).toHaveLength(2);
  changes.dispose();
  breaches.dispose();
  await client.dispose();
});

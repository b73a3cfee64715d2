// Requests per token and minute: over the limit is 429 with RATE_LIMITED and Retry-After, nothing done, others unaffected.
import { Client as PgClient } from 'pg';
import { createHarness, subscribe, wsClient, type Harness, type TestServer } from '../support/harness';
import { createBrand } from '../factories';

let harness: Harness;
let server: TestServer;
let admin: string;
let script: string;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start({ rateLimitPerMinute: 5 });
  admin = await harness.token('acme', 'ADMIN');
  script = await harness.token('acme', 'RESPONDER', 'runaway-script');
});

afterAll(() => harness.close());

/**
 * The counters are shared by every process on the database (last test): this minute's count of 127.0.0.1 so far
 * (the first request of each new token counts against its address) is cleared before a test that counts it.
 */
async function clearCounters(): Promise<void> {
  const pg = new PgClient({ connectionString: harness.db.url });
  await pg.connect();
  await pg.query('DELETE FROM rate_limit');
  await pg.end();
}

test('the request over the limit is refused with 429, RATE_LIMITED and Retry-After, and changes nothing; other tokens go on', async () => {
  const brand = await createBrand(server, admin); // admin: 1 of 5
  for (let i = 0; i < 5; i++) expect((await server.gql(script, `{ brands { id } }`)).status).toBe(200);
  const declare = `mutation($b: ID!) { declareCrisis(input: { brandId: $b, title: "one too many", category: OTHER, severity: LOW }) { id } }`;
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${script}` },
    body: JSON.stringify({ query: declare, variables: { b: brand.id } }),
  });
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const body = (await res.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
  expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter, limit: 5 });
  // Nothing was declared, and another token of the same organization is not slowed down.
  expect((await server.gql(admin, `{ crises { totalCount } }`)).data.crises.totalCount).toBe(0);
});

test('subscriptions count too: over the limit, subscribing answers RATE_LIMITED', async () => {
  const watcher = await harness.token('acme', 'VIEWER', 'watcher');
  const client = wsClient(server, watcher);
  try {
    const subs = Array.from({ length: 6 }, () => subscribe(client, `subscription { crisisStateChanged { type } }`));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const refused = subs.filter((s) => s.errors.length > 0);
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(refused[0].errors)).toContain('RATE_LIMITED');
    subs.forEach((s) => s.dispose());
  } finally {
    await client.dispose();
  }
});

test('without a token, requests count per client address: behind a trusted proxy, per forwarded address', async () => {
  const anonymous = (s: TestServer, forwardedFor: string) =>
    fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ query: '{ __typename }' }) });
  await clearCounters();
  const proxied = await harness.start({ rateLimitPerMinute: 3, trustProxy: 'loopback' });
  const direct = await harness.start({ rateLimitPerMinute: 3 });
  try {
    const statuses = async (s: TestServer, addresses: string[]) => {
      const seen: number[] = [];
      for (const address of addresses) seen.push((await anonymous(s, address)).status);
      return seen;
    };
    // Trusted: each forwarded address has its own budget of 3.
    expect(await statuses(proxied, ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2'])).toEqual([200, 200, 200, 429, 200]);
    // Not trusted: the header is ignored and every request is the proxy's (here 127.0.0.1).
    expect(await statuses(direct, ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2'])).toEqual([200, 200, 200, 429]);
  } finally {
    await Promise.all([proxied.stop(), direct.stop()]);
  }
});

test('the limit is shared by every process on the database: a token gets it once across two replicas, not twice', async () => {
  const [a, b] = [await harness.start({ rateLimitPerMinute: 4 }), await harness.start({ rateLimitPerMinute: 4 })];
  try {
    const shared = await harness.token('acme', 'VIEWER', 'round-robin');
    await clearCounters();
    const statuses: number[] = [];
    for (const s of [a, b, a, b, a, b]) statuses.push((await s.gql(shared, `{ brands { id } }`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

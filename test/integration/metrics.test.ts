// GET /metrics: Prometheus text that moves with real requests, commands, websockets and ingestion; a token when configured.
import { createHarness, eventually, slaOf, subscribe, wsClient, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis, sendEvent } from '../factories';

let harness: Harness;
let server: TestServer;
let admin: string;
let responder: string;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  admin = await harness.token('acme', 'ADMIN');
  responder = await harness.token('acme', 'RESPONDER');
});

afterAll(() => harness.close());

type Samples = Map<string, number>;

/** Parses Prometheus's text format into `name{label="value",…}` (labels sorted) → value; checks every line's shape. */
function parsePrometheus(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|[Nn]a[Nn]|[+-]Inf)$/.exec(line); // Prometheus reads NaN in any case (prom-client writes "Nan")
    if (!match) throw new Error(`not Prometheus text: ${line}`);
    const labels = match[2] ? [...match[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => `${m[1]}="${m[2]}"`).sort() : [];
    samples.set(key(match[1], labels), Number(match[3]));
  }
  return samples;
}

function key(name: string, labels: string[]): string {
  return labels.length ? `${name}{${labels.join(',')}}` : name;
}

/** The sample's value (0 when the series does not exist yet). */
function sample(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  return samples.get(key(name, Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort())) ?? 0;
}

async function scrape(target: TestServer = server, authorization?: string): Promise<{ status: number; text: string; type: string | null }> {
  const response = await fetch(target.url.replace(/\/graphql$/, '/metrics'), { headers: authorization ? { authorization } : {} });
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

const metricsOf = async (target: TestServer = server) => parsePrometheus((await scrape(target)).text);

test('GraphQL requests are counted by bounded operation name, type and outcome, and timed', async () => {
  const before = await metricsOf();
  expect((await server.gql(admin, `query BrandList { brands { id } }`)).errors).toBeUndefined();
  expect((await server.gql(admin, `{ brands { id } }`)).errors).toBeUndefined();
  const refused = await server.gql(admin, `mutation CreateToken { createApiToken(input: { name: "   ", role: VIEWER }) { token } }`);
  expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  const longName = `Q${'x'.repeat(70)}`;
  expect((await server.gql(admin, `query ${longName} { brands { id } }`)).errors).toBeUndefined();
  expect((await server.gql(admin, `{ brands { `)).errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  const after = await metricsOf();

  const moved = (labels: Record<string, string>) => sample(after, 'crisis_desk_graphql_requests_total', labels) - sample(before, 'crisis_desk_graphql_requests_total', labels);
  expect(moved({ operation: 'BrandList', operation_type: 'query', outcome: 'ok' })).toBe(1);
  expect(moved({ operation: 'anonymous', operation_type: 'query', outcome: 'ok' })).toBe(2); // no name, and a name too long to be a label
  expect(moved({ operation: 'CreateToken', operation_type: 'mutation', outcome: 'BAD_USER_INPUT' })).toBe(1);
  expect(moved({ operation: 'anonymous', operation_type: 'unknown', outcome: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
  const timed = (name: string) => sample(after, `crisis_desk_graphql_request_duration_seconds_${name}`, { operation: 'BrandList', operation_type: 'query' });
  expect(timed('count') - sample(before, 'crisis_desk_graphql_request_duration_seconds_count', { operation: 'BrandList', operation_type: 'query' })).toBe(1);
  expect(timed('sum')).toBeGreaterThan(0);
  expect(sample(after, 'crisis_desk_graphql_request_duration_seconds_bucket', { operation: 'BrandList', operation_type: 'query', le: '+Inf' })).toBe(timed('count'));
  expect([...after.keys()].some((k) => k.includes(longName))).toBe(false);
});

test('crisis commands, websockets, notifications and ingestion move their metrics by the right amounts; no ids in the output', async () => {
  const brand = await createBrand(server, admin);
  const crisis = await declareCrisis(server, responder, brand.id);
  const before = await metricsOf();
  expect((await sendEvent(server, responder, { crisisId: crisis.id, type: 'CONTAIN' })).errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');

  const client = wsClient(server, admin);
  const events = subscribe(client, `subscription($c: ID!) { crisisEvents(crisisId: $c, afterSequence: "0") { type } }`, { c: crisis.id });
  await events.waitFor(1); // the replay's DETECTED: the subscription runs
  const refusal = await new Promise<unknown>((resolve) => {
    client.subscribe({ query: 'subscription { noSuchField }' }, { next: () => undefined, error: resolve, complete: () => resolve(null) });
  });
  expect(JSON.stringify(refusal)).toContain('GRAPHQL_VALIDATION_FAILED');
  const open = await metricsOf();
  expect(sample(open, 'crisis_desk_websocket_connections')).toBe(1);
  expect(sample(open, 'crisis_desk_websocket_subscriptions')).toBe(1);

  expect((await sendEvent(server, responder, { crisisId: crisis.id, type: 'ACKNOWLEDGE' })).errors).toBeUndefined();
  await eventually(async () => events.values.some((v) => v.crisisEvents.type === 'STATE_CHANGED'), 5000, 'the ACKNOWLEDGE to reach the subscriber');

  // Other features' commands count too, by mutation.
  const ADD_ITEM = `mutation($input: AddActionItemInput!) { addActionItem(input: $input) { id } }`;
  expect((await server.gql(responder, ADD_ITEM, { input: { crisisId: crisis.id, title: 'Call the customer', owner: 'Support' } })).errors).toBeUndefined();

  const mentions = [0, 1].map((i) => ({
    platform: 'twitter', externalId: `metrics-${i}`, brandId: brand.id, text: 'Still waiting for my refund', sentiment: -0.4, postedAt: new Date(Date.now() - 60_000).toISOString(),
  }));
  const INGEST = `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted duplicates } }`;
  expect((await server.gql(responder, INGEST, { m: mentions })).data.ingestMentions).toEqual({ accepted: 2, duplicates: 0 });
  expect((await server.gql(responder, INGEST, { m: [...mentions, mentions[0]] })).data.ingestMentions).toEqual({ accepted: 0, duplicates: 3 });
  const ids = (await server.gql(admin, `query($b: ID!) { mentions(filter: { brandId: $b }) { edges { node { id } } } }`, { b: brand.id }))
    .data.mentions.edges.map((e: any) => e.node.id);
  await server.gql(responder, `mutation($i: LinkMentionsInput!) { linkMentions(input: $i) { linked } }`, { i: { crisisId: crisis.id, mentionIds: ids } });
  const skipped = await server.gql(responder, `mutation($i: SkipMentionInput!) { skipMention(input: $i) { id } }`, { i: { mentionId: ids[0], reason: 'a bot' } });
  expect(skipped.errors).toBeUndefined();

  const { text, type } = await scrape();
  expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
  const after = parsePrometheus(text);
  const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
  expect(moved('crisis_desk_crisis_commands_total', { event: 'CONTAIN', result: 'INVALID_TRANSITION' })).toBe(1);
  expect(moved('crisis_desk_crisis_commands_total', { event: 'ACKNOWLEDGE', result: 'ok' })).toBe(1);
  expect(moved('crisis_desk_crisis_commands_total', { event: 'addActionItem', result: 'ok' })).toBe(1);
  expect(moved('crisis_desk_crisis_commands_total', { event: 'MENTION_SKIPPED', result: 'ok' })).toBe(1);
  // Operations over websockets are counted like requests over HTTP: the subscription that ran, the one refused.
  expect(moved('crisis_desk_websocket_operations_total', { operation: 'anonymous', operation_type: 'subscription', outcome: 'ok' })).toBe(1);
  expect(moved('crisis_desk_websocket_operations_total', { operation: 'anonymous', operation_type: 'subscription', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
  expect(moved('crisis_desk_mentions_ingested_total', { result: 'accepted' })).toBe(2);
  expect(moved('crisis_desk_mentions_ingested_total', { result: 'duplicate' })).toBe(3);
  expect(moved('crisis_desk_notification_lag_seconds_count')).toBeGreaterThanOrEqual(1); // the ACKNOWLEDGE's NOTIFY, at least
  expect(sample(after, 'crisis_desk_db_pool_connections')).toBeGreaterThan(0);
  expect(after.has('crisis_desk_db_pool_waiting_clients')).toBe(true);
  expect(after.has('crisis_desk_process_cpu_user_seconds_total')).toBe(true);
  expect(after.has('crisis_desk_webhook_deliveries_total') || text.includes('# TYPE crisis_desk_webhook_deliveries_total counter')).toBe(true);

  // Nothing of a tenant: no UUID (organization, brand, crisis, token ids), no global id, no organization name.
  expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  for (const id of [crisis.id, brand.id]) expect(text).not.toContain(id);
  expect(text).not.toContain('acme');

  events.dispose();
  await client.dispose();
  await eventually(async () => {
    const closed = await metricsOf();
    return sample(closed, 'crisis_desk_websocket_connections') === 0 && sample(closed, 'crisis_desk_websocket_subscriptions') === 0;
  }, 5000, 'the websocket gauges to come back to 0');
});

test('a fired SLA timer records how late it fired', async () => {
  const fast = await harness.start({ slaDefaults: slaOf({ ack: 1 }) });
  try {
    const lead = await harness.token('metrics-timers', 'ADMIN'); // a new organization: its default plan takes this server's SLAs
    await declareCrisis(fast, lead, (await createBrand(fast, lead)).id);
    // Both servers' workers see the timer; the one whose write fires it records its lateness.
    const late = await eventually(async () => {
      const [x, y] = [await metricsOf(fast), await metricsOf(server)];
      const count = sample(x, 'crisis_desk_timer_lateness_seconds_count') + sample(y, 'crisis_desk_timer_lateness_seconds_count');
      return count > 0 && { count, sum: sample(x, 'crisis_desk_timer_lateness_seconds_sum') + sample(y, 'crisis_desk_timer_lateness_seconds_sum') };
    }, 10_000, 'the acknowledge timer to fire');
    expect(late.count).toBe(1);
    expect(late.sum).toBeLessThan(5); // due 1 s after declaring; the idle worker wakes within TIMER_MAX_IDLE_MS (1 s here)
  } finally {
    await fast.stop();
  }
});

test('with METRICS_TOKEN, /metrics answers 401 without the token or with a wrong one, 200 with it', async () => {
  const token = 'scrape-me-0123456789abcdef';
  const guarded = await harness.start({ metricsToken: token });
  try {
    const missing = await scrape(guarded);
    expect(missing.status).toBe(401);
    expect(missing.text).not.toContain('crisis_desk_');
    expect((await scrape(guarded, `Bearer ${token}x`)).status).toBe(401);
    expect((await scrape(guarded, `Bearer ${token.slice(0, -1)}`)).status).toBe(401);
    expect((await scrape(guarded, token)).status).toBe(401); // not a bearer header
    const ok = await scrape(guarded, `Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(parsePrometheus(ok.text).has('crisis_desk_websocket_connections')).toBe(true);
  } finally {
    await guarded.stop();
  }
  expect((await scrape(server)).status).toBe(200); // unset: open
});

// Webhooks end to end, with real HTTP receivers on loopback: Standard Webhooks signatures (verified with the
// standardwebhooks library), rotation, filters, retries, 410 and failure runs, per-crisis order, replay from a cursor,
// private targets, tenancy, and a process SIGKILLed mid-send.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { createHarness, eventually, type Harness, type TestServer } from '../support/harness';
import { assignLead, createBrand, declareCrisis, sendEvent } from '../factories';
import { DEFAULT_WEBHOOKS } from '../support/webhooks';
import { TIMELINE_EVENT_TYPES } from '../../src/crisis/timeline-types';
import { webhookDeliveryPurge } from '../../src/webhooks/delivery.purge';
import pino from 'pino';

interface Received {
  headers: Record<string, string>;
  body: string;
  json: any;
}

/** A receiver on loopback: every request recorded; `answer` decides each response (default 204). */
class Receiver {
  readonly received: Received[] = [];
  answer: (req: Received, n: number) => { status: number; headers?: Record<string, string>; delayMs?: number; hang?: boolean } = () => ({ status: 204 });
  private server: Server | null = null;
  private readonly hanging = new Set<ServerResponse>();
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const entry = { headers: req.headers as Record<string, string>, body, json: JSON.parse(body) };
        this.received.push(entry);
        const reply = this.answer(entry, this.received.length);
        if (reply.hang) return void this.hanging.add(res);
        setTimeout(() => res.writeHead(reply.status, reply.headers).end('ok'), reply.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
    return this;
  }

  of(type: string): Received[] {
    return this.received.filter((r) => r.json.type === type);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id url eventTypes brandIds enabled } } }`;
const ENDPOINT = `query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { id enabled disabledReason consecutiveFailures
  deliveries(first: 50) { totalCount edges { node { webhookId eventSequence eventType status attempts lastStatusCode lastError lastResponse lastLatencyMs deliveredAt } } } } } }`;

let harness: Harness;
let server: TestServer;
let admin: string;
const receivers: Receiver[] = [];

async function receiver(): Promise<Receiver> {
  const r = await new Receiver().start();
  receivers.push(r);
  return r;
}

async function endpoint(token: string, input: Record<string, unknown>, on: TestServer = server) {
  const res = await on.gql(token, CREATE, { input });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.createWebhookEndpoint as { secret: string; endpoint: { id: string; enabled: boolean } };
}

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start({ webhooks: DEFAULT_WEBHOOKS });
  admin = await harness.token('acme', 'ADMIN');
});

afterAll(async () => {
  for (const r of receivers) await r.stop();
  await harness.close();
});

test('a committed event arrives signed per Standard Webhooks: verified by the library, refused when tampered, with the subscription\'s event shape and the crisis', async () => {
  const hook = await receiver();
  const brand = await createBrand(server, admin);
  const { secret } = await endpoint(admin, { url: hook.url, brandIds: [brand.id], description: 'ops' });
  const crisis = await declareCrisis(server, admin, brand.id);
  const [delivery] = await eventually(async () => hook.of('DETECTED').length > 0 && hook.of('DETECTED'), 5000, 'the DETECTED webhook');
  const verified = new Webhook(secret).verify(delivery.body, delivery.headers) as any;
  expect(verified.data.crisis).toMatchObject({ id: crisis.id, brandId: brand.id, state: 'DETECTED', severity: 'HIGH', title: 'Recall rumours spreading' });
  expect(verified.data.event).toMatchObject({ type: 'DETECTED', crisisId: crisis.id, toState: 'DETECTED' });
  expect(delivery.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
  // The same event through the subscription API's own field: one shape.
  const timeline = await server.gql(admin, `query($id: ID!) { node(id: $id) { ... on Crisis { timeline { edges { node { id sequence crisisId type fromState toState actor payload occurredAt } } } } } }`, { id: crisis.id });
  expect(verified.data.event).toEqual(timeline.data.node.timeline.edges[0].node);
  expect(() => new Webhook(secret).verify(delivery.body.replace('DETECTED', 'DISMISSED'), delivery.headers)).toThrow();
  expect(() => new Webhook(secret).verify(delivery.body, { ...delivery.headers, 'webhook-id': 'msg_other' })).toThrow();
  const other = (await endpoint(admin, { url: hook.url, brandIds: [brand.id] })).secret;
  expect(() => new Webhook(other).verify(delivery.body, delivery.headers)).toThrow();
});

test('filters: an endpoint gets only its event types and its brands', async () => {
  const hook = await receiver();
  const [a, b] = [await createBrand(server, admin), await createBrand(server, admin)];
  await endpoint(admin, { url: hook.url, brandIds: [a.id], eventTypes: ['STATE_CHANGED'] });
  const onA = await declareCrisis(server, admin, a.id);
  const onB = await declareCrisis(server, admin, b.id);
  expect((await sendEvent(server, admin, { crisisId: onB.id, type: 'ACKNOWLEDGE' })).data).toBeTruthy();
  expect((await sendEvent(server, admin, { crisisId: onA.id, type: 'ACKNOWLEDGE' })).data).toBeTruthy();
  await eventually(async () => hook.received.length >= 1, 5000, 'the STATE_CHANGED webhook');
  await new Promise((resolve) => setTimeout(resolve, 700)); // a further poll: nothing else comes
  expect(hook.received.map((r) => [r.json.type, r.json.data.crisis.id, r.json.data.event.toState])).toEqual([['STATE_CHANGED', onA.id, 'ACKNOWLEDGED']]);
  // Unknown types and another organization's brand are refused, naming the field.
  const badType = await server.gql(admin, CREATE, { input: { url: hook.url, eventTypes: ['STATE_CHANGD'] } });
  expect(badType.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.eventTypes' });
  const otherAdmin = await harness.token('globex', 'ADMIN');
  const foreign = await createBrand(server, otherAdmin);
  const badBrand = await server.gql(admin, CREATE, { input: { url: hook.url, brandIds: [foreign.id] } });
  expect(badBrand.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.brandIds' });
});

test('new filters apply to deliveries still queued: the pending ones they no longer match are dropped, the one being sent is not', async () => {
  const hook = await receiver();
  hook.answer = () => ({ status: 204, hang: true }); // the first delivery hangs: the crisis's next events wait their turn
  const brand = await createBrand(server, admin);
  const { endpoint: created } = await endpoint(admin, { url: hook.url, brandIds: [brand.id] });
  const crisis = await declareCrisis(server, admin, brand.id);
  await eventually(async () => hook.received.length === 1, 5000, 'the first delivery to be under way');
  expect((await sendEvent(server, admin, { crisisId: crisis.id, type: 'ACKNOWLEDGE' })).errors).toBeUndefined();
  await assignLead(server, admin, crisis.id);
  const listed = async () => (await server.gql(admin, ENDPOINT, { id: created.id })).data.node.deliveries.edges.map((e: any) => e.node);
  const before = await listed();
  const first = before.reduce((a: any, b: any) => (BigInt(a.eventSequence) < BigInt(b.eventSequence) ? a : b));
  expect(before.map((d: any) => d.eventType)).toEqual(expect.arrayContaining(['STATE_CHANGED', 'ROLE_ASSIGNED']));
  const updated = await server.gql(admin, `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { eventTypes } }`,
    { input: { id: created.id, eventTypes: ['ROLE_ASSIGNED'] } });
  expect(updated.data.updateWebhookEndpoint.eventTypes).toEqual(['ROLE_ASSIGNED']);
  const after = await listed();
  const kept = (d: any) => d.eventSequence === first.eventSequence || d.eventType === 'ROLE_ASSIGNED';
  expect(after.map((d: any) => d.eventSequence).sort()).toEqual(before.filter(kept).map((d: any) => d.eventSequence).sort());
  hook.answer = () => ({ status: 204 });
  await eventually(async () => hook.of('ROLE_ASSIGNED').length === 1, 10_000, 'the kept delivery sent once the first is done');
  expect(hook.of('STATE_CHANGED').filter((r) => r.json.data.event.sequence !== first.eventSequence)).toEqual([]);
});

test('rotation: during the grace both secrets verify, afterwards only the new one', async () => {
  const hook = await receiver();
  const brand = await createBrand(server, admin);
  const created = await endpoint(admin, { url: hook.url, brandIds: [brand.id], eventTypes: ['DETECTED'] });
  const ROTATE = `mutation($id: ID!, $g: Int) { rotateWebhookSecret(id: $id, graceSeconds: $g) { secret endpoint { previousSecretExpiresAt } } }`;
  const rotated = (await server.gql(admin, ROTATE, { id: created.endpoint.id, g: 3600 })).data.rotateWebhookSecret;
  expect(rotated.secret).not.toBe(created.secret);
  expect(new Date(rotated.endpoint.previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now() + 3500_000);
  await declareCrisis(server, admin, brand.id);
  const [during] = await eventually(async () => hook.received.length === 1 && hook.received, 5000, 'a webhook during the grace');
  expect(during.headers['webhook-signature'].split(' ')).toHaveLength(2);
  expect(() => new Webhook(created.secret).verify(during.body, during.headers)).not.toThrow();
  expect(() => new Webhook(rotated.secret).verify(during.body, during.headers)).not.toThrow();
  const again = (await server.gql(admin, ROTATE, { id: created.endpoint.id, g: 0 })).data.rotateWebhookSecret;
  await declareCrisis(server, admin, brand.id);
  const [, after] = await eventually(async () => hook.received.length === 2 && hook.received, 5000, 'a webhook after the grace');
  expect(after.headers['webhook-signature'].split(' ')).toHaveLength(1);
  expect(() => new Webhook(again.secret).verify(after.body, after.headers)).not.toThrow();
  expect(() => new Webhook(rotated.secret).verify(after.body, after.headers)).toThrow();
  const bad = await server.gql(admin, ROTATE, { id: created.endpoint.id, g: -1 });
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'graceSeconds' });
});

test('retries: a 500, a 429 with Retry-After and a timeout are tried again with the same webhook-id and body until delivered', async () => {
  const hook = await receiver();
  const brand = await createBrand(server, admin);
  const { endpoint: created } = await endpoint(admin, { url: hook.url, brandIds: [brand.id], eventTypes: ['DETECTED'] });
  // 1: 500, 2: 429 Retry-After 2 (x the test's retry scale), 3: no answer within the timeout, 4: 200.
  hook.answer = (_r, n) => (n === 1 ? { status: 500 } : n === 2 ? { status: 429, headers: { 'retry-after': '2' } } : n === 3 ? { status: 200, delayMs: DEFAULT_WEBHOOKS.timeoutMs + 500 } : { status: 200 });
  await declareCrisis(server, admin, brand.id);
  await eventually(async () => hook.received.length >= 4, 10_000, 'four attempts');
  expect(new Set(hook.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
  expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
  const state = await eventually(async () => {
    const node = (await server.gql(admin, ENDPOINT, { id: created.id })).data.node;
    return node.deliveries.edges[0]?.node.status === 'DELIVERED' && node;
  }, 5000, 'DELIVERED');
  expect(state.deliveries.edges[0].node).toMatchObject({ attempts: 4, lastStatusCode: 200, lastError: null, lastResponse: 'ok' });
  expect(state.consecutiveFailures).toBe(0); // a success ends the run
});

test('a 410 disables the endpoint at once; nothing more is queued for it; enabling it again resumes', async () => {
  const hook = await receiver();
  const brand = await createBrand(server, admin);
  const { endpoint: created } = await endpoint(admin, { url: hook.url, brandIds: [brand.id] });
  hook.answer = () => ({ status: 410 });
  const crisis = await declareCrisis(server, admin, brand.id);
  const disabled = await eventually(async () => {
    const node = (await server.gql(admin, ENDPOINT, { id: created.id })).data.node;
    return !node.enabled && node;
  }, 5000, 'the endpoint disabled');
  expect(disabled.disabledReason).toContain('410');
  expect(disabled.deliveries.edges.map((e: any) => e.node.status)).toEqual(['FAILED']);
  await sendEvent(server, admin, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
  expect((await server.gql(admin, ENDPOINT, { id: created.id })).data.node.deliveries.totalCount).toBe(1);
  // The disabling is on the crisis's timeline, for subscribers and other endpoints.
  const timeline = await server.gql(admin, `query($id: ID!) { node(id: $id) { ... on Crisis { timeline { edges { node { type payload } } } } } }`, { id: crisis.id });
  expect(timeline.data.node.timeline.edges.map((e: any) => e.node.type)).toContain('WEBHOOK_ENDPOINT_DISABLED');
  hook.answer = () => ({ status: 204 });
  const enabled = await server.gql(admin, `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { enabled disabledReason } }`, { input: { id: created.id, enabled: true } });
  expect(enabled.data.updateWebhookEndpoint).toEqual({ enabled: true, disabledReason: null });
  await sendEvent(server, admin, { crisisId: crisis.id, type: 'START_RESPONSE' }); // refused (no lead): no event
  await assignLead(server, admin, crisis.id);
  await eventually(async () => hook.of('ROLE_ASSIGNED').length === 1, 5000, 'deliveries again after enabling');
});

test('a run of failures (WEBHOOK_DISABLE_AFTER_FAILURES) disables the endpoint and writes WEBHOOK_ENDPOINT_DISABLED', async () => {
  const hook = await receiver();
  const brand = await createBrand(server, admin);
  const { endpoint: created } = await endpoint(admin, { url: hook.url, brandIds: [brand.id], eventTypes: ['DETECTED', 'WEBHOOK_ENDPOINT_DISABLED'] });
  hook.answer = () => ({ status: 503 });
  const crisis = await declareCrisis(server, admin, brand.id);
  const node = await eventually(async () => {
    const n = (await server.gql(admin, ENDPOINT, { id: created.id })).data.node;
    return !n.enabled && n;
  }, 10_000, 'the endpoint disabled after its failure run');
  expect(node.consecutiveFailures).toBe(DEFAULT_WEBHOOKS.disableAfterFailures);
  expect(node.disabledReason).toBe(`${DEFAULT_WEBHOOKS.disableAfterFailures} failed attempts in a row`);
  expect(hook.received).toHaveLength(DEFAULT_WEBHOOKS.disableAfterFailures);
  expect(node.deliveries.edges[0].node).toMatchObject({ status: 'PENDING', lastStatusCode: 503 }); // kept, to send once enabled
  const timeline = await server.gql(admin, `query($id: ID!) { node(id: $id) { ... on Crisis { timeline { edges { node { type actor payload } } } } } }`, { id: crisis.id });
  const event = timeline.data.node.timeline.edges.map((e: any) => e.node).find((e: any) => e.type === 'WEBHOOK_ENDPOINT_DISABLED');
  expect(event).toMatchObject({ actor: 'system', payload: { endpointId: created.id, host: new URL(hook.url).host, reason: node.disabledReason } });
  expect(JSON.stringify(event.payload)).not.toContain('/hook'); // the host only: a URL's path may hold a credential
});

test('one crisis\'s events reach an endpoint in sequence order even when the endpoint is slow and answers out of turn', async () => {
  const hook = await receiver();
  const brand = await createBrand(server, admin);
  await endpoint(admin, { url: hook.url, brandIds: [brand.id] });
  // Each crisis's first event is put off (429, Retry-After 3000 s, x the test's retry scale: 3 s) while its later events
  // are committed: they must wait for it. Answers also come back slowly and out of turn.
  const putOff = new Set<string>();
  const accepted: Received[] = [];
  hook.answer = (r) => {
    const crisisId = r.json.data.crisis.id as string;
    if (!putOff.has(crisisId)) {
      putOff.add(crisisId);
      return { status: 429, headers: { 'retry-after': '3000' } };
    }
    accepted.push(r);
    return { status: 200, delayMs: Math.floor(Math.random() * 40) };
  };
  const crises = [await declareCrisis(server, admin, brand.id), await declareCrisis(server, admin, brand.id)];
  for (const crisis of crises) {
    await sendEvent(server, admin, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
    await assignLead(server, admin, crisis.id);
    await sendEvent(server, admin, { crisisId: crisis.id, type: 'START_RESPONSE' });
  }
  for (const crisis of crises) {
    const delivered = await eventually(async () => {
      const ids = [...new Set(accepted.filter((r) => r.json.data.crisis.id === crisis.id).map((r) => r.json.data.event.sequence))];
      return ids.length === 4 && ids;
    }, 10_000, 'four events per crisis');
    // Accepted in sequence order: a later event is never sent while an earlier one waits for its retry.
    expect(delivered).toEqual([...delivered].sort((x, y) => Number(x) - Number(y)));
  }
});

test('replay from a cursor: redeliverWebhooks queues the events again with their original webhook-ids', async () => {
  const hook = await receiver();
  const brand = await createBrand(server, admin);
  const { endpoint: created } = await endpoint(admin, { url: hook.url, brandIds: [brand.id] });
  const crisis = await declareCrisis(server, admin, brand.id);
  await sendEvent(server, admin, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
  const first = await eventually(async () => hook.received.length === 2 && [...hook.received], 5000, 'two webhooks');
  const from = first[0].json.data.event.sequence;
  const res = await server.gql(admin, `mutation($id: ID!, $from: String!) { redeliverWebhooks(endpointId: $id, fromSequence: $from) }`, { id: created.id, from });
  expect(res.data.redeliverWebhooks).toBe(2);
  const all = await eventually(async () => hook.received.length === 4 && hook.received, 5000, 'two redeliveries');
  expect(all.slice(2).map((r) => r.headers['webhook-id']).sort()).toEqual(first.map((r) => r.headers['webhook-id']).sort());
  expect(all.slice(2).map((r) => r.body).sort()).toEqual(first.map((r) => r.body).sort());
  const bad = await server.gql(admin, `mutation($id: ID!) { redeliverWebhooks(endpointId: $id, fromSequence: "12abc") }`, { id: created.id });
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromSequence' });
  // A test delivery: signed, no crisis.
  const test = await server.gql(admin, `mutation($id: ID!) { sendTestWebhook(endpointId: $id) { webhookId eventType status } }`, { id: created.id });
  expect(test.data.sendTestWebhook).toMatchObject({ eventType: 'webhook.test', status: 'PENDING' });
  await eventually(async () => hook.of('webhook.test').length === 1, 5000, 'the test webhook');
  expect(hook.of('webhook.test')[0].headers['webhook-id']).toBe(test.data.sendTestWebhook.webhookId);
});

test('private targets are refused by default: plain http, loopback, private and metadata addresses, localhost', async () => {
  const strict = await harness.start({ webhooks: { ...DEFAULT_WEBHOOKS, allowPrivateTargets: false } });
  for (const url of ['http://hooks.example.com/x', 'https://127.0.0.1/x', 'https://localhost:8443/x', 'https://10.0.0.7/x', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/x']) {
    const res = await strict.gql(admin, CREATE, { input: { url } });
    expect([url, res.errors?.[0].extensions?.code, res.errors?.[0].extensions?.field]).toEqual([url, 'BAD_USER_INPUT', 'input.url']);
  }
  const ok = await strict.gql(admin, CREATE, { input: { url: 'https://hooks.example.com/crisis' } });
  expect(ok.data.createWebhookEndpoint.endpoint.url).toBe('https://hooks.example.com/crisis');
  await strict.stop();
});

test('tenancy: an endpoint never receives another organization\'s events, and another organization\'s admin cannot see or change it', async () => {
  const hook = await receiver();
  const otherAdmin = await harness.token('initech', 'ADMIN');
  const mine = await endpoint(admin, { url: hook.url });
  const theirBrand = await createBrand(server, otherAdmin);
  await declareCrisis(server, otherAdmin, theirBrand.id);
  const ownBrand = await createBrand(server, admin);
  const own = await declareCrisis(server, admin, ownBrand.id);
  await eventually(async () => hook.received.some((r) => r.json.data.crisis.id === own.id), 5000, 'own event');
  expect(hook.received.every((r) => r.json.data.crisis.id !== undefined && r.json.data.crisis.brandId !== theirBrand.id)).toBe(true);
  const seen = await server.gql(otherAdmin, ENDPOINT, { id: mine.endpoint.id });
  expect(seen.data.node).toBeNull();
  const list = await server.gql(otherAdmin, `{ webhookEndpoints { totalCount } }`);
  expect(list.data.webhookEndpoints.totalCount).toBe(0);
  const change = await server.gql(otherAdmin, `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`, { id: mine.endpoint.id });
  expect(change.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  const responder = await harness.token('acme', 'RESPONDER');
  expect((await server.gql(responder, `{ webhookEndpoints { totalCount } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

test('a process SIGKILLed mid-send loses nothing: another process sends the delivery again, same webhook-id and body', async () => {
  const hook = await receiver();
  const brand = await createBrand(server, admin);
  await endpoint(admin, { url: hook.url, brandIds: [brand.id], eventTypes: ['DETECTED'] });
  // This file's server must not take the delivery first: stopped, and a child process started on the same database.
  await server.stop();
  const main = path.join(__dirname, '..', '..', 'dist', 'src', 'main.js');
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: harness.db.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_TIMEOUT_MS: '1000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = await eventually(async () => /GraphQL:\s+(\S+)/.exec(output)?.[1], 15_000, `the child's URL:\n${output}`);
  hook.answer = (_r, n) => (n === 1 ? { status: 200, hang: true } : { status: 200 }); // the first attempt never gets an answer
  const declared = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ query: `mutation($b: ID!) { declareCrisis(input: { brandId: $b, title: "Killed mid-send", category: OTHER, severity: LOW }) { id } }`, variables: { b: brand.id } }) });
  const crisisId = ((await declared.json()) as any).data.declareCrisis.id;
  await eventually(async () => hook.received.length === 1, 5000, 'the child sending');
  child.kill('SIGKILL');
  await exited;
  server = await harness.start({ webhooks: DEFAULT_WEBHOOKS });
  // The crisis moves on before the lease expires: the resent body is still the one first sent (kept before sending).
  expect((await sendEvent(server, admin, { crisisId, type: 'ACKNOWLEDGE' })).data.sendCrisisEvent.state).toBe('ACKNOWLEDGED');
  const [sent, resent] = await eventually(async () => hook.received.length === 2 && hook.received, 15_000, 'the delivery sent again');
  expect(resent.headers['webhook-id']).toBe(sent.headers['webhook-id']);
  expect(resent.body).toBe(sent.body);
  expect(resent.json.data.crisis.state).toBe('DETECTED');
  expect(resent.json.data.crisis.id).toBe(crisisId);
});

test('settled deliveries older than WEBHOOK_RETENTION_DAYS are purged; pending ones stay whatever their age', async () => {
  const ds = server.database.dataSource;
  // Nothing settles while the purge is checked: every endpoint so far disabled, and what was in flight finished.
  await ds.query(`UPDATE webhook_endpoint SET enabled = false`);
  await eventually(async () => (await ds.query(`SELECT 1 FROM webhook_delivery WHERE leased_until > now()`)).length === 0, 5000, 'no delivery in flight');
  const stuck = (await ds.query(`SELECT id FROM webhook_delivery WHERE status = 'PENDING'`)) as Array<{ id: string }>;
  const [{ settled }] = await ds.query(`SELECT count(*) FILTER (WHERE status <> 'PENDING')::int AS settled FROM webhook_delivery`);
  expect(stuck.length).toBeGreaterThan(0);
  expect(settled).toBeGreaterThan(0);
  await ds.query(`UPDATE webhook_delivery SET created_at = now() - interval '31 days'`); // every row past 30 days
  expect(await webhookDeliveryPurge(ds, pino({ level: 'silent' }), 30 * 86400).purge()).toBeGreaterThanOrEqual(settled);
  const left = (await ds.query(`SELECT id, status FROM webhook_delivery`)) as Array<{ id: string; status: string }>;
  expect(left.filter((r) => r.status !== 'PENDING')).toEqual([]);
  expect(left.map((r) => r.id)).toEqual(expect.arrayContaining(stuck.map((r) => r.id)));
  // A recent settled delivery is kept.
  const hook = await receiver();
  const brand = await createBrand(server, admin);
  await endpoint(admin, { url: hook.url, brandIds: [brand.id], eventTypes: ['DETECTED'] });
  await declareCrisis(server, admin, brand.id);
  const [fresh] = await eventually(
    async () => {
      const rows = (await ds.query(`SELECT id FROM webhook_delivery WHERE status = 'DELIVERED' AND created_at > now() - interval '1 hour'`)) as Array<{ id: string }>;
      return rows.length > 0 && rows;
    },
    5000,
    'a fresh delivery',
  );
  // Asked of the fresh row itself: an old one settling late (an attempt still finishing) may be purged meanwhile.
  await webhookDeliveryPurge(ds, pino({ level: 'silent' }), 30 * 86400).purge();
  expect(await ds.query(`SELECT status FROM webhook_delivery WHERE id = $1`, [fresh.id])).toEqual([{ status: 'DELIVERED' }]);
});

test('every type this file\'s journeys wrote to timelines is one an endpoint can subscribe to', async () => {
  const rows = (await server.database.dataSource.query(`SELECT DISTINCT type FROM crisis_event`)) as Array<{ type: string }>;
  expect(rows.length).toBeGreaterThan(3);
  for (const { type } of rows) expect(TIMELINE_EVENT_TYPES).toContain(type);
});

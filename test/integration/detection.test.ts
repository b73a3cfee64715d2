// Detection during ingestion: a spiking brand gets exactly one crisis, a calm one none; later spikes attach.
import { createHarness, PROCESS_LISTENERS, subscribe, wsClient, eventually, type Harness, type TestServer } from '../support/harness';
import { createBrand } from '../factories';

let harness: Harness;
let server: TestServer;
let admin: string;
let responder: string;

const INGEST = `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted duplicates
  detectedCrises { id title state severity trigger { metric windowStart windowEnd observed baseline score } } } }`;
const ingest = (mentions: unknown[]) => server.gql(responder, INGEST, { m: mentions });

let seq = 0;
const MINUTE = 60_000;

/** 26 hours of calm: every 5 minutes 4 mentions, one of them mildly negative. */
function calmHistory(brandId: string, now: number) {
  const out = [];
  for (let t = now - 26 * 60 * MINUTE; t < now - 10 * MINUTE; t += 5 * MINUTE) {
    for (let i = 0; i < 4; i++) {
      out.push({ platform: 'x', externalId: `c${seq++}`, brandId, text: 'ok', sentiment: i === 0 ? -0.3 : 0.4, reach: 50, postedAt: new Date(t + i * 1000).toISOString() });
    }
  }
  return out;
}

function burst(brandId: string, now: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    platform: 'x', externalId: `s${seq++}`, brandId, text: 'this brand lied to us', sentiment: -0.8, reach: 200, postedAt: new Date(now - 4 * MINUTE + i * 1000).toISOString(),
  }));
}

async function crisesOf(brandId: string) {
  const res = await server.gql(admin, `query($b: ID!) { crises(filter: { brandId: $b }) { totalCount edges { node { id severity timeline { edges { node { type payload } } } } } } }`, { b: brandId });
  return res.data.crises;
}

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  admin = await harness.token('acme', 'ADMIN');
  responder = await harness.token('acme', 'RESPONDER');
});

afterAll(() => harness.close());

test('a spiking brand gets exactly one crisis in DETECTED, with its trigger, its mentions, and a crisisDetected message', async () => {
  const brand = await createBrand(server, admin, 'Spiky');
  const now = Date.now();
  expect((await ingest(calmHistory(brand.id, now))).data.ingestMentions.detectedCrises).toEqual([]);
  const client = wsClient(server, admin);
  const detected = subscribe(client, `subscription($b: ID) { crisisDetected(brandId: $b) { id trigger { metric } } }`, { b: brand.id });
  await eventually(async () => server.server.services.hub.listenerCount > PROCESS_LISTENERS && true, 2000, 'the subscription');
  try {
    const res = await ingest(burst(brand.id, now, 60));
    const [crisis] = res.data.ingestMentions.detectedCrises;
    expect(res.data.ingestMentions.detectedCrises).toHaveLength(1);
    expect(crisis).toMatchObject({ state: 'DETECTED', title: expect.stringContaining('Spiky') });
    expect(crisis.trigger.observed).toBeGreaterThan(crisis.trigger.baseline);
    expect(crisis.trigger.score).toBeGreaterThanOrEqual(5);
    // 60 negatives within a minute: strongest in the onset window (the last 5 of the 15 minutes), where 1 is usual
    // ((60 - 1) / (√1 + 1) ≈ 30, against ≈ 21 over the full window): the trigger is the window its figures are from.
    expect(crisis.trigger).toMatchObject({ metric: 'NEGATIVE_MENTIONS', observed: 60, baseline: 1 });
    expect(Date.parse(crisis.trigger.windowEnd) - Date.parse(crisis.trigger.windowStart)).toBe(5 * MINUTE);
    const [message] = await detected.waitFor(1);
    expect(message.crisisDetected.id).toBe(crisis.id);
    const linked = await server.gql(admin, `query($c: ID!) { mentions(filter: { crisisId: $c }, first: 200) { totalCount edges { node { sentiment crisis { id } } } } }`, { c: crisis.id });
    expect(linked.data.mentions.totalCount).toBeGreaterThanOrEqual(60);
    expect(linked.data.mentions.edges.every((e: any) => e.node.sentiment < 0 && e.node.crisis.id === crisis.id)).toBe(true);
    expect((await crisesOf(brand.id)).totalCount).toBe(1);
  } finally {
    detected.dispose();
    await client.dispose();
  }
});

test('a further spike while the crisis is open attaches to it: no second crisis, a SPIKE_DETECTED event', async () => {
  const brand = await createBrand(server, admin, 'Twice');
  const now = Date.now();
  await ingest(calmHistory(brand.id, now));
  const first = (await ingest(burst(brand.id, now, 40))).data.ingestMentions.detectedCrises[0];
  const second = await ingest(burst(brand.id, now, 200));
  expect(second.data.ingestMentions.detectedCrises.map((c: any) => c.id)).toEqual([first.id]);
  const crises = await crisesOf(brand.id);
  expect(crises.totalCount).toBe(1);
  const types = crises.edges[0].node.timeline.edges.map((e: any) => e.node.type);
  expect(types).toContain('SPIKE_DETECTED');
});

test('a calm brand gets no crisis, and neither does a back-filled spike from days ago', async () => {
  const brand = await createBrand(server, admin, 'Calm');
  const now = Date.now();
  const res = await ingest(calmHistory(brand.id, now));
  expect(res.data.ingestMentions.detectedCrises).toEqual([]);
  const old = await ingest(burst(brand.id, now - 3 * 24 * 60 * MINUTE, 100));
  expect(old.data.ingestMentions).toMatchObject({ accepted: 100, detectedCrises: [] });
  expect((await crisesOf(brand.id)).totalCount).toBe(0);
});

test('per-brand settings: a threshold out of reach detects nothing; nonsense settings are refused', async () => {
  const brand = await createBrand(server, admin, 'Strict');
  const set = await server.gql(admin, `mutation($b: ID!) { updateBrandDetection(brandId: $b, input: { threshold: 50, signals: [NEGATIVE_MENTIONS] }) { detection { threshold signals windowMinutes } } }`, { b: brand.id });
  expect(set.data.updateBrandDetection.detection).toEqual({ threshold: 50, signals: ['NEGATIVE_MENTIONS'], windowMinutes: 15 });
  const now = Date.now();
  await ingest(calmHistory(brand.id, now));
  expect((await ingest(burst(brand.id, now, 60))).data.ingestMentions.detectedCrises).toEqual([]);
  const bad = await server.gql(admin, `mutation($b: ID!) { updateBrandDetection(brandId: $b, input: { threshold: 1 }) { id } }`, { b: brand.id });
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.threshold' });
  const forbidden = await server.gql(responder, `mutation($b: ID!) { updateBrandDetection(brandId: $b, input: { threshold: 9 }) { id } }`, { b: brand.id });
  expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

test('racing spike batches open exactly one crisis, and every batch is stored without an error', async () => {
  const brand = await createBrand(server, admin, 'Racing');
  const now = Date.now();
  await ingest(calmHistory(brand.id, now));
  const results = await Promise.all(Array.from({ length: 12 }, () => ingest(burst(brand.id, now, 25))));
  expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
  expect(results.reduce((sum, r) => sum + r.data.ingestMentions.accepted, 0)).toBe(300);
  expect((await crisesOf(brand.id)).totalCount).toBe(1);
});

test('once the spike is a crisis, more batches of the same window do not add events or bump its version', async () => {
  const brand = await createBrand(server, admin, 'Quiet after');
  const now = Date.now();
  await ingest(calmHistory(brand.id, now));
  const [crisis] = (await ingest(burst(brand.id, now, 60))).data.ingestMentions.detectedCrises;
  for (let i = 0; i < 3; i++) {
    const res = await ingest([{ platform: 'x', externalId: `pos${seq++}`, brandId: brand.id, text: 'love it', sentiment: 0.9, postedAt: new Date().toISOString() }]);
    expect(res.data.ingestMentions.detectedCrises).toEqual([]);
  }
  const after = await server.gql(admin, `query($id: ID!) { crisis(id: $id) { version } }`, { id: crisis.id });
  expect(after.data.crisis.version).toBe(1);
});

test('a crisis dismissed as a false alarm is not reopened by the same spike', async () => {
  const brand = await createBrand(server, admin, 'Dismissed');
  const now = Date.now();
  await ingest(calmHistory(brand.id, now));
  const [crisis] = (await ingest(burst(brand.id, now, 60))).data.ingestMentions.detectedCrises;
  await server.gql(responder, `mutation($id: ID!) { sendCrisisEvent(input: { crisisId: $id, type: DISMISS, reason: "bot campaign" }) { state } }`, { id: crisis.id });
  const next = await ingest(burst(brand.id, now, 5));
  expect(next.data.ingestMentions.detectedCrises).toEqual([]);
  expect((await crisesOf(brand.id)).totalCount).toBe(1);
});

test('a new brand whose very first batch is angry is learned, not paged on', async () => {
  const brand = await createBrand(server, admin, 'Newcomer');
  const res = await ingest(burst(brand.id, Date.now(), 40));
  expect(res.data.ingestMentions).toMatchObject({ accepted: 40, detectedCrises: [] });
});

// Late data through ingestMentions: every window a batch touched is judged, a spike within the alert horizon pages
// (saying how late), an older one — a historical import — is a past spike of the brand that pages no one.
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { createBrand } from '../factories';

let harness: Harness;
let server: TestServer;
let admin: string;
let responder: string;

const MINUTE = 60_000;
const INGEST = `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted
  detectedCrises { id trigger { metric windowStart windowEnd score detectedLateBySeconds } } } }`;
const ingest = (mentions: unknown[]) => server.gql(responder, INGEST, { m: mentions });
const SPIKES = `query($b: ID!, $paged: Boolean) { node(id: $b) { ... on Brand { pastSpikes(first: 10, paged: $paged) { totalCount
  edges { node { id metric windowStart windowEnd peakWindowEnd score severity detectedLateBySeconds crisis { id } } } } } } }`;

let seq = 0;
/** Calm mentions from `from` to `to`: every 5 minutes 4 mentions, one mildly negative. */
function calm(brandId: string, from: number, to: number) {
  const out = [];
  for (let t = from; t < to; t += 5 * MINUTE) {
    for (let i = 0; i < 4; i++) out.push({ platform: 'x', externalId: `c${seq++}`, brandId, text: 'ok', sentiment: i === 0 ? -0.3 : 0.4, postedAt: new Date(t + i * 1000).toISOString() });
  }
  return out;
}
/** `count` angry mentions over the 4 minutes from `at`. */
function burst(brandId: string, at: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    platform: 'x', externalId: `b${seq++}`, brandId, text: 'you lied to us', sentiment: -0.8, postedAt: new Date(at + Math.floor((i * 4 * MINUTE) / count)).toISOString(),
  }));
}
async function crisisCount(brandId: string): Promise<number> {
  return (await server.gql(admin, `query($b: ID!) { crises(filter: { brandId: $b }) { totalCount } }`, { b: brandId })).data.crises.totalCount;
}

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  admin = await harness.token('acme', 'ADMIN');
  responder = await harness.token('acme', 'RESPONDER');
});

afterAll(() => harness.close());

test('a burst that began 100 minutes ago, delivered in a catch-up batch whose newest mentions are calm, pages and says how late', async () => {
  const brand = await createBrand(server, admin, 'Late');
  const now = Date.now();
  await ingest(calm(brand.id, now - 26 * 60 * MINUTE, now - 3 * 60 * MINUTE));
  // One catch-up batch: calm, the burst at now - 100 min, then calm again up to 40 minutes ago. The window ending at
  // its newest mention holds no burst at all: only sliding over the batch finds it.
  const batch = [...calm(brand.id, now - 3 * 60 * MINUTE, now - 40 * MINUTE), ...burst(brand.id, now - 100 * MINUTE, 60)];
  const res = await ingest(batch);
  const [crisis, ...more] = res.data.ingestMentions.detectedCrises;
  expect(more).toEqual([]);
  expect(crisis).toBeDefined();
  const end = Date.parse(crisis.trigger.windowEnd);
  expect(end).toBeGreaterThan(now - 100 * MINUTE);
  expect(end).toBeLessThanOrEqual(now - 80 * MINUTE);
  // Late by about the time between the window's end and its delivery: 80 to 100 minutes.
  expect(crisis.trigger.detectedLateBySeconds).toBeGreaterThanOrEqual(80 * 60);
  expect(crisis.trigger.detectedLateBySeconds).toBeLessThanOrEqual(100 * 60 + 30);
  const spikes = (await server.gql(admin, SPIKES, { b: brand.id })).data.node.pastSpikes;
  expect(spikes.totalCount).toBe(1);
  expect(spikes.edges[0].node.crisis).toEqual({ id: crisis.id });
});

test('the same late burst beyond a shorter alert horizon is recorded as a past spike and pages no one', async () => {
  const brand = await createBrand(server, admin, 'Short horizon');
  const set = await server.gql(admin, `mutation($b: ID!) { updateBrandDetection(brandId: $b, input: { alertHorizonMinutes: 60 }) { detection { alertHorizonMinutes } } }`, { b: brand.id });
  expect(set.data.updateBrandDetection.detection.alertHorizonMinutes).toBe(60);
  const now = Date.now();
  await ingest(calm(brand.id, now - 26 * 60 * MINUTE, now - 3 * 60 * MINUTE));
  const res = await ingest([...calm(brand.id, now - 3 * 60 * MINUTE, now - 40 * MINUTE), ...burst(brand.id, now - 100 * MINUTE, 60)]);
  expect(res.data.ingestMentions.detectedCrises).toEqual([]);
  expect(await crisisCount(brand.id)).toBe(0);
  const spikes = (await server.gql(admin, SPIKES, { b: brand.id, paged: false })).data.node.pastSpikes;
  expect(spikes.totalCount).toBe(1);
  expect(spikes.edges[0].node).toMatchObject({ crisis: null, severity: expect.any(String) });
  expect(spikes.edges[0].node.detectedLateBySeconds).toBeGreaterThan(60 * 60);
  expect((await server.gql(admin, SPIKES, { b: brand.id, paged: true })).data.node.pastSpikes.totalCount).toBe(0);
});

test('a historical import (three days of history with a burst, all older than a day) pages no one and shows in pastSpikes', async () => {
  const brand = await createBrand(server, admin, 'Imported');
  const now = Date.now();
  const end = now - 26 * 60 * MINUTE;
  const history = calm(brand.id, end - 3 * 24 * 60 * MINUTE, end);
  const spikeAt = end - 10 * 60 * MINUTE;
  const all = [...history, ...burst(brand.id, spikeAt, 80)].sort((a, b) => a.postedAt.localeCompare(b.postedAt));
  // Delivered oldest first in big chunks, as an import does.
  for (let i = 0; i < all.length; i += 2000) {
    const res = await ingest(all.slice(i, i + 2000));
    expect(res.errors).toBeUndefined();
    expect(res.data.ingestMentions.detectedCrises).toEqual([]);
  }
  expect(await crisisCount(brand.id)).toBe(0);
  const spikes = (await server.gql(admin, SPIKES, { b: brand.id })).data.node.pastSpikes;
  expect(spikes.totalCount).toBe(1);
  const [spike] = spikes.edges.map((e: any) => e.node);
  expect(spike.crisis).toBeNull();
  expect(Date.parse(spike.windowStart)).toBeLessThanOrEqual(spikeAt + 4 * MINUTE);
  expect(Date.parse(spike.windowEnd)).toBeGreaterThan(spikeAt);
  expect(spike.detectedLateBySeconds).toBeGreaterThan(24 * 3600);
  // A spike is a node like the others.
  const byId = await server.gql(admin, `query($id: ID!) { node(id: $id) { ... on BrandSpike { metric crisis { id } } } }`, { id: spike.id });
  expect(byId.data.node).toEqual({ metric: spike.metric, crisis: null });
});

test('bad detection settings are refused with the field named and leave the settings as they were', async () => {
  const brand = await createBrand(server, admin, 'Horizon bounds');
  for (const bad of [0, -5, 43_201]) {
    const res = await server.gql(admin, `mutation($b: ID!, $h: Int) { updateBrandDetection(brandId: $b, input: { alertHorizonMinutes: $h }) { id } }`, { b: brand.id, h: bad });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.alertHorizonMinutes' });
  }
  const now = await server.gql(admin, `query($b: ID!) { node(id: $b) { ... on Brand { detection { alertHorizonMinutes } } } }`, { b: brand.id });
  expect(now.data.node.detection.alertHorizonMinutes).toBe(360);
});

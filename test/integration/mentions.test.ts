// Mention ingestion over HTTP: idempotency, atomic refusal, limits, language and sentiment fallback, listing.
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { createBrand } from '../factories';

let harness: Harness;
let server: TestServer;
let responder: string;
let viewer: string;
let brandId: string;

const INGEST = `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted duplicates detectedCrises { id } } }`;
const ingest = (mentions: unknown[], token = responder) => server.gql(token, INGEST, { m: mentions });
const LIST = `query($f: MentionFilter, $first: Int, $after: String) { mentions(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id platform externalId text language sentiment sentimentSource reach postedAt brand { name } crisis { id } } } } }`;
const list = (filter: Record<string, unknown> = {}, first = 50, after: string | null = null, token = viewer) =>
  server.gql(token, LIST, { f: { brandId, ...filter }, first, after });

let counter = 0;
function mention(overrides: Record<string, unknown> = {}) {
  counter++;
  return { platform: 'twitter', externalId: `t${counter}`, brandId, text: `Just bought the new model #${counter}`, sentiment: 0.2, postedAt: new Date(Date.now() - counter * 1000).toISOString(), ...overrides };
}

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  const admin = await harness.token('acme', 'ADMIN');
  responder = await harness.token('acme', 'RESPONDER');
  viewer = await harness.token('acme', 'VIEWER');
  brandId = (await createBrand(server, admin, 'Acme')).id;
});

afterAll(() => harness.close());

test('re-sending is harmless: known (platform, externalId) pairs count as duplicates, also inside one batch', async () => {
  const batch = [mention({ externalId: 'dup-1' }), mention({ externalId: 'dup-2' }), mention({ externalId: 'dup-1', text: 'same id again' })];
  expect((await ingest(batch)).data.ingestMentions).toEqual({ accepted: 2, duplicates: 1, detectedCrises: [] });
  expect((await ingest(batch)).data.ingestMentions).toEqual({ accepted: 0, duplicates: 3, detectedCrises: [] });
  const stored = await list({ platform: 'twitter' }, 200);
  expect(stored.data.mentions.edges.filter((e: any) => e.node.externalId === 'dup-1').map((e: any) => e.node.text)).toEqual([batch[0].text]);
  // the same id on another platform is another mention
  expect((await ingest([mention({ externalId: 'dup-1', platform: 'Reddit' })])).data.ingestMentions.accepted).toBe(1);
});

test.each([
  ['a blank text', { text: '   ' }, 'text'],
  ['a sentiment above 1', { sentiment: 1.5 }, 'sentiment'],
  ['a negative reach', { reach: -3 }, 'reach'],
  ['a postedAt far in the future', { postedAt: new Date(Date.now() + 3_600_000).toISOString() }, 'postedAt'],
  ['a malformed platform', { platform: 'Twit ter!' }, 'platform'],
  ['a non-http url', { url: 'javascript:alert(1)' }, 'url'],
  ['an unknown brand', { brandId: Buffer.from('Brand:00000000-0000-4000-8000-000000000000').toString('base64url') }, 'brandId'],
])('a batch with %s is refused whole, naming the index and field, and stores nothing', async (_what, bad, field) => {
  const before = (await list()).data.mentions.totalCount;
  const res = await ingest([mention(), mention(), mention(bad)]);
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `mentions[2].${field}`, index: 2 });
  expect((await list()).data.mentions.totalCount).toBe(before);
});

test('more than 5000 mentions in one call is PAYLOAD_TOO_LARGE; 5000 is accepted, even over the 1 MiB anonymous body limit', async () => {
  const big = Array.from({ length: 5000 }, (_, i) => ({ platform: 'bulk', externalId: `b${i}`, brandId, text: `bulk mention number ${i} about the brand and its products`, sentiment: 0, postedAt: '2026-01-01T00:00:00Z' }));
  expect(JSON.stringify(big).length).toBeGreaterThan(1024 * 1024);
  expect((await ingest(big)).data.ingestMentions).toMatchObject({ accepted: 5000, duplicates: 0 });
  const tooMany = await ingest([...big, { ...big[0], externalId: 'one-more' }]);
  expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 5000 });
  expect((await list({ platform: 'bulk' })).data.mentions.totalCount).toBe(5000);
});

test('without sentiment or language, both are computed: French and English complaints score negative, compliments positive', async () => {
  const texts = {
    frComplaint: "Service client nul, produit cassé au bout d'un jour, je suis très déçu et furieux",
    frCompliment: "J'adore cette marque, le service est excellent et l'équipe très sympathique",
    enComplaint: 'This product is terrible, it broke after one day. Worst purchase ever, I want a refund!',
    enCompliment: 'Absolutely love this brand, great service and friendly staff',
  };
  await ingest(Object.entries(texts).map(([key, text]) => mention({ platform: 'nlp', externalId: key, text, sentiment: null })));
  const rows = (await list({ platform: 'nlp' })).data.mentions.edges.map((e: any) => e.node);
  const byId = Object.fromEntries(rows.map((r: any) => [r.externalId, r]));
  expect(byId.frComplaint).toMatchObject({ language: 'fr', sentimentSource: 'COMPUTED' });
  expect(byId.frComplaint.sentiment).toBeLessThan(-0.3);
  expect(byId.frCompliment).toMatchObject({ language: 'fr' });
  expect(byId.frCompliment.sentiment).toBeGreaterThan(0.3);
  expect(byId.enComplaint).toMatchObject({ language: 'en' });
  expect(byId.enComplaint.sentiment).toBeLessThan(-0.3);
  expect(byId.enCompliment.sentiment).toBeGreaterThan(0.3);
});

test('a given sentiment and language are kept as given', async () => {
  await ingest([mention({ platform: 'given', externalId: 'g1', text: 'Absolutely love it', sentiment: -0.9, language: 'DE' })]);
  const [node] = (await list({ platform: 'given' })).data.mentions.edges.map((e: any) => e.node);
  expect(node).toMatchObject({ sentiment: -0.9, sentimentSource: 'GIVEN', language: 'de' });
});

test('texts are stored exactly as sent: quotes, backslashes, control characters, accents, emoji outside the BMP', async () => {
  const texts = {
    e1: 'She said "refund me" \\ twice\ton\r\nthree lines',
    e2: 'Déçu… 😡👎🏽 \u0001\u001f\u007f \u2028 fin',
    e3: '{"not": "json"} [1, 2] \\u0041 is not A',
  };
  await ingest(Object.entries(texts).map(([externalId, text]) => mention({ platform: 'escapes', externalId, text: ` ${text} ` })));
  const stored = (await list({ platform: 'escapes' })).data.mentions.edges.map((e: any) => [e.node.externalId, e.node.text]);
  expect(Object.fromEntries(stored)).toEqual(texts);
});

test('mentions: newest first, filtered (negative only, platform), paginated with totalCount', async () => {
  const base = Date.parse('2026-02-01T12:00:00Z');
  await ingest([
    mention({ platform: 'page', externalId: 'p1', sentiment: -0.5, postedAt: new Date(base).toISOString() }),
    mention({ platform: 'page', externalId: 'p2', sentiment: 0.5, postedAt: new Date(base + 1000).toISOString() }),
    mention({ platform: 'page', externalId: 'p3', sentiment: -0.1, postedAt: new Date(base + 2000).toISOString() }),
  ]);
  const first = await list({ platform: 'page' }, 2);
  expect(first.data.mentions.totalCount).toBe(3);
  expect(first.data.mentions.edges.map((e: any) => e.node.externalId)).toEqual(['p3', 'p2']);
  const rest = await list({ platform: 'page' }, 2, first.data.mentions.pageInfo.endCursor);
  expect(rest.data.mentions.edges.map((e: any) => e.node.externalId)).toEqual(['p1']);
  expect(rest.data.mentions.pageInfo.hasNextPage).toBe(false);
  const negative = await list({ platform: 'page', negativeOnly: true });
  expect(negative.data.mentions.edges.map((e: any) => e.node.externalId)).toEqual(['p3', 'p1']);
  expect(negative.data.mentions.edges[0].node).toMatchObject({ brand: { name: 'Acme' }, crisis: null });
});

test('a VIEWER cannot ingest; another organization sees none of these mentions and may reuse their ids', async () => {
  expect((await ingest([mention()], viewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const strangerAdmin = await harness.token('globex', 'ADMIN');
  const theirBrand = (await createBrand(server, strangerAdmin, 'Globex')).id;
  const res = await server.gql(strangerAdmin, `{ mentions { totalCount } }`);
  expect(res.data.mentions.totalCount).toBe(0);
  const reuse = await ingest([mention({ externalId: 'dup-1', brandId: theirBrand })], strangerAdmin);
  expect(reuse.data.ingestMentions.accepted).toBe(1);
  const foreignBrand = await ingest([mention({ brandId: theirBrand })]);
  expect(foreignBrand.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mentions[0].brandId' });
});

test('Crisis.metrics: buckets from 2 h before detection to now, with the 24 h pre-crisis baseline alongside', async () => {
  const admin = await harness.token('acme', 'ADMIN', 'metrics-admin');
  const brand = (await createBrand(server, admin, 'Metrics brand')).id;
  const crisis = (await server.gql(responder, `mutation($b: ID!) { declareCrisis(input: { brandId: $b, title: "t", category: OTHER, severity: LOW }) { id detectedAt } }`, { b: brand })).data.declareCrisis;
  const detected = Date.parse(crisis.detectedAt);
  const hour = 3_600_000;
  const at = (ms: number) => new Date(ms).toISOString();
  const baseline = Array.from({ length: 48 }, (_, i) => ({
    platform: 'm', externalId: `base${i}`, brandId: brand, text: 'x', sentiment: i % 4 === 0 ? -0.5 : 0.5, reach: 10, postedAt: at(detected - 3 * hour - i * 1_800_000),
  }));
  const spike = Array.from({ length: 6 }, (_, i) => ({
    platform: 'm', externalId: `spike${i}`, brandId: brand, text: 'x', sentiment: -0.8, reach: 100, likes: 5, shares: 5, postedAt: at(detected - 30 * 60_000 + i * 1000),
  }));
  expect((await ingest([...baseline, ...spike])).data.ingestMentions.accepted).toBe(54);
  const res = await server.gql(viewer, `query($id: ID!) { crisis(id: $id) { metrics(bucketMinutes: 60) {
    bucketStart mentions negativeMentions negativeShare meanSentiment reach engagement engagementRate
    baselineNegativeMentions baselineNegativeShare baselineMeanSentiment } } }`, { id: crisis.id });
  const points = res.data.crisis.metrics;
  const start = Math.floor((detected - 2 * hour) / hour) * hour;
  expect(Date.parse(points[0].bucketStart)).toBe(start);
  expect(points.length).toBeGreaterThanOrEqual(2);
  const spikeBucket = points.find((p: any) => Date.parse(p.bucketStart) === Math.floor((detected - 30 * 60_000) / hour) * hour);
  expect(spikeBucket).toMatchObject({ mentions: 6, negativeMentions: 6, negativeShare: 1, reach: 600, engagement: 60, engagementRate: 0.1 });
  expect(spikeBucket.meanSentiment).toBeCloseTo(-0.8, 5);
  // 12 of the 48 baseline mentions are negative; only those inside the 24 h before the lead-in count
  const inBaseline = baseline.filter((m) => Date.parse(m.postedAt) >= start - 24 * hour && Date.parse(m.postedAt) < start);
  const negatives = inBaseline.filter((m) => m.sentiment < 0).length;
  expect(points[0].baselineNegativeMentions).toBeCloseTo(negatives / 24, 5);
  expect(points[0].baselineNegativeShare).toBeCloseTo(negatives / inBaseline.length, 5);
  const bad = await server.gql(viewer, `query($id: ID!) { crisis(id: $id) { metrics(bucketMinutes: 0) { mentions } } }`, { id: crisis.id });
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'bucketMinutes' });
});

test('likes, shares and comments each at the Int maximum are stored, and their engagement adds up past it', async () => {
  const max = 2 ** 31 - 1;
  const res = await ingest([mention({ likes: max, shares: max, comments: max, reach: max })]);
  expect(res.errors).toBeUndefined();
  expect(res.data.ingestMentions.accepted).toBe(1);
  const [bucket] = await server.database.dataSource.query(`SELECT engagement FROM mention_bucket WHERE engagement > $1`, [max]);
  expect(Number(bucket.engagement)).toBe(3 * max);
});

test('text Postgres cannot store (NUL, a broken surrogate) is BAD_USER_INPUT, not an internal error', async () => {
  for (const text of ['a\u0000b', 'x\ud800y']) {
    const res = await ingest([mention({ text })]);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mentions[0].text' });
  }
  const filtered = await list({ platform: 'x\u0000' });
  expect(filtered.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.platform' });
  const tiny = await ingest([mention({ platform: 'tiny', sentiment: 1e-50 })]);
  expect(tiny.data.ingestMentions.accepted).toBe(1);
});

test('node(id) finds a mention of the organization (a Relay client can refetch it), and nothing of another', async () => {
  await ingest([mention({ externalId: 'node-1', text: 'Refetch me' })]);
  const [edge] = (await list({ platform: 'twitter' }, 200)).data.mentions.edges.filter((e: any) => e.node.externalId === 'node-1');
  const found = await server.gql(viewer, `query($id: ID!) { node(id: $id) { __typename id ... on Mention { text brand { name } } } }`, { id: edge.node.id });
  expect(found.data.node).toEqual({ __typename: 'Mention', id: edge.node.id, text: 'Refetch me', brand: { name: 'Acme' } });
  const stranger = await harness.token('globex', 'VIEWER');
  expect((await server.gql(stranger, `query($id: ID!) { node(id: $id) { id } }`, { id: edge.node.id })).data.node).toBeNull();
});

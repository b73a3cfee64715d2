// Account metrics over HTTP: whole-batch refusal, roles, duplicates, tenancy, a follower swing that opens a crisis, and
// the brand's followers on the crisis's curve.
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { createBrand } from '../factories';

let harness: Harness;
let server: TestServer;
let admin: string;
let responder: string;
let viewer: string;
let otherResponder: string;
let brandId: string;
let foreignBrandId: string;

const HOUR = 3600_000;
const INGEST = `mutation($input: [AccountMetricInput!]!) { ingestAccountMetrics(input: $input) { accepted duplicates
  detectedCrises { id state title trigger { metric windowStart windowEnd observed baseline score } } } }`;
const ingest = (input: unknown[], token = responder) => server.gql(token, INGEST, { input });

async function storedCount(): Promise<number> {
  const [{ count }] = await server.database.dataSource.query(`SELECT count(*)::int AS count FROM account_metric`);
  return count;
}

/** Hourly counts of one account for `hours` hours up to an hour ago, growing 0.1 %/h from `start`. */
function steadyHistory(brand: string, platform: string, hours: number, start: number, now: number) {
  return Array.from({ length: hours }, (_, i) => ({
    brandId: brand, platform, followers: Math.round(start * 1.001 ** i), at: new Date(now - (hours - i) * HOUR).toISOString(),
  }));
}

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  admin = await harness.token('acme', 'ADMIN');
  responder = await harness.token('acme', 'RESPONDER');
  viewer = await harness.token('acme', 'VIEWER');
  otherResponder = await harness.token('globex', 'RESPONDER');
  brandId = (await createBrand(server, admin, 'Acme')).id;
  foreignBrandId = (await createBrand(server, await harness.token('globex', 'ADMIN'), 'Globex')).id;
});

afterAll(() => harness.close());

const sample = (overrides: Record<string, unknown> = {}) => ({ brandId, platform: 'twitter', followers: 1000, at: new Date(Date.now() - 10 * HOUR).toISOString(), ...overrides });

test('a RESPONDER stores follower counts; a repeated (brand, platform, at) is a duplicate, in the batch or the store, and the first count stays', async () => {
  const at = '2025-06-01T12:00:00.000Z';
  const first = await ingest([sample({ at, followers: 500 }), sample({ at, platform: 'Instagram', followers: 800 }), sample({ at, followers: 501 })]);
  expect(first.data.ingestAccountMetrics).toEqual({ accepted: 2, duplicates: 1, detectedCrises: [] });
  const again = await ingest([sample({ at, followers: 999 })]);
  expect(again.data.ingestAccountMetrics).toEqual({ accepted: 0, duplicates: 1, detectedCrises: [] });
  const rows = await server.database.dataSource.query(`SELECT platform, followers FROM account_metric WHERE at = $1 ORDER BY platform`, [at]);
  expect(rows).toEqual([{ platform: 'instagram', followers: 800 }, { platform: 'twitter', followers: 500 }]);
});

const unknownBrand = Buffer.from('Brand:00000000-0000-4000-8000-000000000000').toString('base64url');
test.each([
  ['a malformed platform', { platform: 'Twit ter!' }, 'platform', 'stored trimmed and lowercase'],
  ['a blank platform', { platform: '  ' }, 'platform', 'must be a short name'],
  ['a NUL in the platform', { platform: 'x\u0000' }, 'platform', 'not text'],
  ['negative followers', { followers: -1 }, 'followers', 'non-negative integer'],
  ['an at far in the future', { at: new Date(Date.now() + HOUR).toISOString() }, 'at', 'more than 5 minutes in the future'],
  ['an at before 2000', { at: '1999-12-31T23:00:00Z' }, 'at', 'before 2000'],
  ['a brandId that is no brand id', { brandId: 'not-an-id' }, 'brandId', 'not a brand'],
  ['an unknown brand', { brandId: unknownBrand }, 'brandId', 'not a brand'],
])('a batch with %s is refused whole, naming input[i].field, and stores nothing', async (_what, bad, field, message) => {
  const before = await storedCount();
  const res = await ingest([sample({ at: '2025-07-01T00:00:00Z' }), sample({ at: '2025-07-01T01:00:00Z' }), sample(bad)]);
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `input[2].${field}`, index: 2 });
  expect(res.errors?.[0].message).toContain(message);
  expect(await storedCount()).toBe(before);
});

test.each([
  ['a fractional follower count', { followers: 1.5 }, 'input[2].followers'],
  ['a date that is no date', { at: '2026-13-45T00:00:00Z' }, 'input[2].at'],
  ['a date without its time zone', { at: '2026-12-06T10:00:00' }, 'input[2].at'],
])('a value GraphQL itself refuses (%s) still names the field and index', async (_what, bad, field) => {
  const before = await storedCount();
  const res = await ingest([sample({ at: '2025-07-03T00:00:00Z' }), sample({ at: '2025-07-03T01:00:00Z' }), sample(bad)]);
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, index: 2 });
  expect(await storedCount()).toBe(before);
});

test("another organization's brand id is refused like an unknown one, both ways, and nothing is stored", async () => {
  const before = await storedCount();
  const mine = await ingest([sample({ at: '2025-07-02T00:00:00Z' }), sample({ brandId: foreignBrandId })]);
  expect(mine.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input[1].brandId' });
  const theirs = await ingest([sample({ at: '2025-07-02T00:00:00Z' })], otherResponder);
  expect(theirs.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input[0].brandId' });
  expect(await storedCount()).toBe(before);
});

test('more than 5000 counts in one call is PAYLOAD_TOO_LARGE and stores nothing; 5000 are accepted', async () => {
  const start = Date.parse('2024-01-01T00:00:00Z');
  const big = Array.from({ length: 5000 }, (_, i) => sample({ platform: 'bulk', followers: 10_000 + i, at: new Date(start + i * 60_000).toISOString() }));
  const before = await storedCount();
  const tooMany = await ingest([...big, sample({ platform: 'bulk', at: new Date(start - 60_000).toISOString() })]);
  expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 5000 });
  expect(await storedCount()).toBe(before);
  expect((await ingest(big)).data.ingestAccountMetrics).toMatchObject({ accepted: 5000, duplicates: 0 });
  expect(await storedCount()).toBe(before + 5000);
});

test('a VIEWER token is refused with FORBIDDEN and nothing is stored', async () => {
  const before = await storedCount();
  const res = await ingest([sample({ at: '2025-07-03T00:00:00Z' })], viewer);
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'RESPONDER' });
  expect(await storedCount()).toBe(before);
});

describe('the audience signal', () => {
  const CRISIS = `query($id: ID!, $b: Int) { node(id: $id) { ... on Crisis { id trigger { metric }
    metrics(bucketMinutes: $b) { bucketStart followers followerChange } } } }`;

  test('three weeks of steady hourly growth open nothing; then +5 % in an hour opens a crisis in DETECTED on FOLLOWER_SWING', async () => {
    const brand = await createBrand(server, admin, 'Swingy');
    const now = Date.now();
    const history = steadyHistory(brand.id, 'instagram', 21 * 24, 100_000, now);
    expect((await ingest(history)).data.ingestAccountMetrics).toEqual({ accepted: history.length, duplicates: 0, detectedCrises: [] });
    const last = history[history.length - 1].followers;
    const jumped = Math.round(last * 1.05);
    const res = await ingest([{ brandId: brand.id, platform: 'instagram', followers: jumped, at: new Date(now).toISOString() }]);
    const [crisis, ...more] = res.data.ingestAccountMetrics.detectedCrises;
    expect(more).toEqual([]);
    expect(crisis).toMatchObject({ state: 'DETECTED', title: expect.stringContaining('Swingy') });
    expect(crisis.trigger).toMatchObject({ metric: 'FOLLOWER_SWING', observed: jumped - last, windowEnd: new Date(now).toISOString() });
    expect(crisis.trigger.score).toBeGreaterThan(5);
    expect(crisis.trigger.baseline).toBeLessThan((jumped - last) / 10);

    // Crisis.metrics shows the brand's followers per bucket, and the jump in its bucket.
    const shown = await server.gql(viewer, CRISIS, { id: crisis.id, b: 60 });
    const points = shown.data.node.metrics as Array<{ bucketStart: string; followers: number | null; followerChange: number | null }>;
    expect(points.length).toBeGreaterThan(2);
    const jumpPoint = points.find((p) => Date.parse(p.bucketStart) <= now && now < Date.parse(p.bucketStart) + HOUR)!;
    expect(jumpPoint.followers).toBe(jumped);
    expect(jumpPoint.followerChange).toBeGreaterThanOrEqual(jumped - last);
    expect(points[0].followers).toBeGreaterThan(100_000);
    expect(points[0].followers).toBeLessThan(last);
  });

  test('a historical import with a swing ten days ago pages no one and records it in Brand.pastSpikes', async () => {
    const brand = await createBrand(server, admin, 'Historic');
    const now = Date.now();
    const history = steadyHistory(brand.id, 'youtube', 21 * 24, 20_000, now);
    const jumpAt = history.length - 10 * 24;
    const imported = history.map((s, i) => (i >= jumpAt ? { ...s, followers: Math.round(s.followers * 0.95) } : s));
    expect((await ingest(imported)).data.ingestAccountMetrics).toEqual({ accepted: imported.length, duplicates: 0, detectedCrises: [] });
    const spikes = await server.gql(viewer, `query($id: ID!) { node(id: $id) { ... on Brand { pastSpikes { totalCount edges { node { metric peakWindowEnd observed crisis { id } } } } } } }`, { id: brand.id });
    expect(spikes.data.node.pastSpikes.edges.map((e: any) => e.node)).toEqual([
      { metric: 'FOLLOWER_SWING', peakWindowEnd: imported[jumpAt].at, observed: imported[jumpAt].followers - imported[jumpAt - 1].followers, crisis: null },
    ]);
  });

  test("a brand with FOLLOWER_SWING off stores the counts and pages no one", async () => {
    const brand = await createBrand(server, admin, 'Quiet');
    const off = await server.gql(admin, `mutation($b: ID!) { updateBrandDetection(brandId: $b, input: { signals: [NEGATIVE_MENTIONS, NEGATIVE_SHARE] }) { id } }`, { b: brand.id });
    expect(off.errors).toBeUndefined();
    const now = Date.now();
    const history = steadyHistory(brand.id, 'x', 7 * 24, 50_000, now);
    await ingest(history);
    const res = await ingest([{ brandId: brand.id, platform: 'x', followers: Math.round(history[history.length - 1].followers * 1.1), at: new Date(now).toISOString() }]);
    expect(res.data.ingestAccountMetrics).toEqual({ accepted: 1, duplicates: 0, detectedCrises: [] });
  });

  test('followers on a crisis curve: the sum of the accounts, null before any count, in one statement for all the points', async () => {
    const statements: string[] = [];
    const counted = await harness.start({ onQuery: (sql) => statements.push(sql) });
    try {
      const brand = await createBrand(counted, admin, 'Curvy');
      const declared = await counted.gql(responder, `mutation($input: DeclareCrisisInput!) { declareCrisis(input: $input) { id detectedAt } }`, {
        input: { brandId: brand.id, title: 'Followers leaving', category: 'OTHER', severity: 'LOW' },
      });
      const { id, detectedAt } = declared.data.declareCrisis;
      const detected = Date.parse(detectedAt);
      // Two accounts: one counted since before the curve, one first counted half an hour before detection.
      await counted.gql(responder, INGEST, { input: [
        { brandId: brand.id, platform: 'x', followers: 1000, at: new Date(detected - 3 * HOUR).toISOString() },
        { brandId: brand.id, platform: 'x', followers: 1010, at: new Date(detected - 1.5 * HOUR).toISOString() },
        { brandId: brand.id, platform: 'tiktok', followers: 200, at: new Date(detected - 0.5 * HOUR).toISOString() },
        { brandId: brand.id, platform: 'x', followers: 1030, at: new Date(detected).toISOString() },
      ] });
      statements.length = 0;
      const res = await counted.gql(viewer, CRISIS, { id, b: 1 });
      const points = res.data.node.metrics as Array<{ bucketStart: string; followers: number | null; followerChange: number | null }>;
      expect(points.length).toBeGreaterThanOrEqual(120);
      expect(statements.filter((sql) => sql.includes('account_metric'))).toHaveLength(1);
      const at = (t: number) => points.find((p) => Date.parse(p.bucketStart) <= t && t < Date.parse(p.bucketStart) + 60_000)!;
      expect(points[0]).toMatchObject({ followers: 1000, followerChange: 0 });
      expect(at(detected - 1.5 * HOUR)).toMatchObject({ followers: 1010, followerChange: 10 });
      // tiktok's first count adds to the followers, and is no change of them
      expect(at(detected - 0.5 * HOUR)).toMatchObject({ followers: 1210, followerChange: 0 });
      expect(at(detected)).toMatchObject({ followers: 1230, followerChange: 20 });

      const empty = await createBrand(counted, admin, 'Uncounted');
      const other = (await counted.gql(responder, `mutation($input: DeclareCrisisInput!) { declareCrisis(input: $input) { id } }`, {
        input: { brandId: empty.id, title: 'Nothing counted', category: 'OTHER', severity: 'LOW' },
      })).data.declareCrisis.id;
      const none = await counted.gql(viewer, CRISIS, { id: other, b: 15 });
      expect(none.data.node.metrics.every((p: any) => p.followers === null && p.followerChange === null)).toBe(true);
    } finally {
      await counted.stop();
    }
  });
});

test('accounts whose followers add up past 2^31 (each within Int) read back exactly on the curve, not as an internal error', async () => {
  const brand = await createBrand(server, admin, 'Mega');
  const declared = await server.gql(responder, `mutation($input: DeclareCrisisInput!) { declareCrisis(input: $input) { id detectedAt } }`, {
    input: { brandId: brand.id, title: 'Huge audience', category: 'OTHER', severity: 'LOW' },
  });
  const { id, detectedAt } = declared.data.declareCrisis;
  const at = new Date(Date.parse(detectedAt) - 2 * HOUR).toISOString();
  await ingest(['x', 'instagram', 'youtube'].map((platform) => ({ brandId: brand.id, platform, followers: 2 ** 31 - 1, at })));
  const res = await server.gql(viewer, `query($id: ID!) { node(id: $id) { ... on Crisis { metrics(bucketMinutes: 60) { followers } } } }`, { id });
  expect(res.errors).toBeUndefined();
  expect(res.data.node.metrics.at(-1).followers).toBe(3 * (2 ** 31 - 1));
});

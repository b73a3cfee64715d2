// Mentions in monthly partitions of posted_at: a historical import makes the months it needs, dedupe by (platform,
// external id) holds across months, and MENTION_RETENTION_DAYS drops whole months past it while buckets, crises,
// replies and skips keep their history, the reply queue's count follows, and older mentions are refused.
import { Client as PgClient } from 'pg';
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis } from '../factories';

const DAY = 86_400_000;
const INGEST = `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted duplicates } }`;
const MENTIONS = `query($b: ID!, $after: DateTime, $before: DateTime) {
  mentions(filter: { brandId: $b, postedAfter: $after, postedBefore: $before }, first: 200) { totalCount edges { node { id externalId postedAt } } } }`;
const QUEUE = `query($c: ID!) { replyQueue(crisisId: $c, first: 50) { totalCount edges { node { id } } } }`;

let harness: Harness;
let server: TestServer;
let admin: string;
let pg: PgClient;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  admin = await harness.token('acme', 'ADMIN');
  pg = new PgClient({ connectionString: harness.db.url });
  await pg.connect();
});

afterAll(async () => {
  await pg?.end();
  await harness?.close();
});

const partitions = async () =>
  (await pg.query(`SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'mention'::regclass ORDER BY 1`))
    .rows.map((r) => r.relname as string);
const monthName = (at: number) => `mention_${new Date(at).toISOString().slice(0, 7).replace('-', '_')}`;
const mention = (brandId: string, externalId: string, postedAt: number, extra: Record<string, unknown> = {}) => ({
  platform: 'x', externalId, brandId, text: `post ${externalId}`, sentiment: -0.6, postedAt: new Date(postedAt).toISOString(), ...extra,
});
/** The uuid inside a global id ("Brand:…" in base64), for reading the tables directly. */
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1];
const tableCounts = async () => (await pg.query(
  `SELECT (SELECT count(*) FROM mention)::int AS mentions, (SELECT count(*) FROM mention_key)::int AS keys,
          (SELECT count(*) FROM mention_bucket)::int AS buckets`,
)).rows[0];

test('the server keeps this month and the next two ready; a historical import makes the months it brings', async () => {
  const now = Date.now();
  const ready = await partitions();
  for (const ahead of [0, 1, 2]) {
    const d = new Date(now);
    expect(ready).toContain(monthName(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + ahead, 15)));
  }
  const brand = await createBrand(server, admin);
  const old = [400, 300, 200].map((days) => now - days * DAY);
  const res = await server.gql(admin, INGEST, { m: old.map((at, i) => mention(brand.id, `old-${i}`, at)) });
  expect(res.data.ingestMentions).toEqual({ accepted: 3, duplicates: 0 });
  expect(await partitions()).toEqual(expect.arrayContaining(old.map(monthName)));
  const listed = (await server.gql(admin, MENTIONS, { b: brand.id })).data.mentions;
  expect(listed.totalCount).toBe(3);
  expect(listed.edges.map((e: any) => e.node.externalId)).toEqual(['old-2', 'old-1', 'old-0']); // newest first, across months
});

test('processes making the same new month at once all store their mentions', async () => {
  const brand = await createBrand(server, admin);
  const other = await harness.start();
  try {
    const at = Date.now() - 800 * DAY; // a month nobody has made yet
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) =>
      (i % 2 ? other : server).gql(admin, INGEST, { m: [mention(brand.id, `race-${i}`, at + i * 1000)] })));
    expect(results.map((r) => r.errors ?? r.data.ingestMentions.accepted)).toEqual(Array(16).fill(1));
    expect(await partitions()).toContain(monthName(at));
  } finally {
    await other.stop();
  }
});

test('dedupe by (platform, external id) holds across months: the same post redelivered with another date is a duplicate', async () => {
  const brand = await createBrand(server, admin);
  const now = Date.now();
  expect((await server.gql(admin, INGEST, { m: [mention(brand.id, 'same', now - 100 * DAY)] })).data.ingestMentions.accepted).toBe(1);
  const before = await tableCounts();
  const again = await server.gql(admin, INGEST, {
    m: [mention(brand.id, 'same', now - 1000), mention(brand.id, 'same', now - 40 * DAY), mention(brand.id, 'other', now - 1000)],
  });
  expect(again.data.ingestMentions).toEqual({ accepted: 1, duplicates: 2 });
  const after = await tableCounts();
  expect(after.mentions - before.mentions).toBe(1);
  expect(after.keys - before.keys).toBe(1);
  const listed = (await server.gql(admin, MENTIONS, { b: brand.id })).data.mentions.edges.map((e: any) => e.node.externalId).sort();
  expect(listed).toEqual(['other', 'same']);
});

test('MENTION_RETENTION_DAYS drops the months wholly past it; buckets, crises, replies and skips keep their history', async () => {
  const brand = await createBrand(server, admin);
  const crisis = await declareCrisis(server, admin, brand.id);
  const now = Date.now();
  const old = now - 100 * DAY;
  await server.gql(admin, INGEST, { m: ['q1', 'q2', 'replied', 'skipped'].map((key, i) => mention(brand.id, key, old + i * 1000)) });
  await server.gql(admin, INGEST, { m: [mention(brand.id, 'recent-q', now - 60_000), mention(brand.id, 'recent', now - 30_000, { sentiment: 0.5 })] });
  const ids = new Map<string, string>((await server.gql(admin, MENTIONS, { b: brand.id })).data.mentions.edges.map((e: any) => [e.node.externalId, e.node.id]));
  const link = await server.gql(admin, `mutation($i: LinkMentionsInput!) { linkMentions(input: $i) { linked } }`, {
    i: { crisisId: crisis.id, mentionIds: ['q1', 'q2', 'replied', 'skipped', 'recent-q'].map((k) => ids.get(k)) },
  });
  expect(link.data.linkMentions.linked).toBe(5);
  const replied = await server.gql(admin, `mutation($i: ReplyToMentionInput!) { replyToMention(input: $i) { id } }`, { i: { mentionId: ids.get('replied'), body: 'Sorry, we are on it' } });
  expect(replied.errors).toBeUndefined();
  const skipped = await server.gql(admin, `mutation($i: SkipMentionInput!) { skipMention(input: $i) { id } }`, { i: { mentionId: ids.get('skipped'), reason: 'spam' } });
  expect(skipped.errors).toBeUndefined();
  expect((await server.gql(admin, QUEUE, { c: crisis.id })).data.replyQueue.totalCount).toBe(3); // q1, q2, recent-q
  const buckets = (await pg.query(`SELECT count(*)::int AS n, sum(total)::int AS total FROM mention_bucket WHERE brand_id = $1`, [rawId(brand.id)])).rows[0];
  const oldMonth = monthName(old);

  // A second process with a retention of 60 days: its first maintenance pass drops the month of 100 days ago.
  const retaining = await harness.start({ mentionRetentionDays: 60 });
  for (let i = 0; i < 100 && (await partitions()).includes(oldMonth); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await partitions()).not.toContain(oldMonth);
  expect(await partitions()).toContain(monthName(now));

  const left = (await retaining.gql(admin, MENTIONS, { b: brand.id })).data.mentions.edges.map((e: any) => e.node.externalId).sort();
  expect(left).toEqual(['recent', 'recent-q']);
  const queue = (await retaining.gql(admin, QUEUE, { c: crisis.id })).data.replyQueue;
  expect(queue.totalCount).toBe(1); // the count follows the dropped rows, and says what the page holds
  expect(queue.edges.map((e: any) => e.node.id)).toEqual([ids.get('recent-q')]);
  expect((await pg.query(`SELECT count(*)::int AS n, sum(total)::int AS total FROM mention_bucket WHERE brand_id = $1`, [rawId(brand.id)])).rows[0]).toEqual(buckets);
  const history = await retaining.gql(admin, `query($id: ID!) { crisis(id: $id) { state timeline(first: 50) { edges { node { type } } } } }`, { id: crisis.id });
  expect(history.data.crisis.timeline.edges.length).toBeGreaterThan(0);
  const kept = (await pg.query(`SELECT (SELECT count(*) FROM reply WHERE crisis_id = $1)::int AS replies, (SELECT count(*) FROM reply_skip WHERE crisis_id = $1)::int AS skips`, [rawId(crisis.id)])).rows[0];
  expect(kept).toEqual({ replies: 1, skips: 1 });

  // Older than the retention: refused with a clear error, nothing stored; within it: stored.
  const before = await tableCounts();
  const refused = await retaining.gql(admin, INGEST, { m: [mention(brand.id, 'fresh', now - 1000), mention(brand.id, 'ancient', now - 61 * DAY)] });
  expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(refused.errors?.[0].message).toMatch(/mentions\[1\]\.postedAt.*older than the mention retention \(MENTION_RETENTION_DAYS = 60 days\)/);
  expect(await tableCounts()).toEqual(before);
  expect((await retaining.gql(admin, INGEST, { m: [mention(brand.id, 'fresh', now - 1000), mention(brand.id, 'within', now - 59 * DAY)] })).data.ingestMentions.accepted).toBe(2);
  await retaining.stop();
});

test('mentions counts its totalCount only when the query asks for it (directly or through a fragment)', async () => {
  const statements: string[] = [];
  const observed = await harness.start({ onQuery: (sql) => statements.push(sql) });
  try {
    const brand = await createBrand(observed, admin);
    await observed.gql(admin, INGEST, { m: [mention(brand.id, 'counted', Date.now() - 1000)] });
    const counts = () => statements.filter((sql) => /SELECT count\(\*\)::int AS count FROM mention WHERE/.test(sql)).length;
    const page = await observed.gql(admin, `query($b: ID!) { mentions(filter: { brandId: $b }) { edges { node { externalId } } } }`, { b: brand.id });
    expect(page.data.mentions.edges).toHaveLength(1);
    expect(counts()).toBe(0);
    const viaFragment = await observed.gql(admin, `query($b: ID!) { mentions(filter: { brandId: $b }) { ...Counted } } fragment Counted on MentionConnection { totalCount }`, { b: brand.id });
    expect(viaFragment.data.mentions.totalCount).toBe(1);
    expect(counts()).toBe(1);
  } finally {
    await observed.stop();
  }
});

test('making a month does not wait for queries in progress on mentions (ATTACH, not CREATE … PARTITION OF)', async () => {
  const brand = await createBrand(server, admin);
  const reader = new PgClient({ connectionString: harness.db.url });
  await reader.connect();
  try {
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM mention'); // holds ACCESS SHARE on mention until COMMIT
    const at = Date.now() - 1200 * DAY;
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: INGEST, variables: { m: [mention(brand.id, 'while-reading', at)] } }),
      signal: AbortSignal.timeout(15_000), // with an ACCESS EXCLUSIVE lock it would wait for the COMMIT below
    });
    expect(((await res.json()) as any).data.ingestMentions.accepted).toBe(1);
    expect(await partitions()).toContain(monthName(at));
  } finally {
    await reader.query('COMMIT');
    await reader.end();
  }
});

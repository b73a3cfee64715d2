// The migration to monthly mention partitions, on a database that already holds mentions, replies and a reply queue:
// undone (back to one table) and done again, every mention, reply and queue count is where it was, and dedupe holds.
import { Client as PgClient } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import { migrate } from '../../src/db/migrate';
import { createHarness, type Harness } from '../support/harness';
import { createBrand, declareCrisis } from '../factories';

const DAY = 86_400_000;
const INGEST = `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted duplicates } }`;
const STATE = `query($b: ID!, $c: ID!) {
  mentions(filter: { brandId: $b }, first: 50) { totalCount edges { node { id externalId sentiment reply { id mention { id } } } } }
  replyQueue(crisisId: $c, first: 50) { totalCount edges { node { id } } } }`;

let harness: Harness;

beforeAll(async () => {
  harness = await createHarness();
});

afterAll(async () => {
  await harness?.close();
});

test('mentions, replies and the reply queue survive the migration to partitions (and its undoing); dedupe holds', async () => {
  let server = await harness.start();
  const admin = await harness.token('acme', 'ADMIN');
  const brand = await createBrand(server, admin);
  const crisis = await declareCrisis(server, admin, brand.id);
  const now = Date.now();
  const posts = [now - 70 * DAY, now - 35 * DAY, now - 60_000, now - 30_000].map((at, i) => ({
    platform: 'x', externalId: `m${i}`, brandId: brand.id, text: `complaint ${i}`, sentiment: -0.5, postedAt: new Date(at).toISOString(),
  }));
  expect((await server.gql(admin, INGEST, { m: posts })).data.ingestMentions.accepted).toBe(4);
  const ids = (await server.gql(admin, STATE, { b: brand.id, c: crisis.id })).data.mentions.edges.map((e: any) => e.node.id);
  await server.gql(admin, `mutation($i: LinkMentionsInput!) { linkMentions(input: $i) { linked } }`, { i: { crisisId: crisis.id, mentionIds: ids } });
  const replied = await server.gql(admin, `mutation($i: ReplyToMentionInput!) { replyToMention(input: $i) { id } }`, { i: { mentionId: ids[1], body: 'We are on it' } });
  expect(replied.errors).toBeUndefined();
  const before = (await server.gql(admin, STATE, { b: brand.id, c: crisis.id })).data;
  expect(before.replyQueue.totalCount).toBe(3);
  await server.stop();

  const dataSource = createDataSource({ url: harness.db.url, poolSize: 2 });
  await dataSource.initialize();
  const pg = new PgClient({ connectionString: harness.db.url });
  await pg.connect();
  const kind = async () => (await pg.query(`SELECT relkind FROM pg_class WHERE relname = 'mention'`)).rows[0].relkind;
  try {
    expect(await kind()).toBe('p');
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await kind()).toBe('r');
    expect((await pg.query(`SELECT count(*)::int AS n FROM mention`)).rows[0].n).toBe(4);
    expect(await migrate(dataSource)).toEqual(['PartitionedMentions1766102400000']);
    expect(await kind()).toBe('p');
    expect((await pg.query(`SELECT count(*)::int AS n FROM mention_key`)).rows[0].n).toBe(4);
  } finally {
    await pg.end();
    await dataSource.destroy();
  }

  server = await harness.start();
  const after = (await server.gql(admin, STATE, { b: brand.id, c: crisis.id })).data;
  expect(after).toEqual(before);
  expect(after.mentions.edges.filter((e: any) => e.node.reply).map((e: any) => e.node.reply.mention.id)).toEqual([ids[1]]);
  expect((await server.gql(admin, INGEST, { m: posts })).data.ingestMentions).toEqual({ accepted: 0, duplicates: 4 });
});

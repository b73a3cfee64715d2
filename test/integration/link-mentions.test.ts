// Linking mentions to a declared crisis by hand: its brand's mentions join the reply queue; nothing else moves.
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis, sendEvent } from '../factories';

let harness: Harness;
let server: TestServer;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
});

afterAll(() => harness.close());

async function ingest(token: string, brandId: string, items: Array<{ id: string; text: string; sentiment: number }>) {
  const res = await server.gql(token, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`, {
    m: items.map((m) => ({ platform: 'x', externalId: m.id, brandId, text: m.text, sentiment: m.sentiment, postedAt: new Date().toISOString() })),
  });
  expect(res.data.ingestMentions.accepted).toBe(items.length);
  const list = await server.gql(token, `query($b: ID!) { mentions(filter: { brandId: $b }, first: 50) { edges { node { id externalId } } } }`, { b: brandId });
  return Object.fromEntries(list.data.mentions.edges.map((e: any) => [e.node.externalId, e.node.id])) as Record<string, string>;
}

const LINK = `mutation($input: LinkMentionsInput!) { linkMentions(input: $input) { linked skipped crisis { id } } }`;

test("linkMentions puts the crisis brand's mentions in its reply queue; other brands', other organizations' and linked ones are skipped", async () => {
  const admin = await harness.token('linker', 'ADMIN', 'admin');
  const agent = await harness.token('linker', 'RESPONDER', 'agent');
  const brand = await createBrand(server, admin);
  const otherBrand = await createBrand(server, admin);
  const crisis = await declareCrisis(server, agent, brand.id);
  const ids = await ingest(agent, brand.id, [
    { id: 'a1', text: 'Still no refund, two weeks now', sentiment: -0.8 },
    { id: 'a2', text: 'Your support never answers', sentiment: -0.5 },
    { id: 'a3', text: 'Love the new flavour', sentiment: 0.7 },
  ]);
  const elsewhere = await ingest(agent, otherBrand.id, [{ id: 'b1', text: 'Broken again', sentiment: -0.9 }]);
  const outsiderAdmin = await harness.token('outsider', 'ADMIN', 'admin');
  const outsiderBrand = await createBrand(server, outsiderAdmin);
  const foreign = await ingest(outsiderAdmin, outsiderBrand.id, [{ id: 'c1', text: 'Terrible', sentiment: -0.9 }]);

  const res = await server.gql(agent, LINK, { input: { crisisId: crisis.id, mentionIds: [ids.a1, ids.a2, ids.a3, elsewhere.b1, foreign.c1, 'not-an-id'] } });
  expect(res.data.linkMentions).toEqual({ linked: 3, skipped: 3, crisis: { id: crisis.id } });
  const again = await server.gql(agent, LINK, { input: { crisisId: crisis.id, mentionIds: [ids.a1] } });
  expect(again.data.linkMentions).toMatchObject({ linked: 0, skipped: 1 });

  const queue = await server.gql(agent, `query($c: ID!) { replyQueue(crisisId: $c, first: 10) { totalCount edges { node { id } } } }`, { c: crisis.id });
  expect(queue.data.replyQueue.totalCount).toBe(2); // the positive one is linked but needs no answer
  expect(queue.data.replyQueue.edges.map((e: any) => e.node.id)).toEqual([ids.a1, ids.a2]);
  const theirs = await server.gql(outsiderAdmin, `query($id: ID!) { node(id: $id) { ... on Mention { crisis { id } } } }`, { id: foreign.c1 });
  expect(theirs.data.node.crisis).toBeNull();

  const viewer = await harness.token('linker', 'VIEWER', 'viewer');
  expect((await server.gql(viewer, LINK, { input: { crisisId: crisis.id, mentionIds: [] } })).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  expect((await server.gql(outsiderAdmin, LINK, { input: { crisisId: crisis.id, mentionIds: [foreign.c1] } })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  await sendEvent(server, agent, { crisisId: crisis.id, type: 'DISMISS', reason: 'handled offline' });
  const closed = await server.gql(agent, LINK, { input: { crisisId: crisis.id, mentionIds: [ids.a3] } });
  expect(closed.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'DISMISSED', event: 'linkMentions' });
});

// Personal replies over HTTP and websockets: the queue's order and pages, claims and their races, replies, skips, templates.
import { createHarness, eventually, subscribe, wsClient, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis, sendEvent } from '../factories';

let harness: Harness;
let server: TestServer;
let admin: string;
let responder: string;
let viewer: string;
let alice: string;
let bob: string;
let stranger: string;
const disposables: Array<{ dispose(): void | Promise<void> }> = [];

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  admin = await harness.token('acme', 'ADMIN');
  responder = await harness.token('acme', 'RESPONDER');
  viewer = await harness.token('acme', 'VIEWER');
  alice = await harness.token('acme', 'RESPONDER', 'alice');
  bob = await harness.token('acme', 'RESPONDER', 'bob');
  stranger = await harness.token('globex', 'ADMIN', 'mallory');
});

afterEach(async () => {
  for (const d of disposables.splice(0)) await d.dispose();
});

afterAll(() => harness.close());

const MINUTE = 60_000;
let seq = 0;

const INGEST = `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted detectedCrises { id } } }`;
const QUEUE = `query($c: ID!, $first: Int, $after: String, $x: Boolean) { replyQueue(crisisId: $c, first: $first, after: $after, excludeClaimed: $x) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id externalId replyPriority replyClaim { holder expiresAt } reply { id } replySkip { reason } } } } }`;
const CLAIM = `mutation($m: ID!) { claimMention(mentionId: $m) { holder claimedAt expiresAt mention { id externalId } } }`;
const RELEASE = `mutation($m: ID!) { releaseMention(mentionId: $m) { id replyClaim { holder } } }`;
const REPLY = `mutation($input: ReplyToMentionInput!) { replyToMention(input: $input) {
  id body author sentAt template { id name } variables mention { id reply { id } replyClaim { holder } } } }`;
const SKIP = `mutation($input: SkipMentionInput!) { skipMention(input: $input) { id replySkip { reason skippedBy skippedAt } } }`;
const TEMPLATE = `mutation($input: CreateReplyTemplateInput!) { createReplyTemplate(input: $input) { id name body variables createdBy } }`;

interface Spec {
  key: string;
  reach?: number;
  followers?: number;
  sentiment?: number;
  ageSeconds?: number;
  author?: string | null;
}

interface Queue {
  brandId: string;
  crisisId: string;
  /** Mention ids by spec key. */
  ids: Record<string, string>;
  specs: Required<Spec>[];
}

/** 26 hours of calm for a brand (every 5 minutes four mentions, one mildly negative), so a burst is a spike. */
function calmHistory(brandId: string, now: number) {
  const out = [];
  for (let t = now - 26 * 60 * MINUTE; t < now - 20 * MINUTE; t += 5 * MINUTE) {
    for (let i = 0; i < 4; i++) out.push({ platform: 'x', externalId: `c${seq++}`, brandId, text: 'ok', sentiment: i === 0 ? -0.3 : 0.4, reach: 50, postedAt: new Date(t + i * 1000).toISOString() });
  }
  return out;
}

/**
 * A declared crisis whose queue holds exactly `specs` (padded with plain complaints to 40): a burst of negative
 * mentions after a calm day is a spike, and detection links the window's negative mentions to the brand's open crisis.
 */
async function crisisWithQueue(specs: Spec[], padTo = 40): Promise<Queue> {
  const brand = await createBrand(server, admin);
  const crisis = await declareCrisis(server, responder, brand.id);
  const now = Date.now();
  expect((await server.gql(responder, INGEST, { m: calmHistory(brand.id, now) })).data.ingestMentions.detectedCrises).toEqual([]);
  const all: Required<Spec>[] = [...specs, ...Array.from({ length: Math.max(0, padTo - specs.length) }, (_, i) => ({ key: `pad${i}` }))].map((s, i) => ({
    reach: 0, followers: 0, sentiment: -0.25, ageSeconds: 200 - i, author: `@user${i}`, ...s,
  }));
  const burst = all.map((s) => ({
    platform: 'x', externalId: `${s.key}-${seq++}`, brandId: brand.id, text: `complaint ${s.key}`, sentiment: s.sentiment, reach: s.reach,
    authorFollowers: s.followers, author: s.author, postedAt: new Date(now - s.ageSeconds * 1000).toISOString(),
  }));
  const res = await server.gql(responder, INGEST, { m: burst });
  expect(res.data.ingestMentions.detectedCrises.map((c: any) => c.id)).toEqual([crisis.id]);
  const linked = await server.gql(admin, `query($c: ID!) { mentions(filter: { crisisId: $c }, first: 200) { edges { node { id externalId } } } }`, { c: crisis.id });
  const byExternal = new Map<string, string>(linked.data.mentions.edges.map((e: any) => [e.node.externalId, e.node.id]));
  const ids = Object.fromEntries(burst.map((m, i) => [all[i].key, byExternal.get(m.externalId)!]));
  expect(Object.values(ids).every(Boolean)).toBe(true);
  return { brandId: brand.id, crisisId: crisis.id, ids, specs: all.map((s, i) => ({ ...s, ageSeconds: (now - Date.parse(burst[i].postedAt)) / 1000 })) };
}

const queue = (crisisId: string, first: number | null = 50, after: string | null = null, token = viewer, excludeClaimed = false) =>
  server.gql(token, QUEUE, { c: crisisId, first, after, x: excludeClaimed });
const claim = (token: string, mentionId: string, on = server) => on.gql(token, CLAIM, { m: mentionId });
const reply = (token: string, input: Record<string, unknown>) => server.gql(token, REPLY, { input });
const timeline = async (crisisId: string) =>
  (await server.gql(admin, `query($id: ID!) { crisis(id: $id) { timeline(first: 200) { edges { node { type actor payload } } } } }`, { id: crisisId }))
    .data.crisis.timeline.edges.map((e: any) => e.node);

/** Waits until the server's hub has `count` more listeners than `before` (a subscription is live once it listens). */
const untilListening = (on: TestServer, before: number, count = 1) =>
  eventually(async () => on.server.services.hub.listenerCount >= before + count, 5000, 'the subscription to listen');

test('the queue is the crisis\'s negative mentions, most important first: log2((1 + reach)·√(1 + followers)·negativity) − age / 6 h', async () => {
  const q = await crisisWithQueue([
    { key: 'viral', reach: 2_000_000, sentiment: -0.25 },
    { key: 'celebrity', followers: 5_000_000, sentiment: -0.5 },
    { key: 'furious', reach: 1000, sentiment: -1 },
    { key: 'mild', reach: 1000, sentiment: -0.125 },
    { key: 'older', reach: 1000, sentiment: -1, ageSeconds: 230 },
    { key: 'newer', reach: 1000, sentiment: -1, ageSeconds: 10 },
  ]);
  const expected = [...q.specs]
    .map((s) => ({ key: s.key, score: Math.log2((1 + s.reach) * Math.sqrt(1 + s.followers) * Math.max(-s.sentiment, 0.05)) - s.ageSeconds / 21600 }))
    .sort((a, b) => b.score - a.score)
    .map((s) => s.key);
  const res = await queue(q.crisisId, 200);
  expect(res.data.replyQueue.totalCount).toBe(40); // the calm day's negative mentions are older than the spike: not linked
  const keyOf = new Map(Object.entries(q.ids).map(([key, id]) => [id, key]));
  const order = res.data.replyQueue.edges.map((e: any) => keyOf.get(e.node.id));
  expect(order).toEqual(expected);
  expect(order.slice(0, 3)).toEqual(['viral', 'celebrity', 'newer']);
  expect(order.indexOf('newer')).toBeLessThan(order.indexOf('furious'));
  expect(order.indexOf('furious')).toBeLessThan(order.indexOf('older'));
  const priorities = res.data.replyQueue.edges.map((e: any) => e.node.replyPriority);
  expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
  expect(priorities[0]).toBeCloseTo(Math.log2(2_000_001 * 0.25), 1);
});

test('paging: cursors stay put while mentions leave the queue, totalCount follows, first is capped', async () => {
  const q = await crisisWithQueue([], 30);
  const everything = (await queue(q.crisisId, 200)).data.replyQueue.edges.map((e: any) => e.node.id);
  const first = (await queue(q.crisisId, 10)).data.replyQueue;
  expect(first).toMatchObject({ totalCount: 30, pageInfo: { hasNextPage: true } });
  expect(first.edges.map((e: any) => e.node.id)).toEqual(everything.slice(0, 10));
  // Two mentions leave meanwhile: one already seen, one on the next page. The next page starts where the first ended.
  expect((await reply(alice, { mentionId: everything[3], body: 'Sorry about this, we are on it' })).errors).toBeUndefined();
  expect((await server.gql(alice, SKIP, { input: { mentionId: everything[12], reason: 'a bot' } })).errors).toBeUndefined();
  const second = (await queue(q.crisisId, 10, first.pageInfo.endCursor)).data.replyQueue;
  expect(second.totalCount).toBe(28);
  expect(second.edges.map((e: any) => e.node.id)).toEqual([...everything.slice(10, 12), ...everything.slice(13, 21)]);
  const rest = (await queue(q.crisisId, 50, second.pageInfo.endCursor)).data.replyQueue;
  expect(rest.edges.map((e: any) => e.node.id)).toEqual(everything.slice(21));
  expect(rest.pageInfo).toEqual({ hasNextPage: false, endCursor: rest.edges[rest.edges.length - 1].cursor });

  // More mentions of the spike get linked: the count follows (it is kept by the database, not counted per request).
  const more = Array.from({ length: 5 }, (_, i) => ({ platform: 'x', externalId: `late-${seq++}`, brandId: q.brandId, text: 'still broken', sentiment: -0.5, postedAt: new Date(Date.now() - i * 1000).toISOString() }));
  expect((await server.gql(responder, INGEST, { m: more })).data.ingestMentions.accepted).toBe(5);
  const linked = (await server.gql(admin, `query($c: ID!) { mentions(filter: { crisisId: $c, negativeOnly: true }) { totalCount } }`, { c: q.crisisId })).data.mentions.totalCount;
  expect(linked).toBe(35);
  expect((await queue(q.crisisId, 1)).data.replyQueue.totalCount).toBe(linked - 2);

  const tooMany = await queue(q.crisisId, 201);
  expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', max: 200 });
  const forged = await queue(q.crisisId, 10, Buffer.from(JSON.stringify(['1; DROP TABLE mention', everything[0]])).toString('base64url'));
  expect(forged.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
});

test('tenancy: another organization\'s crisis, mention, reply and template ids are NOT_FOUND; a VIEWER cannot claim', async () => {
  const q = await crisisWithQueue([]);
  const mention = q.ids.pad0;
  const sent = (await reply(alice, { mentionId: q.ids.pad1, body: 'We hear you' })).data.replyToMention;
  const template = (await server.gql(alice, TEMPLATE, { input: { name: 'Tenancy', body: 'Hello {{author}}' } })).data.createReplyTemplate;
  const code = (res: any) => res.errors?.[0].extensions?.code;
  expect(code(await queue(q.crisisId, 10, null, stranger))).toBe('NOT_FOUND');
  expect(code(await claim(stranger, mention))).toBe('NOT_FOUND');
  expect(code(await server.gql(stranger, RELEASE, { m: mention }))).toBe('NOT_FOUND');
  expect(code(await reply(stranger, { mentionId: mention, body: 'hi' }))).toBe('NOT_FOUND');
  expect(code(await server.gql(stranger, SKIP, { input: { mentionId: mention, reason: 'spam' } }))).toBe('NOT_FOUND');
  const theirs = await crisisWithQueueOf(stranger);
  expect(code(await reply(stranger, { mentionId: theirs, templateId: template.id }))).toBe('NOT_FOUND');
  expect(code(await server.gql(stranger, `mutation($id: ID!) { deleteReplyTemplate(id: $id) }`, { id: template.id }))).toBe('NOT_FOUND');
  const nodes = await server.gql(stranger, `query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }`, { a: sent.id, b: template.id });
  expect(nodes.data).toEqual({ a: null, b: null });
  expect((await server.gql(stranger, `{ replyTemplates { totalCount } }`)).data.replyTemplates.totalCount).toBe(0);
  const ours = await server.gql(viewer, `query($a: ID!, $b: ID!) { a: node(id: $a) { ... on Reply { body } } b: node(id: $b) { ... on ReplyTemplate { name } } }`, { a: sent.id, b: template.id });
  expect(ours.data).toEqual({ a: { body: 'We hear you' }, b: { name: 'Tenancy' } });
  expect(code(await claim(viewer, mention))).toBe('FORBIDDEN');
  expect((await queue(q.crisisId, 200)).data.replyQueue.edges.every((e: any) => e.node.replyClaim === null)).toBe(true);
});

/** A mention of another organization's own crisis, linked the same way. */
async function crisisWithQueueOf(token: string): Promise<string> {
  const brand = await createBrand(server, token);
  await declareCrisis(server, token, brand.id);
  const now = Date.now();
  await server.gql(token, INGEST, { m: calmHistory(brand.id, now) });
  const burst = Array.from({ length: 40 }, (_, i) => ({ platform: 'x', externalId: `g${seq++}`, brandId: brand.id, text: 'bad', sentiment: -0.5, postedAt: new Date(now - i * 1000).toISOString() }));
  await server.gql(token, INGEST, { m: burst });
  const res = await server.gql(token, `{ mentions(filter: { negativeOnly: true }, first: 1) { edges { node { id crisis { id } } } } }`);
  expect(res.data.mentions.edges[0].node.crisis).not.toBeNull();
  return res.data.mentions.edges[0].node.id;
}

test('six agents racing to claim one mention: exactly one wins, every other error names the winner', async () => {
  const q = await crisisWithQueue([]);
  const agents = await Promise.all(Array.from({ length: 6 }, (_, i) => harness.token('acme', 'RESPONDER', `racer-${i}`)));
  const results = await Promise.all(agents.map((token) => claim(token, q.ids.pad0)));
  const winners = results.filter((r) => r.data?.claimMention);
  expect(winners).toHaveLength(1);
  const holder = winners[0].data.claimMention.holder;
  expect(holder).toMatch(/^racer-\d$/);
  for (const loser of results.filter((r) => !r.data?.claimMention)) {
    expect(loser.errors?.[0].extensions).toMatchObject({ code: 'ALREADY_CLAIMED', holder, expiresAt: winners[0].data.claimMention.expiresAt });
    expect(loser.errors?.[0].message).toContain(holder);
  }
  // Listed and marked for everyone; left out for other agents who ask for what they can take; kept for the holder.
  const listed = (await queue(q.crisisId, 200)).data.replyQueue;
  expect(listed.totalCount).toBe(40);
  expect(listed.edges.find((e: any) => e.node.id === q.ids.pad0).node.replyClaim.holder).toBe(holder);
  const forOthers = (await queue(q.crisisId, 200, null, bob, true)).data.replyQueue;
  expect(forOthers.totalCount).toBe(39);
  expect(forOthers.edges.map((e: any) => e.node.id)).not.toContain(q.ids.pad0);
  const forHolder = (await queue(q.crisisId, 200, null, agents[results.indexOf(winners[0])], true)).data.replyQueue;
  expect(forHolder.totalCount).toBe(40);
});

test('claiming again extends the claim; another agent cannot release it; releasing gives it back', async () => {
  const q = await crisisWithQueue([]);
  const mention = q.ids.pad0;
  const first = (await claim(alice, mention)).data.claimMention;
  expect(first).toMatchObject({ holder: 'alice', mention: { id: mention } });
  expect(Date.parse(first.expiresAt) - Date.parse(first.claimedAt)).toBe(300_000);
  await eventually(async () => Date.now() > Date.parse(first.claimedAt) + 20, 1000, 'the clock to move');
  const again = (await claim(alice, mention)).data.claimMention;
  expect(again.claimedAt).toBe(first.claimedAt);
  expect(Date.parse(again.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
  expect((await claim(bob, mention)).errors?.[0].extensions).toMatchObject({ code: 'ALREADY_CLAIMED', holder: 'alice', expiresAt: again.expiresAt });
  expect((await server.gql(bob, RELEASE, { m: mention })).errors?.[0].extensions).toMatchObject({ code: 'ALREADY_CLAIMED', holder: 'alice' });
  expect((await server.gql(alice, RELEASE, { m: mention })).data.releaseMention).toEqual({ id: mention, replyClaim: null });
  expect((await server.gql(alice, RELEASE, { m: mention })).data.releaseMention.replyClaim).toBeNull(); // nothing held: a no-op
  expect((await claim(bob, mention)).data.claimMention.holder).toBe('bob');
  const calm = (await server.gql(admin, `query($b: ID!) { mentions(filter: { brandId: $b, postedBefore: "${new Date(Date.now() - 30 * MINUTE).toISOString()}" }, first: 1) { edges { node { id crisis { id } } } } }`, { b: q.brandId })).data.mentions.edges[0].node;
  expect(calm.crisis).toBeNull();
  expect((await claim(alice, calm.id)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mentionId' });
});

test('a claim expires after REPLY_CLAIM_SECONDS: then another agent may take it', async () => {
  const short = await harness.start({ replyClaimSeconds: 1 });
  const q = await crisisWithQueue([]);
  const taken = (await claim(alice, q.ids.pad0, short)).data.claimMention;
  expect(Date.parse(taken.expiresAt) - Date.parse(taken.claimedAt)).toBe(1000);
  expect((await claim(bob, q.ids.pad0, short)).errors?.[0].extensions).toMatchObject({ code: 'ALREADY_CLAIMED', holder: 'alice' });
  const bobs = await eventually(async () => (await claim(bob, q.ids.pad0, short)).data?.claimMention, 5000, "bob's claim after expiry");
  expect(bobs.holder).toBe('bob');
  expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(taken.expiresAt));
  expect(Date.parse(bobs.claimedAt)).toBeGreaterThanOrEqual(Date.parse(taken.expiresAt));
  // Alice's expired claim no longer shows, and she cannot act on bob's.
  expect((await reply(alice, { mentionId: q.ids.pad0, body: 'late' })).errors?.[0].extensions).toMatchObject({ code: 'ALREADY_CLAIMED', holder: 'bob' });
  await short.stop();
});

test('a reply records body, author, time; releases the claim; leaves the queue; REPLY_SENT reaches crisisEvents subscribers', async () => {
  const q = await crisisWithQueue([]);
  const client = wsClient(server, viewer);
  disposables.push(client);
  const before = server.server.services.hub.listenerCount;
  const events = subscribe(client, `subscription($c: ID!) { crisisEvents(crisisId: $c) { type actor payload } }`, { c: q.crisisId });
  disposables.push(events);
  await untilListening(server, before);
  await claim(alice, q.ids.pad0);
  const sent = (await reply(alice, { mentionId: q.ids.pad0, body: '  Sorry {{author}}, a replacement is on its way.  ' })).data.replyToMention;
  expect(sent).toMatchObject({ body: 'Sorry @user0, a replacement is on its way.', author: 'alice', template: null, variables: null, mention: { id: q.ids.pad0, replyClaim: null } });
  expect(sent.mention.reply.id).toBe(sent.id);
  expect(Math.abs(Date.parse(sent.sentAt) - Date.now())).toBeLessThan(60_000);
  const [event] = await events.waitFor(1);
  expect(event.crisisEvents).toEqual({ type: 'REPLY_SENT', actor: 'alice', payload: { mentionId: q.ids.pad0, replyId: sent.id, author: 'alice', templateId: null } });
  const after = (await queue(q.crisisId, 200)).data.replyQueue;
  expect(after.totalCount).toBe(39);
  expect(after.edges.map((e: any) => e.node.id)).not.toContain(q.ids.pad0);
});

test('replying twice is refused naming who replied; a mention someone else holds cannot be answered or skipped; nothing is stored', async () => {
  const q = await crisisWithQueue([]);
  await reply(alice, { mentionId: q.ids.pad0, body: 'First answer' });
  const twice = await reply(bob, { mentionId: q.ids.pad0, body: 'Second answer' });
  expect(twice.errors?.[0].extensions).toMatchObject({ code: 'ALREADY_HANDLED', handling: 'REPLIED', by: 'alice' });
  expect(twice.errors?.[0].message).toContain('already replied to by alice');
  expect((await server.gql(bob, SKIP, { input: { mentionId: q.ids.pad0, reason: 'dup' } })).errors?.[0].extensions).toMatchObject({ code: 'ALREADY_HANDLED', by: 'alice' });
  expect((await claim(bob, q.ids.pad0)).errors?.[0].extensions).toMatchObject({ code: 'ALREADY_HANDLED', handling: 'REPLIED', by: 'alice' });

  await claim(bob, q.ids.pad1);
  const events = (await timeline(q.crisisId)).length;
  const held = await reply(alice, { mentionId: q.ids.pad1, body: 'Mine' });
  expect(held.errors?.[0].extensions).toMatchObject({ code: 'ALREADY_CLAIMED', holder: 'bob' });
  expect((await server.gql(alice, SKIP, { input: { mentionId: q.ids.pad1, reason: 'spam' } })).errors?.[0].extensions).toMatchObject({ code: 'ALREADY_CLAIMED', holder: 'bob' });
  expect((await timeline(q.crisisId)).length).toBe(events);
  const node = (await queue(q.crisisId, 200)).data.replyQueue.edges.find((e: any) => e.node.id === q.ids.pad1).node;
  expect(node).toMatchObject({ reply: null, replySkip: null, replyClaim: { holder: 'bob' } });

  // Racing replies without claims: one is stored, the other is told who.
  const racing = await Promise.all([reply(alice, { mentionId: q.ids.pad2, body: 'A' }), reply(bob, { mentionId: q.ids.pad2, body: 'B' })]);
  expect(racing.filter((r) => r.data?.replyToMention)).toHaveLength(1);
  const loser = racing.find((r) => r.errors)!;
  expect(loser.errors?.[0].extensions).toMatchObject({ code: 'ALREADY_HANDLED', by: racing.find((r) => r.data?.replyToMention)!.data.replyToMention.author });
});

test('skipping needs a reason; a skipped mention leaves the queue with who and why (MENTION_SKIPPED)', async () => {
  const q = await crisisWithQueue([]);
  for (const reason of ['', '   ']) {
    const res = await server.gql(alice, SKIP, { input: { mentionId: q.ids.pad0, reason } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
  }
  expect((await server.gql(alice, `mutation($m: ID!) { skipMention(input: { mentionId: $m }) { id } }`, { m: q.ids.pad0 })).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect((await queue(q.crisisId, 1)).data.replyQueue.totalCount).toBe(40);
  const skipped = (await server.gql(alice, SKIP, { input: { mentionId: q.ids.pad0, reason: ' a competitor\'s bot ' } })).data.skipMention;
  expect(skipped.replySkip).toMatchObject({ reason: "a competitor's bot", skippedBy: 'alice' });
  expect((await queue(q.crisisId, 1)).data.replyQueue.totalCount).toBe(39);
  const last = (await timeline(q.crisisId)).pop();
  expect(last).toEqual({ type: 'MENTION_SKIPPED', actor: 'alice', payload: { mentionId: q.ids.pad0, reason: "a competitor's bot", author: 'alice' } });
});

test('templates: filled from the mention, brand, crisis, agent and variables; a missing variable is BAD_USER_INPUT naming it, nothing stored', async () => {
  const q = await crisisWithQueue([{ key: 'anon', author: null }]);
  const body = 'Hi {{author}}, {{ agent }} from {{brand}} here about "{{crisis}}". Your ticket: {{ticket}}.';
  const template = (await server.gql(alice, TEMPLATE, { input: { name: 'Apology with ticket', body } })).data.createReplyTemplate;
  expect(template).toMatchObject({ name: 'Apology with ticket', body, variables: ['author', 'agent', 'brand', 'crisis', 'ticket'], createdBy: 'alice' });
  const brand = (await server.gql(viewer, `query($id: ID!) { node(id: $id) { ... on Brand { name } } }`, { id: q.brandId })).data.node.name;

  const events = (await timeline(q.crisisId)).length;
  const missing = await reply(bob, { mentionId: q.ids.pad0, templateId: template.id });
  expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.variables', variable: 'ticket', missing: ['ticket'] });
  expect(missing.errors?.[0].message).toContain('{{ticket}}');
  const noAuthor = await reply(bob, { mentionId: q.ids.anon, templateId: template.id, variables: { ticket: 'A-1' } });
  expect(noAuthor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 'author' });
  expect((await reply(bob, { mentionId: q.ids.pad0, templateId: template.id, variables: { ticket: { nested: 1 } } })).errors?.[0].extensions)
    .toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.variables.ticket' });
  expect((await reply(bob, { mentionId: q.ids.pad0, templateId: template.id, body: 'both' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect((await reply(bob, { mentionId: q.ids.pad0 })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body' });
  expect((await reply(bob, { mentionId: q.ids.pad0, body: 'bad \u0000 byte' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body' });
  expect((await reply(bob, { mentionId: q.ids.pad0, body: 'x'.repeat(5001) })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body' });
  expect((await reply(bob, { mentionId: q.ids.pad0, templateId: template.id, variables: { ticket: 'y'.repeat(5000) } })).errors?.[0].extensions)
    .toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.variables.ticket' });
  const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`v${i}`, 'x']));
  expect((await reply(bob, { mentionId: q.ids.pad0, templateId: template.id, variables: many })).errors?.[0].extensions)
    .toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.variables' });
  expect((await timeline(q.crisisId)).length).toBe(events);
  expect((await queue(q.crisisId, 1)).data.replyQueue.totalCount).toBe(40);

  const sent = (await reply(bob, { mentionId: q.ids.pad0, templateId: template.id, variables: { ticket: 'A-1234' } })).data.replyToMention;
  expect(sent).toMatchObject({
    body: `Hi @user1, bob from ${brand} here about "Recall rumours spreading". Your ticket: A-1234.`,
    template: { id: template.id, name: 'Apology with ticket' }, variables: { ticket: 'A-1234' },
  });
  // Variables fill what the mention lacks.
  const anon = (await reply(bob, { mentionId: q.ids.anon, templateId: template.id, variables: { ticket: 7, author: 'there' } })).data.replyToMention;
  expect(anon.body).toContain('Hi there, bob');
  // Deleting the template keeps what was sent.
  expect((await server.gql(alice, `mutation($id: ID!) { deleteReplyTemplate(id: $id) }`, { id: template.id })).data.deleteReplyTemplate).toBe(template.id);
  const kept = await server.gql(viewer, `query($id: ID!) { node(id: $id) { ... on Reply { body template { id } } } }`, { id: sent.id });
  expect(kept.data.node).toEqual({ body: sent.body, template: null });
});

test('template syntax is checked when written: unbalanced braces and bad names are refused with the position, names are unique', async () => {
  const count = async () => (await server.gql(viewer, `{ replyTemplates(first: 200) { totalCount } }`)).data.replyTemplates.totalCount;
  const before = await count();
  for (const [body, position] of [['Hello {{author', 6], ['Hello author}} !', 12], ['Hi {{ first name }}', 3], ['{{{author}}}', 0], ['Hi {{author}} {{', 14]] as const) {
    const res = await server.gql(alice, TEMPLATE, { input: { name: `Broken ${position}`, body } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body', position });
  }
  expect((await server.gql(alice, TEMPLATE, { input: { name: ' ', body: 'Hi' } })).errors?.[0].extensions).toMatchObject({ field: 'input.name' });
  expect((await server.gql(viewer, TEMPLATE, { input: { name: 'Viewer', body: 'Hi' } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect(await count()).toBe(before);
  const names = ['Holding reply', 'Apology', 'Refund steps'];
  for (const name of names) expect((await server.gql(alice, TEMPLATE, { input: { name, body: `${name} {{author}}` } })).errors).toBeUndefined();
  expect((await server.gql(bob, TEMPLATE, { input: { name: 'Apology', body: 'again' } })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  const page = (await server.gql(viewer, `{ replyTemplates(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }`)).data.replyTemplates;
  expect(page.totalCount).toBe(before + 3);
  const rest = (await server.gql(viewer, `query($a: String) { replyTemplates(first: 200, after: $a) { edges { node { name } } } }`, { a: page.pageInfo.endCursor })).data.replyTemplates;
  const all = [...page.edges, ...rest.edges].map((e: any) => e.node.name);
  expect(all).toEqual([...all].sort((a, b) => a.localeCompare(b)));
  expect(all).toEqual(expect.arrayContaining(names));
  const apology = (await server.gql(viewer, `{ replyTemplates(first: 200) { edges { node { id name } } } }`)).data.replyTemplates.edges.find((e: any) => e.node.name === 'Apology').node;
  const updated = await server.gql(bob, `mutation($i: UpdateReplyTemplateInput!) { updateReplyTemplate(input: $i) { name body variables updatedBy } }`, { i: { id: apology.id, body: 'Sorry {{author}}, {{agent}} here' } });
  expect(updated.data.updateReplyTemplate).toEqual({ name: 'Apology', body: 'Sorry {{author}}, {{agent}} here', variables: ['author', 'agent'], updatedBy: 'bob' });
  const broken = await server.gql(bob, `mutation($i: UpdateReplyTemplateInput!) { updateReplyTemplate(input: $i) { body } }`, { i: { id: apology.id, body: 'Sorry {{author' } });
  expect(broken.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body' });
});

test('replyQueueChanged: a second server process hears claims, releases, replies and skips; other crises and organizations hear nothing', async () => {
  const other = await harness.start();
  const q = await crisisWithQueue([]);
  const quiet = await declareCrisis(server, responder, (await createBrand(server, admin)).id);
  const CHANGES = `subscription($c: ID!) { replyQueueChanged(crisisId: $c) { crisisId mentionId change by at expiresAt } }`;
  const client = wsClient(other, viewer);
  const strangerClient = wsClient(other, stranger);
  disposables.push(client, strangerClient);
  const before = other.server.services.hub.listenerCount;
  const changes = subscribe(client, CHANGES, { c: q.crisisId });
  const elsewhere = subscribe(client, CHANGES, { c: quiet.id });
  const refused = subscribe(strangerClient, CHANGES, { c: q.crisisId });
  disposables.push(changes, elsewhere, refused);
  await untilListening(other, before, 2);
  await eventually(async () => refused.errors.length > 0, 5000, "the stranger's refusal");
  expect(JSON.stringify(refused.errors)).toContain('NOT_FOUND');

  const claimed = (await claim(alice, q.ids.pad0)).data.claimMention;
  await server.gql(alice, RELEASE, { m: q.ids.pad0 });
  await claim(bob, q.ids.pad0);
  await reply(bob, { mentionId: q.ids.pad0, body: 'Sorry, fixing it' });
  await server.gql(alice, SKIP, { input: { mentionId: q.ids.pad1, reason: 'spam' } });
  const heard = (await changes.waitFor(5)).map((v: any) => v.replyQueueChanged);
  expect(heard.map((c: any) => [c.change, c.by, c.mentionId])).toEqual([
    ['CLAIMED', 'alice', q.ids.pad0], ['RELEASED', 'alice', q.ids.pad0], ['CLAIMED', 'bob', q.ids.pad0],
    ['REPLIED', 'bob', q.ids.pad0], ['SKIPPED', 'alice', q.ids.pad1],
  ]);
  expect(heard.every((c: any) => c.crisisId === q.crisisId)).toBe(true);
  expect(heard[0].expiresAt).toBe(claimed.expiresAt);
  expect(heard[1].expiresAt).toBeNull();
  // A refused claim and a refused reply change nothing, so nothing is heard of them.
  await claim(alice, q.ids.pad0);
  await claim(alice, q.ids.pad2);
  await changes.waitFor(6);
  expect(changes.values[5].replyQueueChanged).toMatchObject({ change: 'CLAIMED', mentionId: q.ids.pad2 });
  expect(elsewhere.values).toEqual([]);
  for (const d of disposables.splice(0)) await d.dispose(); // before the server they are connected to goes away
  await other.stop();
});

test('a closed crisis takes no more claims or replies (INVALID_TRANSITION), and nothing is stored', async () => {
  const q = await crisisWithQueue([]);
  await claim(alice, q.ids.pad1);
  expect((await sendEvent(server, responder, { crisisId: q.crisisId, type: 'DISMISS', reason: 'handled by the press team' })).errors).toBeUndefined();
  expect((await claim(bob, q.ids.pad0)).errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'DISMISSED' });
  expect((await reply(alice, { mentionId: q.ids.pad1, body: 'too late' })).errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'DISMISSED' });
  const node = (await queue(q.crisisId, 200)).data.replyQueue.edges.find((e: any) => e.node.id === q.ids.pad1).node;
  expect(node).toMatchObject({ reply: null, replyClaim: { holder: 'alice' } });
});

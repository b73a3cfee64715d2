// The project's end-to-end story, through the public API only (docs/walkthrough.md tells the same story step by step):
// a spike of mentions opens a crisis, the team answers with one voice and personally, contains it, reviews it, learns.
import { createHarness, subscribe, untilSubscribed, wsClient, type GraphQLResponse, type Harness, type TestServer } from '../support/harness';

let harness: Harness;
let server: TestServer;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
});

afterAll(() => harness.close());

const MINUTE = 60_000;

test('from a spike of mentions to REVIEWED with its report and a revised plan, through the public API', async () => {
  const admin = await harness.token('story', 'ADMIN', 'ops-admin');
  const dana = await harness.token('story', 'RESPONDER', 'dana');
  const sam = await harness.token('story', 'RESPONDER', 'sam');
  const lee = await harness.token('story', 'RESPONDER', 'lee');
  const ok = (res: GraphQLResponse, what: string) => {
    if (res.errors || !res.data) throw new Error(`${what}: ${JSON.stringify(res.errors)}`);
    return res.data;
  };

  // 1. A brand with a day of ordinary chatter, then a burst of angry posts.
  const { createBrand: brand } = ok(await server.gql(admin, `mutation { createBrand(input: { name: "Acme Foods", keywords: ["acme"] }) { id } }`), 'createBrand');
  const now = Date.now();
  const calm = [];
  for (let t = now - 26 * 60 * MINUTE, i = 0; t < now - 10 * MINUTE; t += 5 * MINUTE) {
    for (let k = 0; k < 4; k++, i++) calm.push({ platform: 'x', externalId: `calm-${i}`, brandId: brand.id, text: 'lunch was fine', sentiment: k === 0 ? -0.3 : 0.4, reach: 50, postedAt: new Date(t + k * 1000).toISOString() });
  }
  const ingest = `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted detectedCrises { id state trigger { metric } } } }`;
  expect(ok(await server.gql(dana, ingest, { m: calm }), 'calm').ingestMentions.detectedCrises).toEqual([]);
  const burst = Array.from({ length: 60 }, (_, i) => ({
    platform: 'x', externalId: `angry-${i}`, brandId: brand.id, text: `@acme batch 42 made my kid sick #${i}`, author: `parent${i}`,
    authorFollowers: 100 * (i + 1), sentiment: -0.8, reach: 200 + i, postedAt: new Date(now - 4 * MINUTE + i * 1000).toISOString(),
  }));
  const detected = ok(await server.gql(dana, ingest, { m: burst }), 'burst').ingestMentions.detectedCrises;
  expect(detected).toHaveLength(1);
  const crisisId: string = detected[0].id;
  expect(detected[0].state).toBe('DETECTED');

  // 2. A console subscribes to the crisis, then the team acknowledges and assembles.
  const client = wsClient(server, admin);
  const events = subscribe(client, `subscription($id: ID!) { crisisEvents(crisisId: $id, afterSequence: "0") { sequence type toState } }`, { id: crisisId });
  await untilSubscribed(server, 1);
  const send = async (token: string, type: string, extra: Record<string, unknown> = {}) =>
    ok(await server.gql(token, `mutation($input: SendCrisisEventInput!) { sendCrisisEvent(input: $input) { state version } }`, { input: { crisisId, type, ...extra } }), type).sendCrisisEvent;
  const assign = (roleKey: string, assignee: string) =>
    server.gql(admin, `mutation($input: AssignRoleInput!) { assignRole(input: $input) { version } }`, { input: { crisisId, roleKey, assignee } });
  expect((await send(dana, 'ACKNOWLEDGE')).state).toBe('ACKNOWLEDGED');
  ok(await assign('CRISIS_LEAD', 'dana'), 'lead');
  ok(await assign('LEGAL', 'sam'), 'legal');
  ok(await assign('CUSTOMER_CARE', 'lee'), 'care');

  // 3. One message on every channel, cleared by legal, out before the first-response deadline.
  const statement = async (kind: string, body: string, variants: unknown[] = []) => {
    const created = ok(await server.gql(dana, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id findings { rule } } }`, {
      input: { crisisId, kind, body, language: 'en', channels: ['x', 'facebook', 'website'], variants },
    }), 'createStatement').createStatement;
    ok(await server.gql(dana, `mutation($id: ID!) { submitStatement(id: $id) { status } }`, { id: created.id }), 'submit');
    ok(await server.gql(sam, `mutation($id: ID!) { approveStatement(id: $id, note: "cleared") { status } }`, { id: created.id }), 'approve');
    return { ...ok(await server.gql(dana, `mutation($id: ID!) { publishStatement(id: $id) { id status publishedAt } }`, { id: created.id }), 'publish').publishStatement, findings: created.findings };
  };
  const holding = await statement('HOLDING', 'We have seen the reports about batch 42 and we are taking them very seriously. We are investigating now and will update here within the hour.');
  expect(holding.findings).toEqual([]);
  expect((await send(dana, 'START_RESPONSE')).state).toBe('RESPONDING');

  // 4. Personal replies, most important first, one agent per person.
  const queue = ok(await server.gql(lee, `query($c: ID!) { replyQueue(crisisId: $c, first: 3) { totalCount edges { node { id author } } } }`, { c: crisisId }), 'queue').replyQueue;
  expect(queue.totalCount).toBeGreaterThanOrEqual(3);
  const template = ok(await server.gql(lee, `mutation { createReplyTemplate(input: { name: "batch-42", body: "Hi {{author}}, we are so sorry. Please DM us your order number and we will refund it today. — {{agent}}, {{brand}}" }) { id } }`), 'template').createReplyTemplate;
  for (const { node } of queue.edges) {
    ok(await server.gql(lee, `mutation($m: ID!) { claimMention(mentionId: $m) { holder } }`, { m: node.id }), 'claim');
    const reply = ok(await server.gql(lee, `mutation($input: ReplyToMentionInput!) { replyToMention(input: $input) { body } }`, { input: { mentionId: node.id, templateId: template.id } }), 'reply');
    expect(reply.replyToMention.body).toBe(`Hi ${node.author}, we are so sorry. Please DM us your order number and we will refund it today. — lee, Acme Foods`);
  }

  // 5. A sincere apology, with the action plan it needs.
  ok(await server.gql(dana, `mutation($input: AddActionItemInput!) { addActionItem(input: $input) { id } }`, {
    input: { crisisId, title: 'Recall batch 42 from every store', owner: 'Operations', dueAt: new Date(now + 86_400_000).toISOString() },
  }), 'action item');
  const apology = await statement('APOLOGY', 'We are sorry. We got this wrong. Here is what we are doing: batch 42 is recalled from every store today, and every family affected gets a full refund.',
    [{ channel: 'x', body: 'We are sorry. We got this wrong. Batch 42 is recalled today; every affected family gets a full refund. Details: https://acme.example/batch-42' }]);
  expect(apology.status).toBe('PUBLISHED');

  // 6. Contained, recovering, reviewed with everyone's feedback.
  expect((await send(dana, 'CONTAIN')).state).toBe('CONTAINED');
  expect((await send(dana, 'BEGIN_RECOVERY')).state).toBe('RECOVERY');
  const feedback = `mutation($input: SubmitReviewFeedbackInput!) { submitReviewFeedback(input: $input) { missing } }`;
  ok(await server.gql(sam, feedback, { input: { crisisId, author: 'sam', role: 'LEGAL', body: 'Approvals were fast; keep the pre-cleared wording.', rating: 4 } }), 'legal feedback');
  ok(await server.gql(lee, feedback, { input: { crisisId, author: 'lee', role: 'CUSTOMER_CARE', body: 'The template saved us hours.', rating: 5 } }), 'care feedback');
  ok(await server.gql(dana, feedback, { input: { crisisId, author: 'dana', role: 'CRISIS_LEAD', body: 'We acknowledged fast; replies started late.', rating: 4 } }), 'lead feedback');
  const review = ok(await server.gql(dana, `mutation($input: UpdateReviewInput!) { updateReview(input: $input) { missing complete } }`, {
    input: { crisisId, summary: 'Batch 42 contamination rumours, true for one store; recalled and refunded within a day.', strengths: ['One voice on every channel'], weaknesses: ['Personal replies started late'], lessons: ['Start personal replies as soon as the holding statement is out'] },
  }), 'review').updateReview;
  expect(review).toEqual({ missing: [], complete: true });
  expect((await send(dana, 'COMPLETE_REVIEW')).state).toBe('REVIEWED');

  // 7. What the console saw, and the numbers that stay.
  const total = ok(await server.gql(admin, `query($id: ID!) { crisis(id: $id) { timeline { totalCount } } }`, { id: crisisId }), 'count').crisis.timeline.totalCount;
  const heard = (await events.waitFor(total, 5000)).map((v: any) => v.crisisEvents.toState).filter(Boolean);
  await client.dispose();
  expect(heard).toEqual(['DETECTED', 'ACKNOWLEDGED', 'RESPONDING', 'CONTAINED', 'RECOVERY', 'REVIEWED']);
  const final = ok(await server.gql(admin, `query($id: ID!) { crisis(id: $id) { state firstPublicResponseAt kpis { timeToFirstResponseSeconds repliesSent slaBreaches peakNegativeMentionsPerHour } } }`, { id: crisisId }), 'final').crisis;
  expect(final.state).toBe('REVIEWED');
  expect(final.firstPublicResponseAt).toBe(holding.publishedAt);
  expect(final.kpis).toMatchObject({ repliesSent: 3, slaBreaches: 0 });
  expect(final.kpis.peakNegativeMentionsPerHour).toBeGreaterThanOrEqual(60);

  // 8. The training document, and a plan that learns from it.
  const download = await fetch(`${server.url.replace('/graphql', '')}/reports/${crisisId}.html`, { headers: { authorization: `Bearer ${admin}` } });
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const html = await download.text();
  expect(html).toContain('Start personal replies as soon as the holding statement is out');
  expect(html).toContain('<svg');
  const proposed = ok(await server.gql(admin, `mutation($id: ID!) { proposePlaybookRevision(crisisId: $id) { id version proposal { input reason changes { kind state step } } } }`, { id: crisisId }), 'propose').proposePlaybookRevision;
  expect(proposed.proposal.changes).toContainEqual({ kind: 'PROTOCOL_STEP_ADDED', state: expect.any(String), step: 'Start personal replies as soon as the holding statement is out' });
  const revised = ok(await server.gql(admin, `mutation($p: ID!, $i: PlaybookInput!, $r: String!) { revisePlaybook(id: $p, input: $i, reason: $r) { version learnedFrom { id } } }`, {
    p: proposed.id, i: proposed.proposal.input, r: proposed.proposal.reason,
  }), 'revise').revisePlaybook;
  expect(revised).toEqual({ version: proposed.version, learnedFrom: [{ id: crisisId }] });
  const report = JSON.parse(ok(await server.gql(dana, `query($id: ID!) { crisisReport(crisisId: $id, format: JSON) }`, { id: crisisId }), 'report').crisisReport);
  expect(report.learnedRevisions).toEqual([{ playbookId: proposed.id, version: revised.version, createdAt: expect.any(String) }]);
});

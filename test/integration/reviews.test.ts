// The post-crisis review and the KPIs through the public API: the guard's three conditions, feedback, exact KPIs.
import 'reflect-metadata';
import { CrisisService } from '../../src/crisis/crisis.service';
import { fromGlobalId, toGlobalId } from '../../src/graphql/relay';
import { keepKpisAtClose } from '../../src/reviews/kpis';
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis, driveToRecovery, sendEvent } from '../factories';

let harness: Harness;
let server: TestServer;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
});

afterAll(() => harness.close());

const REVIEW = 'summary strengths weaknesses lessons missing complete revision feedback { author role body rating submittedBy }';
const feedback = (token: string, input: Record<string, unknown>) =>
  server.gql(token, `mutation($input: SubmitReviewFeedbackInput!) { submitReviewFeedback(input: $input) { ${REVIEW} } }`, { input });
const update = (token: string, input: Record<string, unknown>) =>
  server.gql(token, `mutation($input: UpdateReviewInput!) { updateReview(input: $input) { ${REVIEW} } }`, { input });

async function recovering(org: string) {
  const admin = await harness.token(org, 'ADMIN', 'admin');
  const writer = await harness.token(org, 'RESPONDER', 'dana');
  const legal = await harness.token(org, 'RESPONDER', 'sam');
  const brand = await createBrand(server, admin);
  const crisis = await declareCrisis(server, writer, brand.id);
  await driveToRecovery(server, writer, legal, crisis.id, { lead: 'dana', legal: 'sam' });
  return { admin, writer, legal, brand, crisis };
}

test('COMPLETE_REVIEW needs a summary, a lesson and feedback from the crisis lead, and says which are missing', async () => {
  const { writer, legal, crisis } = await recovering('review-guard');
  const complete = () => sendEvent(server, writer, { crisisId: crisis.id, type: 'COMPLETE_REVIEW' });
  expect((await complete()).errors?.[0].extensions).toMatchObject({ code: 'GUARD_FAILED', guard: 'hasCompletedReview', missing: ['summary', 'lessons', 'leadFeedback'] });

  expect((await update(writer, { crisisId: crisis.id, summary: 'Batch 42 rumours, contained in a day.' })).data.updateReview).toMatchObject({ missing: ['lessons', 'leadFeedback'], complete: false, revision: 1 });
  expect((await complete()).errors?.[0].extensions).toMatchObject({ guard: 'hasCompletedReview', missing: ['lessons', 'leadFeedback'] });
  await update(writer, { crisisId: crisis.id, lessons: ['Publish the holding line within 30 minutes'], strengths: ['One voice on every channel'] });
  // Feedback from someone else does not stand in for the lead's.
  const legalSays = await feedback(legal, { crisisId: crisis.id, author: 'sam', role: 'legal', body: 'Approvals were quick.', rating: 4 });
  expect(legalSays.data.submitReviewFeedback).toMatchObject({ missing: ['leadFeedback'], feedback: [{ author: 'sam', role: 'LEGAL', rating: 4, submittedBy: 'sam' }] });
  expect((await complete()).errors?.[0].extensions).toMatchObject({ guard: 'hasCompletedReview', missing: ['leadFeedback'] });

  const leadSays = await feedback(writer, { crisisId: crisis.id, author: 'dana', role: 'CRISIS_LEAD', body: 'We were slow to reply personally.', rating: 3 });
  expect(leadSays.data.submitReviewFeedback).toMatchObject({ missing: [], complete: true, summary: 'Batch 42 rumours, contained in a day.', lessons: ['Publish the holding line within 30 minutes'] });
  const done = await complete();
  expect(done.data.sendCrisisEvent).toMatchObject({ state: 'REVIEWED' });

  const after = await update(writer, { crisisId: crisis.id, summary: 'rewritten' });
  expect(after.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'REVIEWED', event: 'updateReview' });
  const timeline = await server.gql(writer, `query($id: ID!) { crisis(id: $id) { review { summary } timeline(first: 100) { edges { node { type payload } } } } }`, { id: crisis.id });
  expect(timeline.data.crisis.review.summary).toBe('Batch 42 rumours, contained in a day.');
  const types = timeline.data.crisis.timeline.edges.map((e: any) => e.node.type).filter((t: string) => t.startsWith('REVIEW_'));
  expect(types).toEqual(['REVIEW_UPDATED', 'REVIEW_UPDATED', 'REVIEW_FEEDBACK_SUBMITTED', 'REVIEW_FEEDBACK_SUBMITTED']);
});

test('feedback is one per author and role: submitting again replaces it; bad feedback is refused and nothing changes', async () => {
  const { writer, crisis } = await recovering('review-feedback');
  const lee = await harness.token('review-feedback', 'RESPONDER', 'lee');
  await feedback(lee, { crisisId: crisis.id, author: 'Lee', role: 'CUSTOMER_CARE', body: 'Too many DMs for two people.', rating: 2 });
  const again = await feedback(lee, { crisisId: crisis.id, author: 'Lee', role: 'customer_care', body: 'Too many DMs; templates helped.', rating: 3 });
  expect(again.data.submitReviewFeedback.feedback).toEqual([{ author: 'Lee', role: 'CUSTOMER_CARE', body: 'Too many DMs; templates helped.', rating: 3, submittedBy: 'lee' }]);
  for (const [input, field] of [
    [{ rating: 0 }, 'input.rating'], [{ rating: 6 }, 'input.rating'], [{ body: ' ' }, 'input.body'], [{ role: 'lead role!' }, 'input.role'], [{ author: 'x\u0000' }, 'input.author'],
  ] as const) {
    const res = await feedback(lee, { crisisId: crisis.id, author: 'Lee', role: 'CUSTOMER_CARE', body: 'ok', rating: 3, ...input });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  }
  expect((await update(writer, { crisisId: crisis.id })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
  const now = await server.gql(writer, `query($id: ID!) { crisis(id: $id) { review { feedback { body rating } } } }`, { id: crisis.id });
  expect(now.data.crisis.review.feedback).toEqual([{ body: 'Too many DMs; templates helped.', rating: 3 }]);
  // Feedback in the lead's name from someone else's token is not the lead's, and nobody replaces another's feedback.
  const posing = await feedback(lee, { crisisId: crisis.id, author: 'dana', role: 'CRISIS_LEAD', body: 'All fine, says "dana".', rating: 5 });
  expect(posing.data.submitReviewFeedback.missing).toContain('leadFeedback');
  const own = await feedback(writer, { crisisId: crisis.id, author: 'dana', role: 'CRISIS_LEAD', body: 'Mine.', rating: 4 });
  expect(own.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'ownFeedback', submittedBy: 'lee' });
  const byLead = await feedback(writer, { crisisId: crisis.id, author: 'Dana M.', role: 'CRISIS_LEAD', body: 'Replies started late.', rating: 3 });
  expect(byLead.data.submitReviewFeedback.missing).not.toContain('leadFeedback');
  const outsider = await harness.token('review-other', 'RESPONDER', 'x');
  expect((await feedback(outsider, { crisisId: crisis.id, author: 'x', role: 'PR_LEAD', body: 'hi', rating: 5 })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
});

test('KPIs of a whole crisis through the API: durations from its own timestamps, the peak, replies, the baseline, SLA results', async () => {
  const admin = await harness.token('kpis', 'ADMIN', 'admin');
  const writer = await harness.token('kpis', 'RESPONDER', 'dana');
  const legal = await harness.token('kpis', 'RESPONDER', 'sam');
  const brand = await createBrand(server, admin);
  const crisis = await declareCrisis(server, writer, brand.id, { severity: 'LOW' });
  const minute = 60_000;
  const detectedAt = Date.now();
  const at = (offsetMinutes: number) => new Date(detectedAt + offsetMinutes * minute).toISOString();
  const mention = (id: string, offset: number, sentiment: number) => ({ platform: 'x', externalId: id, brandId: brand.id, text: `post ${id}`, sentiment, postedAt: at(offset) });
  const baseline = [mention('base-1', -600, 0.5), mention('base-2', -590, 0.1)]; // 10 h before: inside the 24 h baseline
  const early = Array.from({ length: 10 }, (_, i) => mention(`a${i}`, -115 + i, -0.6)); // 10 negatives in 10 minutes
  const late = Array.from({ length: 14 }, (_, i) => mention(`b${i}`, -40 + i, -0.7)); // 66 minutes later: 14 more
  const ingest = await server.gql(writer, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`, { m: [...baseline, ...early, ...late] });
  expect(ingest.data.ingestMentions.accepted).toBe(26);

  await driveToRecovery(server, writer, legal, crisis.id, { lead: 'dana', legal: 'sam' });
  const ids = await server.gql(writer, `query($b: ID!) { mentions(filter: { brandId: $b }, first: 50) { edges { node { id externalId postedAt } } } }`, { b: brand.id });
  const byExternal = new Map(ids.data.mentions.edges.map((e: any) => [e.node.externalId, e.node]));
  const targets = ['b0', 'b5', 'b13'].map((id) => byExternal.get(id) as { id: string; postedAt: string });
  await server.gql(writer, `mutation($input: LinkMentionsInput!) { linkMentions(input: $input) { linked } }`, { input: { crisisId: crisis.id, mentionIds: targets.map((t) => t.id) } });
  const sent: number[] = [];
  for (const t of targets) {
    const r = await server.gql(writer, `mutation($input: ReplyToMentionInput!) { replyToMention(input: $input) { sentAt } }`, { input: { mentionId: t.id, body: 'Sorry, we are on it.' } });
    sent.push(Math.floor((Date.parse(r.data.replyToMention.sentAt) - Date.parse(t.postedAt)) / 1000));
  }
  await server.gql(writer, `mutation($input: UpdateReviewInput!) { updateReview(input: $input) { complete } }`, { input: { crisisId: crisis.id, summary: 'ok', lessons: ['faster replies'] } });
  await feedback(writer, { crisisId: crisis.id, author: 'dana', role: 'CRISIS_LEAD', body: 'fine', rating: 4 });
  await sendEvent(server, writer, { crisisId: crisis.id, type: 'COMPLETE_REVIEW' });

  const read = () => server.gql(admin, `query($id: ID!) { crisis(id: $id) { detectedAt acknowledgedAt firstPublicResponseAt containedAt closedAt kpis {
      timeToAcknowledgeSeconds timeToFirstResponseSeconds timeToContainSeconds durationSeconds peakNegativeMentionsPerHour slaBreaches
      repliesSent medianReplySeconds sentimentBaseline sentimentAtClose slaResults { sla targetSeconds actualSeconds met } } } }`, { id: crisis.id });
  const first = (await read()).data.crisis;
  const s = (from: string, to: string) => Math.floor((Date.parse(to) - Date.parse(from)) / 1000);
  expect(first.kpis).toMatchObject({
    timeToAcknowledgeSeconds: s(first.detectedAt, first.acknowledgedAt),
    timeToFirstResponseSeconds: s(first.detectedAt, first.firstPublicResponseAt),
    timeToContainSeconds: s(first.detectedAt, first.containedAt),
    durationSeconds: s(first.detectedAt, first.closedAt),
    peakNegativeMentionsPerHour: 14,
    slaBreaches: 0,
    repliesSent: 3,
    medianReplySeconds: [...sent].sort((x, y) => x - y)[1],
  });
  expect(first.kpis.sentimentBaseline).toBeCloseTo(0.3, 5);
  expect(first.kpis.slaResults.find((r: any) => r.sla === 'FIRST_RESPONSE')).toMatchObject({ met: true, actualSeconds: s(first.detectedAt, first.firstPublicResponseAt) });
  expect((await read()).data.crisis.kpis).toEqual(first.kpis);
});

test("KPIs in literal seconds on a crisis driven on a set clock; once closed, late mentions do not move them (an open crisis's do)", async () => {
  const admin = await harness.token('kpis-clock', 'ADMIN', 'admin');
  const writer = await harness.token('kpis-clock', 'RESPONDER', 'dana');
  const brand = await createBrand(server, admin);
  const organizationId = (await server.server.services.auth.authenticate(`Bearer ${writer}`))!.organizationId;
  // Like another API process whose clock the test sets: the same command path, closing hooks included.
  let now = 0;
  const { dataSource } = server.database;
  const crises = new CrisisService(dataSource, server.server.services.playbooks, server.server.services.config.slaDefaults, () => now);
  keepKpisAtClose(dataSource, crises);
  const actor = { organizationId, name: 'dana' };
  const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 3 * 3600_000; // three hours ago, on a minute
  const at = <T>(t: number, run: () => Promise<T>) => ((now = t), run());
  const declare = (t: number) => at(t, () => crises.declareCrisis(actor, { brandId: fromGlobalId('Brand', brand.id), title: 'Clocked', category: 'OTHER', severity: 'LOW' }));
  const closed = await declare(T0);
  await at(T0 + 61_500, () => crises.sendCrisisEvent(actor, { crisisId: closed.id, type: 'ACKNOWLEDGE' }));
  const mention = (id: string, t: number) => ({ platform: 'x', externalId: id, brandId: brand.id, text: `angry ${id}`, sentiment: -0.9, postedAt: new Date(t).toISOString() });
  const ingest = (m: unknown[]) => server.gql(writer, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`, { m });
  await ingest(Array.from({ length: 7 }, (_, i) => mention(`in-${i}`, T0 + 60_000 + i * 1000))); // 7 negatives in the crisis's first minutes
  await at(T0 + 300_900, () => crises.sendCrisisEvent(actor, { crisisId: closed.id, type: 'DISMISS', reason: 'handled' }));
  const open = await declare(T0 + 10_000);

  const kpis = async (id: string) => (await server.gql(admin, `query($id: ID!) { crisis(id: $id) { kpis { timeToAcknowledgeSeconds timeToFirstResponseSeconds
    timeToContainSeconds durationSeconds peakNegativeMentionsPerHour slaBreaches repliesSent medianReplySeconds sentimentAtClose } } }`, { id: toGlobalId('Crisis', id) })).data.crisis.kpis;
  const kept = await kpis(closed.id);
  expect(kept).toEqual({
    timeToAcknowledgeSeconds: 61, timeToFirstResponseSeconds: null, timeToContainSeconds: null, durationSeconds: 300,
    peakNegativeMentionsPerHour: 7, slaBreaches: 0, repliesSent: 0, medianReplySeconds: null, sentimentAtClose: -0.9,
  });
  expect((await kpis(open.id)).peakNegativeMentionsPerHour).toBe(7);
  // Late deliveries, posted before the close: the closed crisis keeps its numbers, the open one counts them.
  await ingest(Array.from({ length: 12 }, (_, i) => ({ ...mention(`late-${i}`, T0 + 120_000 + i * 1000), sentiment: 0.8 })));
  await ingest(Array.from({ length: 5 }, (_, i) => mention(`late-neg-${i}`, T0 + 200_000 + i * 1000)));
  expect(await kpis(closed.id)).toEqual(kept);
  expect((await kpis(open.id)).peakNegativeMentionsPerHour).toBe(12);
});


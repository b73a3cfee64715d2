// Recovery tracked against the baseline, through the public API: mention series with explicit postedAt and sentiment
// (time comes from the data), SENTIMENT_RECOVERED and RECOVERY_RELAPSED once each, under concurrency, and recovery actions.
import { createHarness, eventually, subscribe, untilSubscribed, wsClient, type Harness, type TestServer } from '../support/harness';
import { assignLead, assignRoleTo, createBrand, createStatement, declareCrisis, driveToRecovery, sendEvent, statementStep } from '../factories';

let harness: Harness;
let server: TestServer;
let admin: string;
let writer: string;
let legal: string;
let viewer: string;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const INGEST = `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted duplicates } }`;
const RECOVERY = `query($id: ID!) { crisis(id: $id) { state recovery {
  status backToBaselineAt relapsedAt withinToleranceSince isSustained evaluatedAt windowMentions
  current { negativeShare sentiment negativePerHour } target { negativeShare sentiment negativePerHour } limit { negativeShare sentiment negativePerHour }
  tolerancePercent sustainMinutes windowMinutes minMentions } } }`;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  admin = await harness.token('acme', 'ADMIN', 'admin');
  writer = await harness.token('acme', 'RESPONDER', 'writer');
  legal = await harness.token('acme', 'RESPONDER', 'legal-eagle');
  viewer = await harness.token('acme', 'VIEWER', 'viewer');
});

afterAll(() => harness.close());

let seq = 0;
const iso = (ms: number) => new Date(ms).toISOString();

/** One mention posted in the minute starting at `minute`. */
const mention = (brandId: string, minute: number, sentiment: number) =>
  ({ platform: 'x', externalId: `r${seq++}`, brandId, text: sentiment < 0 ? 'still angry' : 'fine again', sentiment, postedAt: iso(minute + (seq % 50) * 1000) });

/**
 * The brand's normal: one mention a minute, every tenth one negative (-0.5), the others +0.5. Any 10-minute window
 * of it holds 10 mentions and 1 negative: share 0.1, mean sentiment 0.4, 6 negative mentions per hour.
 */
function calm(brandId: string, fromMinute: number, toMinute: number, origin: number) {
  const out = [];
  for (let t = fromMinute; t < toMinute; t += MINUTE) out.push(mention(brandId, t, Math.round((t - origin) / MINUTE) % 10 === 0 ? -0.5 : 0.5));
  return out;
}

/** Ten mentions a minute, eight of them negative (-0.8). */
function spike(brandId: string, fromMinute: number, toMinute: number) {
  const out = [];
  for (let t = fromMinute; t < toMinute; t += MINUTE) for (let i = 0; i < 10; i++) out.push(mention(brandId, t, i < 8 ? -0.8 : 0.5));
  return out;
}

async function ingest(mentions: unknown[], on: TestServer = server) {
  const res = await on.gql(writer, INGEST, { m: mentions });
  expect(res.errors).toBeUndefined();
  return res.data.ingestMentions;
}

async function timeline(crisisId: string): Promise<Array<{ type: string; actor: string; payload: any }>> {
  const res = await server.gql(admin, `query($id: ID!) { crisis(id: $id) { timeline(first: 200) { edges { node { type actor payload } } } } }`, { id: crisisId });
  return res.data.crisis.timeline.edges.map((e: any) => e.node);
}

const recoveryEvents = async (crisisId: string) => (await timeline(crisisId)).filter((e) => e.type === 'SENTIMENT_RECOVERED' || e.type === 'RECOVERY_RELAPSED');

async function recoveryOf(crisisId: string) {
  const res = await server.gql(viewer, RECOVERY, { id: crisisId });
  expect(res.errors).toBeUndefined();
  return res.data.crisis.recovery;
}

/**
 * A brand judged over 10-minute windows (a normal one holds 10 mentions: minMentions 10, so a window the stream has only
 * partly filled tells no share or sentiment), back when within 20 % for 30 minutes, with a crisis declared now and its
 * baseline day ingested (the normal, minute by minute). Returns the curve's start C (detection − 2 h, to the minute):
 * the baseline is the 24 h before C, and crisis-time data goes after it.
 */
/** The baseline day as normal, or with no negative mention at all (every mention +0.5). */
const positive = (brandId: string, fromMinute: number, toMinute: number) => {
  const out = [];
  for (let t = fromMinute; t < toMinute; t += MINUTE) out.push(mention(brandId, t, 0.5));
  return out;
};

async function brandWithCrisis(recovery: Record<string, number> = {}, { baseline = 'calm' }: { baseline?: 'calm' | 'positive' } = {}) {
  const brand = await createBrand(server, admin);
  // Spikes in these series must not page anyone: the threshold is out of reach.
  expect((await server.gql(admin, `mutation($b: ID!) { updateBrandDetection(brandId: $b, input: { threshold: 50 }) { id } }`, { b: brand.id })).errors).toBeUndefined();
  const set = await server.gql(admin, `mutation($b: ID!, $i: BrandRecoveryInput!) { updateBrandRecovery(brandId: $b, input: $i) { id } }`, {
    b: brand.id, i: { tolerancePercent: 20, sustainMinutes: 30, windowMinutes: 10, minMentions: 10, ...recovery },
  });
  expect(set.errors).toBeUndefined();
  const crisis = await declareCrisis(server, writer, brand.id);
  const detectedAt = Date.parse((await server.gql(admin, `query($id: ID!) { crisis(id: $id) { detectedAt } }`, { id: crisis.id })).data.crisis.detectedAt);
  const C = Math.floor((detectedAt - 2 * HOUR) / MINUTE) * MINUTE;
  await ingest(baseline === 'calm' ? calm(brand.id, C - 24 * HOUR, C, C) : positive(brand.id, C - 24 * HOUR, C));
  return { brandId: brand.id, crisisId: crisis.id, C };
}

/** Acknowledged, led, responding, a statement published (legal approves): ready to CONTAIN. */
async function readyToContain(crisisId: string) {
  expect((await sendEvent(server, writer, { crisisId, type: 'ACKNOWLEDGE' })).errors).toBeUndefined();
  await assignLead(server, writer, crisisId);
  await assignRoleTo(server, writer, crisisId, 'LEGAL', 'legal-eagle');
  expect((await sendEvent(server, writer, { crisisId, type: 'START_RESPONSE' })).errors).toBeUndefined();
  const s = await createStatement(server, writer, crisisId);
  expect((await statementStep(server, writer, 'submitStatement', s.id)).errors).toBeUndefined();
  expect((await statementStep(server, legal, 'approveStatement', s.id, 'ok')).errors).toBeUndefined();
  expect((await statementStep(server, writer, 'publishStatement', s.id)).errors).toBeUndefined();
}

async function contain(crisisId: string) {
  await readyToContain(crisisId);
  const res = await sendEvent(server, writer, { crisisId, type: 'CONTAIN' });
  expect(res.errors).toBeUndefined();
}

test('Brand.recovery reads the defaults; updateBrandRecovery (ADMIN) changes the fields given and refuses values out of range', async () => {
  const brand = await createBrand(server, admin);
  const read = async () => (await server.gql(viewer, `{ brands { id recovery { tolerancePercent sustainMinutes windowMinutes minMentions } } }`)).data.brands.find((b: any) => b.id === brand.id).recovery;
  expect(await read()).toEqual({ tolerancePercent: 20, sustainMinutes: 360, windowMinutes: 60, minMentions: 10 });
  const update = (input: Record<string, unknown>, token = admin) =>
    server.gql(token, `mutation($b: ID!, $i: BrandRecoveryInput!) { updateBrandRecovery(brandId: $b, input: $i) { recovery { tolerancePercent sustainMinutes windowMinutes minMentions } } }`, { b: brand.id, i: input });
  expect((await update({ tolerancePercent: 12.5, sustainMinutes: 120 })).data.updateBrandRecovery.recovery).toEqual({ tolerancePercent: 12.5, sustainMinutes: 120, windowMinutes: 60, minMentions: 10 });
  expect((await update({ windowMinutes: 30 })).data.updateBrandRecovery.recovery).toEqual({ tolerancePercent: 12.5, sustainMinutes: 120, windowMinutes: 30, minMentions: 10 });
  for (const [input, field] of [
    [{ tolerancePercent: -1 }, 'input.tolerancePercent'], [{ tolerancePercent: 1001 }, 'input.tolerancePercent'],
    [{ sustainMinutes: 4 }, 'input.sustainMinutes'], [{ sustainMinutes: 10_081 }, 'input.sustainMinutes'],
    [{ windowMinutes: 1441 }, 'input.windowMinutes'], [{ minMentions: 0 }, 'input.minMentions'],
  ] as const) {
    expect((await update(input)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  }
  expect((await update({ windowMinutes: 10 }, writer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect(await read()).toEqual({ tolerancePercent: 12.5, sustainMinutes: 120, windowMinutes: 30, minMentions: 10 });
});

test('updateBrandRecovery on a brand it cannot see is NOT_FOUND, naming the id the client sent', async () => {
  const foreign = await createBrand(server, await harness.token('globex', 'ADMIN', 'admin'));
  const update = (b: string) => server.gql(admin, `mutation($b: ID!) { updateBrandRecovery(brandId: $b, input: { sustainMinutes: 60 }) { id } }`, { b });
  // The same global id padded ("…==") decodes to the same brand: the error still shows what was sent, not a re-encoding.
  for (const sent of [foreign.id, `${foreign.id}==`]) {
    const res = await update(sent);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', kind: 'Brand', id: sent });
    expect(res.errors?.[0].message).toBe(`Brand ${sent} not found`);
  }
});

test('a crisis never contained has no recovery', async () => {
  const brand = await createBrand(server, admin);
  const crisis = await declareCrisis(server, writer, brand.id);
  expect((await server.gql(viewer, RECOVERY, { id: crisis.id })).data.crisis.recovery).toBeNull();
});

test('back within tolerance for the sustained period: one SENTIMENT_RECOVERED, dated by the data; a relapse: one RECOVERY_RELAPSED; back again: a second SENTIMENT_RECOVERED', async () => {
  const { brandId, crisisId, C } = await brandWithCrisis();
  await contain(crisisId);
  const m = (k: number) => C + k * MINUTE;
  const client = wsClient(server, viewer);
  const heard = subscribe(client, `subscription($id: ID!) { crisisEvents(crisisId: $id) { type payload } }`, { id: crisisId });
  try {
    await untilSubscribed(server, 1);
    // A spike in the first 10 minutes of the curve, then the normal: every window containing a spike minute is out, so
    // the run within tolerance starts at the first window without one, C+20; 25 minutes of it are not yet 30.
    await ingest([...spike(brandId, m(0), m(10)), ...calm(brandId, m(10), m(45), C)]);
    expect(await recoveryEvents(crisisId)).toEqual([]);
    const tracking = await recoveryOf(crisisId);
    expect(tracking).toMatchObject({
      status: 'TRACKING', backToBaselineAt: null, relapsedAt: null, withinToleranceSince: iso(m(20)), isSustained: false, evaluatedAt: iso(m(45)), windowMentions: 10,
      tolerancePercent: 20, sustainMinutes: 30, windowMinutes: 10, minMentions: 10,
    });
    // The baseline day: share 0.1, sentiment 0.4, 6 negative mentions an hour; within 20 %: 0.12, (0.4+1)·0.8−1 = 0.12, 7.2.
    // Values are shown to 4 decimals: the float4 noise of summed sentiments (0.40000000596…) does not show.
    expect(tracking.target).toEqual({ negativeShare: 0.1, sentiment: 0.4, negativePerHour: 6 });
    expect(tracking.limit).toEqual({ negativeShare: 0.12, sentiment: 0.12, negativePerHour: 7.2 });
    expect(tracking.current).toEqual({ negativeShare: 0.1, sentiment: 0.4, negativePerHour: 6 });
    // The target is Crisis.metrics' baseline (at one-minute buckets, the curve starts where recovery's baseline ends).
    const metrics = (await server.gql(viewer, `query($id: ID!) { crisis(id: $id) { metrics(bucketMinutes: 1) { baselineNegativeShare baselineMeanSentiment baselineNegativeMentions } } }`, { id: crisisId })).data.crisis.metrics[0];
    expect(metrics.baselineNegativeShare).toBeCloseTo(tracking.target.negativeShare, 4);
    expect(metrics.baselineMeanSentiment).toBeCloseTo(tracking.target.sentiment, 4);
    expect(metrics.baselineNegativeMentions * 60).toBeCloseTo(tracking.target.negativePerHour, 4);

    // Seven more minutes: within since C+20 for 32 minutes ≥ 30, so back at C+50 (where 30 minutes were reached).
    await ingest(calm(brandId, m(45), m(52), C));
    let events = await recoveryEvents(crisisId);
    expect(events.map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED']);
    expect(events[0]).toMatchObject({ actor: 'system', payload: { backToBaselineAt: iso(m(50)), withinToleranceSince: iso(m(20)), evaluatedAt: iso(m(52)), tolerancePercent: 20, sustainMinutes: 30 } });
    expect(events[0].payload).toMatchObject({
      current: { negativeShare: 0.1, sentiment: 0.4, negativePerHour: 6 }, target: { negativeShare: 0.1, sentiment: 0.4, negativePerHour: 6 },
      limit: { negativeShare: 0.12, sentiment: 0.12, negativePerHour: 7.2 },
    });
    const pushed = await eventually(async () => heard.values.find((v: any) => v.crisisEvents.type === 'SENTIMENT_RECOVERED'), 5000, 'SENTIMENT_RECOVERED pushed');
    expect(pushed.crisisEvents.payload).toMatchObject({ backToBaselineAt: iso(m(50)) });
    // Crisis.recovery looks back over the last sustainMinutes only: the whole of them is within, so the run began at
    // C+22 or earlier (the event above has its exact start, C+20).
    expect(await recoveryOf(crisisId)).toMatchObject({ status: 'RECOVERED', backToBaselineAt: iso(m(50)), relapsedAt: null, withinToleranceSince: iso(m(22)), isSustained: true });

    // Staying back writes nothing more.
    await ingest(calm(brandId, m(52), m(60), C));
    expect((await recoveryEvents(crisisId)).map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED']);

    // Negative mentions surge again in minute 60: the window ending at C+61 is the first to hold it.
    await ingest(spike(brandId, m(60), m(63)));
    events = await recoveryEvents(crisisId);
    expect(events.map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED', 'RECOVERY_RELAPSED']);
    expect(events[1].payload).toMatchObject({ relapsedAt: iso(m(61)), backToBaselineAt: iso(m(50)), evaluatedAt: iso(m(63)) });
    expect(events[1].payload.current.negativeShare).toBeGreaterThan(0.12);
    // The same relapse going on is still one relapse.
    await ingest(spike(brandId, m(63), m(65)));
    expect((await recoveryEvents(crisisId)).map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED', 'RECOVERY_RELAPSED']);
    expect(await recoveryOf(crisisId)).toMatchObject({ status: 'RELAPSED', backToBaselineAt: iso(m(50)), relapsedAt: iso(m(61)), withinToleranceSince: null, isSustained: false });

    // The normal again: the last spike minute is 64, so within from C+75; 30 minutes later, C+105, back again.
    await ingest(calm(brandId, m(65), m(100), C));
    expect((await recoveryEvents(crisisId)).map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED', 'RECOVERY_RELAPSED']);
    await ingest(calm(brandId, m(100), m(106), C));
    events = await recoveryEvents(crisisId);
    expect(events.map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED', 'RECOVERY_RELAPSED', 'SENTIMENT_RECOVERED']);
    expect(events[2].payload).toMatchObject({ backToBaselineAt: iso(m(105)), withinToleranceSince: iso(m(75)) });
    expect(await recoveryOf(crisisId)).toMatchObject({ status: 'RECOVERED', backToBaselineAt: iso(m(105)), relapsedAt: null });
    const pushedTypes = () => heard.values.map((v: any) => v.crisisEvents.type).filter((t: string) => t === 'SENTIMENT_RECOVERED' || t === 'RECOVERY_RELAPSED');
    await eventually(async () => pushedTypes().length === 3, 5000, 'three recovery events pushed');
    expect(pushedTypes()).toEqual(['SENTIMENT_RECOVERED', 'RECOVERY_RELAPSED', 'SENTIMENT_RECOVERED']);
  } finally {
    heard.dispose();
    await client.dispose();
  }
});

test('silence and thin windows neither build a recovery nor make a relapse', async () => {
  const { brandId, crisisId, C } = await brandWithCrisis();
  await contain(crisisId);
  const m = (k: number) => C + k * MINUTE;
  // 40 minutes with one positive mention every 5 minutes: never 10 mentions in a window, so share and sentiment are unknown.
  const thin = Array.from({ length: 8 }, (_, i) => mention(brandId, m(10 + 5 * i), 0.5));
  await ingest(thin);
  expect(await recoveryEvents(crisisId)).toEqual([]);
  const r = await recoveryOf(crisisId);
  expect(r).toMatchObject({ status: 'TRACKING', withinToleranceSince: null, current: { negativeShare: null, sentiment: null, negativePerHour: 0 } });
  expect(r.windowMentions).toBe(2);
  // Then the normal for 45 minutes: back. It stops; the windows it leaves half-filled, the silence, and one positive
  // mention much later are not evidence of a relapse.
  await ingest(calm(brandId, m(50), m(95), C));
  expect((await recoveryEvents(crisisId)).map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED']);
  await ingest([mention(brandId, m(115), 0.5)]);
  expect((await recoveryEvents(crisisId)).map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED']);
});

test('ingests racing on two processes decide once: one SENTIMENT_RECOVERED; late data is judged where it belongs', async () => {
  const { brandId, crisisId, C } = await brandWithCrisis();
  const m = (k: number) => C + k * MINUTE;
  await readyToContain(crisisId);
  // Stored while RESPONDING: no check runs, so after CONTAIN every ingest finds the brand back, all at once.
  await ingest([...spike(brandId, m(0), m(10)), ...calm(brandId, m(10), m(60), C)]);
  expect((await sendEvent(server, writer, { crisisId, type: 'CONTAIN' })).errors).toBeUndefined();
  const other = await harness.start();
  try {
    // Each batch is a mention from days before the baseline: it changes nothing but sets off the check.
    const batches = Array.from({ length: 12 }, (_, i) => [mention(brandId, C - 5 * 24 * HOUR + i * MINUTE, 0.5)]);
    const results = await Promise.all(batches.map((b, i) => ingest(b, i % 2 ? other : server)));
    expect(results.every((r) => r.accepted === 1)).toBe(true);
    const events = await recoveryEvents(crisisId);
    expect(events.map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED']);
    expect(events[0].payload).toMatchObject({ withinToleranceSince: iso(m(20)), backToBaselineAt: iso(m(50)), evaluatedAt: iso(m(60)) });

    // Negative mentions posted in minute 40 arrive late: the first window to hold them ends at C+41, a relapse there.
    await ingest(Array.from({ length: 5 }, () => mention(brandId, m(40), -0.8)), other);
    const after = await recoveryEvents(crisisId);
    expect(after.map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED', 'RECOVERY_RELAPSED']);
    expect(after[1].payload).toMatchObject({ relapsedAt: iso(m(41)), evaluatedAt: iso(m(60)) });
  } finally {
    await other.stop();
  }
});

test('a re-escalated crisis pauses its recovery; contained again, it must be back again', async () => {
  const { brandId, crisisId, C } = await brandWithCrisis();
  const m = (k: number) => C + k * MINUTE;
  await contain(crisisId);
  await ingest([...spike(brandId, m(0), m(10)), ...calm(brandId, m(10), m(55), C)]);
  expect((await recoveryEvents(crisisId)).map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED']);
  expect((await sendEvent(server, writer, { crisisId, type: 'REESCALATE', reason: 'a new video' })).errors).toBeUndefined();
  expect(await recoveryOf(crisisId)).toMatchObject({ status: 'PAUSED', backToBaselineAt: null });
  await ingest(calm(brandId, m(55), m(58), C)); // while RESPONDING: not judged
  expect((await sendEvent(server, writer, { crisisId, type: 'CONTAIN' })).errors).toBeUndefined();
  // Back by the data (the last 30 minutes within, from C+28 or earlier), not yet by the timeline: no ingest judged it since.
  expect(await recoveryOf(crisisId)).toMatchObject({ status: 'TRACKING', backToBaselineAt: null, withinToleranceSince: iso(m(28)), isSustained: true });
  await ingest(calm(brandId, m(58), m(60), C));
  expect((await recoveryEvents(crisisId)).map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED', 'SENTIMENT_RECOVERED']);
});

test('a baseline without a single negative mention can be met again: one negative mention per window is tolerated, two are not', async () => {
  const { brandId, crisisId, C } = await brandWithCrisis({}, { baseline: 'positive' });
  await contain(crisisId);
  const m = (k: number) => C + k * MINUTE;
  // The baseline: no negative mention, so b × (1 + P/100) is 0 for volume and share. After the crisis, one negative
  // mention every 10 minutes: each 10-minute window holds exactly one, which the floor tolerates (6 an hour, 1 of 10).
  await ingest(calm(brandId, m(0), m(45), C));
  const events = await recoveryEvents(crisisId);
  expect(events.map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED']);
  expect(events[0].payload).toMatchObject({ withinToleranceSince: iso(m(10)), backToBaselineAt: iso(m(40)) });
  const back = await recoveryOf(crisisId);
  expect(back).toMatchObject({
    status: 'RECOVERED', isSustained: true,
    target: { negativeShare: 0, sentiment: 0.5, negativePerHour: 0 },
    limit: { negativeShare: 0.1, sentiment: 0.2, negativePerHour: 6 },
    current: { negativeShare: 0.1, sentiment: 0.4, negativePerHour: 6 },
  });
  // A second negative mention in minute 52 (the first is in minute 50): the window ending at C+53 holds two, out.
  await ingest(calm(brandId, m(45), m(60), C));
  await ingest([mention(brandId, m(52), -0.5)]);
  const after = await recoveryEvents(crisisId);
  expect(after.map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED', 'RECOVERY_RELAPSED']);
  expect(after[1].payload).toMatchObject({
    relapsedAt: iso(m(53)),
    current: { negativeShare: 0.1818, negativePerHour: 12 },
    limit: { negativeShare: 0.0909, negativePerHour: 6 },
  });
});

test('a closed crisis has a final status: RECOVERED as it stood when reviewed, NOT_RECOVERED when reviewed before it was back', async () => {
  const review = async (crisisId: string) => {
    await server.gql(writer, `mutation($input: UpdateReviewInput!) { updateReview(input: $input) { complete } }`, { input: { crisisId, summary: 'Back in an hour.', lessons: ['Listen longer'] } });
    const fed = await server.gql(writer, `mutation($input: SubmitReviewFeedbackInput!) { submitReviewFeedback(input: $input) { complete } }`, {
      input: { crisisId, author: 'writer', role: 'CRISIS_LEAD', body: 'We waited for the data.', rating: 4 },
    });
    expect(fed.data.submitReviewFeedback.complete).toBe(true);
    expect((await sendEvent(server, writer, { crisisId, type: 'COMPLETE_REVIEW' })).data?.sendCrisisEvent).toMatchObject({ state: 'REVIEWED' });
  };
  const back = await brandWithCrisis();
  const notBack = await brandWithCrisis();
  for (const c of [back, notBack]) await driveToRecovery(server, writer, legal, c.crisisId, { lead: 'writer', legal: 'legal-eagle' });
  const m = (c: { C: number }, k: number) => c.C + k * MINUTE;
  await ingest([...spike(back.brandId, m(back, 0), m(back, 10)), ...calm(back.brandId, m(back, 10), m(back, 55), back.C)]);
  await ingest(spike(notBack.brandId, m(notBack, 0), m(notBack, 30)));
  expect(await recoveryOf(back.crisisId)).toMatchObject({ status: 'RECOVERED' });
  expect(await recoveryOf(notBack.crisisId)).toMatchObject({ status: 'TRACKING' });
  for (const c of [back, notBack]) await review(c.crisisId);

  expect(await recoveryOf(back.crisisId)).toMatchObject({ status: 'RECOVERED', backToBaselineAt: iso(m(back, 50)), relapsedAt: null });
  expect(await recoveryOf(notBack.crisisId)).toMatchObject({ status: 'NOT_RECOVERED', backToBaselineAt: null, relapsedAt: null, withinToleranceSince: null });
  // Closed, it is no longer judged: a new surge writes no relapse and the status stays final.
  await ingest(spike(back.brandId, m(back, 55), m(back, 60)));
  expect((await recoveryEvents(back.crisisId)).map((e) => e.type)).toEqual(['SENTIMENT_RECOVERED']);
  expect(await recoveryOf(back.crisisId)).toMatchObject({ status: 'RECOVERED' });
});

const LOG = `mutation($input: LogRecoveryActionInput!) { logRecoveryAction(input: $input) { id kind title url loggedBy loggedAt } }`;

test('logRecoveryAction records what was done to rebuild trust: a timeline event, Crisis.recoveryActions, and its bucket on the metrics curve', async () => {
  const { crisisId } = await brandWithCrisis();
  await contain(crisisId);
  const res = await server.gql(writer, LOG, { input: { crisisId, kind: 'TESTIMONIAL', title: '  Customers on the new batch  ', url: 'https://acme.example/stories/42' } });
  expect(res.errors).toBeUndefined();
  const action = res.data.logRecoveryAction;
  expect(action).toMatchObject({ kind: 'TESTIMONIAL', title: 'Customers on the new batch', url: 'https://acme.example/stories/42', loggedBy: 'writer' });
  const noUrl = await server.gql(writer, LOG, { input: { crisisId, kind: 'COMMUNITY_ACTION', title: 'Free repairs day' } });
  expect(noUrl.data.logRecoveryAction).toMatchObject({ kind: 'COMMUNITY_ACTION', url: null });

  const logged = (await timeline(crisisId)).filter((e) => e.type === 'RECOVERY_ACTION_LOGGED');
  expect(logged.map((e) => [e.actor, e.payload])).toEqual([
    ['writer', { recoveryActionId: action.id, kind: 'TESTIMONIAL', title: 'Customers on the new batch', url: 'https://acme.example/stories/42' }],
    ['writer', { recoveryActionId: noUrl.data.logRecoveryAction.id, kind: 'COMMUNITY_ACTION', title: 'Free repairs day', url: null }],
  ]);
  const read = await server.gql(viewer, `query($id: ID!) { crisis(id: $id) { recoveryActions { id kind title }
    metrics(bucketMinutes: 15) { bucketStart recoveryActions { id } statements { id } } } }`, { id: crisisId });
  expect(read.data.crisis.recoveryActions.map((a: any) => a.id)).toEqual([action.id, noUrl.data.logRecoveryAction.id]);
  const marked = read.data.crisis.metrics.filter((p: any) => p.recoveryActions.length);
  const bucketOf = (loggedAt: string) => new Date(Math.floor(Date.parse(loggedAt) / (15 * MINUTE)) * 15 * MINUTE).toISOString();
  for (const a of [action, noUrl.data.logRecoveryAction]) {
    expect(marked.filter((p: any) => p.recoveryActions.some((x: any) => x.id === a.id)).map((p: any) => p.bucketStart)).toEqual([bucketOf(a.loggedAt)]);
  }
  const node = await server.gql(viewer, `query($id: ID!) { node(id: $id) { __typename ... on RecoveryAction { title } } }`, { id: action.id });
  expect(node.data.node).toEqual({ __typename: 'RecoveryAction', title: 'Customers on the new batch' });
});

test('logRecoveryAction refuses a bad url, title or kind, text Postgres cannot store, a VIEWER, a closed or foreign crisis', async () => {
  const { crisisId } = await brandWithCrisis();
  const log = (input: Record<string, unknown>, token = writer) => server.gql(token, LOG, { input: { crisisId, kind: 'POSITIVE_STORY', title: 'A good story', ...input } });
  for (const [input, field] of [
    [{ url: 'javascript:alert(1)' }, 'input.url'],
    [{ url: 'ftp://acme.example/file' }, 'input.url'],
    [{ url: 'https://' }, 'input.url'],
    [{ url: 'https://acme.example/a b' }, 'input.url'],
    [{ url: `https://acme.example/${'a'.repeat(2000)}` }, 'input.url'],
    [{ url: 'https://acme.example/\u0000' }, 'input.url'],
    [{ title: '   ' }, 'input.title'],
    [{ title: 'x'.repeat(501) }, 'input.title'],
    [{ title: 'nul \u0000 inside' }, 'input.title'],
    [{ title: 'broken \ud800 pair' }, 'input.title'],
  ] as const) {
    expect((await log(input)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  }
  expect((await log({ kind: 'PRESS_RELEASE' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect((await log({}, viewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await timeline(crisisId)).filter((e) => e.type === 'RECOVERY_ACTION_LOGGED')).toEqual([]);

  const stranger = await harness.token('globex', 'RESPONDER', 'stranger');
  expect((await log({}, stranger)).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  expect((await sendEvent(server, writer, { crisisId, type: 'DISMISS', reason: 'false alarm' })).errors).toBeUndefined();
  expect((await log({})).errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'DISMISSED' });
  expect((await server.gql(viewer, `query($id: ID!) { crisis(id: $id) { recoveryActions { id } } }`, { id: crisisId })).data.crisis.recoveryActions).toEqual([]);
});

test('a page of contained crises reads Crisis.recovery in as many statements at 12 crises as at 3, with the values one crisis reads', async () => {
  const statements: string[] = [];
  let counting = false;
  const counted = await harness.start({ timerMaxIdleMs: 600_000, onQuery: (sql) => { if (counting) statements.push(sql); } });
  try {
    const org = { admin: await harness.token('listing', 'ADMIN', 'admin'), writer: await harness.token('listing', 'RESPONDER', 'writer'), legal: await harness.token('listing', 'RESPONDER', 'legal-eagle') };
    // Three brands judged differently (one whose windows never hold enough mentions), four crises each.
    const settings = [{ windowMinutes: 10, sustainMinutes: 30 }, {}, { windowMinutes: 10, sustainMinutes: 30, minMentions: 100 }];
    const crises: string[] = [];
    for (const recovery of settings) {
      const brand = await createBrand(server, org.admin);
      await server.gql(org.admin, `mutation($b: ID!) { updateBrandDetection(brandId: $b, input: { threshold: 50 }) { id } }`, { b: brand.id });
      await server.gql(org.admin, `mutation($b: ID!, $i: BrandRecoveryInput!) { updateBrandRecovery(brandId: $b, input: $i) { id } }`, { b: brand.id, i: recovery });
      const ids = [];
      for (let i = 0; i < 4; i++) ids.push((await declareCrisis(server, org.writer, brand.id)).id);
      const detectedAt = Date.parse((await server.gql(org.admin, `query($id: ID!) { crisis(id: $id) { detectedAt } }`, { id: ids[0] })).data.crisis.detectedAt);
      const C = Math.floor((detectedAt - 2 * HOUR) / MINUTE) * MINUTE;
      const day = [...calm(brand.id, C - 24 * HOUR, C, C), ...spike(brand.id, C, C + 10 * MINUTE), ...calm(brand.id, C + 10 * MINUTE, C + 90 * MINUTE, C)];
      for (let i = 0; i < day.length; i += 2000) expect((await server.gql(org.writer, INGEST, { m: day.slice(i, i + 2000) })).errors).toBeUndefined();
      await Promise.all(ids.map((id) => driveToRecovery(server, org.writer, org.legal, id, { lead: 'writer', legal: 'legal-eagle' })));
      crises.push(...ids);
    }
    const PAGE = `query($n: Int!) { crises(first: $n) { edges { node { id recovery { status withinToleranceSince isSustained evaluatedAt windowMentions
      current { negativeShare sentiment negativePerHour } limit { negativeShare sentiment negativePerHour } } } } } }`;
    const page = async (n: number) => {
      await counted.gql(org.admin, `{ brands { id } }`); // the token lookup is cached from here on
      statements.length = 0;
      counting = true;
      const res = await counted.gql(org.admin, PAGE, { n });
      counting = false;
      expect(res.errors).toBeUndefined();
      return { count: statements.length, nodes: res.data.crises.edges.map((e: any) => e.node) };
    };
    const three = await page(3);
    const twelve = await page(12);
    expect(twelve.nodes).toHaveLength(12);
    // The page and its count, then episodes, settings, newest minutes, baselines and buckets: one statement each.
    expect(twelve.count).toBe(three.count);
    expect(twelve.count).toBeLessThanOrEqual(7);
    const single = `query($id: ID!) { crisis(id: $id) { recovery { status withinToleranceSince isSustained evaluatedAt windowMentions
      current { negativeShare sentiment negativePerHour } limit { negativeShare sentiment negativePerHour } } } }`;
    for (const node of twelve.nodes) {
      expect(node.recovery).toEqual((await server.gql(org.admin, single, { id: node.id })).data.crisis.recovery);
    }
    expect(new Set(twelve.nodes.map((n: any) => JSON.stringify(n.recovery))).size).toBe(3); // one per brand, all different
  } finally {
    await counted.stop();
  }
});

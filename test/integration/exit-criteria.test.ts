// Playbook exit criteria through the public API: validation, old versions unchanged, CONTAIN and COMPLETE_REVIEW refused
// with each unmet criterion's values and passing once the data meets them, the edge of "for N minutes", too little data.
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { assignLead, createBrand, createStatement, declareCrisis, sendEvent, statementStep } from '../factories';

let harness: Harness;
let server: TestServer;
let admin: string;
let writer: string;
let approver: string;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();
const SLA = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((severity) => ({ severity, acknowledgeWithinSeconds: 3600, firstResponseWithinSeconds: 7200, updateEverySeconds: 7200 }));
const PLAYBOOK = `id version exitCriteria { event metric withinPercentOfBaseline forMinutes }`;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  admin = await harness.token('acme', 'ADMIN', 'admin');
  writer = await harness.token('acme', 'RESPONDER', 'dana');
  approver = await harness.token('acme', 'RESPONDER', 'sam');
});

afterAll(() => harness.close());

let plans = 0;
const playbookInput = (exitCriteria: unknown[] | null) => ({
  name: `Plan ${++plans}`, roles: [{ key: 'CRISIS_LEAD', title: 'Crisis lead' }], channels: ['x', 'facebook'], protocols: [], slaPolicies: SLA, exitCriteria,
});

async function createPlaybook(exitCriteria: unknown[] | null) {
  const res = await server.gql(admin, `mutation($input: PlaybookInput!) { createPlaybook(input: $input) { ${PLAYBOOK} } }`, { input: playbookInput(exitCriteria) });
  expect(res.errors).toBeUndefined();
  return res.data.createPlaybook as { id: string; version: number; exitCriteria: unknown[] };
}

let seq = 0;
const mention = (brandId: string, minute: number, sentiment: number) =>
  ({ platform: 'x', externalId: `e${seq++}`, brandId, text: sentiment < 0 ? 'angry' : 'fine', sentiment, postedAt: iso(minute + (seq % 50) * 1000) });

/** `perMinute` mentions a minute over [from, to), the first `negative` of each minute at -0.5 (or `negativeSentiment`), the rest +0.5. */
function series(brandId: string, from: number, to: number, perMinute: number, negative: number, negativeSentiment = -0.5) {
  const out = [];
  for (let t = from; t < to; t += MINUTE) for (let i = 0; i < perMinute; i++) out.push(mention(brandId, t, i < negative ? negativeSentiment : 0.5));
  return out;
}

async function ingest(mentions: unknown[]) {
  for (let i = 0; i < mentions.length; i += 5000) {
    const res = await server.gql(writer, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`, { m: mentions.slice(i, i + 5000) });
    expect(res.errors).toBeUndefined();
  }
}

/**
 * A brand following `playbookId`, judged over 10-minute windows, with a crisis declared now (pinning the playbook's
 * current version) and, unless told not to, a baseline day of one mention a minute, every tenth negative: share 0.1,
 * sentiment 0.4, 6 negative mentions an hour (or, without `negativeBaseline`, none negative). Returns the crisis id.
 */
async function crisisOn(playbookId: string | null, { baseline = true, negativeBaseline = true } = {}) {
  const brand = await createBrand(server, admin);
  expect((await server.gql(admin, `mutation($b: ID!) { updateBrandDetection(brandId: $b, input: { threshold: 50 }) { id } }`, { b: brand.id })).errors).toBeUndefined();
  expect((await server.gql(admin, `mutation($b: ID!) { updateBrandRecovery(brandId: $b, input: { windowMinutes: 10, minMentions: 10 }) { id } }`, { b: brand.id })).errors).toBeUndefined();
  if (playbookId) {
    expect((await server.gql(admin, `mutation($b: ID!, $p: ID!) { setBrandPlaybook(brandId: $b, playbookId: $p) { id } }`, { b: brand.id, p: playbookId })).errors).toBeUndefined();
  }
  const crisis = await declareCrisis(server, writer, brand.id);
  const detectedAt = Date.parse((await server.gql(admin, `query($id: ID!) { crisis(id: $id) { detectedAt } }`, { id: crisis.id })).data.crisis.detectedAt);
  const C = Math.floor((detectedAt - 2 * HOUR) / MINUTE) * MINUTE;
  if (baseline) {
    const day = [];
    for (let t = C - 24 * HOUR; t < C; t += MINUTE) day.push(mention(brand.id, t, negativeBaseline && Math.round((t - C) / MINUTE) % 10 === 0 ? -0.5 : 0.5));
    await ingest(day);
  }
  return { crisisId: crisis.id, brandId: brand.id };
}

/** Acknowledged, led by dana, responding, a statement published: CONTAIN's own guard passes. */
async function readyToContain(crisisId: string) {
  expect((await sendEvent(server, writer, { crisisId, type: 'ACKNOWLEDGE' })).errors).toBeUndefined();
  await assignLead(server, writer, crisisId, 'dana');
  expect((await sendEvent(server, writer, { crisisId, type: 'START_RESPONSE' })).errors).toBeUndefined();
  const s = await createStatement(server, writer, crisisId);
  expect((await statementStep(server, writer, 'submitStatement', s.id)).errors).toBeUndefined();
  expect((await statementStep(server, approver, 'approveStatement', s.id, 'ok')).errors).toBeUndefined();
  expect((await statementStep(server, writer, 'publishStatement', s.id)).errors).toBeUndefined();
}

const contain = (crisisId: string) => sendEvent(server, writer, { crisisId, type: 'CONTAIN' });

test('exitCriteria are validated with the field at fault, and stored in lifecycle then metric order', async () => {
  const create = (exitCriteria: unknown[]) => server.gql(admin, `mutation($input: PlaybookInput!) { createPlaybook(input: $input) { ${PLAYBOOK} } }`, { input: playbookInput(exitCriteria) });
  const ok = { event: 'CONTAIN', metric: 'NEGATIVE_SHARE', withinPercentOfBaseline: 25, forMinutes: 120 };
  for (const [criteria, field] of [
    [[{ ...ok, event: 'ACKNOWLEDGE' }], 'input.exitCriteria[0].event'],
    [[{ ...ok, event: 'REESCALATE' }], 'input.exitCriteria[0].event'],
    [[ok, { ...ok, forMinutes: 0 }], 'input.exitCriteria[1].forMinutes'],
    [[{ ...ok, forMinutes: 10_081 }], 'input.exitCriteria[0].forMinutes'],
    [[{ ...ok, withinPercentOfBaseline: -1 }], 'input.exitCriteria[0].withinPercentOfBaseline'],
    [[{ ...ok, withinPercentOfBaseline: 1000.5 }], 'input.exitCriteria[0].withinPercentOfBaseline'],
    [[ok, { ...ok, forMinutes: 30 }], 'input.exitCriteria[1].metric'],
    [Array.from({ length: 21 }, () => ok), 'input.exitCriteria'],
  ] as const) {
    expect((await create(criteria as unknown as unknown[])).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  }
  expect((await create([{ ...ok, metric: 'REACH' }])).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT'); // not a ListeningMetric
  const stored = await create([
    { event: 'COMPLETE_REVIEW', metric: 'SENTIMENT', withinPercentOfBaseline: 10, forMinutes: 1440 },
    { event: 'CONTAIN', metric: 'NEGATIVE_PER_HOUR', withinPercentOfBaseline: 50, forMinutes: 60 },
    { ...ok, withinPercentOfBaseline: 12.5 },
  ]);
  expect(stored.data.createPlaybook.exitCriteria).toEqual([
    { ...ok, withinPercentOfBaseline: 12.5 },
    { event: 'CONTAIN', metric: 'NEGATIVE_PER_HOUR', withinPercentOfBaseline: 50, forMinutes: 60 },
    { event: 'COMPLETE_REVIEW', metric: 'SENTIMENT', withinPercentOfBaseline: 10, forMinutes: 1440 },
  ]);
});

test('old versions keep no exit criteria: a crisis pinned to one contains as before, one pinned to the revision is held back', async () => {
  const plan = await createPlaybook(null);
  expect(plan.exitCriteria).toEqual([]);
  const before = await crisisOn(plan.id);
  const criteria = [{ event: 'CONTAIN', metric: 'SENTIMENT', withinPercentOfBaseline: 25, forMinutes: 30 }];
  const revised = await server.gql(admin, `mutation($id: ID!, $input: PlaybookInput!) { revisePlaybook(id: $id, input: $input, reason: "listen before containing") { ${PLAYBOOK} } }`, {
    id: plan.id, input: { ...playbookInput(criteria), name: 'Listening plan' },
  });
  expect(revised.data.revisePlaybook).toMatchObject({ version: 2, exitCriteria: criteria });
  const v1 = await server.gql(admin, `query($id: ID!) { playbook(id: $id, version: 1) { ${PLAYBOOK} } }`, { id: plan.id });
  expect(v1.data.playbook).toMatchObject({ version: 1, exitCriteria: [] });
  const defaults = await server.gql(admin, `{ playbooks { isDefault exitCriteria { event } } }`);
  expect(defaults.data.playbooks.find((p: any) => p.isDefault).exitCriteria).toEqual([]);

  const after = await crisisOn(plan.id);
  for (const c of [before, after]) await readyToContain(c.crisisId);
  // No mention since the baseline day: the sentiment cannot be told, so the criterion is not met.
  const held = await contain(after.crisisId);
  expect(held.errors?.[0].extensions).toMatchObject({ code: 'GUARD_FAILED', guard: 'exitCriteria', event: 'CONTAIN', state: 'RESPONDING' });
  expect((await contain(before.crisisId)).data.sendCrisisEvent).toMatchObject({ state: 'CONTAINED' });
});

test('CONTAIN is refused with each unmet criterion and its values, and passes once late mentions show the share back', async () => {
  const plan = await createPlaybook([{ event: 'CONTAIN', metric: 'NEGATIVE_SHARE', withinPercentOfBaseline: 25, forMinutes: 20 }]);
  const { crisisId, brandId } = await crisisOn(plan.id);
  await readyToContain(crisisId);
  const base = Math.floor(Date.now() / MINUTE) * MINUTE;
  // Ten mentions a minute, one negative (share 0.1), for the last 40 minutes; of the last 11 only the negative and two
  // others have arrived so far (share 1/3 there).
  await ingest([...series(brandId, base - 40 * MINUTE, base - 10 * MINUTE, 10, 1), ...series(brandId, base - 10 * MINUTE, base + MINUTE, 3, 1)]);
  const refused = await contain(crisisId);
  const ext = refused.errors?.[0].extensions;
  expect(ext).toMatchObject({ code: 'GUARD_FAILED', guard: 'exitCriteria', event: 'CONTAIN', state: 'RESPONDING' });
  expect(refused.errors?.[0].message).toContain('NEGATIVE_SHARE');
  expect(ext!.unmet).toHaveLength(1);
  const [unmet] = ext!.unmet;
  expect(unmet).toMatchObject({ metric: 'NEGATIVE_SHARE', withinPercentOfBaseline: 25, forMinutes: 20, since: null, windowMinutes: 10 });
  // Shown to 4 decimals, as everywhere in recovery.
  expect(unmet).toMatchObject({ current: 0.3333, target: 0.1, limit: 0.125 });
  expect(refused.errors?.[0].message).toContain('is 0.3333 against a limit of 0.125 (baseline 0.1');
  expect((await server.gql(admin, `query($id: ID!) { crisis(id: $id) { state } }`, { id: crisisId })).data.crisis.state).toBe('RESPONDING');

  // The rest of those minutes arrives late: judged where it belongs, every window is back at 0.1.
  await ingest(series(brandId, base - 10 * MINUTE, base + MINUTE, 7, 0));
  expect((await contain(crisisId)).data?.sendCrisisEvent).toMatchObject({ state: 'CONTAINED' });
});

/** The edge below depends on the minute the command runs in: start with time to spare in the current one. */
async function clearOfMinuteEnd(spareMs = 25_000) {
  const left = MINUTE - (Date.now() % MINUTE);
  if (left < spareMs) await new Promise((resolve) => setTimeout(resolve, left + 500));
}

test('"for N minutes" is a run of minutes within tolerance ending at the command: exactly N is met, N + 1 is not', async () => {
  const exactly = await createPlaybook([{ event: 'CONTAIN', metric: 'NEGATIVE_SHARE', withinPercentOfBaseline: 25, forMinutes: 17 }]);
  const oneMore = await createPlaybook([{ event: 'CONTAIN', metric: 'NEGATIVE_SHARE', withinPercentOfBaseline: 25, forMinutes: 18 }]);
  const a = await crisisOn(exactly.id);
  const b = await crisisOn(oneMore.id);
  for (const c of [a, b]) await readyToContain(c.crisisId);
  await clearOfMinuteEnd();
  const base = Math.floor(Date.now() / MINUTE) * MINUTE;
  // A spike in minutes base−30 … base−27 (8 of 10 negative), then the normal share. The last window holding a spike
  // minute ends at base−17; from base−16 every window is within. The command's minute ends at base+1: 17 minutes.
  for (const c of [a, b]) {
    await ingest([...series(c.brandId, base - 30 * MINUTE, base - 26 * MINUTE, 10, 8, -0.8), ...series(c.brandId, base - 26 * MINUTE, base + MINUTE, 10, 1)]);
  }
  const refused = await contain(b.crisisId);
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'GUARD_FAILED', guard: 'exitCriteria', evaluatedAt: iso(base + MINUTE) });
  expect(refused.errors?.[0].extensions!.unmet).toEqual([expect.objectContaining({ metric: 'NEGATIVE_SHARE', forMinutes: 18, since: iso(base - 16 * MINUTE) })]);
  expect(refused.errors?.[0].extensions!.unmet[0].current).toBe(0.1);
  expect((await contain(a.crisisId)).data?.sendCrisisEvent).toMatchObject({ state: 'CONTAINED' });
});

test('too little data: no mentions is within for negative volume, unknown (unmet) for sentiment; without a baseline nothing is met', async () => {
  const criteria = [
    { event: 'CONTAIN', metric: 'SENTIMENT', withinPercentOfBaseline: 25, forMinutes: 10 },
    { event: 'CONTAIN', metric: 'NEGATIVE_PER_HOUR', withinPercentOfBaseline: 25, forMinutes: 10 },
  ];
  const plan = await createPlaybook(criteria);
  const quiet = await crisisOn(plan.id);
  const unknown = await crisisOn(plan.id, { baseline: false });
  for (const c of [quiet, unknown]) await readyToContain(c.crisisId);

  const silent = (await contain(quiet.crisisId)).errors?.[0].extensions;
  expect(silent).toMatchObject({ code: 'GUARD_FAILED', guard: 'exitCriteria' });
  expect(silent!.unmet).toEqual([expect.objectContaining({ metric: 'SENTIMENT', current: null, since: null, windowMentions: 0 })]);
  expect(silent!.unmet[0].target).toBe(0.4);

  const noBaseline = (await contain(unknown.crisisId)).errors?.[0].extensions;
  expect(noBaseline!.unmet.map((u: any) => [u.metric, u.target, u.limit])).toEqual([['SENTIMENT', null, null], ['NEGATIVE_PER_HOUR', null, null]]);
});

test('a baseline without negative mentions: one negative mention per window still meets NEGATIVE_SHARE and NEGATIVE_PER_HOUR, two do not', async () => {
  const plan = await createPlaybook([
    { event: 'CONTAIN', metric: 'NEGATIVE_SHARE', withinPercentOfBaseline: 25, forMinutes: 20 },
    { event: 'CONTAIN', metric: 'NEGATIVE_PER_HOUR', withinPercentOfBaseline: 25, forMinutes: 20 },
  ]);
  const occasional = await crisisOn(plan.id, { negativeBaseline: false });
  const twice = await crisisOn(plan.id, { negativeBaseline: false });
  for (const c of [occasional, twice]) await readyToContain(c.crisisId);
  await clearOfMinuteEnd(); // the values below are those of the window ending with this minute
  const base = Math.floor(Date.now() / MINUTE) * MINUTE;
  // Ten mentions a minute for 40 minutes, one of them negative every tenth minute: each 10-minute window holds one
  // negative mention in 100 (the baseline's limits, 0 × 1.25, would make that one out).
  const occasionally = (brandId: string) =>
    Array.from({ length: 41 }, (_, i) => series(brandId, base - (40 - i) * MINUTE, base - (39 - i) * MINUTE, 10, (40 - i) % 10 === 0 ? 1 : 0)).flat();
  await ingest(occasionally(occasional.brandId));
  // The same, and one more negative mention in the minute before the last: the last windows hold two.
  await ingest([...occasionally(twice.brandId), mention(twice.brandId, base - MINUTE, -0.5)]);

  const refused = (await contain(twice.crisisId)).errors?.[0].extensions;
  expect(refused).toMatchObject({ code: 'GUARD_FAILED', guard: 'exitCriteria' });
  expect(refused!.unmet).toEqual([
    expect.objectContaining({ metric: 'NEGATIVE_SHARE', target: 0, limit: 0.0099, current: 0.0198, since: null }), // 2 of 101; the floor: 1 of 101
    expect.objectContaining({ metric: 'NEGATIVE_PER_HOUR', target: 0, limit: 6, current: 12, since: null }), // the floor: one per 10-minute window
  ]);
  expect((await contain(occasional.crisisId)).data?.sendCrisisEvent).toMatchObject({ state: 'CONTAINED' });
});

test('COMPLETE_REVIEW waits for its criteria once the review is complete, and passes when the data meets them', async () => {
  const plan = await createPlaybook([{ event: 'COMPLETE_REVIEW', metric: 'SENTIMENT', withinPercentOfBaseline: 25, forMinutes: 10 }]);
  const { crisisId, brandId } = await crisisOn(plan.id);
  await readyToContain(crisisId);
  expect((await contain(crisisId)).data?.sendCrisisEvent).toMatchObject({ state: 'CONTAINED' }); // no criterion on CONTAIN
  expect((await sendEvent(server, writer, { crisisId, type: 'BEGIN_RECOVERY' })).errors).toBeUndefined();
  const complete = () => sendEvent(server, writer, { crisisId, type: 'COMPLETE_REVIEW' });
  // The review's own guard speaks first.
  expect((await complete()).errors?.[0].extensions).toMatchObject({ code: 'GUARD_FAILED', guard: 'hasCompletedReview' });
  await server.gql(writer, `mutation($input: UpdateReviewInput!) { updateReview(input: $input) { complete } }`, { input: { crisisId, summary: 'Contained in a day.', lessons: ['Listen longer'] } });
  await server.gql(writer, `mutation($input: SubmitReviewFeedbackInput!) { submitReviewFeedback(input: $input) { complete } }`, {
    input: { crisisId, author: 'dana', role: 'CRISIS_LEAD', body: 'We closed too early last time.', rating: 4 },
  });
  const held = (await complete()).errors?.[0].extensions;
  expect(held).toMatchObject({ code: 'GUARD_FAILED', guard: 'exitCriteria', event: 'COMPLETE_REVIEW', state: 'RECOVERY' });
  expect(held!.unmet).toEqual([expect.objectContaining({ metric: 'SENTIMENT', current: null })]);
  const base = Math.floor(Date.now() / MINUTE) * MINUTE;
  await ingest(series(brandId, base - 30 * MINUTE, base + MINUTE, 10, 1));
  expect((await complete()).data?.sendCrisisEvent).toMatchObject({ state: 'REVIEWED' });
});

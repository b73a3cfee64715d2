// Organization analytics (crisisStats) and the plan that learns (proposePlaybookRevision), through the public API.
import 'reflect-metadata';
import { CrisisService } from '../../src/crisis/crisis.service';
import type { CrisisRecord } from '../../src/crisis/crisis.record';
import { fromGlobalId, toGlobalId } from '../../src/graphql/relay';
import { crisisKpiRows } from '../../src/reviews/stats';
import { createHarness, eventually, slaOf, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis, driveToRecovery, sendEvent } from '../factories';

const MINUTE = 60_000;
let harness: Harness;
/** Acknowledge within 10 min, an update every 10 min, first response within a day: nothing falls due during a test by accident. */
let server: TestServer;
/** Acknowledge within a second, for a breach the test can wait for; started after the stats tests (see there). */
let fast: TestServer;
const statements: string[] = [];

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start({ slaDefaults: slaOf({ ack: 600, first: 86_400, update: 600 }), onQuery: (sql) => statements.push(sql) });
});

afterAll(() => harness.close());

/**
 * Time travel through the services, not SQL: a second command path, like another API process, whose clock the test
 * sets. Crises opened through it have their detection, machine context, timers and timeline in agreement, in the past;
 * the servers' timer workers then fire what fell due since, as after an outage.
 */
function clocked(on: TestServer) {
  let now = 0;
  const { dataSource } = on.database;
  const { playbooks, config } = on.server.services;
  const crises = new CrisisService(dataSource, playbooks, config.slaDefaults, () => now);
  return (at: number) => {
    now = at;
    return crises;
  };
}

async function organizationOf(on: TestServer, token: string): Promise<string> {
  return (await on.server.services.auth.authenticate(`Bearer ${token}`))!.organizationId;
}

const PERIOD = `from to total open byCategory { category count } bySeverity { severity count } byState { state count }
  medians { timeToAcknowledgeSeconds { median count } timeToFirstResponseSeconds { median count } timeToContainSeconds { median count }
    durationSeconds { median count } peakNegativeMentionsPerHour { median count } repliesSent { median count } medianReplySeconds { median count } }
  sla { bySla { sla met missed pending rate } overall { met missed pending rate } updateBreaches }`;
const STATS = `query($from: DateTime!, $to: DateTime!, $brandId: ID) { crisisStats(from: $from, to: $to, brandId: $brandId) {
  brandId current { ${PERIOD} } previous { ${PERIOD} }
  trend { total updateBreaches overallRate slaRates { sla delta } medians { timeToAcknowledgeSeconds timeToFirstResponseSeconds timeToContainSeconds
    durationSeconds peakNegativeMentionsPerHour repliesSent medianReplySeconds } } } }`;
const KPIS = `timeToAcknowledgeSeconds timeToFirstResponseSeconds timeToContainSeconds durationSeconds peakNegativeMentionsPerHour slaBreaches
  repliesSent medianReplySeconds slaResults { sla met breachedAt }`;

/** The non-zero counts of a byCategory / bySeverity / byState list, as an object. */
const nonZero = (list: Array<Record<string, any>>, key: string) => Object.fromEntries(list.filter((c) => c.count > 0).map((c) => [c[key], c.count]));

const stats = (token: string, from: number, to: number, brandId?: string) =>
  server.gql(token, STATS, { from: new Date(from).toISOString(), to: new Date(to).toISOString(), brandId });

describe('crisisStats', () => {
  /** The test's "now": the current period is the hour up to 10 minutes from it, the previous one the hour before. */
  const N = Date.now();
  const to = N + 10 * MINUTE;
  const from = to - 60 * MINUTE;
  const a = {} as {
    admin: string; viewer: string; brand1: { id: string }; brand2: { id: string }; orgId: string;
    current: Record<'c1' | 'c2' | 'c3', string>; previous: Record<'p1' | 'p2' | 'p3' | 'p4', string>;
  };
  const b = {} as { viewer: string; brand: { id: string } };

  beforeAll(async () => {
    a.admin = await harness.token('stats-a', 'ADMIN', 'admin');
    a.viewer = await harness.token('stats-a', 'VIEWER', 'viewer');
    const writer = await harness.token('stats-a', 'RESPONDER', 'dana');
    const legal = await harness.token('stats-a', 'RESPONDER', 'sam');
    a.orgId = await organizationOf(server, writer);
    a.brand1 = await createBrand(server, a.admin);
    a.brand2 = await createBrand(server, a.admin);

    // The previous period, an hour and more ago, through the clocked command path.
    const at = clocked(server);
    const actor = { organizationId: a.orgId, name: 'time-traveller' };
    const brand1 = fromGlobalId('Brand', a.brand1.id);
    const brand2 = fromGlobalId('Brand', a.brand2.id);
    const open = (t: number, input: { brandId: string; category: CrisisRecord['category']; severity: CrisisRecord['severity'] }) =>
      at(t).declareCrisis(actor, { title: `${input.category} at ${new Date(t).toISOString()}`, ...input });
    const step = (t: number, crisisId: string, type: 'ACKNOWLEDGE' | 'START_RESPONSE' | 'DISMISS', reason?: string) => at(t).sendCrisisEvent(actor, { crisisId, type, reason });
    const t1 = N - 100 * MINUTE;
    const p1 = await open(t1, { brandId: brand1, category: 'PRODUCT_RECALL', severity: 'HIGH' });
    await step(t1 + 120_000, p1.id, 'ACKNOWLEDGE'); // 2 min: met
    const t2 = N - 98 * MINUTE;
    const p2 = await open(t2, { brandId: brand1, category: 'CUSTOMER_COMPLAINT', severity: 'LOW' });
    await step(t2 + 900_000, p2.id, 'ACKNOWLEDGE'); // 15 min: missed
    const t3 = N - 96 * MINUTE;
    const p3 = await open(t3, { brandId: brand2, category: 'DATA_BREACH', severity: 'MEDIUM' });
    await step(t3 + 30_000, p3.id, 'ACKNOWLEDGE');
    await step(t3 + 300_000, p3.id, 'DISMISS', 'a false alarm'); // closed after 5 min, never answered publicly
    const t4 = N - 90 * MINUTE;
    const p4 = await open(t4, { brandId: brand1, category: 'SERVICE_OUTAGE', severity: 'CRITICAL' });
    await step(t4 + 60_000, p4.id, 'ACKNOWLEDGE');
    await at(t4 + 120_000).assignRole(actor, { crisisId: p4.id, roleKey: 'CRISIS_LEAD', assignee: 'dana' });
    await step(t4 + 300_000, p4.id, 'START_RESPONSE'); // responding since N − 85 min: an update missed every 10 min, 8 by now
    a.previous = { p1: p1.id, p2: p2.id, p3: p3.id, p4: p4.id };
    await eventually(async () => {
      const res = await server.gql(a.viewer, `query($id: ID!) { crisis(id: $id) { kpis { slaBreaches } } }`, { id: toGlobalId('Crisis', p4.id) });
      return res.data.crisis.kpis.slaBreaches === 8;
    }, 10_000, 'the 8 missed updates of p4');

    // The current period, now, through the API.
    const c1 = await declareCrisis(server, writer, a.brand1.id, { category: 'PRODUCT_RECALL', severity: 'CRITICAL' });
    const c2 = await declareCrisis(server, writer, a.brand2.id, { category: 'CUSTOMER_COMPLAINT', severity: 'LOW' });
    await driveToRecovery(server, writer, legal, c1.id, { lead: 'dana', legal: 'sam' });
    const mentions = Array.from({ length: 5 }, (_, i) => ({
      platform: 'x', externalId: `neg-${i}`, brandId: a.brand1.id, text: `awful ${i}`, sentiment: -0.8, postedAt: new Date(N - (10 - i) * MINUTE).toISOString(),
    }));
    expect((await server.gql(writer, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`, { m: mentions })).data.ingestMentions.accepted).toBe(5);
    const listed = await server.gql(writer, `query($b: ID!) { mentions(filter: { brandId: $b }, first: 10) { edges { node { id externalId } } } }`, { b: a.brand1.id });
    const ids = listed.data.mentions.edges.filter((e: any) => ['neg-0', 'neg-3'].includes(e.node.externalId)).map((e: any) => e.node.id);
    await server.gql(writer, `mutation($input: LinkMentionsInput!) { linkMentions(input: $input) { linked } }`, { input: { crisisId: c1.id, mentionIds: ids } });
    for (const mentionId of ids) {
      const r = await server.gql(writer, `mutation($input: ReplyToMentionInput!) { replyToMention(input: $input) { sentAt } }`, { input: { mentionId, body: 'Sorry, we are on it.' } });
      expect(r.data?.replyToMention).toBeTruthy();
    }
    const c3 = await declareCrisis(server, writer, a.brand1.id, { category: 'DATA_BREACH', severity: 'MEDIUM' });
    expect((await sendEvent(server, writer, { crisisId: c3.id, type: 'DISMISS', reason: 'duplicate of another crisis' })).data.sendCrisisEvent.state).toBe('DISMISSED');
    a.current = { c1: c1.id, c2: c2.id, c3: c3.id };

    // Another organization, busy in the same hour.
    const bAdmin = await harness.token('stats-b', 'ADMIN', 'admin');
    const bWriter = await harness.token('stats-b', 'RESPONDER', 'lee');
    b.viewer = await harness.token('stats-b', 'VIEWER', 'viewer');
    b.brand = await createBrand(server, bAdmin);
    const b1 = await declareCrisis(server, bWriter, b.brand.id, { category: 'EXECUTIVE_CONDUCT', severity: 'CRITICAL' });
    await sendEvent(server, bWriter, { crisisId: b1.id, type: 'ACKNOWLEDGE' });
    await declareCrisis(server, bWriter, b.brand.id, { category: 'PRODUCT_RECALL', severity: 'HIGH' });
    await server.gql(bWriter, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`, {
      m: Array.from({ length: 30 }, (_, i) => ({ platform: 'x', externalId: `b-${i}`, brandId: b.brand.id, text: `bad ${i}`, sentiment: -0.9, postedAt: new Date(N - 5 * MINUTE).toISOString() })),
    });
  }, 60_000);

  const kpisOf = async (id: string) => (await server.gql(a.viewer, `query($id: ID!) { crisis(id: $id) { kpis { ${KPIS} } } }`, { id })).data.crisis.kpis;

  test('counts, KPI medians and SLA compliance of the period, against the previous period of equal length (the trend)', async () => {
    const res = await stats(a.viewer, from, to);
    expect(res.errors).toBeUndefined();
    const { current, previous, trend, brandId } = res.data.crisisStats;
    expect(brandId).toBeNull();
    expect([current.from, current.to, previous.from, previous.to]).toEqual([from, to, from - 60 * MINUTE, from].map((t) => new Date(t).toISOString()));

    expect(previous).toMatchObject({ total: 4, open: 3 });
    expect(nonZero(previous.byCategory, 'category')).toEqual({ PRODUCT_RECALL: 1, CUSTOMER_COMPLAINT: 1, DATA_BREACH: 1, SERVICE_OUTAGE: 1 });
    expect(nonZero(previous.bySeverity, 'severity')).toEqual({ LOW: 1, MEDIUM: 1, HIGH: 1, CRITICAL: 1 });
    expect(previous.byState.map((s: any) => s.state)).toEqual(['DETECTED', 'ACKNOWLEDGED', 'RESPONDING', 'CONTAINED', 'RECOVERY', 'REVIEWED', 'DISMISSED']);
    expect(nonZero(previous.byState, 'state')).toEqual({ ACKNOWLEDGED: 2, RESPONDING: 1, DISMISSED: 1 });
    expect(previous.medians).toEqual({
      timeToAcknowledgeSeconds: { median: 90, count: 4 }, // 30, 60, 120, 900
      timeToFirstResponseSeconds: { median: null, count: 0 },
      timeToContainSeconds: { median: null, count: 0 },
      durationSeconds: { median: 300, count: 1 }, // closed crises only
      peakNegativeMentionsPerHour: { median: 5, count: 3 }, // the open crises of brand 1 see today's 5 negatives; brand 2 has none
      repliesSent: { median: 0, count: 4 },
      medianReplySeconds: { median: null, count: 0 },
    });
    // Acknowledged in time: p1, p3, p4; p2 late. First response: p3 closed without one, the others still have a day.
    expect(previous.sla).toEqual({
      bySla: [
        { sla: 'ACKNOWLEDGE', met: 3, missed: 1, pending: 0, rate: 0.75 },
        { sla: 'FIRST_RESPONSE', met: 0, missed: 1, pending: 3, rate: 0 },
      ],
      overall: { met: 3, missed: 2, pending: 3, rate: 0.6 },
      updateBreaches: 8,
    });

    const [c1, c3] = [await kpisOf(a.current.c1), await kpisOf(a.current.c3)];
    expect(current).toMatchObject({ total: 3, open: 2 });
    expect(nonZero(current.byCategory, 'category')).toEqual({ PRODUCT_RECALL: 1, CUSTOMER_COMPLAINT: 1, DATA_BREACH: 1 });
    expect(nonZero(current.bySeverity, 'severity')).toEqual({ LOW: 1, MEDIUM: 1, CRITICAL: 1 });
    expect(nonZero(current.byState, 'state')).toEqual({ DETECTED: 1, RECOVERY: 1, DISMISSED: 1 });
    expect(current.medians).toEqual({
      timeToAcknowledgeSeconds: { median: c1.timeToAcknowledgeSeconds, count: 1 },
      timeToFirstResponseSeconds: { median: c1.timeToFirstResponseSeconds, count: 1 },
      timeToContainSeconds: { median: c1.timeToContainSeconds, count: 1 },
      durationSeconds: { median: c3.durationSeconds, count: 1 },
      peakNegativeMentionsPerHour: { median: 5, count: 2 },
      repliesSent: { median: 0, count: 3 }, // 2, 0, 0
      medianReplySeconds: { median: c1.medianReplySeconds, count: 1 },
    });
    expect(c1.repliesSent).toBe(2);
    // c1 met both; c3 was dismissed unanswered (missed, as in Crisis.kpis); c2 is pending.
    expect(current.sla).toEqual({
      bySla: [
        { sla: 'ACKNOWLEDGE', met: 1, missed: 1, pending: 1, rate: 0.5 },
        { sla: 'FIRST_RESPONSE', met: 1, missed: 1, pending: 1, rate: 0.5 },
      ],
      overall: { met: 2, missed: 2, pending: 2, rate: 0.5 },
      updateBreaches: 0,
    });

    expect(trend).toMatchObject({
      total: -1, updateBreaches: -8,
      slaRates: [{ sla: 'ACKNOWLEDGE', delta: -0.25 }, { sla: 'FIRST_RESPONSE', delta: 0.5 }],
      medians: {
        timeToAcknowledgeSeconds: c1.timeToAcknowledgeSeconds - 90, timeToFirstResponseSeconds: null, timeToContainSeconds: null,
        durationSeconds: c3.durationSeconds - 300, peakNegativeMentionsPerHour: 0, repliesSent: 0, medianReplySeconds: null,
      },
    });
    expect(trend.overallRate).toBeCloseTo(-0.1, 10);
  });

  test('nothing of another organization leaks: its crises are neither counted nor in the medians, its brand is NOT_FOUND', async () => {
    const mine = (await stats(a.viewer, from, to)).data.crisisStats;
    expect(mine.current.total).toBe(3);
    expect(nonZero(mine.current.byCategory, 'category')).not.toHaveProperty('EXECUTIVE_CONDUCT');
    expect(mine.current.medians.timeToAcknowledgeSeconds.count).toBe(1);
    expect(mine.current.medians.peakNegativeMentionsPerHour.median).toBe(5); // org B's 30 negatives are not ours

    const theirs = (await stats(b.viewer, from, to)).data.crisisStats;
    expect(theirs.current).toMatchObject({ total: 2, open: 2 });
    expect(nonZero(theirs.current.byCategory, 'category')).toEqual({ EXECUTIVE_CONDUCT: 1, PRODUCT_RECALL: 1 });
    expect(theirs.current.medians.peakNegativeMentionsPerHour).toEqual({ median: 30, count: 2 });
    expect(theirs.current.sla.bySla[0]).toEqual({ sla: 'ACKNOWLEDGE', met: 1, missed: 0, pending: 1, rate: 1 });
    expect(theirs.previous.total).toBe(0);

    const foreign = await stats(a.viewer, from, to, b.brand.id);
    expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', kind: 'Brand', id: b.brand.id });
    expect(foreign.data).toBeNull();
    expect((await stats(a.viewer, from, to, 'not-an-id')).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  test('a brand filter counts only that brand, in both periods', async () => {
    const res = (await stats(a.admin, from, to, a.brand2.id)).data.crisisStats;
    expect(res.brandId).toBe(a.brand2.id);
    expect(res.current).toMatchObject({ total: 1, open: 1 });
    expect(nonZero(res.current.byState, 'state')).toEqual({ DETECTED: 1 });
    expect(res.previous).toMatchObject({ total: 1, open: 0 });
    expect(nonZero(res.previous.byState, 'state')).toEqual({ DISMISSED: 1 });
    expect(res.previous.medians.durationSeconds).toEqual({ median: 300, count: 1 });
    expect(res.trend.total).toBe(0);
  });

  test('per-crisis KPIs, computed for the whole set at once, agree with Crisis.kpis, in one statement whatever the number of crises', async () => {
    const rows = await crisisKpiRows(server.database.dataSource, a.orgId, { from: new Date(from - 60 * MINUTE), to: new Date(to), brandId: null });
    expect(rows).toHaveLength(7);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of [fromGlobalId('Crisis', a.current.c1), fromGlobalId('Crisis', a.current.c3), a.previous.p2, a.previous.p3, a.previous.p4]) {
      const row = byId.get(id)!;
      const kpis = await kpisOf(toGlobalId('Crisis', id));
      const sla = (kind: string) => kpis.slaResults.find((r: any) => r.sla === kind);
      expect({ ...row, durationSeconds: row.closed ? row.durationSeconds : 'open' }).toMatchObject({
        timeToAcknowledgeSeconds: kpis.timeToAcknowledgeSeconds, timeToFirstResponseSeconds: kpis.timeToFirstResponseSeconds,
        timeToContainSeconds: kpis.timeToContainSeconds, durationSeconds: row.closed ? kpis.durationSeconds : 'open',
        peakNegativeMentionsPerHour: kpis.peakNegativeMentionsPerHour, repliesSent: kpis.repliesSent, medianReplySeconds: kpis.medianReplySeconds,
        met: { ACKNOWLEDGE: sla('ACKNOWLEDGE').met, FIRST_RESPONSE: sla('FIRST_RESPONSE').met },
        updateBreaches: kpis.slaBreaches - kpis.slaResults.filter((r: any) => r.breachedAt).length,
      });
    }
    expect(byId.get(fromGlobalId('Crisis', a.current.c1))).toMatchObject({ repliesSent: 2, peakNegativeMentionsPerHour: 5 });
    expect(byId.get(a.previous.p4)).toMatchObject({ updateBreaches: 8 });

    statements.length = 0;
    expect((await stats(a.viewer, from, to)).data.crisisStats.current.total).toBe(3);
    expect(statements.filter((sql) => sql.includes('mention_bucket'))).toHaveLength(1);
  });

  test('any role may ask; a period must be non-empty and at most 366 days, else BAD_USER_INPUT naming the field', async () => {
    expect((await stats(a.viewer, from, to)).data.crisisStats.current.total).toBe(3);
    expect((await server.gql(null, STATS, { from: new Date(from).toISOString(), to: new Date(to).toISOString() })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const day = 24 * 3600_000;
    for (const [f, t] of [[to, to], [to, from], [to - 367 * day, to]]) {
      const res = await stats(a.viewer, f, t);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    }
    expect((await stats(a.viewer, to, from)).errors?.[0].message).toBe('to: must be after from');
    expect((await stats(a.viewer, to - 367 * day, to)).errors?.[0].extensions).toMatchObject({ maxDays: 366 });
    expect((await stats(a.viewer, to - 366 * day, to)).data.crisisStats.current.total).toBe(7); // both hours' crises
    const garbled = await server.gql(a.viewer, STATS, { from: 'yesterday', to: new Date(to).toISOString() });
    expect(garbled.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('proposePlaybookRevision', () => {
  // Started apart from the other server: its acknowledge SLA of 1 s would breach the stats tests' crises.
  beforeAll(async () => {
    fast = await harness.start({ slaDefaults: slaOf({ ack: 1 }) });
  });

  const REVISION = `mutation($id: ID!) { proposePlaybookRevision(crisisId: $id) { id version learnedFrom { id } protocols { state steps } proposal {
    playbookId baseVersion pinnedVersion input reason learnedFromCrisisId
    changes { kind state step lesson severity sla from to why } skippedLessons { lesson state why } } } }`;
  const REVISE = `mutation($id: ID!, $input: PlaybookInput!, $reason: String!) { revisePlaybook(id: $id, input: $input, reason: $reason) {
    id version revisionReason protocols { state steps } slaPolicies { severity acknowledgeWithinSeconds firstResponseWithinSeconds updateEverySeconds } } }`;
  const lessonsFor = (on: TestServer, token: string, crisisId: string, lessons: string[]) =>
    on.gql(token, `mutation($input: UpdateReviewInput!) { updateReview(input: $input) { lessons } }`, { input: { crisisId, lessons } });

  test('a crisis with lessons and a breached SLA: the draft adds the lessons as steps, revisePlaybook takes it as is', async () => {
    const admin = await harness.token('learns', 'ADMIN', 'admin');
    const writer = await harness.token('learns', 'RESPONDER', 'dana');
    const legal = await harness.token('learns', 'RESPONDER', 'sam');
    const brand = await createBrand(fast, admin);
    const crisis = await declareCrisis(fast, writer, brand.id);
    await eventually(async () => {
      const res = await fast.gql(writer, `query($id: ID!) { crisis(id: $id) { slaDeadlines { sla breachedAt } } }`, { id: crisis.id });
      return res.data.crisis.slaDeadlines.find((d: any) => d.sla === 'ACKNOWLEDGE').breachedAt;
    }, 5000, 'the ACKNOWLEDGE breach');
    await driveToRecovery(fast, writer, legal, crisis.id, { lead: 'dana', legal: 'sam' });

    const none = await fast.gql(admin, REVISION, { id: crisis.id });
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'GUARD_FAILED', guard: 'hasReviewLessons', event: 'proposePlaybookRevision', state: 'RECOVERY' });
    await lessonsFor(fast, writer, crisis.id, [
      'Publish the holding line within 30 minutes',
      'Reply personally to individual comments and reviews', // already a RESPONDING step of the default plan
      'Ask customers for testimonials once sentiment recovers',
    ]);
    expect((await fast.gql(writer, REVISION, { id: crisis.id })).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'ADMIN' });

    const res = await fast.gql(admin, REVISION, { id: crisis.id });
    expect(res.errors).toBeUndefined();
    const unsaved = res.data.proposePlaybookRevision;
    const draft = unsaved.proposal;
    expect(unsaved).toMatchObject({ version: 2, learnedFrom: [{ id: crisis.id }] });
    expect(unsaved.protocols).toEqual(draft.input.protocols);
    expect(draft).toMatchObject({ baseVersion: 1, pinnedVersion: 1, learnedFromCrisisId: crisis.id });
    expect(draft.input.learnedFrom).toEqual([crisis.id]);
    expect(draft.reason).toBe(`Lessons from crisis "Recall rumours spreading" (${crisis.id}): 3 protocol steps added, 0 SLAs changed`);
    expect(draft.changes.map((c: any) => [c.kind, c.state, c.sla])).toEqual([
      ['PROTOCOL_STEP_ADDED', 'ACKNOWLEDGED', null],
      ['PROTOCOL_STEP_ADDED', 'RECOVERY', null],
      ['PROTOCOL_STEP_ADDED', 'DETECTED', 'ACKNOWLEDGE'], // met seconds late against a 1 s target: far over twice, so a step, not a new SLA
    ]);
    expect(draft.skippedLessons).toEqual([{ lesson: 'Reply personally to individual comments and reviews', state: 'RESPONDING', why: 'the RESPONDING protocol already has this step' }]);
    const playbook = (await fast.gql(admin, `query($id: ID!) { crisis(id: $id) { playbook { id name channels protocols { state steps } } } }`, { id: crisis.id })).data.crisis.playbook;
    expect(draft.playbookId).toBe(playbook.id);
    expect(Object.keys(draft.input).sort()).toEqual(expect.arrayContaining(['channels', 'name', 'protocols', 'roles', 'slaPolicies']));
    expect(draft.input).toMatchObject({ name: playbook.name, channels: playbook.channels });

    const saved = await fast.gql(admin, REVISE, { id: draft.playbookId, input: draft.input, reason: draft.reason });
    expect(saved.errors).toBeUndefined();
    const v2 = saved.data.revisePlaybook;
    expect(v2).toMatchObject({ id: playbook.id, version: 2, revisionReason: draft.reason });
    // The link both ways: the version names the crisis it learned from, the crisis's report names the version.
    const learned = await fast.gql(admin, `query($p: ID!) { playbook(id: $p, version: 2) { learnedFrom { id title } } v1: playbook(id: $p, version: 1) { learnedFrom { id } } }`, { p: playbook.id });
    expect(learned.data).toEqual({ playbook: { learnedFrom: [{ id: crisis.id, title: 'Recall rumours spreading' }] }, v1: { learnedFrom: [] } });
    const report = JSON.parse((await fast.gql(admin, `query($id: ID!) { crisisReport(crisisId: $id, format: JSON) }`, { id: crisis.id })).data.crisisReport);
    expect(report.learnedRevisions).toEqual([{ playbookId: playbook.id, version: 2, createdAt: expect.any(String) }]);
    const steps = (state: string, p: any) => p.protocols.find((x: any) => x.state === state).steps;
    expect(steps('ACKNOWLEDGED', v2)).toEqual([...steps('ACKNOWLEDGED', playbook), 'Publish the holding line within 30 minutes']);
    expect(steps('RECOVERY', v2).at(-1)).toBe('Ask customers for testimonials once sentiment recovers');
    expect(steps('DETECTED', v2).at(-1)).toMatch(/^Acknowledge publicly before the ACKNOWLEDGE deadline/);
    expect(steps('RESPONDING', v2)).toEqual(steps('RESPONDING', playbook));

    // Asked again, the draft starts from the current version: what it learned is there already.
    const again = (await fast.gql(admin, REVISION, { id: crisis.id })).data.proposePlaybookRevision.proposal;
    expect(again).toMatchObject({ baseVersion: 2, pinnedVersion: 1, changes: [] });
    expect(again.skippedLessons).toHaveLength(3);

    const outsider = await harness.token('learns-other', 'ADMIN', 'admin');
    expect((await fast.gql(outsider, REVISION, { id: crisis.id })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', kind: 'Crisis' });
  });

  test('an SLA met late but within twice its target becomes the time achieved, rounded up to 5 minutes, for that severity', async () => {
    const admin = await harness.token('learns-sla', 'ADMIN', 'admin');
    const writer = await harness.token('learns-sla', 'RESPONDER', 'dana');
    const brand = await createBrand(server, admin);
    const organizationId = await organizationOf(server, admin);
    const at = clocked(server);
    const actor = { organizationId, name: 'time-traveller' };
    const detected = Date.now() - 20 * MINUTE;
    const crisis = await at(detected).declareCrisis(actor, { brandId: fromGlobalId('Brand', brand.id), title: 'Late to answer', category: 'OTHER', severity: 'MEDIUM' });
    await at(detected + 13 * MINUTE + 5000).sendCrisisEvent(actor, { crisisId: crisis.id, type: 'ACKNOWLEDGE' }); // 13 min 5 s against 10 min
    const id = toGlobalId('Crisis', crisis.id);
    await lessonsFor(server, writer, id, ['Name a backup for the crisis lead at night']);

    const draft = (await server.gql(admin, REVISION, { id })).data.proposePlaybookRevision.proposal;
    expect(draft.changes).toEqual([
      expect.objectContaining({ kind: 'PROTOCOL_STEP_ADDED', state: 'RESPONDING', step: 'Name a backup for the crisis lead at night' }),
      expect.objectContaining({ kind: 'SLA_CHANGED', severity: 'MEDIUM', sla: 'ACKNOWLEDGE', from: 600, to: 900, state: null, step: null }),
    ]);
    expect(draft.changes[1].why).toContain('met 13 min 5 s after detection against a target of 10 min');
    const v2 = (await server.gql(admin, REVISE, { id: draft.playbookId, input: draft.input, reason: draft.reason })).data.revisePlaybook;
    expect(v2.slaPolicies).toEqual([
      { severity: 'LOW', acknowledgeWithinSeconds: 600, firstResponseWithinSeconds: 86_400, updateEverySeconds: 600 },
      { severity: 'MEDIUM', acknowledgeWithinSeconds: 900, firstResponseWithinSeconds: 86_400, updateEverySeconds: 600 },
      { severity: 'HIGH', acknowledgeWithinSeconds: 600, firstResponseWithinSeconds: 86_400, updateEverySeconds: 600 },
      { severity: 'CRITICAL', acknowledgeWithinSeconds: 600, firstResponseWithinSeconds: 86_400, updateEverySeconds: 600 },
    ]);
  });
});

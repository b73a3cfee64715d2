// The lifecycle over real HTTP against real Postgres: transitions, error codes, races, idempotent retries.
import { createHarness, eventually, type Harness, type TestServer } from '../support/harness';
import { assignLead, createBrand, declareCrisis, sendEvent } from '../factories';

let harness: Harness;
let server: TestServer;
let admin: string;
let responder: string;
let viewer: string;
let brandId: string;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  admin = await harness.token('acme', 'ADMIN');
  responder = await harness.token('acme', 'RESPONDER');
  viewer = await harness.token('acme', 'VIEWER');
  brandId = (await createBrand(server, admin, 'Acme')).id;
});

afterAll(() => harness.close());

const timelineOf = async (id: string) => {
  const res = await server.gql(viewer, `query($id: ID!) { crisis(id: $id) { version timeline { totalCount edges { node { type fromState toState actor payload } } } } }`, { id });
  return res.data.crisis as { version: number; timeline: { totalCount: number; edges: Array<{ node: any }> } };
};

test('a declared crisis starts in DETECTED with version 1, a DETECTED event and the events it accepts', async () => {
  const crisis = await declareCrisis(server, responder, brandId);
  expect(crisis).toMatchObject({ state: 'DETECTED', version: 1, availableEvents: ['ACKNOWLEDGE', 'DISMISS'] });
  const timeline = await timelineOf(crisis.id);
  expect(timeline.timeline.edges.map((e) => e.node)).toEqual([
    expect.objectContaining({ type: 'DETECTED', toState: 'DETECTED', actor: 'responder-bot' }),
  ]);
});

test('acknowledge and start the response: states, versions, timestamps and timeline follow', async () => {
  const crisis = await declareCrisis(server, responder, brandId);
  const ack = await sendEvent(server, responder, { crisisId: crisis.id, type: 'ACKNOWLEDGE', expectedVersion: 1 });
  expect(ack.data.sendCrisisEvent).toMatchObject({ state: 'ACKNOWLEDGED', version: 2 });
  expect(Date.parse(ack.data.sendCrisisEvent.acknowledgedAt)).toBeGreaterThanOrEqual(Date.parse(ack.data.sendCrisisEvent.detectedAt));
  const noLead = await sendEvent(server, responder, { crisisId: crisis.id, type: 'START_RESPONSE' });
  expect(noLead.errors?.[0].extensions).toMatchObject({ code: 'GUARD_FAILED', guard: 'hasCrisisLead' });
  expect((await assignLead(server, responder, crisis.id)).version).toBe(3);
  const start = await sendEvent(server, responder, { crisisId: crisis.id, type: 'START_RESPONSE' });
  expect(start.data.sendCrisisEvent).toMatchObject({ state: 'RESPONDING', version: 4, availableEvents: [] });
  const timeline = await timelineOf(crisis.id);
  expect(timeline.timeline.edges.map((e) => [e.node.type, e.node.fromState, e.node.toState])).toEqual([
    ['DETECTED', null, 'DETECTED'],
    ['STATE_CHANGED', 'DETECTED', 'ACKNOWLEDGED'],
    ['ROLE_ASSIGNED', null, null],
    ['STATE_CHANGED', 'ACKNOWLEDGED', 'RESPONDING'],
  ]);
});

test('an event the state does not accept is INVALID_TRANSITION listing the allowed events, and changes nothing', async () => {
  const crisis = await declareCrisis(server, responder, brandId);
  const res = await sendEvent(server, responder, { crisisId: crisis.id, type: 'CONTAIN' });
  expect(res.errors?.[0]).toMatchObject({
    message: 'CONTAIN is not allowed in DETECTED',
    extensions: { code: 'INVALID_TRANSITION', state: 'DETECTED', event: 'CONTAIN', allowed: ['ACKNOWLEDGE', 'DISMISS'] },
  });
  expect((await timelineOf(crisis.id)).version).toBe(1);
});

test('CONTAIN without a published statement is GUARD_FAILED naming the guard', async () => {
  const crisis = await declareCrisis(server, responder, brandId);
  await sendEvent(server, responder, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
  await assignLead(server, responder, crisis.id);
  await sendEvent(server, responder, { crisisId: crisis.id, type: 'START_RESPONSE' });
  const res = await sendEvent(server, responder, { crisisId: crisis.id, type: 'CONTAIN' });
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'GUARD_FAILED', guard: 'hasPublishedStatement' });
  expect((await timelineOf(crisis.id)).version).toBe(4);
});

test('DISMISS needs a reason; with one it closes the crisis and records the reason', async () => {
  const crisis = await declareCrisis(server, responder, brandId);
  const refused = await sendEvent(server, responder, { crisisId: crisis.id, type: 'DISMISS', reason: '   ' });
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'GUARD_FAILED', guard: 'hasReason' });
  const dismissed = await sendEvent(server, responder, { crisisId: crisis.id, type: 'DISMISS', reason: 'a competitor’s bot campaign' });
  expect(dismissed.data.sendCrisisEvent).toMatchObject({ state: 'DISMISSED', version: 2, availableEvents: [] });
  expect(dismissed.data.sendCrisisEvent.closedAt).not.toBeNull();
  const last = (await timelineOf(crisis.id)).timeline.edges.at(-1)!.node;
  expect(last.payload).toEqual({ event: 'DISMISS', reason: 'a competitor’s bot campaign' });
  const after = await sendEvent(server, responder, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
  expect(after.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', allowed: [] });
});

test('a stale expectedVersion is VERSION_CONFLICT with the current version', async () => {
  const crisis = await declareCrisis(server, responder, brandId);
  await sendEvent(server, responder, { crisisId: crisis.id, type: 'ACKNOWLEDGE', expectedVersion: 1 });
  const res = await sendEvent(server, responder, { crisisId: crisis.id, type: 'START_RESPONSE', expectedVersion: 1 });
  expect(res.errors?.[0]).toMatchObject({ message: 'crisis changed since version 1', extensions: { code: 'VERSION_CONFLICT', currentVersion: 2 } });
});

test('ten racing acknowledgements with the same expected version: one wins, nine conflict, one change in the timeline', async () => {
  const crisis = await declareCrisis(server, responder, brandId);
  const results = await Promise.all(
    Array.from({ length: 10 }, () => sendEvent(server, responder, { crisisId: crisis.id, type: 'ACKNOWLEDGE', expectedVersion: 1 })),
  );
  const wins = results.filter((r) => r.data?.sendCrisisEvent);
  const conflicts = results.filter((r) => r.errors?.[0].extensions?.code === 'VERSION_CONFLICT');
  expect(wins).toHaveLength(1);
  expect(conflicts).toHaveLength(9);
  for (const c of conflicts) expect(c.errors![0].extensions!.currentVersion).toBe(2);
  const timeline = await timelineOf(crisis.id);
  expect(timeline.timeline.edges.filter((e) => e.node.type === 'STATE_CHANGED')).toHaveLength(1);
});

test('twenty racing acknowledgements without a version: one wins, the others are refused cleanly, never an internal error', async () => {
  const crisis = await declareCrisis(server, responder, brandId);
  const results = await Promise.all(Array.from({ length: 20 }, () => sendEvent(server, responder, { crisisId: crisis.id, type: 'ACKNOWLEDGE' })));
  expect(results.filter((r) => r.data?.sendCrisisEvent)).toHaveLength(1);
  const codes = results.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code);
  expect(codes).toHaveLength(19);
  for (const code of codes) expect(['INVALID_TRANSITION', 'VERSION_CONFLICT']).toContain(code);
  expect((await timelineOf(crisis.id)).timeline.edges.filter((e) => e.node.type === 'STATE_CHANGED')).toHaveLength(1);
});

test('a retry with the same idempotency key returns the first result and changes nothing more', async () => {
  const crisis = await declareCrisis(server, responder, brandId);
  const input = { crisisId: crisis.id, type: 'ACKNOWLEDGE', expectedVersion: 1, idempotencyKey: `ack-${crisis.id}` };
  const first = await sendEvent(server, responder, input);
  const retries = await Promise.all([sendEvent(server, responder, input), sendEvent(server, responder, input)]);
  for (const retry of retries) expect(retry.data.sendCrisisEvent).toEqual(first.data.sendCrisisEvent);
  expect((await timelineOf(crisis.id)).timeline.totalCount).toBe(2);
  const reused = await sendEvent(server, responder, { ...input, type: 'DISMISS', reason: 'oops' });
  expect(reused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
});

test('idempotency keys expire after their TTL: the key is free again, and what it recorded is gone', async () => {
  const shortLived = await harness.start({ idempotencyKeyTtlSeconds: 1 }); // purged every 250 ms
  try {
    const crisis = await declareCrisis(shortLived, responder, brandId);
    const key = `expiring-${crisis.id}`;
    const first = await sendEvent(shortLived, responder, { crisisId: crisis.id, type: 'ACKNOWLEDGE', idempotencyKey: key });
    expect(first.data.sendCrisisEvent).toMatchObject({ state: 'ACKNOWLEDGED', version: 2 });
    const other = { crisisId: crisis.id, type: 'DISMISS', reason: 'parody account', idempotencyKey: key };
    // Within the TTL the key belongs to the first request…
    expect((await sendEvent(shortLived, responder, other)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    // …after it, the key is purged and a new request may use it.
    const reused = await eventually(async () => (await sendEvent(shortLived, responder, other)).data?.sendCrisisEvent, 5000, 'the key to expire');
    expect(reused).toMatchObject({ state: 'DISMISSED', version: 3 });
  } finally {
    await shortLived.stop();
  }
});

test('roles: a VIEWER reads but cannot act, a RESPONDER acts but cannot create brands, no token is UNAUTHENTICATED', async () => {
  const crisis = await declareCrisis(server, responder, brandId);
  const denied = await sendEvent(server, viewer, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
  expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'RESPONDER' });
  const brand = await server.gql(responder, `mutation { createBrand(input: { name: "Nope" }) { id } }`);
  expect(brand.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const anonymous = await server.gql(null, `{ brands { id } }`);
  expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  const bogus = await server.gql('cd_not-a-real-token', `{ brands { id } }`);
  expect(bogus.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect((await timelineOf(crisis.id)).version).toBe(1);
});

test('bad input is BAD_USER_INPUT naming the field, and stores nothing', async () => {
  const before = await server.gql(viewer, `{ crises(first: 200) { totalCount } }`);
  const empty = await server.gql(responder, `mutation { declareCrisis(input: { brandId: "${brandId}", title: "", category: OTHER, severity: LOW }) { id } }`);
  expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
  const unknownBrand = await server.gql(responder, `mutation { declareCrisis(input: { brandId: "nope", title: "x", category: OTHER, severity: LOW }) { id } }`);
  expect(unknownBrand.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  const blankTitle = await server.gql(responder, `mutation { declareCrisis(input: { brandId: "${brandId}", title: "   ", category: OTHER, severity: LOW }) { id } }`);
  expect(blankTitle.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
  const blankBrand = await server.gql(admin, `mutation { createBrand(input: { name: "  " }) { id } }`);
  expect(blankBrand.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  const after = await server.gql(viewer, `{ crises(first: 200) { totalCount } }`);
  expect(after.data.crises.totalCount).toBe(before.data.crises.totalCount);
});

test('a brand keyword Postgres cannot store (NUL, a lone surrogate) is BAD_USER_INPUT naming it, and no brand is made', async () => {
  for (const keyword of ['a\u0000b', 'x\ud800']) {
    const res = await server.gql(admin, `mutation($input: CreateBrandInput!) { createBrand(input: $input) { id } }`, { input: { name: `Keyword ${keyword.length}`, keywords: ['fine', keyword] } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.keywords[1]' });
  }
  const brands = await server.gql(admin, `{ brands { name } }`);
  expect(brands.data.brands.map((b: { name: string }) => b.name).filter((n: string) => n.startsWith('Keyword'))).toEqual([]);
});

test('text Postgres cannot store (NUL, a lone surrogate) in any crisis command is BAD_USER_INPUT naming the field, and changes nothing', async () => {
  for (const bad of ['a\u0000b', 'x\ud800y']) {
    const crisis = await declareCrisis(server, responder, brandId);
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [`mutation($i: DeclareCrisisInput!) { declareCrisis(input: $i) { id } }`, { brandId, title: 'x', category: 'OTHER', severity: 'LOW', description: bad }, 'input.description'],
      [`mutation($i: SendCrisisEventInput!) { sendCrisisEvent(input: $i) { id } }`, { crisisId: crisis.id, type: 'DISMISS', reason: bad }, 'reason'],
      [`mutation($i: SendCrisisEventInput!) { sendCrisisEvent(input: $i) { id } }`, { crisisId: crisis.id, type: 'ACKNOWLEDGE', idempotencyKey: bad }, 'idempotencyKey'],
      [`mutation($i: SetCrisisSeverityInput!) { setCrisisSeverity(input: $i) { id } }`, { crisisId: crisis.id, severity: 'CRITICAL', reason: bad }, 'input.reason'],
      [`mutation($i: UpdateRootCauseInput!) { updateRootCause(input: $i) { id } }`, { crisisId: crisis.id, nature: 'n', stakeholders: ['ok', bad], impact: 'i' }, 'input.stakeholders[1]'],
      [`mutation($i: AssignRoleInput!) { assignRole(input: $i) { id } }`, { crisisId: crisis.id, roleKey: 'CRISIS_LEAD', assignee: bad }, 'input.assignee'],
    ];
    const crises = (await server.gql(viewer, `{ crises { totalCount } }`)).data.crises.totalCount;
    for (const [mutation, input, field] of cases) {
      const res = await server.gql(admin, mutation, { i: input });
      expect({ field, extensions: res.errors?.[0].extensions }).toEqual({ field, extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) });
    }
    expect((await server.gql(viewer, `{ crises { totalCount } }`)).data.crises.totalCount).toBe(crises);
    expect(await timelineOf(crisis.id)).toMatchObject({ version: 1, timeline: { totalCount: 1 } });
  }
});

test('sendCrisisEvent checks its input before anything else: a bad field is BAD_USER_INPUT and the crisis is unchanged', async () => {
  const crisis = await declareCrisis(server, responder, brandId);
  const zeroVersion = await sendEvent(server, responder, { crisisId: crisis.id, type: 'ACKNOWLEDGE', expectedVersion: 0 });
  expect(zeroVersion.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expectedVersion' });
  const longKey = await sendEvent(server, responder, { crisisId: crisis.id, type: 'ACKNOWLEDGE', idempotencyKey: 'k'.repeat(201) });
  expect(longKey.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  expect(await timelineOf(crisis.id)).toMatchObject({ version: 1, timeline: { totalCount: 1 } });
  const filter = await server.gql(viewer, `{ crises(filter: { states: [DETECTED, DETECTED, DETECTED, DETECTED, DETECTED, DETECTED, DETECTED, DETECTED] }) { totalCount } }`);
  expect(filter.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'states' });
});

test('a cursor this API did not give out is BAD_USER_INPUT, never an internal error', async () => {
  const forge = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
  for (const after of [forge(['nope', 'nope']), forge(['crises', 'nope', 'nope']), forge(['crises', '2026-01-01T00:00:00.000Z', 'not-a-uuid']), forge(['2026-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']), 'garbage']) {
    const res = await server.gql(viewer, `query($a: String) { crises(after: $a) { totalCount } }`, { a: after });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  }
  const crisis = await declareCrisis(server, responder, brandId);
  for (const after of [forge(['timeline', 'abc']), forge(['timeline', '99999999999999999999'])]) {
    const res = await server.gql(viewer, `query($id: ID!, $a: String) { crisis(id: $id) { timeline(after: $a) { totalCount } } }`, { id: crisis.id, a: after });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  }
  // A cursor of another list is refused by name, not read as a position there.
  const crisesCursor = (await server.gql(viewer, `{ crises(first: 1) { pageInfo { endCursor } } }`)).data.crises.pageInfo.endCursor;
  const crossed = await server.gql(viewer, `query($id: ID!, $a: String) { crisis(id: $id) { timeline(after: $a) { totalCount } } }`, { id: crisis.id, a: crisesCursor });
  expect(crossed.errors?.[0]).toMatchObject({ message: expect.stringContaining('is a cursor of crises, not of timeline'), extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  const mentionsOfCrises = await server.gql(viewer, `query($a: String) { mentions(after: $a) { totalCount } }`, { a: crisesCursor });
  expect(mentionsOfCrises.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  const nullFirst = await server.gql(viewer, `query($n: Int) { crises(first: $n) { totalCount } }`, { n: null });
  expect(nullFirst.errors).toBeUndefined();
});

test('crises: newest first, filtered, paginated with a cap on first', async () => {
  const other = (await createBrand(server, admin, 'Other brand')).id;
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await declareCrisis(server, responder, other, { severity: i % 2 ? 'LOW' : 'CRITICAL' })).id);
  const page1 = await server.gql(viewer, `query($b: ID!) { crises(filter: { brandId: $b }, first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`, { b: other });
  expect(page1.data.crises.totalCount).toBe(5);
  expect(page1.data.crises.edges.map((e: any) => e.node.id)).toEqual([ids[4], ids[3]]);
  const page2 = await server.gql(viewer, `query($b: ID!, $a: String) { crises(filter: { brandId: $b }, first: 10, after: $a) { pageInfo { hasNextPage } edges { node { id } } } }`, { b: other, a: page1.data.crises.pageInfo.endCursor });
  expect(page2.data.crises.edges.map((e: any) => e.node.id)).toEqual([ids[2], ids[1], ids[0]]);
  expect(page2.data.crises.pageInfo.hasNextPage).toBe(false);
  const critical = await server.gql(viewer, `query($b: ID!) { crises(filter: { brandId: $b, severities: [CRITICAL], states: [DETECTED] }) { totalCount } }`, { b: other });
  expect(critical.data.crises.totalCount).toBe(3);
  const tooMany = await server.gql(viewer, `{ crises(first: 201) { totalCount } }`);
  expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', max: 200 });
});

test('node(id) finds crises and brands; crisisMachine describes the states', async () => {
  const crisis = await declareCrisis(server, responder, brandId);
  const res = await server.gql(viewer, `query($c: ID!, $b: ID!) { c: node(id: $c) { __typename id ... on Crisis { state } } b: node(id: $b) { __typename ... on Brand { name } } crisisMachine }`, { c: crisis.id, b: brandId });
  expect(res.data.c).toEqual({ __typename: 'Crisis', id: crisis.id, state: 'DETECTED' });
  expect(res.data.b).toEqual({ __typename: 'Brand', name: 'Acme' });
  expect(Object.keys(res.data.crisisMachine.states)).toEqual(['DETECTED', 'ACKNOWLEDGED', 'RESPONDING', 'CONTAINED', 'RECOVERY', 'REVIEWED', 'DISMISSED']);
});

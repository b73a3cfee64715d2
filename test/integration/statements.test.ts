// Statements through the public API: the workflow and its refusals, legal approval and four eyes, channel limits, publication.
import { Client as PgClient } from 'pg';
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { assignLead, assignRoleTo, createBrand, createStatement, declareCrisis, sendEvent, statementStep } from '../factories';

let harness: Harness;
let server: TestServer;
let admin: string;
let writer: string;
let legal: string;
let other: string;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  admin = await harness.token('acme', 'ADMIN', 'admin');
  writer = await harness.token('acme', 'RESPONDER', 'writer');
  legal = await harness.token('acme', 'RESPONDER', 'legal-eagle');
  other = await harness.token('acme', 'RESPONDER', 'other');
});

afterAll(() => harness.close());

/** A crisis of the default plan (which has a LEGAL role) with `legal-eagle` as its LEGAL. */
async function crisisWithLegal() {
  const brand = await createBrand(server, admin);
  const crisis = await declareCrisis(server, writer, brand.id);
  await assignRoleTo(server, admin, crisis.id, 'LEGAL', 'legal-eagle');
  return crisis;
}

async function approved(crisisId: string, overrides: Record<string, unknown> = {}) {
  const s = await createStatement(server, writer, crisisId, overrides);
  expect((await statementStep(server, writer, 'submitStatement', s.id)).errors).toBeUndefined();
  expect((await statementStep(server, legal, 'approveStatement', s.id, 'ok')).errors).toBeUndefined();
  return s;
}

async function timelineTypes(crisisId: string): Promise<Array<{ type: string; actor: string; payload: any }>> {
  const res = await server.gql(admin, `query($id: ID!) { crisis(id: $id) { timeline(first: 200) { edges { node { type actor payload } } } } }`, { id: crisisId });
  return res.data.crisis.timeline.edges.map((e: any) => e.node);
}

test('a statement goes DRAFT → IN_REVIEW → APPROVED → PUBLISHED, each step a timeline event by its actor', async () => {
  const crisis = await crisisWithLegal();
  const s = await createStatement(server, writer, crisis.id);
  expect(s).toMatchObject({ status: 'DRAFT', revision: 1, author: 'writer', allowedSteps: ['UPDATE', 'SUBMIT'] });
  expect((await statementStep(server, writer, 'submitStatement', s.id)).data.submitStatement).toMatchObject({ status: 'IN_REVIEW', allowedSteps: ['APPROVE', 'REJECT'] });
  expect((await statementStep(server, legal, 'approveStatement', s.id, 'fine by legal')).data.approveStatement).toMatchObject({ status: 'APPROVED', approvedBy: 'legal-eagle' });
  const published = (await statementStep(server, other, 'publishStatement', s.id)).data.publishStatement;
  expect(published).toMatchObject({ status: 'PUBLISHED', publishedBy: 'other', channels: ['x', 'facebook'], allowedSteps: [] });
  expect(Date.parse(published.publishedAt)).toBeGreaterThan(Date.now() - 60_000);
  const events = (await timelineTypes(crisis.id)).filter((e) => e.type.startsWith('STATEMENT_'));
  expect(events.map((e) => [e.type, e.actor])).toEqual([
    ['STATEMENT_SUBMITTED', 'writer'], ['STATEMENT_APPROVED', 'legal-eagle'], ['STATEMENT_PUBLISHED', 'other'],
  ]);
  expect(events[1].payload).toMatchObject({ statementId: s.id, from: 'IN_REVIEW', to: 'APPROVED', note: 'fine by legal' });
  expect(events[2].payload).toMatchObject({ statementId: s.id, kind: 'HOLDING', channels: ['x', 'facebook'] });
  const approvals = await server.gql(admin, `query($id: ID!) { node(id: $id) { ... on Statement { approvals { decision approver note revision } } } }`, { id: s.id });
  expect(approvals.data.node.approvals).toEqual([{ decision: 'APPROVED', approver: 'legal-eagle', note: 'fine by legal', revision: 1 }]);
});

test('a step in the wrong order is INVALID_TRANSITION with the steps the status allows', async () => {
  const crisis = await crisisWithLegal();
  const s = await createStatement(server, writer, crisis.id);
  const early = await statementStep(server, writer, 'publishStatement', s.id);
  expect(early.errors?.[0].extensions).toMatchObject({
    code: 'INVALID_TRANSITION', state: 'DRAFT', event: 'publishStatement', allowed: ['UPDATE', 'SUBMIT'], allowedMutations: ['updateStatement', 'submitStatement'],
  });
  const approveDraft = await statementStep(server, legal, 'approveStatement', s.id);
  expect(approveDraft.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'DRAFT', event: 'approveStatement' });
  await statementStep(server, writer, 'submitStatement', s.id);
  const edit = await server.gql(writer, `mutation($id: ID!) { updateStatement(id: $id, input: { body: "new" }) { id } }`, { id: s.id });
  expect(edit.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'IN_REVIEW', allowed: ['APPROVE', 'REJECT'] });
  expect((await timelineTypes(crisis.id)).filter((e) => e.type.startsWith('STATEMENT_')).map((e) => e.type)).toEqual(['STATEMENT_SUBMITTED']);
});

test('rejection sends it back to DRAFT with the note; the edited draft has a new revision and the editor joins its contributors', async () => {
  const crisis = await crisisWithLegal();
  const s = await createStatement(server, writer, crisis.id);
  await statementStep(server, writer, 'submitStatement', s.id);
  const rejected = await statementStep(server, legal, 'rejectStatement', s.id, 'too vague on the refund');
  expect(rejected.data.rejectStatement).toMatchObject({ status: 'DRAFT', revision: 1 });
  const edited = await server.gql(other, `mutation($id: ID!) { updateStatement(id: $id, input: { body: "Refunds go out by Friday." }) { status revision body contributors } }`, { id: s.id });
  expect(edited.data.updateStatement).toEqual({ status: 'DRAFT', revision: 2, body: 'Refunds go out by Friday.', contributors: ['writer', 'other'] });
  const events = (await timelineTypes(crisis.id)).filter((e) => e.type === 'STATEMENT_REJECTED');
  expect(events).toHaveLength(1);
  expect(events[0].payload).toMatchObject({ note: 'too vague on the refund', from: 'IN_REVIEW', to: 'DRAFT' });
});

test("with a LEGAL role in the playbook, only the crisis's LEGAL may approve: anyone else is FORBIDDEN with requiredRole LEGAL", async () => {
  const crisis = await crisisWithLegal();
  const s = await createStatement(server, writer, crisis.id);
  await statementStep(server, writer, 'submitStatement', s.id);
  for (const token of [other, admin]) {
    const res = await statementStep(server, token, 'approveStatement', s.id);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'LEGAL', holder: 'legal-eagle' });
  }
  const state = await server.gql(admin, `query($id: ID!) { node(id: $id) { ... on Statement { status approvals { decision } } } }`, { id: s.id });
  expect(state.data.node).toEqual({ status: 'IN_REVIEW', approvals: [] });
  expect((await timelineTypes(crisis.id)).some((e) => e.type === 'STATEMENT_APPROVED')).toBe(false);
});

test('with a LEGAL role and nobody holding it, approval is FORBIDDEN and says to assign one', async () => {
  const brand = await createBrand(server, admin);
  const crisis = await declareCrisis(server, writer, brand.id);
  const s = await createStatement(server, writer, crisis.id);
  await statementStep(server, writer, 'submitStatement', s.id);
  const res = await statementStep(server, legal, 'approveStatement', s.id);
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'LEGAL', holder: null });
  expect(res.errors?.[0].message).toContain('assignRole');
});

test('without a LEGAL role any responder approves, but never an author of the statement (four eyes)', async () => {
  const brand = await createBrand(server, admin);
  const plan = await server.gql(admin, `mutation($input: PlaybookInput!) { createPlaybook(input: $input) { id } }`, {
    input: {
      name: 'No legal', roles: [{ key: 'CRISIS_LEAD', title: 'Lead', responsibilities: [] }], channels: ['x', 'sms'], protocols: [],
      slaPolicies: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((severity) => ({ severity, acknowledgeWithinSeconds: 3600, firstResponseWithinSeconds: 7200, updateEverySeconds: 3600 })),
    },
  });
  await server.gql(admin, `mutation($b: ID!, $p: ID!) { setBrandPlaybook(brandId: $b, playbookId: $p) { id } }`, { b: brand.id, p: plan.data.createPlaybook.id });
  const crisis = await declareCrisis(server, writer, brand.id);
  const s = await createStatement(server, writer, crisis.id, { channels: ['x'] });
  await statementStep(server, writer, 'submitStatement', s.id);
  const own = await statementStep(server, writer, 'approveStatement', s.id);
  expect(own.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'fourEyes' });
  expect((await statementStep(server, other, 'approveStatement', s.id)).data.approveStatement).toMatchObject({ status: 'APPROVED', approvedBy: 'other' });
  const facebook = await server.gql(writer, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
    input: { crisisId: crisis.id, kind: 'HOLDING', body: 'We are on it.', language: 'en', channels: ['facebook'] },
  });
  expect(facebook.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.channels[0]', channel: 'facebook', channels: ['x', 'sms'] });
});

test('X counts weighted length as X does: three long URLs fit, 150 CJK characters do not, and the error names channel and limit', async () => {
  const crisis = await crisisWithLegal();
  const url = (n: number) => `https://status.example.com/incidents/2026/12/02/${'a'.repeat(150)}/${n}`;
  const withUrls = `Update: details at ${url(1)} and ${url(2)} and ${url(3)}. We are sorry for the disruption.`;
  expect(withUrls.length).toBeGreaterThan(500);
  const ok = await createStatement(server, writer, crisis.id, { body: withUrls, channels: ['x'] });
  const texts = await server.gql(admin, `query($id: ID!) { node(id: $id) { ... on Statement { channelTexts { channel length limit unit canonical } } } }`, { id: ok.id });
  expect(texts.data.node.channelTexts).toEqual([{ channel: 'x', length: 19 + 23 + 5 + 23 + 5 + 23 + 34, limit: 280, unit: 'X_WEIGHTED', canonical: true }]);

  const cjk = '我们'.repeat(75); // 150 characters, each weighted 2 by X
  const refused = await server.gql(writer, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
    input: { crisisId: crisis.id, kind: 'HOLDING', body: cjk, language: 'zh', channels: ['x'] },
  });
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body', channel: 'x', limit: 280, length: 300, unit: 'X_WEIGHTED' });

  const emoji = await server.gql(writer, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
    input: { crisisId: crisis.id, kind: 'HOLDING', body: 'A long statement for the website. '.repeat(20), language: 'en', channels: ['x', 'website'], variants: [{ channel: 'x', body: '🙏'.repeat(141) }] },
  });
  expect(emoji.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.variants[0].body', channel: 'x', limit: 280, length: 282 });
});

test('a channel with no variant publishes the canonical body, which must fit it; a short variant makes it fit', async () => {
  const crisis = await crisisWithLegal();
  const long = 'We know many of you are angry and you are right to be. '.repeat(8);
  const refused = await server.gql(writer, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
    input: { crisisId: crisis.id, kind: 'HOLDING', body: long, language: 'en', channels: ['facebook', 'x'] },
  });
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body', channel: 'x', limit: 280 });
  expect(refused.errors?.[0].message).toContain('variant');
  const fits = await createStatement(server, writer, crisis.id, { body: long, channels: ['facebook', 'x'], variants: [{ channel: 'x', body: 'You are right to be angry. Full statement: https://acme.example/statement' }] });
  expect(fits.status).toBe('DRAFT');
  const stray = await server.gql(writer, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
    input: { crisisId: crisis.id, kind: 'HOLDING', body: 'Short.', language: 'en', channels: ['x'], variants: [{ channel: 'instagram', body: 'Short.' }] },
  });
  expect(stray.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.variants[0].channel', channel: 'instagram' });
});

test('bad input is refused with the field named and nothing is stored', async () => {
  const crisis = await crisisWithLegal();
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ body: '   ' }, 'input.body'],
    [{ body: 'nul \u0000 inside' }, 'input.body'],
    [{ language: 'english!' }, 'input.language'],
    [{ channels: [] }, 'input.channels'],
    [{ channels: ['x', 'X'] }, 'input.channels'],
    [{ channels: ['myspace'] }, 'input.channels[0]'],
  ];
  for (const [overrides, field] of cases) {
    const res = await server.gql(writer, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
      input: { crisisId: crisis.id, kind: 'HOLDING', body: 'We are on it.', language: 'en', channels: ['x'], ...overrides },
    });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  }
  const list = await server.gql(admin, `query($id: ID!) { crisis(id: $id) { statements { id } } }`, { id: crisis.id });
  expect(list.data.crisis.statements).toEqual([]);
});

test('publishing is idempotent and final: a second publish answers the same statement with no second event; the row cannot change', async () => {
  const crisis = await crisisWithLegal();
  const s = await approved(crisis.id);
  const first = (await statementStep(server, writer, 'publishStatement', s.id)).data.publishStatement;
  const again = await statementStep(server, other, 'publishStatement', s.id);
  expect(again.errors).toBeUndefined();
  expect(again.data.publishStatement).toEqual(first);
  const events = (await timelineTypes(crisis.id)).filter((e) => e.type === 'STATEMENT_PUBLISHED');
  expect(events).toHaveLength(1);
  const edit = await server.gql(writer, `mutation($id: ID!) { updateStatement(id: $id, input: { body: "changed" }) { id } }`, { id: s.id });
  expect(edit.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'PUBLISHED', allowed: [] });
  const reject = await statementStep(server, legal, 'rejectStatement', s.id);
  expect(reject.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'PUBLISHED' });
  // Even below the API, the database refuses to change a published statement.
  const pg = new PgClient({ connectionString: harness.db.url });
  await pg.connect();
  try {
    await expect(pg.query(`UPDATE statement SET body = 'rewritten' WHERE status = 'PUBLISHED'`)).rejects.toThrow(/published and cannot change/);
  } finally {
    await pg.end();
  }
});

test('a correction is a new statement that supersedes the published one; only a published statement can be superseded', async () => {
  const crisis = await crisisWithLegal();
  const s = await approved(crisis.id);
  await statementStep(server, writer, 'publishStatement', s.id);
  const draft = await createStatement(server, writer, crisis.id);
  const refused = await server.gql(writer, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
    input: { crisisId: crisis.id, kind: 'UPDATE', body: 'Correction.', language: 'en', channels: ['x'], supersedes: draft.id },
  });
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.supersedes' });
  const correction = await server.gql(writer, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id kind supersedes { id status } } }`, {
    input: { crisisId: crisis.id, kind: 'UPDATE', body: 'Correction: refunds go out Friday, not Monday.', language: 'en', channels: ['x'], supersedes: s.id },
  });
  expect(correction.data.createStatement).toMatchObject({ kind: 'UPDATE', supersedes: { id: s.id, status: 'PUBLISHED' } });
});

test('CONTAIN is refused before a publication and allowed after it; the publication moves the crisis version', async () => {
  const crisis = await crisisWithLegal();
  await sendEvent(server, writer, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
  await assignLead(server, writer, crisis.id);
  await sendEvent(server, writer, { crisisId: crisis.id, type: 'START_RESPONSE' });
  const early = await sendEvent(server, writer, { crisisId: crisis.id, type: 'CONTAIN' });
  expect(early.errors?.[0].extensions).toMatchObject({ code: 'GUARD_FAILED', guard: 'hasPublishedStatement' });
  const s = await approved(crisis.id);
  const before = (await server.gql(admin, `query($id: ID!) { crisis(id: $id) { version availableEvents } }`, { id: crisis.id })).data.crisis;
  expect(before.availableEvents).not.toContain('CONTAIN');
  await statementStep(server, writer, 'publishStatement', s.id);
  const after = (await server.gql(admin, `query($id: ID!) { crisis(id: $id) { version availableEvents firstPublicResponseAt } }`, { id: crisis.id })).data.crisis;
  expect(after.version).toBe(before.version + 1);
  expect(after.availableEvents).toContain('CONTAIN');
  // A script that read the crisis before the publication is told it moved on.
  const stale = await sendEvent(server, writer, { crisisId: crisis.id, type: 'CONTAIN', expectedVersion: before.version });
  expect(stale.errors?.[0].extensions).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: after.version });
  expect((await sendEvent(server, writer, { crisisId: crisis.id, type: 'CONTAIN', expectedVersion: after.version })).data.sendCrisisEvent.state).toBe('CONTAINED');
});

test('statements of another organization are NOT_FOUND, and a VIEWER cannot write them', async () => {
  const crisis = await crisisWithLegal();
  const s = await createStatement(server, writer, crisis.id);
  const outsider = await harness.token('globex', 'RESPONDER', 'outsider');
  expect((await statementStep(server, outsider, 'submitStatement', s.id)).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  expect((await server.gql(outsider, `query($id: ID!) { node(id: $id) { id } }`, { id: s.id })).data.node).toBeNull();
  const foreign = await server.gql(outsider, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
    input: { crisisId: crisis.id, kind: 'HOLDING', body: 'x', language: 'en', channels: ['x'] },
  });
  expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  const viewer = await harness.token('acme', 'VIEWER', 'watcher');
  expect((await statementStep(server, viewer, 'submitStatement', s.id)).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'RESPONDER' });
});

test("a playbook's own channel limits replace the built-in ones (SMS segments, a press release's length) and are checked when it is written", async () => {
  const plan = (channelLimits: unknown) => server.gql(admin, `mutation($input: PlaybookInput!) { createPlaybook(input: $input) { id channelLimits { channel maxLength } } }`, {
    input: {
      name: `Limits ${Math.random().toString(36).slice(2, 8)}`, roles: [{ key: 'CRISIS_LEAD', title: 'Lead', responsibilities: [] }], channels: ['sms', 'press'], protocols: [],
      slaPolicies: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((severity) => ({ severity, acknowledgeWithinSeconds: 3600, firstResponseWithinSeconds: 7200, updateEverySeconds: 3600 })),
      channelLimits,
    },
  });
  expect((await plan([{ channel: 'x', maxLength: 100 }])).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.channelLimits[0].channel' });
  expect((await plan([{ channel: 'sms', maxLength: 0 }])).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.channelLimits[0].maxLength' });
  const created = await plan([{ channel: 'SMS', maxLength: 2 }, { channel: 'press', maxLength: 60 }]);
  expect(created.data.createPlaybook.channelLimits).toEqual([{ channel: 'sms', maxLength: 2 }, { channel: 'press', maxLength: 60 }]);
  const brand = await createBrand(server, admin);
  await server.gql(admin, `mutation($b: ID!, $p: ID!) { setBrandPlaybook(brandId: $b, playbookId: $p) { id } }`, { b: brand.id, p: created.data.createPlaybook.id });
  const crisis = await declareCrisis(server, writer, brand.id);
  const twoSegments = 'We are sorry. '.repeat(20).trim(); // 279 GSM-7 characters: two segments
  const ok = await createStatement(server, writer, crisis.id, { body: twoSegments, channels: ['sms'] });
  const texts = await server.gql(admin, `query($id: ID!) { node(id: $id) { ... on Statement { channelTexts { channel length limit unit } } } }`, { id: ok.id });
  expect(texts.data.node.channelTexts).toEqual([{ channel: 'sms', length: 2, limit: 2, unit: 'SMS_SEGMENTS' }]);
  const three = await server.gql(writer, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
    input: { crisisId: crisis.id, kind: 'HOLDING', body: 'We are sorry. '.repeat(30), language: 'en', channels: ['sms'] },
  });
  expect(three.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', channel: 'sms', limit: 2, length: 3, unit: 'SMS_SEGMENTS' });
  const press = await server.gql(writer, `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
    input: { crisisId: crisis.id, kind: 'HOLDING', body: 'A press release that runs well past the sixty characters this plan allows.', language: 'en', channels: ['press'] },
  });
  expect(press.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', channel: 'press', limit: 60, unit: 'CHARACTERS' });
});

test('notes that are not text are BAD_USER_INPUT; an edit based on an old revision is VERSION_CONFLICT; an edit that changes nothing is no edit', async () => {
  const crisis = await crisisWithLegal();
  const s = await createStatement(server, writer, crisis.id);
  const same = await server.gql(legal, `mutation($id: ID!) { updateStatement(id: $id, input: { language: "en" }) { revision contributors } }`, { id: s.id });
  expect(same.data.updateStatement).toEqual({ revision: 1, contributors: ['writer'] });
  const edit = (rev: number, body: string) => server.gql(other, `mutation($id: ID!, $r: Int, $b: String) { updateStatement(id: $id, input: { body: $b, expectedRevision: $r }) { revision body } }`, { id: s.id, r: rev, b: body });
  expect((await edit(1, 'First edit.')).data.updateStatement).toEqual({ revision: 2, body: 'First edit.' });
  const stale = await edit(1, 'Edit from an old screen.');
  expect(stale.errors?.[0].extensions).toMatchObject({ code: 'VERSION_CONFLICT', kind: 'Statement', id: s.id, expectedRevision: 1, currentRevision: 2 });
  await statementStep(server, writer, 'submitStatement', s.id);
  for (const note of ['ok \u0000', 'ok \ud800']) {
    const res = await statementStep(server, legal, 'approveStatement', s.id, note);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
  }
  const now = await server.gql(admin, `query($id: ID!) { node(id: $id) { ... on Statement { status body approvals { decision } } } }`, { id: s.id });
  expect(now.data.node).toEqual({ status: 'IN_REVIEW', body: 'First edit.', approvals: [] });
});

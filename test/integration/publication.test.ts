// What a publication does to the crisis: FIRST_RESPONSE met (no breach), the UPDATE cadence restarted, subscribers told.
import { createHarness, eventually, slaOf, subscribe, untilSubscribed, wsClient, type Harness, type TestServer } from '../support/harness';
import { assignLead, assignRoleTo, createBrand, createStatement, declareCrisis, sendEvent, statementStep } from '../factories';

let harness: Harness;
let admin: string;
let writer: string;
let legal: string;

/** Each test its own organization: its default plan is seeded from the SLA defaults of the server it first meets. */
async function organization(name: string) {
  admin = await harness.token(name, 'ADMIN', 'admin');
  writer = await harness.token(name, 'RESPONDER', 'writer');
  legal = await harness.token(name, 'RESPONDER', 'legal-eagle');
}

beforeAll(async () => {
  harness = await createHarness();
});

afterAll(() => harness.close());

async function publish(server: TestServer, crisisId: string, kind = 'HOLDING') {
  const s = await createStatement(server, writer, crisisId, { kind });
  await statementStep(server, writer, 'submitStatement', s.id);
  await statementStep(server, legal, 'approveStatement', s.id);
  const res = await statementStep(server, writer, 'publishStatement', s.id);
  if (!res.data?.publishStatement) throw new Error(`publish failed: ${JSON.stringify(res.errors)}`);
  return res.data.publishStatement as { id: string; publishedAt: string };
}

async function crisis(server: TestServer, id: string) {
  const res = await server.gql(admin, `query($id: ID!) { crisis(id: $id) { state version firstPublicResponseAt slaDeadlines { sla dueAt metAt breachedAt }
    timeline(first: 200) { edges { node { type payload } } } } }`, { id });
  return res.data.crisis;
}

test('the first publication meets FIRST_RESPONSE: firstPublicResponseAt is stamped and no breach fires at the deadline', async () => {
  // Long enough for the steps before the publication on a loaded machine, short enough to wait for.
  const server = await harness.start({ slaDefaults: slaOf({ first: 5 }) });
  await organization('first-response');
  try {
    const brand = await createBrand(server, admin);
    const c = await declareCrisis(server, writer, brand.id);
    await assignRoleTo(server, admin, c.id, 'LEGAL', 'legal-eagle');
    const before = await crisis(server, c.id);
    const due = Date.parse(before.slaDeadlines.find((d: any) => d.sla === 'FIRST_RESPONSE').dueAt);
    expect(due - Date.now()).toBeLessThan(5500);
    const published = await publish(server, c.id);
    const after = await crisis(server, c.id);
    expect(after.firstPublicResponseAt).toBe(published.publishedAt);
    expect(after.slaDeadlines.find((d: any) => d.sla === 'FIRST_RESPONSE')).toMatchObject({ metAt: published.publishedAt, breachedAt: null });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now()) + 1500)); // past the deadline, workers had their chance
    const later = await crisis(server, c.id);
    expect(later.timeline.edges.filter((e: any) => e.node.type === 'SLA_BREACHED')).toEqual([]);
    // A second publication does not move the first response.
    await publish(server, c.id, 'UPDATE');
    expect((await crisis(server, c.id)).firstPublicResponseAt).toBe(published.publishedAt);
  } finally {
    await server.stop();
  }
});

test('without a publication the same deadline breaches FIRST_RESPONSE (the control of the test above)', async () => {
  const server = await harness.start({ slaDefaults: slaOf({ first: 2 }) });
  await organization('no-response');
  try {
    const brand = await createBrand(server, admin);
    const c = await declareCrisis(server, writer, brand.id);
    await eventually(async () => (await crisis(server, c.id)).timeline.edges.some((e: any) => e.node.type === 'SLA_BREACHED' && e.node.payload.sla === 'FIRST_RESPONSE'), 8000, 'FIRST_RESPONSE breach');
  } finally {
    await server.stop();
  }
});

test('while RESPONDING, a publication restarts the UPDATE cadence from its time', async () => {
  const server = await harness.start({ slaDefaults: slaOf({ update: 600 }) });
  await organization('cadence');
  try {
    const brand = await createBrand(server, admin);
    const c = await declareCrisis(server, writer, brand.id);
    await assignRoleTo(server, admin, c.id, 'LEGAL', 'legal-eagle');
    await sendEvent(server, writer, { crisisId: c.id, type: 'ACKNOWLEDGE' });
    await assignLead(server, writer, c.id);
    await sendEvent(server, writer, { crisisId: c.id, type: 'START_RESPONSE' });
    const started = (await crisis(server, c.id)).slaDeadlines.find((d: any) => d.sla === 'UPDATE');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const update = await publish(server, c.id, 'UPDATE');
    const after = await crisis(server, c.id);
    expect(after.state).toBe('RESPONDING');
    const next = after.slaDeadlines.find((d: any) => d.sla === 'UPDATE');
    expect(Date.parse(next.dueAt)).toBe(Date.parse(update.publishedAt) + 600_000);
    expect(Date.parse(next.dueAt)).toBeGreaterThan(Date.parse(started.dueAt));
    // The durable timer moved too: the database holds the new due time.
    const timers = await server.database.dataSource.query(`SELECT due_at FROM crisis_timer WHERE send_id LIKE '%updateCadence%'`);
    expect(timers.map((t: any) => new Date(t.due_at).toISOString())).toContain(next.dueAt);
  } finally {
    await server.stop();
  }
});

test('crisisEvents subscribers on another process hear each step of a statement, in order', async () => {
  const a = await harness.start();
  const b = await harness.start();
  await organization('subscribers');
  const client = wsClient(b, admin);
  try {
    const brand = await createBrand(a, admin);
    const c = await declareCrisis(a, writer, brand.id);
    await assignRoleTo(a, admin, c.id, 'LEGAL', 'legal-eagle');
    const sub = subscribe(client, `subscription($id: ID!) { crisisEvents(crisisId: $id) { type payload } }`, { id: c.id });
    await untilSubscribed(b, 1);
    const s = await publish(a, c.id);
    const heard = await sub.waitFor(3, 5000);
    expect(heard.map((m: any) => m.crisisEvents.type)).toEqual(['STATEMENT_SUBMITTED', 'STATEMENT_APPROVED', 'STATEMENT_PUBLISHED']);
    expect(heard[2].crisisEvents.payload.statementId).toBe(s.id);
    sub.dispose();
  } finally {
    await client.dispose();
    await a.stop();
    await b.stop();
  }
});

test('publishing in a closed crisis is INVALID_TRANSITION and leaves the statement APPROVED', async () => {
  const server = await harness.start();
  await organization('closed');
  try {
    const brand = await createBrand(server, admin);
    const c = await declareCrisis(server, writer, brand.id);
    await assignRoleTo(server, admin, c.id, 'LEGAL', 'legal-eagle');
    const s = await createStatement(server, writer, c.id);
    await statementStep(server, writer, 'submitStatement', s.id);
    await statementStep(server, legal, 'approveStatement', s.id);
    await sendEvent(server, writer, { crisisId: c.id, type: 'DISMISS', reason: 'false alarm' });
    const res = await statementStep(server, writer, 'publishStatement', s.id);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'DISMISSED', event: 'publishStatement' });
    const now = await server.gql(admin, `query($id: ID!) { node(id: $id) { ... on Statement { status } } }`, { id: s.id });
    expect(now.data.node.status).toBe('APPROVED');
  } finally {
    await server.stop();
  }
});

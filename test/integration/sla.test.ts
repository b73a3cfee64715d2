// SLA deadlines on real time across three processes: a breach is one timeline event and one slaBreached message.
import { Client as PgClient } from 'pg';
import { createHarness, eventually, PROCESS_LISTENERS, slaOf, subscribe, wsClient, type Harness, type TestServer } from '../support/harness';
import { assignLead, createBrand, declareCrisis, sendEvent } from '../factories';

let harness: Harness;
let admin: string;
const servers: TestServer[] = [];
const disposers: Array<{ dispose(): void | Promise<void> }> = [];

/** A plan whose acknowledge SLA is `ackSeconds`, or per severity when given an object. */
function fastPlan(ackSeconds: number | Partial<Record<string, number>>) {
  const ackOf = (severity: string) => (typeof ackSeconds === 'number' ? ackSeconds : (ackSeconds[severity] ?? 3600));
  return {
    name: `SLA ${JSON.stringify(ackSeconds)} ${Math.random().toString(36).slice(2, 6)}`,
    roles: [{ key: 'CRISIS_LEAD', title: 'Lead', responsibilities: [] }],
    channels: ['x'],
    protocols: [],
    slaPolicies: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((severity) => ({
      severity, acknowledgeWithinSeconds: ackOf(severity), firstResponseWithinSeconds: 7200, updateEverySeconds: 1800,
    })),
  };
}

async function brandWithPlan(server: TestServer, ackSeconds: number | Partial<Record<string, number>>): Promise<string> {
  const brand = await createBrand(server, admin);
  const plan = await server.gql(admin, `mutation($input: PlaybookInput!) { createPlaybook(input: $input) { id } }`, { input: fastPlan(ackSeconds) });
  await server.gql(admin, `mutation($b: ID!, $p: ID!) { setBrandPlaybook(brandId: $b, playbookId: $p) { id } }`, { b: brand.id, p: plan.data.createPlaybook.id });
  return brand.id;
}

beforeAll(async () => {
  harness = await createHarness();
  for (let i = 0; i < 3; i++) servers.push(await harness.start());
  admin = await harness.token('acme', 'ADMIN');
});

afterEach(async () => {
  for (const d of disposers.splice(0)) await d.dispose();
});

afterAll(() => harness.close());

test('with three processes and one restarted before the deadline, a breach is one SLA_BREACHED event and one slaBreached message', async () => {
  const [a, b, c] = servers;
  const brandId = await brandWithPlan(a, 2);
  const client = wsClient(c, admin);
  disposers.push(client);
  const breaches = subscribe(client, `subscription($b: ID) { slaBreached(brandId: $b) { crisisId type payload actor } }`, { b: brandId });
  disposers.push(breaches);
  await eventually(async () => c.server.services.hub.listenerCount > PROCESS_LISTENERS && true, 2000, 'the subscription to register');
  const crisis = await declareCrisis(a, admin, brandId);
  await b.stop(); // one process goes away between scheduling and firing…
  servers[1] = await harness.start(); // …and a fresh one takes its place
  const [message] = await breaches.waitFor(1, 6000);
  expect(message.slaBreached).toEqual({ crisisId: crisis.id, type: 'SLA_BREACHED', payload: { sla: 'ACKNOWLEDGE', state: 'DETECTED' }, actor: 'timer' });
  await new Promise((resolve) => setTimeout(resolve, 1000)); // every worker had the chance to fire it again
  expect(breaches.values).toHaveLength(1);
  const timeline = await a.gql(admin, `query($id: ID!) { crisis(id: $id) { timeline { edges { node { type } } } } }`, { id: crisis.id });
  expect(timeline.data.crisis.timeline.edges.filter((e: any) => e.node.type === 'SLA_BREACHED')).toHaveLength(1);
});

const DEADLINES = `query($id: ID!) { crisis(id: $id) { severity detectedAt acknowledgedAt
  slaDeadlines { sla dueAt metAt breachedAt } timeline { edges { node { type payload } } } } }`;
const crisisOf = async (server: TestServer, id: string) => (await server.gql(admin, DEADLINES, { id })).data.crisis;
const setSeverity = (server: TestServer, crisisId: string, severity: string, reason = 'it spread to the press') =>
  server.gql(admin, `mutation($input: SetCrisisSeverityInput!) { setCrisisSeverity(input: $input) { severity version slaDeadlines { sla dueAt } } }`, {
    input: { crisisId, severity, reason },
  });

test('slaDeadlines: acknowledge and first response count from detection; meeting one records when; UPDATE appears while responding', async () => {
  const [a] = servers;
  const brandId = await brandWithPlan(a, 600);
  const { id } = await declareCrisis(a, admin, brandId);
  const fresh = await crisisOf(a, id);
  const detected = Date.parse(fresh.detectedAt);
  expect(fresh.slaDeadlines).toEqual([
    { sla: 'ACKNOWLEDGE', dueAt: new Date(detected + 600_000).toISOString(), metAt: null, breachedAt: null },
    { sla: 'FIRST_RESPONSE', dueAt: new Date(detected + 7_200_000).toISOString(), metAt: null, breachedAt: null },
  ]);
  await sendEvent(a, admin, { crisisId: id, type: 'ACKNOWLEDGE' });
  await assignLead(a, admin, id);
  await sendEvent(a, admin, { crisisId: id, type: 'START_RESPONSE' });
  const responding = await crisisOf(a, id);
  expect(responding.slaDeadlines[0]).toMatchObject({ sla: 'ACKNOWLEDGE', metAt: responding.acknowledgedAt, breachedAt: null });
  const update = responding.slaDeadlines.find((d: any) => d.sla === 'UPDATE');
  expect(Date.parse(update.dueAt) - Date.now()).toBeGreaterThan(1_790_000);
  expect(Date.parse(update.dueAt) - Date.now()).toBeLessThanOrEqual(1_800_000);
});

test('raising the severity shortens the open deadline: the new, shorter SLA breaches, once, with the change in the timeline', async () => {
  const [a] = servers;
  const brandId = await brandWithPlan(a, { LOW: 3600, CRITICAL: 1 });
  const { id } = await declareCrisis(a, admin, brandId, { severity: 'LOW' });
  const raised = await setSeverity(a, id, 'CRITICAL');
  expect(raised.data.setCrisisSeverity).toMatchObject({ severity: 'CRITICAL', version: 2 });
  // The crisis row and its timeline are read by separate statements: wait until both show the breach.
  const crisis = await eventually(async () => {
    const c = await crisisOf(a, id);
    return c.timeline.edges.some((e: any) => e.node.type === 'SLA_BREACHED') && c.slaDeadlines[0].breachedAt && c;
  }, 5000, 'the breach of the shorter SLA');
  expect(crisis.slaDeadlines[0]).toMatchObject({ sla: 'ACKNOWLEDGE', dueAt: new Date(Date.parse(crisis.detectedAt) + 1000).toISOString() });
  expect(crisis.slaDeadlines[0].breachedAt).not.toBeNull();
  expect(crisis.timeline.edges.map((e: any) => e.node.type)).toEqual(['DETECTED', 'SEVERITY_CHANGED', 'SLA_BREACHED']);
  expect(crisis.timeline.edges[1].node.payload).toEqual({ from: 'LOW', to: 'CRITICAL', reason: 'it spread to the press' });
});

test('lowering the severity lengthens the open deadline: the old, shorter one never fires', async () => {
  const [a] = servers;
  const brandId = await brandWithPlan(a, { HIGH: 2, LOW: 3600 });
  const { id } = await declareCrisis(a, admin, brandId, { severity: 'HIGH' });
  const lowered = await setSeverity(a, id, 'LOW', 'contained to one forum');
  const detected = Date.parse((await crisisOf(a, id)).detectedAt);
  expect(lowered.data.setCrisisSeverity.slaDeadlines[0]).toEqual({ sla: 'ACKNOWLEDGE', dueAt: new Date(detected + 3_600_000).toISOString() });
  await new Promise((resolve) => setTimeout(resolve, 2600));
  expect((await crisisOf(a, id)).timeline.edges.map((e: any) => e.node.type)).toEqual(['DETECTED', 'SEVERITY_CHANGED']);
});

test('setCrisisSeverity needs a reason and a different severity; refused changes leave the crisis as it was', async () => {
  const [a] = servers;
  const brandId = await brandWithPlan(a, 600);
  const { id } = await declareCrisis(a, admin, brandId, { severity: 'HIGH' });
  expect((await setSeverity(a, id, 'LOW', '  ')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
  expect((await setSeverity(a, id, 'HIGH')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.severity' });
  const crisis = await crisisOf(a, id);
  expect(crisis.severity).toBe('HIGH');
  expect(crisis.timeline.edges).toHaveLength(1);
});

test('a timer listed before it was rescheduled is not fired at its old time', async () => {
  const [a] = servers;
  const brandId = await brandWithPlan(a, { HIGH: 3600, LOW: 7200 });
  const { id } = await declareCrisis(a, admin, brandId, { severity: 'HIGH' });
  const pg = new PgClient({ connectionString: harness.db.url });
  await pg.connect();
  try {
    const { rows: [timer] } = await pg.query(
      `SELECT t.id::text, t.crisis_id, t.organization_id, t.due_at FROM crisis_timer t WHERE t.send_id LIKE '%acknowledgeSla%' AND t.crisis_id = (SELECT id FROM crisis ORDER BY detected_at DESC LIMIT 1)`,
    );
    await setSeverity(a, id, 'LOW', 'calmer'); // the same row now falls due an hour later
    // A worker that listed the row as due before the change tries it now, as if its old time had come.
    const stale = { id: timer.id, crisisId: timer.crisis_id, organizationId: timer.organization_id, dueAt: Date.now() - 1000 };
    expect(await a.server.services.crisis.timers.fireTimer(stale)).toBe(true);
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM crisis_timer WHERE id = $1`, [timer.id]);
    expect(rows[0].n).toBe(1);
  } finally {
    await pg.end();
  }
  expect((await crisisOf(a, id)).timeline.edges.map((e: any) => e.node.type)).toEqual(['DETECTED', 'SEVERITY_CHANGED']);
});

test('a recurring UPDATE deadline fired by two processes breaches once per missed update, never twice for one due time', async () => {
  const pair = [await harness.start({ slaDefaults: slaOf({ update: 1 }) }), await harness.start({ slaDefaults: slaOf({ update: 1 }) })];
  try {
    const admin2 = await harness.token('cadence-race', 'ADMIN', 'admin');
    const brand = await createBrand(pair[0], admin2);
    const crisis = await declareCrisis(pair[0], admin2, brand.id);
    await sendEvent(pair[0], admin2, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
    await assignLead(pair[0], admin2, crisis.id);
    const started = Date.now();
    await sendEvent(pair[1], admin2, { crisisId: crisis.id, type: 'START_RESPONSE' });
    await new Promise((resolve) => setTimeout(resolve, 6500)); // six cadences go by, each timer seen by both workers
    const elapsed = Date.now() - started;
    const res = await pair[0].gql(admin2, `query($id: ID!) { crisis(id: $id) { timeline(first: 200) { edges { node { type payload } } } } }`, { id: crisis.id });
    const breaches = res.data.crisis.timeline.edges.filter((e: any) => e.node.type === 'SLA_BREACHED' && e.node.payload.sla === 'UPDATE');
    // Due times are exactly one second apart from the start, so no more can have passed than whole seconds elapsed.
    expect(breaches.length).toBeLessThanOrEqual(Math.floor(elapsed / 1000));
    expect(breaches.length).toBeGreaterThanOrEqual(4);
  } finally {
    for (const s of pair) await s.stop();
  }
});

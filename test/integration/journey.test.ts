// A whole crisis through the public API as a console would drive it: DETECTED to RECOVERY, with a sincere apology and a plan.
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { assignRoleTo, createBrand, createStatement, declareCrisis, sendEvent, statementStep } from '../factories';

let harness: Harness;
let server: TestServer;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
});

afterAll(() => harness.close());

test('a crisis goes from DETECTED to RECOVERY: acknowledged, team assembled, holding line, apology with a plan, contained, recovering', async () => {
  const admin = await harness.token('journey', 'ADMIN', 'admin');
  const lead = await harness.token('journey', 'RESPONDER', 'dana');
  const legal = await harness.token('journey', 'RESPONDER', 'sam-legal');
  const brand = await createBrand(server, admin, 'Acme Foods');
  const crisis = await declareCrisis(server, lead, brand.id, { title: 'Contaminated batch rumours', category: 'PRODUCT_RECALL', severity: 'CRITICAL' });
  expect(crisis.state).toBe('DETECTED');

  expect((await sendEvent(server, lead, { crisisId: crisis.id, type: 'ACKNOWLEDGE' })).data.sendCrisisEvent.state).toBe('ACKNOWLEDGED');
  await assignRoleTo(server, admin, crisis.id, 'CRISIS_LEAD', 'dana');
  await assignRoleTo(server, admin, crisis.id, 'LEGAL', 'sam-legal');

  // A holding statement goes out before the response has even started: acknowledge publicly and fast.
  const holding = await createStatement(server, lead, crisis.id, {
    kind: 'HOLDING', channels: ['x', 'facebook', 'website'],
    body: 'We have seen the reports about batch 42 and we are taking them very seriously. We are investigating now and will update here within the hour.',
  });
  await statementStep(server, lead, 'submitStatement', holding.id);
  await statementStep(server, legal, 'approveStatement', holding.id, 'cleared');
  const firstOut = (await statementStep(server, lead, 'publishStatement', holding.id)).data.publishStatement;

  expect((await sendEvent(server, lead, { crisisId: crisis.id, type: 'START_RESPONSE' })).data.sendCrisisEvent.state).toBe('RESPONDING');
  await server.gql(lead, `mutation($input: AddActionItemInput!) { addActionItem(input: $input) { id } }`, {
    input: { crisisId: crisis.id, title: 'Recall batch 42 from every store', owner: 'Operations', dueAt: new Date(Date.now() + 86_400_000).toISOString() },
  });
  const apology = await createStatement(server, lead, crisis.id, {
    kind: 'APOLOGY', channels: ['x', 'website'],
    body: 'We are sorry. We got this wrong. Here is what we are doing: batch 42 is being recalled from every store today, and every customer gets a full refund.',
  });
  const lint = await server.gql(admin, `query($id: ID!) { node(id: $id) { ... on Statement { findings { rule } } } }`, { id: apology.id });
  expect(lint.data.node.findings).toEqual([]);
  await statementStep(server, lead, 'submitStatement', apology.id);
  await statementStep(server, legal, 'approveStatement', apology.id);
  expect((await statementStep(server, lead, 'publishStatement', apology.id)).data.publishStatement.status).toBe('PUBLISHED');

  expect((await sendEvent(server, lead, { crisisId: crisis.id, type: 'CONTAIN' })).data.sendCrisisEvent.state).toBe('CONTAINED');
  const recovering = (await sendEvent(server, lead, { crisisId: crisis.id, type: 'BEGIN_RECOVERY' })).data.sendCrisisEvent;
  expect(recovering).toMatchObject({ state: 'RECOVERY', availableEvents: ['REESCALATE'] });

  const final = await server.gql(admin, `query($id: ID!) { crisis(id: $id) {
      state firstPublicResponseAt containedAt statements { kind status } actionItems { status }
      slaDeadlines { sla metAt breachedAt } timeline(first: 100) { edges { node { type toState } } } } }`, { id: crisis.id });
  const c = final.data.crisis;
  expect(c.firstPublicResponseAt).toBe(firstOut.publishedAt);
  expect(c.statements).toEqual([{ kind: 'HOLDING', status: 'PUBLISHED' }, { kind: 'APOLOGY', status: 'PUBLISHED' }]);
  expect(c.slaDeadlines.find((d: any) => d.sla === 'FIRST_RESPONSE')).toMatchObject({ metAt: firstOut.publishedAt, breachedAt: null });
  // The curve shows where each message went out, to see what it did to sentiment.
  const curve = await server.gql(admin, `query($id: ID!) { crisis(id: $id) { metrics(bucketMinutes: 15) { bucketStart statements { id kind publishedAt } } } }`, { id: crisis.id });
  const marked = curve.data.crisis.metrics.filter((p: any) => p.statements.length);
  expect(marked.flatMap((p: any) => p.statements.map((st: any) => st.kind))).toEqual(['HOLDING', 'APOLOGY']);
  for (const point of marked) {
    for (const st of point.statements) {
      const offset = Date.parse(st.publishedAt) - Date.parse(point.bucketStart);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(15 * 60_000);
    }
  }
  expect(c.timeline.edges.map((e: any) => e.node.type + (e.node.toState ? `:${e.node.toState}` : ''))).toEqual([
    'DETECTED:DETECTED', 'STATE_CHANGED:ACKNOWLEDGED', 'ROLE_ASSIGNED', 'ROLE_ASSIGNED',
    'STATEMENT_SUBMITTED', 'STATEMENT_APPROVED', 'STATEMENT_PUBLISHED',
    'STATE_CHANGED:RESPONDING', 'ACTION_ITEM_ADDED', 'STATEMENT_SUBMITTED', 'STATEMENT_APPROVED', 'STATEMENT_PUBLISHED',
    'STATE_CHANGED:CONTAINED', 'STATE_CHANGED:RECOVERY',
  ]);
});

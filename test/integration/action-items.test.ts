// The action plan: apologies need one, items are tracked, and an item still OPEN when due is ACTION_ITEM_OVERDUE exactly once.
import { createHarness, eventually, type Harness, type TestServer } from '../support/harness';
import { assignRoleTo, createBrand, createStatement, declareCrisis, statementStep } from '../factories';

let harness: Harness;
let admin: string;
let writer: string;
let legal: string;

const ITEM_FIELDS = 'id title owner dueAt status note closedAt overdueAt createdBy';

beforeAll(async () => {
  harness = await createHarness();
  admin = await harness.token('acme', 'ADMIN', 'admin');
  writer = await harness.token('acme', 'RESPONDER', 'writer');
  legal = await harness.token('acme', 'RESPONDER', 'legal-eagle');
});

afterAll(() => harness.close());

async function crisisOn(server: TestServer) {
  const brand = await createBrand(server, admin);
  const crisis = await declareCrisis(server, writer, brand.id);
  await assignRoleTo(server, admin, crisis.id, 'LEGAL', 'legal-eagle');
  return crisis;
}

function addItem(server: TestServer, input: Record<string, unknown>) {
  return server.gql(writer, `mutation($input: AddActionItemInput!) { addActionItem(input: $input) { ${ITEM_FIELDS} } }`, { input });
}

function updateItem(server: TestServer, input: Record<string, unknown>) {
  return server.gql(writer, `mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { ${ITEM_FIELDS} } }`, { input });
}

async function events(server: TestServer, crisisId: string, type: string) {
  const res = await server.gql(admin, `query($id: ID!) { crisis(id: $id) { timeline(first: 200) { edges { node { type actor payload } } } } }`, { id: crisisId });
  return res.data.crisis.timeline.edges.map((e: any) => e.node).filter((n: any) => n.type === type);
}

test('an apology with no action plan is GUARD_FAILED actionPlanRequired; with an item it publishes; a dropped item does not count', async () => {
  const server = await harness.start();
  try {
    const crisis = await crisisOn(server);
    const apology = await createStatement(server, writer, crisis.id, {
      kind: 'APOLOGY', body: 'We are sorry. We got this wrong. Here is what we are doing: refunds for everyone affected by Friday.',
    });
    await statementStep(server, writer, 'submitStatement', apology.id);
    await statementStep(server, legal, 'approveStatement', apology.id);
    const refused = await statementStep(server, writer, 'publishStatement', apology.id);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'GUARD_FAILED', guard: 'actionPlanRequired', event: 'publishStatement' });

    const dropped = (await addItem(server, { crisisId: crisis.id, title: 'Pause the campaign', owner: 'Marketing' })).data.addActionItem;
    await updateItem(server, { id: dropped.id, status: 'DROPPED', note: 'campaign already ended' });
    expect((await statementStep(server, writer, 'publishStatement', apology.id)).errors?.[0].extensions).toMatchObject({ guard: 'actionPlanRequired' });

    const item = await addItem(server, { crisisId: crisis.id, title: 'Refund every affected order', owner: 'Customer care', dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(item.data.addActionItem).toMatchObject({ status: 'OPEN', createdBy: 'writer', closedAt: null });
    const published = await statementStep(server, writer, 'publishStatement', apology.id);
    expect(published.data.publishStatement).toMatchObject({ status: 'PUBLISHED', kind: 'APOLOGY' });

    const plan = await server.gql(admin, `query($id: ID!) { crisis(id: $id) { actionItems { title status note } } }`, { id: crisis.id });
    expect(plan.data.crisis.actionItems).toEqual([
      { title: 'Pause the campaign', status: 'DROPPED', note: 'campaign already ended' },
      { title: 'Refund every affected order', status: 'OPEN', note: null },
    ]);
    expect((await events(server, crisis.id, 'ACTION_ITEM_ADDED')).length).toBe(2);
    expect((await events(server, crisis.id, 'ACTION_ITEM_UPDATED'))[0].payload).toMatchObject({ changed: ['status', 'note'], from: 'OPEN', status: 'DROPPED' });
  } finally {
    await server.stop();
  }
});

test('bad action items are refused with the field named and nothing is stored', async () => {
  const server = await harness.start();
  try {
    const crisis = await crisisOn(server);
    for (const [input, field] of [
      [{ title: '  ', owner: 'x' }, 'input.title'],
      [{ title: 'Fix', owner: '' }, 'input.owner'],
      [{ title: 'Fix', owner: 'x', dueAt: new Date(Date.now() - 60_000).toISOString() }, 'input.dueAt'],
      [{ title: 'Fix \u0000 it', owner: 'x' }, 'input.title'],
      [{ title: 'Fix', owner: 'broken \ud800 pair' }, 'input.owner'],
    ] as const) {
      const res = await addItem(server, { crisisId: crisis.id, ...input });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const status = await updateItem(server, { id: 'nope', status: 'DONE' });
    expect(status.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const kept = (await addItem(server, { crisisId: crisis.id, title: 'Kept', owner: 'PR' })).data.addActionItem;
    const badNote = await updateItem(server, { id: kept.id, note: 'nul \u0000' });
    expect(badNote.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note' });
    await updateItem(server, { id: kept.id, status: 'DROPPED' });
    const plan = await server.gql(admin, `query($id: ID!) { crisis(id: $id) { actionItems { title note status } } }`, { id: crisis.id });
    expect(plan.data.crisis.actionItems).toEqual([{ title: 'Kept', note: null, status: 'DROPPED' }]);
  } finally {
    await server.stop();
  }
});

test('an item still OPEN at its due time is one ACTION_ITEM_OVERDUE, with two processes and one restarted; a done item never is', async () => {
  const a = await harness.start();
  let b = await harness.start();
  try {
    const crisis = await crisisOn(a);
    const due = new Date(Date.now() + 1500).toISOString();
    const late = (await addItem(a, { crisisId: crisis.id, title: 'Publish the audit', owner: 'Legal', dueAt: due })).data.addActionItem;
    const done = (await addItem(a, { crisisId: crisis.id, title: 'Call the journalist back', owner: 'PR', dueAt: due })).data.addActionItem;
    expect((await updateItem(b, { id: done.id, status: 'DONE' })).data.updateActionItem).toMatchObject({ status: 'DONE' });
    await b.stop(); // a process goes away before the due time…
    b = await harness.start(); // …and a fresh one takes its place
    const [overdue] = await eventually(async () => {
      const found = await events(a, crisis.id, 'ACTION_ITEM_OVERDUE');
      return found.length ? found : null;
    }, 8000, 'ACTION_ITEM_OVERDUE');
    expect(overdue).toMatchObject({ actor: 'timer', payload: { actionItemId: late.id, title: 'Publish the audit', owner: 'Legal', dueAt: due } });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // both workers had the chance to fire it again
    expect(await events(b, crisis.id, 'ACTION_ITEM_OVERDUE')).toHaveLength(1);
    const item = await a.gql(admin, `query($id: ID!) { node(id: $id) { ... on ActionItem { status overdueAt } } }`, { id: late.id });
    expect(item.data.node).toEqual({ status: 'OPEN', overdueAt: due });
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('an item whose due time passed while no process ran is reported once when one starts again', async () => {
  const a = await harness.start();
  const crisis = await crisisOn(a);
  const due = new Date(Date.now() + 800).toISOString();
  const item = (await addItem(a, { crisisId: crisis.id, title: 'Send the recall letters', owner: 'Operations', dueAt: due })).data.addActionItem;
  await a.stop();
  await new Promise((resolve) => setTimeout(resolve, 1200)); // the due time passes with nothing running
  const b = await harness.start();
  try {
    const found = await eventually(async () => {
      const rows = await events(b, crisis.id, 'ACTION_ITEM_OVERDUE');
      return rows.length ? rows : null;
    }, 8000, 'ACTION_ITEM_OVERDUE after restart');
    expect(found).toHaveLength(1);
    expect(found[0].payload.actionItemId).toBe(item.id);
  } finally {
    await b.stop();
  }
});

test('a reopened item is due again (at once when its time has passed); a closed crisis reports no overdue item', async () => {
  const server = await harness.start();
  try {
    const crisis = await crisisOn(server);
    const due = new Date(Date.now() + 1000).toISOString();
    const item = (await addItem(server, { crisisId: crisis.id, title: 'Reopened', owner: 'Ops', dueAt: due })).data.addActionItem;
    await updateItem(server, { id: item.id, status: 'DONE' });
    await new Promise((resolve) => setTimeout(resolve, 1200)); // its due time passes while it is done: nothing fires
    expect(await events(server, crisis.id, 'ACTION_ITEM_OVERDUE')).toEqual([]);
    await updateItem(server, { id: item.id, status: 'OPEN', note: 'not done after all' });
    const [overdue] = await eventually(async () => {
      const found = await events(server, crisis.id, 'ACTION_ITEM_OVERDUE');
      return found.length ? found : null;
    }, 6000, 'ACTION_ITEM_OVERDUE of the reopened item');
    expect(overdue.payload.actionItemId).toBe(item.id);

    const closing = await crisisOn(server);
    await addItem(server, { crisisId: closing.id, title: 'Left open', owner: 'Ops', dueAt: new Date(Date.now() + 800).toISOString() });
    await server.gql(writer, `mutation($input: SendCrisisEventInput!) { sendCrisisEvent(input: $input) { state } }`, {
      input: { crisisId: closing.id, type: 'DISMISS', reason: 'false alarm' },
    });
    await eventually(async () => {
      const [row] = await server.database.dataSource.query(`SELECT count(*)::int AS n FROM crisis_timer WHERE send_id LIKE 'actionItem:%' AND crisis_id = $1`, [
        Buffer.from(closing.id, 'base64url').toString().split(':')[1],
      ]);
      return row.n === 0;
    }, 6000, 'the closed crisis to drop its item timer');
    expect(await events(server, closing.id, 'ACTION_ITEM_OVERDUE')).toEqual([]);
  } finally {
    await server.stop();
  }
});

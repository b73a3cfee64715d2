// The crisis team and the protocol checklist: roles from the pinned playbook, tasks created on entering a state.
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { assignLead, createBrand, declareCrisis, sendEvent } from '../factories';

let harness: Harness;
let server: TestServer;
let responder: string;
let viewer: string;
let brandId: string;

const CRISIS = `query($id: ID!) { crisis(id: $id) { version state team { roleKey assignee assignedBy }
  tasks { id state title position completedAt completedBy }
  timeline(first: 100) { edges { node { type actor payload } } } } }`;
const crisisOf = async (id: string) => (await server.gql(viewer, CRISIS, { id })).data.crisis;
const assign = (token: string, crisisId: string, roleKey: string, assignee: string) =>
  server.gql(token, `mutation($input: AssignRoleInput!) { assignRole(input: $input) { version team { roleKey assignee } } }`, { input: { crisisId, roleKey, assignee } });
const complete = (token: string, id: string) =>
  server.gql(token, `mutation($id: ID!) { completeTask(id: $id) { id state title completedAt completedBy } }`, { id });

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  const admin = await harness.token('acme', 'ADMIN');
  responder = await harness.token('acme', 'RESPONDER', 'rita');
  viewer = await harness.token('acme', 'VIEWER');
  brandId = (await createBrand(server, admin, 'Acme')).id;
});

afterAll(() => harness.close());

test('a declared crisis starts with the DETECTED protocol of its playbook as tasks, in order', async () => {
  const crisis = await crisisOf((await declareCrisis(server, responder, brandId)).id);
  expect(crisis.tasks.map((t: any) => [t.state, t.position, t.title, t.completedAt])).toEqual([
    ['DETECTED', 0, 'Confirm the signal is real and not a false alarm', null],
    ['DETECTED', 1, 'Assess the nature, the stakeholders and the potential impact', null],
    ['DETECTED', 2, 'Alert the crisis lead', null],
  ]);
});

test('entering a state adds its protocol tasks and keeps the earlier ones', async () => {
  const { id } = await declareCrisis(server, responder, brandId);
  await sendEvent(server, responder, { crisisId: id, type: 'ACKNOWLEDGE' });
  const crisis = await crisisOf(id);
  expect(crisis.tasks.map((t: any) => t.state)).toEqual(['DETECTED', 'DETECTED', 'DETECTED', 'ACKNOWLEDGED', 'ACKNOWLEDGED', 'ACKNOWLEDGED']);
});

test('completeTask records who and when, once; the timeline shows TASK_COMPLETED once', async () => {
  const { id } = await declareCrisis(server, responder, brandId);
  const [task] = (await crisisOf(id)).tasks;
  const done = await complete(responder, task.id);
  expect(done.data.completeTask).toMatchObject({ id: task.id, completedBy: 'rita' });
  expect(Date.parse(done.data.completeTask.completedAt)).toBeGreaterThan(0);
  const again = await complete(responder, task.id);
  expect(again.data.completeTask).toEqual(done.data.completeTask);
  const crisis = await crisisOf(id);
  expect(crisis.version).toBe(2);
  expect(crisis.timeline.edges.filter((e: any) => e.node.type === 'TASK_COMPLETED').map((e: any) => e.node)).toEqual([
    { type: 'TASK_COMPLETED', actor: 'rita', payload: { taskId: expect.any(String), state: 'DETECTED', title: task.title } },
  ]);
});

test('two racing completions of one task: one TASK_COMPLETED, one holder', async () => {
  const { id } = await declareCrisis(server, responder, brandId);
  const [task] = (await crisisOf(id)).tasks;
  const other = await harness.token('acme', 'RESPONDER', 'otto');
  const results = await Promise.all([complete(responder, task.id), complete(other, task.id), complete(responder, task.id)]);
  const holders = new Set(results.map((r) => r.data.completeTask.completedBy));
  expect(holders.size).toBe(1);
  const crisis = await crisisOf(id);
  const completions = crisis.timeline.edges.filter((e: any) => e.node.type === 'TASK_COMPLETED');
  expect(completions).toHaveLength(1);
  expect(completions[0].node.actor).toBe([...holders][0]);
  expect(crisis.version).toBe(2);
});

test('assignRole builds the team from the playbook roles; reassigning replaces the holder and is in the timeline', async () => {
  const { id } = await declareCrisis(server, responder, brandId);
  await assign(responder, id, 'legal', 'Lou (legal)');
  await assignLead(server, responder, id, 'Dana');
  const res = await assign(responder, id, 'CRISIS_LEAD', 'Sam');
  expect(res.data.assignRole.team).toEqual([
    { roleKey: 'LEGAL', assignee: 'Lou (legal)' },
    { roleKey: 'CRISIS_LEAD', assignee: 'Sam' },
  ]);
  const crisis = await crisisOf(id);
  expect(crisis.team.map((a: any) => a.assignedBy)).toEqual(['rita', 'rita']);
  expect(crisis.timeline.edges.filter((e: any) => e.node.type === 'ROLE_ASSIGNED').map((e: any) => e.node.payload)).toEqual([
    { roleKey: 'LEGAL', assignee: 'Lou (legal)' },
    { roleKey: 'CRISIS_LEAD', assignee: 'Dana' },
    { roleKey: 'CRISIS_LEAD', assignee: 'Sam' },
  ]);
});

test('a role the playbook does not have, or an empty assignee, is BAD_USER_INPUT and changes nothing', async () => {
  const { id } = await declareCrisis(server, responder, brandId);
  const unknown = await assign(responder, id, 'ASTROLOGER', 'Zed');
  expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.roleKey', roles: ['CRISIS_LEAD', 'PR_LEAD', 'MARKETING', 'CUSTOMER_CARE', 'LEGAL'] });
  const empty = await assign(responder, id, 'LEGAL', '  ');
  expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.assignee' });
  const crisis = await crisisOf(id);
  expect(crisis).toMatchObject({ version: 1, team: [] });
});

test('a closed crisis takes no more assignments', async () => {
  const { id } = await declareCrisis(server, responder, brandId);
  await sendEvent(server, responder, { crisisId: id, type: 'DISMISS', reason: 'false alarm' });
  const res = await assign(responder, id, 'LEGAL', 'Lou');
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'DISMISSED', event: 'assignRole' });
});

test('a VIEWER cannot assign or complete; another organization cannot see the tasks', async () => {
  const { id } = await declareCrisis(server, responder, brandId);
  const [task] = (await crisisOf(id)).tasks;
  expect((await assign(viewer, id, 'LEGAL', 'Lou')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await complete(viewer, task.id)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const stranger = await harness.token('globex', 'RESPONDER');
  expect((await complete(stranger, task.id)).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', kind: 'CrisisTask' });
  expect((await crisisOf(id)).tasks[0].completedAt).toBeNull();
});

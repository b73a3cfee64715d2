// The command path starts from the crisis snapshot a process remembers. These tests take the worst case: a
// process that has not heard of changes made through another one (its own CrisisService on the same database,
// wired to no notifications), while the other process is a real server changed over HTTP.
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { assignLead, createBrand, declareCrisis, sendEvent } from '../factories';
import { AuthService } from '../../src/auth/auth.service';
import { CrisisService, type Actor } from '../../src/crisis/crisis.service';
import { fromGlobalId } from '../../src/graphql/relay';

let harness: Harness;
let server: TestServer;
let token: string;
let brandId: string;
/** A second process that hears no notifications: whatever it remembers goes stale. */
let unaware: CrisisService;
let actor: Actor;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  token = await harness.token('acme', 'ADMIN', 'console');
  brandId = (await createBrand(server, token)).id;
  const { services } = server.server;
  unaware = new CrisisService(services.dataSource, services.playbooks, services.config.slaDefaults);
  const viewer = await new AuthService(services.dataSource).authenticate(`Bearer ${token}`);
  actor = { organizationId: viewer!.organizationId, name: 'script' };
});

afterAll(() => harness.close());

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: { extensions?: Record<string, unknown> }) => error.extensions);
const stored = async (id: string) =>
  (await server.gql(token, `query($id: ID!) { crisis(id: $id) { state version timeline { totalCount edges { node { type toState payload } } } } }`, { id })).data.crisis;

test('an outdated snapshot never produces a wrong refusal: refusals are decided again on the current crisis', async () => {
  const crisis = await declareCrisis(server, token, brandId);
  const id = fromGlobalId('Crisis', crisis.id);
  expect((await unaware.sendCrisisEvent(actor, { crisisId: id, type: 'ACKNOWLEDGE' })).version).toBe(2); // remembered at 2
  await assignLead(server, token, crisis.id);
  expect((await sendEvent(server, token, { crisisId: crisis.id, type: 'START_RESPONSE' })).data.sendCrisisEvent.version).toBe(4);

  // Remembered: ACKNOWLEDGED at 2, where START_RESPONSE would pass. The crisis is RESPONDING at 4.
  expect(await refusal(unaware.sendCrisisEvent(actor, { crisisId: id, type: 'START_RESPONSE' }))).toMatchObject({ code: 'INVALID_TRANSITION', state: 'RESPONDING' });

  await server.gql(token, `mutation($input: SetCrisisSeverityInput!) { setCrisisSeverity(input: $input) { version } }`, {
    input: { crisisId: crisis.id, severity: 'CRITICAL', reason: 'a journalist called' },
  });
  // Remembered: version 4. The client is right that it is at 5: not a VERSION_CONFLICT but the guard's answer.
  expect(await refusal(unaware.sendCrisisEvent(actor, { crisisId: id, type: 'CONTAIN', expectedVersion: 5 }))).toMatchObject({
    code: 'GUARD_FAILED', guard: 'hasPublishedStatement',
  });
  // And a version that really is old is a conflict naming the current one.
  expect(await refusal(unaware.sendCrisisEvent(actor, { crisisId: id, type: 'CONTAIN', expectedVersion: 4 }))).toMatchObject({
    code: 'VERSION_CONFLICT', currentVersion: 5,
  });
  expect(await stored(crisis.id)).toMatchObject({ state: 'RESPONDING', version: 5 });
});

test('an outdated snapshot that leads to a write loses to the version guard, and the command is decided again', async () => {
  const crisis = await declareCrisis(server, token, brandId);
  const id = fromGlobalId('Crisis', crisis.id);
  await unaware.sendCrisisEvent(actor, { crisisId: id, type: 'ACKNOWLEDGE' }); // remembered at 2
  await assignLead(server, token, crisis.id); // 3, unheard of

  const dismissed = await unaware.sendCrisisEvent(actor, { crisisId: id, type: 'DISMISS', reason: 'a parody account' });
  expect(dismissed).toMatchObject({ state: 'DISMISSED', version: 4 });
  const after = await stored(crisis.id);
  expect(after).toMatchObject({ state: 'DISMISSED', version: 4 });
  // One DISMISS, written at the end of the timeline: the write of the outdated decision left nothing behind.
  const changes = after.timeline.edges.map((e: { node: { type: string; toState: string } }) => e.node).filter((n: { type: string }) => n.type === 'STATE_CHANGED');
  expect(changes.map((n: { toState: string }) => n.toState)).toEqual(['ACKNOWLEDGED', 'DISMISSED']);
  expect(after.timeline.edges.at(-1).node).toMatchObject({ type: 'STATE_CHANGED', toState: 'DISMISSED', payload: { event: 'DISMISS', reason: 'a parody account' } });
});

test('an idempotent retry answers with the first result even when the remembered snapshot has moved on', async () => {
  const crisis = await declareCrisis(server, token, brandId);
  const id = fromGlobalId('Crisis', crisis.id);
  const first = await unaware.sendCrisisEvent(actor, { crisisId: id, type: 'ACKNOWLEDGE', idempotencyKey: `ack-${id}` });
  await assignLead(server, token, crisis.id); // the crisis moves on (3) without this process knowing
  const retry = await unaware.sendCrisisEvent(actor, { crisisId: id, type: 'ACKNOWLEDGE', idempotencyKey: `ack-${id}` });
  expect(retry).toMatchObject({ state: 'ACKNOWLEDGED', version: first.version });
  const reused = await refusal(unaware.sendCrisisEvent(actor, { crisisId: id, type: 'DISMISS', reason: 'x', idempotencyKey: `ack-${id}` }));
  expect(reused).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  expect(await stored(crisis.id)).toMatchObject({ state: 'ACKNOWLEDGED', version: 3 });
});

test('another organization cannot reach a crisis through what a process remembers', async () => {
  const crisis = await declareCrisis(server, token, brandId);
  const id = fromGlobalId('Crisis', crisis.id);
  await unaware.sendCrisisEvent(actor, { crisisId: id, type: 'ACKNOWLEDGE' }); // remembered
  const otherToken = await harness.token('globex', 'ADMIN');
  const other = await new AuthService(server.server.services.dataSource).authenticate(`Bearer ${otherToken}`);
  const outsider = { organizationId: other!.organizationId, name: 'intruder' };
  expect(await refusal(unaware.sendCrisisEvent(outsider, { crisisId: id, type: 'DISMISS', reason: 'x' }))).toMatchObject({ code: 'NOT_FOUND' });
  expect(await stored(crisis.id)).toMatchObject({ state: 'ACKNOWLEDGED', version: 2 });
});

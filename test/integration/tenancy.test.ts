// Tenancy: nothing of another organization is visible or changeable, not even whether its ids exist.
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis, sendEvent } from '../factories';

let harness: Harness;
let server: TestServer;
let acme: string;
let globex: string;
let acmeBrand: string;
let acmeCrisis: string;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  acme = await harness.token('acme', 'ADMIN');
  globex = await harness.token('globex', 'ADMIN');
  acmeBrand = (await createBrand(server, acme, 'Acme')).id;
  acmeCrisis = (await declareCrisis(server, acme, acmeBrand)).id;
  await createBrand(server, globex, 'Acme'); // same name, other organization: allowed
});

afterAll(() => harness.close());

test('another organization’s crisis reads as null through crisis and node, and is absent from crises', async () => {
  const res = await server.gql(globex, `query($id: ID!) { crisis(id: $id) { id } node(id: $id) { id } crises { totalCount } brands { name } }`, { id: acmeCrisis });
  expect(res.data).toEqual({ crisis: null, node: null, crises: { totalCount: 0 }, brands: [{ name: 'Acme' }] });
});

test('acting on another organization’s crisis is NOT_FOUND, worded exactly like an id that does not exist', async () => {
  const foreign = await sendEvent(server, globex, { crisisId: acmeCrisis, type: 'ACKNOWLEDGE' });
  const missing = await sendEvent(server, globex, { crisisId: Buffer.from('Crisis:00000000-0000-4000-8000-000000000000').toString('base64url'), type: 'ACKNOWLEDGE' });
  expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  expect(Object.keys(foreign.errors![0].extensions!)).toEqual(Object.keys(missing.errors![0].extensions!));
  const mine = await server.gql(acme, `query($id: ID!) { crisis(id: $id) { version state } }`, { id: acmeCrisis });
  expect(mine.data.crisis).toEqual({ version: 1, state: 'DETECTED' });
});

test('declaring a crisis on another organization’s brand is NOT_FOUND and stores nothing', async () => {
  const res = await server.gql(globex, `mutation($b: ID!) { declareCrisis(input: { brandId: $b, title: "x", category: OTHER, severity: LOW }) { id } }`, { b: acmeBrand });
  expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  const count = await server.gql(acme, `{ crises { totalCount } }`);
  expect(count.data.crises.totalCount).toBe(1);
});

test('an idempotency key used by one organization does not collide with the same key in another', async () => {
  const globexBrand = (await server.gql(globex, `{ brands { id } }`)).data.brands[0].id;
  const globexCrisis = (await declareCrisis(server, globex, globexBrand)).id;
  const acmeResult = await sendEvent(server, acme, { crisisId: acmeCrisis, type: 'ACKNOWLEDGE', idempotencyKey: 'shared-key' });
  const globexResult = await sendEvent(server, globex, { crisisId: globexCrisis, type: 'ACKNOWLEDGE', idempotencyKey: 'shared-key' });
  expect(acmeResult.data.sendCrisisEvent.state).toBe('ACKNOWLEDGED');
  expect(globexResult.data.sendCrisisEvent).toMatchObject({ id: globexCrisis, state: 'ACKNOWLEDGED' });
});

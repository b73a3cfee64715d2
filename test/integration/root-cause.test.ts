// Root cause analysis: the current understanding on the crisis, every revision kept in the timeline.
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis, sendEvent } from '../factories';

let harness: Harness;
let server: TestServer;
let responder: string;
let brandId: string;

const update = (crisisId: string, input: Record<string, unknown>, token = responder) =>
  server.gql(token, `mutation($input: UpdateRootCauseInput!) { updateRootCause(input: $input) { version rootCause { nature stakeholders impact revision updatedBy updatedAt } } }`, {
    input: { crisisId, ...input },
  });

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  const admin = await harness.token('acme', 'ADMIN');
  responder = await harness.token('acme', 'RESPONDER', 'rita');
  brandId = (await createBrand(server, admin, 'Acme')).id;
});

afterAll(() => harness.close());

test('each update replaces the current root cause and adds a numbered revision to the timeline', async () => {
  const { id } = await declareCrisis(server, responder, brandId);
  const first = await update(id, { nature: 'A video of a faulty product', stakeholders: ['customers', ' customers ', 'retailers'], impact: 'Sales in France' });
  expect(first.data.updateRootCause).toMatchObject({
    version: 2, rootCause: { nature: 'A video of a faulty product', stakeholders: ['customers', 'retailers'], impact: 'Sales in France', revision: 1, updatedBy: 'rita' },
  });
  const second = await update(id, { nature: 'A batch of faulty products', stakeholders: ['customers', 'regulator'], impact: 'A recall in the EU' });
  expect(second.data.updateRootCause.rootCause).toMatchObject({ nature: 'A batch of faulty products', revision: 2 });
  const timeline = await server.gql(responder, `query($id: ID!) { crisis(id: $id) { timeline { edges { node { type payload } } } } }`, { id });
  const revisions = timeline.data.crisis.timeline.edges.filter((e: any) => e.node.type === 'ROOT_CAUSE_UPDATED').map((e: any) => e.node.payload);
  expect(revisions.map((r: any) => [r.revision, r.nature])).toEqual([[1, 'A video of a faulty product'], [2, 'A batch of faulty products']]);
});

test('empty fields are BAD_USER_INPUT naming the field, and change nothing', async () => {
  const { id } = await declareCrisis(server, responder, brandId);
  const res = await update(id, { nature: ' ', stakeholders: [], impact: 'x' });
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.nature' });
  const crisis = await server.gql(responder, `query($id: ID!) { crisis(id: $id) { version rootCause { nature } } }`, { id });
  expect(crisis.data.crisis).toEqual({ version: 1, rootCause: null });
});

test('a closed crisis keeps the understanding it closed with', async () => {
  const { id } = await declareCrisis(server, responder, brandId);
  await sendEvent(server, responder, { crisisId: id, type: 'DISMISS', reason: 'false alarm' });
  const res = await update(id, { nature: 'late idea', stakeholders: [], impact: 'none' });
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', event: 'updateRootCause', state: 'DISMISSED' });
});

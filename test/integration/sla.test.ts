// SLA deadlines on real time across three processes: a breach is one timeline event and one slaBreached message.
import { createHarness, eventually, subscribe, wsClient, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis } from '../factories';

let harness: Harness;
let admin: string;
const servers: TestServer[] = [];
const disposers: Array<{ dispose(): void | Promise<void> }> = [];

function fastPlan(ackSeconds: number) {
  return {
    name: `SLA ${ackSeconds}s ${Math.random().toString(36).slice(2, 6)}`,
    roles: [{ key: 'CRISIS_LEAD', title: 'Lead', responsibilities: [] }],
    channels: ['x'],
    protocols: [],
    slaPolicies: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((severity) => ({
      severity, acknowledgeWithinSeconds: ackSeconds, firstResponseWithinSeconds: 3600, updateEverySeconds: 3600,
    })),
  };
}

async function brandWithPlan(server: TestServer, ackSeconds: number): Promise<string> {
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
  await eventually(async () => c.server.services.hub.listenerCount > 1 && true, 2000, 'the subscription to register');
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

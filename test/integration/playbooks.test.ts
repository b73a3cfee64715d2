// Crisis plans over HTTP: the default plan, validation, immutable versions, brands following a plan, crises pinning it.
import { Client } from 'pg';
import { createHarness, eventually, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis } from '../factories';

let harness: Harness;
let server: TestServer;
let admin: string;
let responder: string;

const PLAYBOOK_FIELDS = `id name version currentVersion revisionReason isDefault createdBy channels
  roles { key title responsibilities } protocols { state steps }
  slaPolicies { severity acknowledgeWithinSeconds firstResponseWithinSeconds updateEverySeconds }`;

function plan(overrides: Record<string, unknown> = {}) {
  const policy = (severity: string, ack = 600) => ({ severity, acknowledgeWithinSeconds: ack, firstResponseWithinSeconds: 3600, updateEverySeconds: 3600 });
  return {
    name: `Plan ${Math.random().toString(36).slice(2, 8)}`,
    roles: [
      { key: 'CRISIS_LEAD', title: 'Crisis lead', responsibilities: ['Decides'] },
      { key: 'legal', title: 'Legal', responsibilities: [] },
    ],
    channels: ['X', 'press'],
    protocols: [
      { state: 'RESPONDING', steps: ['Publish one message everywhere'] },
      { state: 'DETECTED', steps: ['Check the signal', 'Alert the lead'] },
    ],
    slaPolicies: [policy('LOW'), policy('MEDIUM'), policy('HIGH'), policy('CRITICAL')],
    ...overrides,
  };
}

const create = (token: string, input: unknown) =>
  server.gql(token, `mutation($input: PlaybookInput!) { createPlaybook(input: $input) { ${PLAYBOOK_FIELDS} } }`, { input });
const revise = (token: string, id: string, input: unknown, reason: string) =>
  server.gql(token, `mutation($id: ID!, $input: PlaybookInput!, $reason: String!) { revisePlaybook(id: $id, input: $input, reason: $reason) { ${PLAYBOOK_FIELDS} } }`, { id, input, reason });
const playbookCount = async () => (await server.gql(admin, `{ playbooks { id } }`)).data.playbooks.length;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  admin = await harness.token('acme', 'ADMIN', 'alice');
  responder = await harness.token('acme', 'RESPONDER');
});

afterAll(() => harness.close());

test('a new organization has a ready default plan with a crisis lead, protocols and an SLA for every severity', async () => {
  const res = await server.gql(admin, `{ playbooks { ${PLAYBOOK_FIELDS} } }`);
  expect(res.data.playbooks).toHaveLength(1);
  const [plan] = res.data.playbooks;
  expect(plan).toMatchObject({ name: 'Default crisis plan', version: 1, isDefault: true, createdBy: 'system' });
  expect(plan.roles.map((r: any) => r.key)).toEqual(['CRISIS_LEAD', 'PR_LEAD', 'MARKETING', 'CUSTOMER_CARE', 'LEGAL']);
  expect(plan.protocols.map((p: any) => p.state)).toEqual(['DETECTED', 'ACKNOWLEDGED', 'RESPONDING', 'CONTAINED', 'RECOVERY', 'REVIEWED']);
  expect(plan.slaPolicies.map((p: any) => p.severity)).toEqual(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
  expect(plan.slaPolicies.find((p: any) => p.severity === 'CRITICAL').acknowledgeWithinSeconds).toBe(900);
});

test('createPlaybook stores version 1, normalised: role keys upper-cased, channels lower-cased, protocols in lifecycle order', async () => {
  const res = await create(admin, plan({ name: 'Recall plan' }));
  expect(res.errors).toBeUndefined();
  expect(res.data.createPlaybook).toMatchObject({
    name: 'Recall plan', version: 1, currentVersion: 1, isDefault: false, revisionReason: null, createdBy: 'alice', channels: ['x', 'press'],
  });
  expect(res.data.createPlaybook.roles.map((r: any) => r.key)).toEqual(['CRISIS_LEAD', 'LEGAL']);
  expect(res.data.createPlaybook.protocols.map((p: any) => p.state)).toEqual(['DETECTED', 'RESPONDING']);
});

test.each([
  ['a negative duration', plan({ slaPolicies: [{ severity: 'LOW', acknowledgeWithinSeconds: -5, firstResponseWithinSeconds: 60, updateEverySeconds: 60 }] }), 'input.slaPolicies[0].acknowledgeWithinSeconds'],
  ['a missing severity', plan({ slaPolicies: [{ severity: 'LOW', acknowledgeWithinSeconds: 5, firstResponseWithinSeconds: 60, updateEverySeconds: 60 }] }), 'input.slaPolicies'],
  ['a duplicate role key', plan({ roles: [{ key: 'CRISIS_LEAD', title: 'Lead' }, { key: 'crisis_lead', title: 'Again' }] }), 'input.roles[1].key'],
  ['no crisis lead', plan({ roles: [{ key: 'PR_LEAD', title: 'PR' }] }), 'input.roles'],
  ['a malformed role key', plan({ roles: [{ key: 'CRISIS_LEAD', title: 'Lead' }, { key: 'has space', title: 'x' }] }), 'input.roles[1].key'],
  ['two protocols for one state', plan({ protocols: [{ state: 'DETECTED', steps: ['a'] }, { state: 'DETECTED', steps: ['b'] }] }), 'input.protocols[1].state'],
  ['a protocol without steps', plan({ protocols: [{ state: 'DETECTED', steps: [] }] }), 'input.protocols[0].steps'],
  ['an empty name', plan({ name: '   ' }), 'input.name'],
  ['an update cadence under a minute', plan({ slaPolicies: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((severity) => ({ severity, acknowledgeWithinSeconds: 60, firstResponseWithinSeconds: 60, updateEverySeconds: 59 })) }), 'input.slaPolicies[0].updateEverySeconds'],
  ['no channel', plan({ channels: [] }), 'input.channels'],
])('createPlaybook refuses %s with BAD_USER_INPUT naming the field, and stores nothing', async (_what, input, field) => {
  const before = await playbookCount();
  const res = await create(admin, input);
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(await playbookCount()).toBe(before);
});

test('an unknown state is refused by the schema itself', async () => {
  const res = await create(admin, plan({ protocols: [{ state: 'PANICKING', steps: ['a'] }] }));
  expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(res.errors?.[0].message).not.toMatch(/Did you mean/);
});

test('two playbooks cannot share a name', async () => {
  await create(admin, plan({ name: 'Twin' }));
  const res = await create(admin, plan({ name: 'Twin' }));
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
});

test('revisePlaybook writes version 2 with its reason; version 1 reads exactly as before', async () => {
  const v1 = (await create(admin, plan({ name: 'Evolving' }))).data.createPlaybook;
  const v2 = await revise(admin, v1.id, plan({ name: 'Evolving', channels: ['tiktok'] }), 'TikTok is where it blew up last time');
  expect(v2.data.revisePlaybook).toMatchObject({ id: v1.id, version: 2, currentVersion: 2, channels: ['tiktok'], revisionReason: 'TikTok is where it blew up last time' });
  const old = await server.gql(admin, `query($id: ID!) { playbook(id: $id, version: 1) { ${PLAYBOOK_FIELDS} } current: playbook(id: $id) { version } }`, { id: v1.id });
  expect(old.data.playbook).toEqual({ ...v1, currentVersion: 2 });
  expect(old.data.current.version).toBe(2);
  const noReason = await revise(admin, v1.id, plan({ name: 'Evolving' }), '  ');
  expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  expect((await server.gql(admin, `query($id: ID!) { playbook(id: $id) { version } }`, { id: v1.id })).data.playbook.version).toBe(2);
});

test('a revision reason Postgres cannot store (NUL, a lone surrogate) is BAD_USER_INPUT, and no version is written', async () => {
  const v1 = (await create(admin, plan({ name: 'Unstorable reason' }))).data.createPlaybook;
  for (const reason of ['a\u0000b', 'x\ud800y']) {
    const res = await revise(admin, v1.id, plan({ name: 'Unstorable reason' }), reason);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  }
  expect((await server.gql(admin, `query($id: ID!) { playbook(id: $id) { version } }`, { id: v1.id })).data.playbook.version).toBe(1);
});

test('the database itself refuses to change a written version', async () => {
  const pg = new Client({ connectionString: harness.db.url });
  await pg.connect();
  try {
    await expect(pg.query(`UPDATE playbook_version SET name = 'tampered'`)).rejects.toThrow(/immutable/);
  } finally {
    await pg.end();
  }
});

test('a crisis pins the version current when it opened; a revision mid-crisis changes only later crises', async () => {
  const brand = await createBrand(server, admin, 'Pinned brand');
  const v1 = (await create(admin, plan({ name: 'Pinned plan' }))).data.createPlaybook;
  const set = await server.gql(admin, `mutation($b: ID!, $p: ID!) { setBrandPlaybook(brandId: $b, playbookId: $p) { name playbook { id version } } }`, { b: brand.id, p: v1.id });
  expect(set.data.setBrandPlaybook).toEqual({ name: 'Pinned brand', playbook: { id: v1.id, version: 1 } });
  const first = await declareCrisis(server, responder, brand.id);
  await revise(admin, v1.id, plan({ name: 'Pinned plan', channels: ['email'] }), 'email matters');
  const second = await declareCrisis(server, responder, brand.id);
  const res = await server.gql(admin, `query($a: ID!, $b: ID!) { a: crisis(id: $a) { playbook { version channels } } b: crisis(id: $b) { playbook { version channels } } }`, { a: first.id, b: second.id });
  expect(res.data.a.playbook).toEqual({ version: 1, channels: ['x', 'press'] });
  expect(res.data.b.playbook).toEqual({ version: 2, channels: ['email'] });
});

test('a crisis takes its SLA durations from its pinned playbook: a 1-second acknowledge SLA breaches', async () => {
  const brand = await createBrand(server, admin, 'Fast brand');
  const fast = (await create(admin, plan({
    name: 'Fast plan',
    slaPolicies: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((severity) => ({ severity, acknowledgeWithinSeconds: 1, firstResponseWithinSeconds: 3600, updateEverySeconds: 3600 })),
  }))).data.createPlaybook;
  await server.gql(admin, `mutation($b: ID!, $p: ID!) { setBrandPlaybook(brandId: $b, playbookId: $p) { id } }`, { b: brand.id, p: fast.id });
  const crisis = await declareCrisis(server, responder, brand.id);
  const breach = await eventually(async () => {
    const res = await server.gql(admin, `query($id: ID!) { crisis(id: $id) { timeline { edges { node { type payload } } } } }`, { id: crisis.id });
    return res.data.crisis.timeline.edges.find((e: any) => e.node.type === 'SLA_BREACHED');
  }, 5000, 'the acknowledge breach');
  expect(breach.node.payload).toMatchObject({ sla: 'ACKNOWLEDGE' });
});

test('only ADMIN writes plans; another organization sees none of them', async () => {
  const mine = (await create(admin, plan({ name: 'Private plan' }))).data.createPlaybook;
  expect((await create(responder, plan())).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const stranger = await harness.token('globex', 'ADMIN');
  const look = await server.gql(stranger, `query($id: ID!) { playbook(id: $id) { id } node(id: $id) { id } playbooks { name } }`, { id: mine.id });
  expect(look.data).toEqual({ playbook: null, node: null, playbooks: [{ name: 'Default crisis plan' }] });
  expect((await revise(stranger, mine.id, plan(), 'mine now')).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  const theirBrand = await createBrand(server, stranger, 'Globex');
  const attach = await server.gql(stranger, `mutation($b: ID!, $p: ID!) { setBrandPlaybook(brandId: $b, playbookId: $p) { id } }`, { b: theirBrand.id, p: mine.id });
  expect(attach.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', kind: 'Playbook' });
});

test('the first crises of a new organization, declared all at once through two processes, all open on the one default plan', async () => {
  const other = await harness.start();
  try {
    // The race is on the first use only, and narrow (two inserts must both pass ON CONFLICT's pre-check; the
    // lifecycle benchmark's 8 parallel declares hit it about one run in five): fresh organizations give it chances.
    for (let round = 0; round < 3; round++) {
      const newcomer = await harness.token(`initech-${round}-${Date.now()}`, 'ADMIN');
      const brand = await createBrand(server, newcomer);
      const results = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          (i % 2 ? other : server).gql(newcomer, `mutation($input: DeclareCrisisInput!) { declareCrisis(input: $input) { id playbook { id isDefault } } }`, {
            input: { brandId: brand.id, title: 'First day', category: 'OTHER', severity: 'LOW' },
          }),
        ),
      );
      expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok')).toEqual(Array(16).fill('ok'));
      const plans = new Set(results.map((r) => r.data.declareCrisis.playbook.id));
      expect(plans.size).toBe(1);
      const listed = (await server.gql(newcomer, `{ playbooks { id isDefault } }`)).data.playbooks;
      expect(listed).toEqual([{ id: [...plans][0], isDefault: true }]);
    }
  } finally {
    await other.stop();
  }
});

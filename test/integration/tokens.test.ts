// API tokens managed over GraphQL by an organization's admins: create (shown once), list, revoke everywhere at once.
import { createHarness, eventually, subscribe, untilSubscribed, wsClient, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis } from '../factories';

let harness: Harness;
let a: TestServer;
let b: TestServer;
let admin: string;
let responder: string;
let viewer: string;

beforeAll(async () => {
  harness = await createHarness();
  [a, b] = await Promise.all([harness.start(), harness.start()]);
  admin = await harness.token('acme', 'ADMIN', 'root-admin');
  responder = await harness.token('acme', 'RESPONDER');
  viewer = await harness.token('acme', 'VIEWER');
});

afterAll(() => harness.close());

const TOKEN_FIELDS = 'id name role createdAt revokedAt';
const create = (token: string, input: Record<string, unknown>) =>
  a.gql(token, `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { ${TOKEN_FIELDS} } } }`, { input });
const revoke = (server: TestServer, token: string, id: string) =>
  server.gql(token, `mutation($id: ID!) { revokeApiToken(id: $id) { ${TOKEN_FIELDS} } }`, { id });
const list = async (first = 200, extra = '') =>
  (await a.gql(admin, `{ apiTokens(first: ${first}${extra}) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${TOKEN_FIELDS} } } } }`)).data.apiTokens;
const whoCanRead = (server: TestServer, token: string) => server.gql(token, `{ brands { id } }`);

test('an admin creates a token: it is shown once, works with its role, and is listed without its secret', async () => {
  const created = await create(admin, { name: 'ops-script', role: 'RESPONDER' });
  const { token, apiToken } = created.data.createApiToken;
  expect(token).toMatch(/^cd_[\w-]{40,}$/);
  expect(apiToken).toMatchObject({ name: 'ops-script', role: 'RESPONDER', revokedAt: null });

  const brand = await createBrand(a, admin);
  const crisis = await declareCrisis(b, token, brand.id); // a RESPONDER acts, through either process
  const timeline = await a.gql(admin, `query($id: ID!) { crisis(id: $id) { timeline { edges { node { actor } } } } }`, { id: crisis.id });
  expect(timeline.data.crisis.timeline.edges[0].node.actor).toBe('ops-script');
  expect((await create(token, { name: 'escalation', role: 'ADMIN' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');

  const listed = await list();
  expect(listed.edges.map((e: { node: { id: string } }) => e.node)).toContainEqual(apiToken);
  expect(JSON.stringify(listed)).not.toContain(token);
  expect((await a.gql(admin, `query($id: ID!) { node(id: $id) { ... on ApiToken { name role } } }`, { id: apiToken.id })).data.node).toEqual({ name: 'ops-script', role: 'RESPONDER' });
  expect((await a.gql(responder, `query($id: ID!) { node(id: $id) { id } }`, { id: apiToken.id })).data.node).toBeNull();
});

test('only admins manage tokens; bad input is refused and stores nothing', async () => {
  const before = (await list()).totalCount;
  for (const token of [responder, viewer]) {
    expect((await create(token, { name: 'x', role: 'VIEWER' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await a.gql(token, `{ apiTokens { totalCount } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  }
  expect((await create(admin, { name: '   ', role: 'VIEWER' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  expect((await create(admin, { name: 'n'.repeat(201), role: 'VIEWER' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  expect((await create(admin, { name: 'x', role: 'OWNER' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect((await list()).totalCount).toBe(before);
});

test('a revoked token stops working at once in every process, and its open subscriptions are closed', async () => {
  const { token, apiToken } = (await create(admin, { name: 'leaked', role: 'VIEWER' })).data.createApiToken;
  // Both processes have looked the token up (and cached it), and it holds a subscription on B.
  expect((await whoCanRead(a, token)).data.brands).toBeDefined();
  expect((await whoCanRead(b, token)).data.brands).toBeDefined();
  let closedWith: number | null = null;
  const client = wsClient(b, token, { onNonLazyError: () => undefined, on: { closed: (event) => void (closedWith = (event as { code: number }).code) } });
  const events = subscribe(client, `subscription { crisisStateChanged { type } }`);
  await untilSubscribed(b, 1);

  const revoked = await revoke(a, admin, apiToken.id);
  expect(revoked.data.revokeApiToken).toMatchObject({ id: apiToken.id, name: 'leaked' });
  expect(Date.parse(revoked.data.revokeApiToken.revokedAt)).toBeGreaterThan(0);

  expect((await whoCanRead(a, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  // Well inside the 10 s the lookup cache would otherwise keep it: B heard the revocation.
  await eventually(async () => (await whoCanRead(b, token)).errors?.[0].extensions?.code === 'UNAUTHENTICATED', 2000, 'B to refuse the token');
  expect(await eventually(async () => closedWith, 2000, 'the subscription to be closed')).toBe(4403);
  expect(events.values).toEqual([]);
  await client.dispose();

  // Revoking again changes nothing; the list hides revoked tokens unless asked.
  expect((await revoke(b, admin, apiToken.id)).data.revokeApiToken.revokedAt).toBe(revoked.data.revokeApiToken.revokedAt);
  expect((await list()).edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(apiToken.id);
  expect((await list(200, ', includeRevoked: true')).edges.map((e: { node: { id: string } }) => e.node.id)).toContain(apiToken.id);
});

test("another organization's token cannot be seen or revoked", async () => {
  const otherAdmin = await harness.token('globex', 'ADMIN');
  const theirs = (await a.gql(otherAdmin, `mutation { createApiToken(input: { name: "theirs", role: VIEWER }) { token apiToken { id } } }`)).data.createApiToken;
  expect((await revoke(a, admin, theirs.apiToken.id)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  expect((await a.gql(admin, `query($id: ID!) { node(id: $id) { id } }`, { id: theirs.apiToken.id })).data.node).toBeNull();
  expect((await list()).edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(theirs.apiToken.id);
  expect((await whoCanRead(a, theirs.token)).data.brands).toBeDefined();
});

test('paging never skips tokens created in the same millisecond (created at once)', async () => {
  await Promise.all(Array.from({ length: 30 }, (_, i) => create(admin, { name: `burst-${i}`, role: 'VIEWER' })));
  // Created in one millisecond, microseconds apart (what a burst of concurrent creations can give): set by hand.
  await a.database.dataSource.query(
    `UPDATE api_token t SET created_at = timestamptz '2020-01-01 00:00:00.000+00' + make_interval(secs => n.i / 1e6)
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM api_token WHERE name LIKE 'burst-%') n WHERE t.id = n.id`,
  );
  const all = (await list()).edges.map((e: { node: { id: string } }) => e.node.id);
  const paged: string[] = [];
  let after: string | null = null;
  do {
    const page: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } = await list(3, after ? `, after: "${after}"` : '');
    paged.push(...page.edges.map((e) => e.node.id));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  expect(paged).toEqual(all);
});

test('the token list pages newest first with a cursor', async () => {
  for (const name of ['page-1', 'page-2', 'page-3']) await create(admin, { name, role: 'VIEWER' });
  const all = await list();
  const first = await list(2);
  expect(first.pageInfo.hasNextPage).toBe(true);
  expect(first.totalCount).toBe(all.totalCount);
  const rest = await list(200, `, after: "${first.pageInfo.endCursor}"`);
  const names = [...first.edges, ...rest.edges].map((e: { node: { name: string } }) => e.node.name);
  expect(names).toEqual(all.edges.map((e: { node: { name: string } }) => e.node.name));
  expect(names.slice(0, 3)).toEqual(['page-3', 'page-2', 'page-1']);
  expect((await a.gql(admin, `{ apiTokens(after: "garbage") { totalCount } }`)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
});

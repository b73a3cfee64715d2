// DataLoader: a page of crises with brand and first timeline events costs the same number of SQL statements at 5 or 50.
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis } from '../factories';

let harness: Harness;
let server: TestServer;
let token: string;
const statements: string[] = [];
let counting = false;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start({
    timerMaxIdleMs: 600_000, // keep the idle timer worker out of the count
    onQuery: (sql) => {
      if (counting) statements.push(sql);
    },
  });
  token = await harness.token('acme', 'ADMIN');
  const brands = [(await createBrand(server, token, 'A')).id, (await createBrand(server, token, 'B')).id, (await createBrand(server, token, 'C')).id];
  for (let i = 0; i < 50; i++) await declareCrisis(server, token, brands[i % 3]);
});

afterAll(() => harness.close());

const PAGE = `query($n: Int!) { crises(first: $n) { totalCount edges { node { id availableEvents brand { name }
  timeline(first: 3) { totalCount edges { node { type actor } } } } } } }`;

async function statementsFor(n: number): Promise<number> {
  await server.gql(token, `{ brands { id } }`); // token lookup is cached from here on
  statements.length = 0;
  counting = true;
  const res = await server.gql(token, PAGE, { n });
  counting = false;
  expect(res.errors).toBeUndefined();
  expect(res.data.crises.edges).toHaveLength(n);
  expect(res.data.crises.edges[0].node.timeline.edges[0].node.type).toBe('DETECTED');
  return statements.length;
}

test('50 crises with brand and timeline cost as many statements as 5', async () => {
  const five = await statementsFor(5);
  const fifty = await statementsFor(50);
  expect(fifty).toBe(five);
  expect(fifty).toBeLessThanOrEqual(5); // page, count, brands, timeline page, timeline counts
});

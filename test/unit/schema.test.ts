// schema/schema.graphql is the contract integrators read: it must be what the code builds.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printCrisisSchema } from '../../src/graphql/schema';

test('schema/schema.graphql matches the schema the code builds (run `npm run schema:print` after changing it)', async () => {
  const committed = readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
  expect(await printCrisisSchema()).toBe(committed);
});

test('state names are the same words in the machine and the GraphQL enum', async () => {
  const sdl = await printCrisisSchema();
  expect(sdl).toMatch(/enum CrisisState \{\s+DETECTED\s+ACKNOWLEDGED\s+RESPONDING\s+CONTAINED\s+RECOVERY\s+REVIEWED\s+DISMISSED\s+\}/);
});

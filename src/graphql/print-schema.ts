// `npm run schema:print`: writes schema/schema.graphql from the code.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printCrisisSchema } from './schema';

export const SCHEMA_FILE = path.join(__dirname, '..', '..', '..', 'schema', 'schema.graphql');

printCrisisSchema()
  .then((sdl) => writeFile(process.argv[2] ?? SCHEMA_FILE, sdl))
  .then(() => process.stdout.write(`wrote ${process.argv[2] ?? SCHEMA_FILE}\n`))
  .catch((error) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });

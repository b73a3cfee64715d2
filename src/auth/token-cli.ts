// `npm run token -- --org NAME --role ADMIN|RESPONDER|VIEWER --name LABEL`: prints a new token alone on its last line.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { AuthService } from './auth.service';
import { isRole } from './roles';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { org: { type: 'string' }, role: { type: 'string', default: 'ADMIN' }, name: { type: 'string' } },
  });
  const role = (values.role ?? '').toUpperCase();
  if (!values.org || !values.name || !isRole(role)) {
    process.stderr.write('usage: npm run token -- --org NAME --role ADMIN|RESPONDER|VIEWER --name LABEL\n');
    process.exitCode = 2;
    return;
  }
  const database = await openDatabase(loadConfig(), { log: (line) => process.stderr.write(`${line}\n`) });
  try {
    const { token } = await new AuthService(database.dataSource).createToken(values.org, role, values.name);
    process.stderr.write(`token for organization "${values.org}", role ${role}, name "${values.name}" (shown once):\n`);
    process.stdout.write(`${token}\n`);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

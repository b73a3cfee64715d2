// Boot: configuration, database (embedded when no DATABASE_URL), server and workers; SIGTERM drains and exits 0.
import 'reflect-metadata';
import pino from 'pino';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { startServer } from './http/server';
import { AuthService } from './auth/auth.service';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, base: { service: 'crisis-desk', pid: process.pid } });
  const database = await openDatabase(config, { log: (line) => log.info(line) });
  const server = await startServer(config, database, log);
  const url = `http://localhost:${server.port}/graphql`;
  log.info({ url, embeddedDatabase: database.embedded }, 'Crisis Desk is up');
  process.stdout.write(`\nGraphQL:    ${url}\nWebSocket:  ws://localhost:${server.port}/graphql\n`);
  if (config.demoToken) {
    const auth = new AuthService(database.dataSource);
    await auth.revokeByName('demo', 'demo-admin'); // the previous start's demo token stops working
    const { token } = await auth.createToken('demo', 'ADMIN', 'demo-admin');
    process.stdout.write(`Demo admin token (organization "demo"):\n${token}\n\n`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    const force = setTimeout(() => {
      log.error('drain took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    force.unref();
    try {
      await server.stop();
      await database.close();
      log.info('stopped');
      process.exitCode = 0;
    } catch (error) {
      log.error({ err: error }, 'unclean stop');
      process.exitCode = 1;
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

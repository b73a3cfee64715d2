// What every benchmark needs: a fresh database (on DATABASE_URL or an embedded server), an admin token, real API
// processes started from the build, a GraphQL client, and a clean-up that leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { openDatabase, type Database } from '../src/db/database';
import { AuthService } from '../src/auth/auth.service';
import { startEmbeddedPostgres } from '../src/db/embedded';

/** Server processes this run started: killed whatever happens, so a failed run leaves nothing behind. */
const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

export interface BenchDatabase {
  url: string;
  database: Database;
  /** An ADMIN token of the organization "bench". */
  token: string;
  embedded: boolean;
  serverVersion: string;
  /** The database's name, and a query on the server's maintenance database (not counted in this database's stats). */
  name: string;
  serverQuery<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Stops the API processes, drops the database, stops an embedded server. */
  close(): Promise<void>;
}

export async function benchDatabase(label: string, embeddedPort: number): Promise<BenchDatabase> {
  let serverUrl = process.env.DATABASE_URL;
  let embedded: { stop(): Promise<void> } | null = null;
  if (!serverUrl) {
    const server = await startEmbeddedPostgres({ dataDir: path.join('.data', `bench-${label}-${process.pid}`), port: embeddedPort, persistent: false });
    embedded = server;
    serverUrl = server.url;
  }
  const name = `crisis_desk_bench_${label}_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), embeddedDataDir: '', embeddedPort: 0 });
  const { token } = await new AuthService(database.dataSource).createToken('bench', 'ADMIN', 'bench');
  const [{ server_version: serverVersion }] = await database.dataSource.query('SHOW server_version');
  return {
    url: url.toString(),
    database,
    token,
    embedded: embedded !== null,
    serverVersion,
    name,
    serverQuery: async <T>(sql: string, params: unknown[] = []) => (await admin.query(sql, params)).rows as T[],
    async close() {
      for (const child of children.splice(0)) {
        child.kill('SIGTERM');
        await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      }
      await database.close();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
      await embedded?.stop();
    },
  };
}

/** Starts `node dist/src/main.js` on the database (production mode, any free port); resolves with its GraphQL URL. */
export async function startApiProcess(databaseUrl: string): Promise<string> {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'src', 'main.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let output = '';
  return new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /GraphQL:\s+(\S+)/.exec(output);
      if (match) resolve(match[1].replace('localhost', '127.0.0.1'));
    });
    child.on('exit', (code) => reject(new Error(`API process exited with ${code}: ${output}`)));
  });
}

/** A GraphQL-over-HTTP client with the token; throws on GraphQL errors. */
export function graphqlClient(endpoint: string, token: string) {
  return async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data as T;
  };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

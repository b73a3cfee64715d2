// What every benchmark needs: a fresh database (on DATABASE_URL or an embedded server), an admin token, real API
// processes started from the build, a GraphQL client, and a clean-up that leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { Pool as UndiciPool } from 'undici';
import { openDatabase, type Database } from '../src/db/database';
import { AuthService } from '../src/auth/auth.service';
import { startEmbeddedPostgres } from '../src/db/embedded';

/** Server processes this run started: killed whatever happens, so a failed run leaves nothing behind. */
const children: ChildProcess[] = [];
/** HTTP connection pools of the clients: closed with the database. */
const clientPools: UndiciPool[] = [];
/** The bench server's postmaster, when its data directory is readable here: CPU figures count its processes only. */
let postmasterPid: number | null = null;
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
  postmasterPid = await admin.query('SHOW data_directory')
    .then((r) => Number(readFileSync(path.join(r.rows[0].data_directory, 'postmaster.pid'), 'utf8').split('\n')[0]) || null)
    .catch(() => null); // another host, or a role that may not see it: every postgres process here counts
  return {
    url: url.toString(),
    database,
    token,
    embedded: embedded !== null,
    serverVersion,
    name,
    serverQuery: async <T>(sql: string, params: unknown[] = []) => (await admin.query(sql, params)).rows as T[],
    async close() {
      await Promise.all(clientPools.splice(0).map((pool) => pool.close()));
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

/**
 * Starts `node dist/src/main.js` on the database (production mode, any free port); resolves with its GraphQL URL.
 * The rate limit is off: one client token drives thousands of requests a second on purpose.
 * BENCH_API_NODE_ARGS adds node flags to the API processes (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
export async function startApiProcess(databaseUrl: string): Promise<string> {
  return (await startApiChild(databaseUrl)).url;
}

/** startApiProcess, with the child process itself (bench:faults kills one). */
export function startApiChild(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, '..', 'src', 'main.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    let started = false;
    child.stdout!.on('data', (chunk) => {
      // Once up, the process logs only warnings and errors (LOG_LEVEL=warn): shown, so a failed request has its cause.
      if (started) return void process.stderr.write(chunk);
      output += chunk;
      const match = /GraphQL:\s+(\S+)/.exec(output);
      if (match) {
        started = true;
        resolve({ url: match[1].replace('localhost', '127.0.0.1'), child });
      }
    });
    child.on('exit', (code) => {
      if (children.includes(child)) children.splice(children.indexOf(child), 1);
      reject(new Error(`API process exited with ${code}: ${output}`));
    });
  });
}

/**
 * A GraphQL-over-HTTP client with the token; throws on GraphQL errors. undici's pool rather than fetch: the client
 * shares the machine with the servers it measures, and fetch costs it about twice the CPU per request.
 */
export function graphqlClient(endpoint: string, token: string, connections = 64) {
  const url = new URL(endpoint);
  const pool = new UndiciPool(url.origin, { connections, pipelining: 1 });
  clientPools.push(pool);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  return async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const res = await pool.request({ method: 'POST', path: url.pathname, headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.body.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data as T;
  };
}

/** Ends a failed run: the error, then a moment for the API processes' own log lines about it to come through. */
export function failBench(error: unknown): void {
  console.error(error);
  setTimeout(() => process.exit(1), 500);
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CPU time (ms) used so far by this process, by each API process it started, and by each PostgreSQL process here. */
export interface CpuSnapshot {
  client: number;
  api: Map<number, number>;
  postgres: Map<number, number>;
}

/** The fields of /proc/<pid>/stat after the command name (state first), or null when the process is gone. */
function procStat(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null; // gone meanwhile
  }
}

/** utime + stime in ms (clock ticks of 10 ms). */
const cpuMsOf = (fields: string[]): number => ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;

/** Reads /proc (Linux); elsewhere only the client's own figure is known. */
export function cpuSnapshot(): CpuSnapshot {
  const own = process.cpuUsage();
  const snapshot: CpuSnapshot = { client: (own.user + own.system) / 1000, api: new Map(), postgres: new Map() };
  if (!existsSync('/proc/self/stat')) return snapshot;
  for (const child of children) {
    const fields = child.pid ? procStat(child.pid) : null;
    if (fields) snapshot.api.set(child.pid!, cpuMsOf(fields));
  }
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres')) continue;
    } catch {
      continue; // gone meanwhile
    }
    const fields = procStat(pid);
    if (!fields) continue;
    // Only the bench server's postmaster and its children (field 1 is the parent's pid), when it is known.
    if (postmasterPid !== null && Number(pid) !== postmasterPid && Number(fields[1]) !== postmasterPid) continue;
    snapshot.postgres.set(Number(pid), cpuMsOf(fields));
  }
  return snapshot;
}

/** CPU used between two snapshots by processes alive at the end (one that exited meanwhile takes its time along). */
function spent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** CPU per operation (ms) between two snapshots, for the benchmark's "where the time went" figures. */
export function cpuPerOperation(before: CpuSnapshot, after: CpuSnapshot, operations: number): string {
  const per = (ms: number) => (ms / operations).toFixed(2);
  // Each API process on its own too: the one serving the requests, and the others (they still hear every commit).
  const processes = [...after.api].map(([pid, ms]) => per(ms - (before.api.get(pid) ?? 0)));
  const api = `${per(spent(before.api, after.api))} ms${processes.length > 1 ? ` (${processes.join(' + ')})` : ''}`;
  return `CPU per op: API ${api}, PostgreSQL ${per(spent(before.postgres, after.postgres))} ms, client ${per(after.client - before.client)} ms`;
}

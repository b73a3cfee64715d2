// A clone in a folder only its owner may enter (as a root home is) still starts its embedded PostgreSQL.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/free-port';

const repo = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: __dirname, encoding: 'utf8' }).trim();
const isRoot = process.getuid?.() === 0;

// Runs inside the clone on the clone's own node_modules: its src through SWC (a compile would be slow), then
// start, SELECT 1, a second start on the same data (must fail, in one line), stop.
const script = `
const fs = require('fs');
const swc = require('@swc/core');
require.extensions['.ts'] = (module, file) => module._compile(swc.transformSync(fs.readFileSync(file, 'utf8'),
  { filename: file, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }).code, file);
const { startEmbeddedPostgres } = require('./src/db/embedded.ts');
const { Client } = require('pg');
(async () => {
  const port = Number(process.env.TEST_PG_PORT);
  const notices = [];
  const options = { dataDir: '.data/postgres', port, persistent: false, onLog: (line) => notices.push(line) };
  const server = await startEmbeddedPostgres(options);
  const client = new Client({ connectionString: server.url });
  await client.connect();
  const { rows } = await client.query('SELECT 1 AS one');
  await client.end();
  const second = await startEmbeddedPostgres({ ...options, port: Number(process.env.TEST_PG_PORT_2) }).then(() => 'started twice', (e) => e.message);
  await server.stop();
  process.stdout.write(JSON.stringify({ one: rows[0].one, dataDir: server.dataDir, second, notices }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

let home: string;

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'crisis-desk-home-')); // 0700, like /root
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

test(`a clone in a 0700 folder starts its embedded PostgreSQL and answers SELECT 1 (${isRoot ? 'as root: the postgres user' : 'as its owner'})`, async () => {
  expect(statSync(home).mode & 0o777).toBe(0o700);
  const clone = path.join(home, 'crisis-desk');
  execFileSync('git', ['clone', '--quiet', repo, clone]);
  // The clone is of HEAD; this checkout's src on top, so what is tested is the code being worked on.
  cpSync(path.join(repo, 'src'), path.join(clone, 'src'), { recursive: true, force: true });
  // Real files under the 0700 folder (a symlink would reach the binaries through a readable path), without
  // npm ci's minute: hard links where the disk is shared, else a copy.
  try {
    execFileSync('cp', ['-al', path.join(repo, 'node_modules'), clone]);
  } catch {
    execFileSync('cp', ['-a', path.join(repo, 'node_modules'), clone]);
  }
  const port = await freePort();
  let second = await freePort();
  while (second === port) second = await freePort();
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    cwd: clone,
    env: { ...process.env, TEST_PG_PORT: String(port), TEST_PG_PORT_2: String(second) },
    timeout: 20000,
  });
  const result = JSON.parse(stdout) as { one: number; dataDir: string; second: string; notices: string[] };
  expect(result.one).toBe(1);
  expect(result.second).toMatch(/^embedded PostgreSQL did not start: .*postmaster\.pid/);
  expect(result.second).not.toContain('\n');
  if (isRoot) {
    // The postgres user cannot enter the clone: the data lived where it can, said so in one line, and is gone.
    expect(result.dataDir.startsWith(home)).toBe(false);
    expect(result.notices[0]).toContain(`keeps its data in ${result.dataDir}`);
  } else {
    expect(result.dataDir).toBe(path.join(clone, '.data', 'postgres'));
  }
  expect(existsSync(result.dataDir)).toBe(false);
}, 30000);

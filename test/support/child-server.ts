// The built server (dist/src/main.js) as a child process, as an operator runs it: for signals, kill -9 and restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eventually } from './harness';

export interface ChildServer {
  child: ChildProcess;
  /** The GraphQL URL the process printed. */
  url: URL;
  output(): string;
  exited: Promise<number | null>;
}

export const MAIN = path.join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export async function startChildServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, [MAIN], {
    // Not NODE_ENV=test (jest's): Apollo only installs its own signal handlers outside tests, and they once raced ours.
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await eventually(async () => /GraphQL:\s+(\S+)/.exec(output)?.[1], 15000, 'the GraphQL URL in the output').catch((error) => {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}:\n${output}`);
  });
  return { child, url: new URL(url), output: () => output, exited };
}

// Starts real Crisis Desk servers (HTTP + websockets) on a per-file database, and talks to them like a client.
import pino from 'pino';
import { Client as PgClient } from 'pg';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { DEFAULT_SLA, loadConfig, type Config, type SlaDefaults } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/database';
import { startServer, type CrisisDeskServer } from '../../src/http/server';
import { AuthService } from '../../src/auth/auth.service';
import type { Role } from '../../src/auth/roles';
import { createTestDatabase, type TestDatabase } from './database';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

export interface TestServer {
  url: string;
  wsUrl: string;
  server: CrisisDeskServer;
  database: Database;
  gql<T = any>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export interface Harness {
  db: TestDatabase;
  start(overrides?: Partial<Config> & { onQuery?: (sql: string) => void }): Promise<TestServer>;
  token(organization: string, role: Role, name?: string): Promise<string>;
  close(): Promise<void>;
}

/** SLAs short enough for real-time tests, long enough not to fire by accident elsewhere. */
export function slaOf(seconds: { ack?: number; first?: number; update?: number }): SlaDefaults {
  const policy = {
    acknowledgeWithinSeconds: seconds.ack ?? 3600,
    firstResponseWithinSeconds: seconds.first ?? 7200,
    updateEverySeconds: seconds.update ?? 7200,
  };
  return { ...DEFAULT_SLA, LOW: policy, MEDIUM: policy, HIGH: policy, CRITICAL: policy };
}

/** `serverUrl`: a test's own PostgreSQL (one it stops and starts) instead of the shared one. */
export async function createHarness(serverUrl?: string): Promise<Harness> {
  const db = await createTestDatabase(serverUrl);
  const running = new Set<TestServer>();
  let tokens: AuthService | null = null;
  let tokenDb: Database | null = null;

  const harness: Harness = {
    db,
    async start(overrides = {}) {
      const { onQuery, ...configOverrides } = overrides;
      const config: Config = {
        ...loadConfig({ DATABASE_URL: db.url }),
        port: 0,
        host: '127.0.0.1',
        logLevel: 'silent',
        timerMaxIdleMs: 1000,
        ...configOverrides,
      };
      const database = await openDatabase(config, { onQuery });
      const server = await startServer(config, database, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
      const base = `127.0.0.1:${server.port}`;
      let stopped = false;
      const test: TestServer = {
        url: `http://${base}/graphql`,
        wsUrl: `ws://${base}/graphql`,
        server,
        database,
        async gql(token, query, variables) {
          const response = await fetch(`http://${base}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify({ query, variables }),
          });
          const body = (await response.json()) as GraphQLResponse;
          return { ...body, status: response.status };
        },
        async stop() {
          if (stopped) return;
          stopped = true;
          running.delete(test);
          await server.stop();
          await database.close();
        },
      };
      running.add(test);
      return test;
    },
    async token(organization, role, name = `${role.toLowerCase()}-bot`) {
      if (!tokens) {
        tokenDb = await openDatabase({ databaseUrl: db.url, embeddedDataDir: '', embeddedPort: 0 });
        tokens = new AuthService(tokenDb.dataSource);
      }
      return (await tokens.createToken(organization, role, name)).token;
    },
    async close() {
      for (const server of [...running]) await server.stop();
      await tokenDb?.close();
      await db.drop();
    },
  };
  return harness;
}

/** A graphql-ws client authenticated with the token in connection_init. */
export function wsClient(server: TestServer, token: string, options: Partial<Parameters<typeof createClient>[0]> = {}): Client {
  return createClient({
    url: server.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    ...options,
  });
}

export interface Subscription<T> {
  values: T[];
  errors: unknown[];
  /** Resolves when `count` values have arrived in all, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  dispose(): void;
}

export function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Subscription<T> {
  const values: T[] = [];
  const errors: unknown[] = [];
  let notify: () => void = () => undefined;
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(value.errors);
        else values.push(value.data as T);
        notify();
      },
      error: (error) => {
        errors.push(error);
        notify();
      },
      complete: () => undefined,
    },
  );
  return {
    values,
    errors,
    dispose,
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} values within ${timeoutMs} ms, got ${values.length}; errors: ${JSON.stringify(errors)}`)),
          timeoutMs,
        );
        const check = () => {
          if (values.length >= count) {
            clearTimeout(timer);
            resolve(values.slice(0, count));
          } else if (errors.length) {
            clearTimeout(timer);
            reject(new Error(`subscription failed: ${JSON.stringify(errors)}`));
          }
        };
        notify = check;
        check();
      });
    },
  };
}

/** Waits until `probe` returns a truthy value, polling every 25 ms, up to `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What listens on a server's hub before any subscription: the timer worker, the crisis snapshots and the webhook worker. */
export const PROCESS_LISTENERS = 3;

/**
 * Waits until exactly `subscriptions` listeners are on the server's hub (besides PROCESS_LISTENERS): one per
 * crisisEvents subscription, one per organization-wide filter however many subscribe to it (its shared reader).
 * A subscription is live once it listens; earlier tests' subscriptions are gone once the count comes back down.
 */
export function untilSubscribed(server: TestServer, subscriptions: number, timeoutMs = 5000): Promise<true> {
  return eventually(async () => server.server.services.hub.listenerCount === PROCESS_LISTENERS + subscriptions || null, timeoutMs, `${subscriptions} live subscriptions`) as Promise<true>;
}

/** Kills every LISTEN connection of the test database (all its servers'): they reconnect and must catch up. */
export async function dropListenConnections(harness: Harness): Promise<void> {
  const pg = new PgClient({ connectionString: harness.db.url });
  await pg.connect();
  try {
    await pg.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'crisis-desk-listen' AND datname = current_database()`);
  } finally {
    await pg.end();
  }
}

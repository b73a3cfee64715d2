// `npm run bench:faults`: three API processes on one database under a steady load of commands (some refused on
// purpose), mention batches and subscribers, while faults are injected: one process killed with SIGKILL and started
// again, then the database stopped and started. Prints, per phase, what was sent and how it was answered (OK,
// refused, 503, other 5xx, no answer), then what is stored against what was acknowledged, timers due against fired,
// subscriber events expected against received, and the recovery time after each fault. Always on its own embedded
// PostgreSQL (it stops and starts it), whatever DATABASE_URL says.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client as PgClient } from 'pg';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded';
import { openDatabase } from '../src/db/database';
import { AuthService } from '../src/auth/auth.service';
import { failBench, startApiChild } from './support';

const PORT = 55988;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 8);
const ACK_SECONDS = 6;
const PHASES = [
  { name: 'steady', seconds: 4 },
  { name: 'kill -9 one of three', seconds: 8 },
  { name: 'database restart', seconds: 10 },
  { name: 'after', seconds: 4 },
] as const;

type Outcome = 'ok' | 'refused' | '503' | '5xx' | 'no answer';
interface Sent { phase: number; kind: 'declare' | 'assign' | 'ingest'; outcome: Outcome; crisisId?: string; assignee?: string; ids?: string[]; refusedOnPurpose?: boolean }

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'crisis-desk-faults-'));
  let postgres: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir, port: PORT, persistent: true });
  const db = await openDatabase({ databaseUrl: postgres.url, embeddedDataDir: '', embeddedPort: 0 });
  const { token } = await new AuthService(db.dataSource).createToken('bench', 'ADMIN', 'faults');
  await db.close();
  const servers = await Promise.all([0, 1, 2].map(() => startApiChild(postgres.url)));
  const gql = async (i: number, query: string, variables: Record<string, unknown> = {}): Promise<{ outcome: Outcome; data?: any }> => {
    try {
      const res = await fetch(servers[i].url, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(15_000),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (res.status === 503) return { outcome: '503' };
      if (res.status >= 500 || JSON.stringify(body.errors ?? '').includes('INTERNAL_SERVER_ERROR')) return { outcome: '5xx' };
      return body.errors ? { outcome: 'refused' } : { outcome: 'ok', data: body.data };
    } catch {
      return { outcome: 'no answer' };
    }
  };
  const must = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(0, query, variables);
    if (r.outcome !== 'ok') throw new Error(`set-up failed: ${r.outcome}`);
    return r.data;
  };

  const brand = (await must(`mutation { createBrand(input: { name: "Faults", keywords: ["faults"] }) { id } }`)).createBrand;
  const plan = await must(`mutation($input: PlaybookInput!) { createPlaybook(input: $input) { id } }`, {
    input: {
      name: 'Fast acknowledge', roles: [{ key: 'CRISIS_LEAD', title: 'Lead', responsibilities: [] }], channels: ['x'], protocols: [],
      slaPolicies: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((severity) => ({ severity, acknowledgeWithinSeconds: ACK_SECONDS, firstResponseWithinSeconds: 7200, updateEverySeconds: 7200 })),
    },
  });
  await must(`mutation($b: ID!, $p: ID!) { setBrandPlaybook(brandId: $b, playbookId: $p) { id } }`, { b: brand.id, p: plan.createPlaybook.id });

  // Subscribers on the two processes that are never killed: every crisis's creation and breach, counted per crisis.
  const heard = [0, 1].map((i) => {
    const counts = new Map<string, number>();
    const client = createClient({ url: servers[i].url.replace('http:', 'ws:'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    for (const field of ['crisisStateChanged', 'slaBreached']) {
      client.subscribe({ query: `subscription($b: ID) { ${field}(brandId: $b) { crisisId type } }`, variables: { b: brand.id } }, {
        next: (m: any) => counts.set(`${field}:${m.data[field].crisisId}`, (counts.get(`${field}:${m.data[field].crisisId}`) ?? 0) + 1),
        error: () => counts.set('error', (counts.get('error') ?? 0) + 1),
        complete: () => undefined,
      });
    }
    return { client, counts };
  });
  await new Promise((resolve) => setTimeout(resolve, 500));

  const sent: Sent[] = [];
  const crises: string[] = [];
  let phase = 0;
  let step = 0;
  let running = true;
  const worker = async () => {
    while (running) {
      const n = step++;
      const target = n % 3;
      // 15 crises declared per phase: acknowledge SLAs fall due in every phase, the outage's included.
      if ((n % 6 === 0 && crises.length < 15 * (phase + 1)) || crises.length === 0) {
        const r = await gql(target, `mutation($b: ID!) { declareCrisis(input: { brandId: $b, title: "Fault ${n}", category: OTHER, severity: HIGH }) { id } }`, { b: brand.id });
        if (r.outcome === 'ok') crises.push(r.data.declareCrisis.id);
        sent.push({ phase, kind: 'declare', outcome: r.outcome });
      } else if (n % 6 === 1) {
        const ids = Array.from({ length: 20 }, (_, i) => `f-${n}-${i}`);
        const r = await gql(target, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`, {
          m: ids.map((externalId) => ({ platform: 'twitter', externalId, brandId: brand.id, text: 'faults mention', postedAt: new Date().toISOString() })),
        });
        sent.push({ phase, kind: 'ingest', outcome: r.outcome, ids });
      } else {
        const crisisId = crises[n % crises.length];
        const refusedOnPurpose = n % 11 === 0;
        const r = await gql(target, `mutation($input: AssignRoleInput!) { assignRole(input: $input) { id } }`, {
          input: { crisisId, roleKey: refusedOnPurpose ? 'NOT_IN_THE_PLAN' : 'CRISIS_LEAD', assignee: `agent ${n}` },
        });
        sent.push({ phase, kind: 'assign', outcome: r.outcome, crisisId, assignee: `agent ${n}`, refusedOnPurpose });
      }
    }
  };
  const started = performance.now();
  const workers = Array.from({ length: WORKERS }, worker);
  const recovery: string[] = [];
  const firstOk = async (i: number, from: number) => {
    for (;;) {
      if ((await gql(i, `{ brands { id } }`)).outcome === 'ok') return Math.round(performance.now() - from);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  for (phase = 0; phase < PHASES.length; phase++) {
    const end = performance.now() + PHASES[phase].seconds * 1000;
    if (PHASES[phase].name.startsWith('kill')) {
      servers[2].child.kill('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const restart = performance.now();
      servers[2] = await startApiChild(postgres.url);
      recovery.push(`kill -9: process restarted and serving ${await firstOk(2, restart)} ms after its start command (down 2,000 ms on purpose)`);
    } else if (PHASES[phase].name.startsWith('database')) {
      await postgres.stop();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const restart = performance.now();
      postgres = await startEmbeddedPostgres({ dataDir: postgres.dataDir, port: PORT, persistent: true });
      const up = Math.round(performance.now() - restart);
      const serving = await Promise.all([0, 1, 2].map((i) => firstOk(i, restart)));
      recovery.push(`database restart: PostgreSQL up ${up} ms after its start command (down 3,000 ms on purpose); every process serving after ${Math.max(...serving)} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, end - performance.now())));
  }
  running = false;
  await Promise.all(workers);
  const loadSeconds = (performance.now() - started) / 1000;

  // What is stored, read directly.
  const pg = new PgClient({ connectionString: postgres.url.replace(/\/postgres$/, '/postgres') });
  await pg.connect();
  const deadline = Date.now() + 30_000;
  let breaches: Array<{ crisis_id: string; n: number }> = [];
  for (;;) { // every acknowledge SLA is due within ACK_SECONDS of its crisis: wait for the last ones
    const [{ count }] = (await pg.query(`SELECT count(*)::int AS count FROM crisis`)).rows;
    breaches = (await pg.query(`SELECT crisis_id, count(*)::int AS n FROM crisis_event WHERE type = 'SLA_BREACHED' GROUP BY crisis_id`)).rows;
    if (breaches.length >= count || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await new Promise((resolve) => setTimeout(resolve, 1500)); // time for a second firing or a late message
  const crisisCount = (await pg.query(`SELECT count(*)::int AS n FROM crisis`)).rows[0].n as number;
  breaches = (await pg.query(`SELECT crisis_id, count(*)::int AS n FROM crisis_event WHERE type = 'SLA_BREACHED' GROUP BY crisis_id`)).rows;
  const assigned = new Map<string, number>();
  for (const r of (await pg.query(`SELECT payload->>'assignee' AS a, count(*)::int AS n FROM crisis_event WHERE type = 'ROLE_ASSIGNED' GROUP BY 1`)).rows) assigned.set(r.a, r.n);
  const stored = new Map<string, number>();
  for (const r of (await pg.query(`SELECT external_id, count(*)::int AS n FROM mention GROUP BY 1`)).rows) stored.set(r.external_id, r.n);
  await pg.end();

  console.log(`Crisis Desk under faults: 3 API processes, ${WORKERS} clients round-robin over them (a killed process's share fails), embedded PostgreSQL, node ${process.version}`);
  console.log(`load: ${sent.length} requests in ${loadSeconds.toFixed(1)} s (declare crisis, assign role — 1 in 11 refused on purpose —, ingest 20 mentions); acknowledge SLA ${ACK_SECONDS} s\n`);
  console.log('phase                       sent      ok  refused     503  other 5xx  no answer');
  PHASES.forEach((p, i) => {
    const mine = sent.filter((s) => s.phase === i);
    const n = (o: Outcome) => String(mine.filter((s) => s.outcome === o).length).padStart(7);
    console.log(`${p.name.padEnd(24)} ${String(mine.length).padStart(7)} ${n('ok')}  ${n('refused')} ${n('503')} ${n('5xx').padStart(10)} ${n('no answer').padStart(10)}`);
  });
  const ok = sent.filter((s) => s.kind === 'assign' && s.outcome === 'ok');
  const refused = sent.filter((s) => s.kind === 'assign' && (s.outcome === 'refused' || s.outcome === '503'));
  const lostCommands = ok.filter((s) => assigned.get(s.assignee!) !== 1).length;
  const storedRefused = refused.filter((s) => assigned.has(s.assignee!)).length;
  const accepted = sent.filter((s) => s.kind === 'ingest' && s.outcome === 'ok').flatMap((s) => s.ids!);
  const fired = breaches.reduce((n, b) => n + b.n, 0);
  const lines = [
    `commands acknowledged ${ok.length}, found once ${ok.length - lostCommands}, lost or doubled ${lostCommands}; refused or 503 ${refused.length}, stored anyway ${storedRefused}`,
    `mentions accepted ${accepted.length}, stored once ${accepted.filter((id) => stored.get(id) === 1).length}; rows stored more than once ${[...stored.values()].filter((n) => n > 1).length}`,
    `timers due ${crisisCount} (one acknowledge SLA per crisis), fired ${fired} on ${breaches.length} crises, more than once ${breaches.filter((b) => b.n > 1).length}`,
    ...heard.map(({ counts }, i) => {
      const events = [...counts].filter(([k]) => k !== 'error');
      const twice = events.filter(([, n]) => n > 1).length;
      return `subscriber on process ${i + 1}: events expected ${crisisCount * 2}, received ${events.length} distinct, duplicates ${twice}, errors ${counts.get('error') ?? 0}`;
    }),
    ...recovery,
  ];
  console.log(`\n${lines.join('\n')}`);
  const fivexx = sent.filter((s) => s.outcome === '5xx').length;
  const pass = lostCommands === 0 && storedRefused === 0 && fired === crisisCount && breaches.every((b) => b.n === 1) && fivexx === 0
    && heard.every(({ counts }) => [...counts].filter(([k]) => k !== 'error').length === crisisCount * 2 && [...counts.values()].every((n) => n === 1));
  console.log(`\n${pass ? 'PASS' : 'FAIL'}: nothing acknowledged lost, nothing refused stored, every timer once, every event to every surviving subscriber once, no 5xx but 503`);
  for (const { client } of heard) await client.dispose();
  for (const s of servers) s.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await postgres.stop();
  await rm(postgres.dataDir, { recursive: true, force: true });
  if (!pass && process.env.BENCH_STRICT === '1') process.exitCode = 1;
  process.exit();
}

main().catch(failBench);

// `npm run bench`: sendCrisisEvent throughput and latency at 1/16/64 clients and commit-to-subscriber latency
// across processes, each beside a baseline measured in the same run on the same machine.
import { cpus, totalmem } from 'node:os';
import { Pool, type PoolClient } from 'pg';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { benchDatabase, cpuPerOperation, cpuSnapshot, failBench, graphqlClient, percentile, startApiProcess } from './support';

const LEVELS = (process.env.BENCH_LEVELS ?? '1,16,64').split(',').map(Number);
const TRANSITIONS_PER_LEVEL = Number(process.env.BENCH_TRANSITIONS ?? 3000);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 300);

interface Stats {
  perSecond: number;
  p50: number;
  p99: number;
  /** Where the CPU went, per operation: the API processes, PostgreSQL, this client. */
  cpu: string;
}

/** Runs `total` operations with `concurrency` workers; returns throughput and latency percentiles in ms. */
/** Times `fn` and records its latency. */
type Timed = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Runs `total` jobs with `concurrency` workers. A job times each of its operations with `timed` (or, when it
 * times nothing, the whole job is one operation). Returns operations per second and latency percentiles in ms.
 */
async function measure(concurrency: number, total: number, job: (i: number, timed: Timed) => Promise<void>): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = cpuSnapshot();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        let timedAny = false;
        const timed: Timed = async (fn) => {
          timedAny = true;
          const t0 = performance.now();
          const result = await fn();
          latencies.push(performance.now() - t0);
          return result;
        };
        const t0 = performance.now();
        await job(i, timed);
        if (!timedAny) latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuPerOperation(cpuBefore, cpuSnapshot(), latencies.length);
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpu };
}

const fmt = (label: string, s: Stats) =>
  `  ${label.padEnd(42)} ${s.perSecond.toFixed(0).padStart(6)} /s   p50 ${s.p50.toFixed(2).padStart(6)} ms   p99 ${s.p99.toFixed(2).padStart(6)} ms   ${s.cpu}`;

async function main(): Promise<void> {
  const bench = await benchDatabase('lifecycle', 55999);
  const { database, token } = bench;
  const a = { endpoint: await startApiProcess(bench.url) };
  const b = { endpoint: await startApiProcess(bench.url) };
  const clients = { [a.endpoint]: graphqlClient(a.endpoint, token), [b.endpoint]: graphqlClient(b.endpoint, token) };
  const gql = (endpoint: string, query: string, variables?: Record<string, unknown>) => clients[endpoint](query, variables);

  console.log('Crisis Desk lifecycle benchmark');
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; PostgreSQL ${bench.serverVersion}${bench.embedded ? ' (embedded)' : ''}`);
  console.log(`two API processes (NODE_ENV=production) and this client on the same machine; ${TRANSITIONS_PER_LEVEL} operations per level\n`);

  const brandId = (await gql(a.endpoint, `mutation { createBrand(input: { name: "Bench" }) { id } }`)).createBrand.id;
  const declare = async () =>
    (await gql(a.endpoint, `mutation($b: ID!) { declareCrisis(input: { brandId: $b, title: "bench", category: OTHER, severity: LOW }) { id } }`, { b: brandId })).declareCrisis.id as string;

  // Each crisis takes two transitions (ACKNOWLEDGE, START_RESPONSE): crises are declared up front, outside the timing.
  const crisesNeeded = Math.ceil(TRANSITIONS_PER_LEVEL / 2) * LEVELS.length;
  const crisisIds: string[] = [];
  await measure(8, crisesNeeded, async () => {
    crisisIds.push(await declare());
  });
  // START_RESPONSE needs a crisis lead: assigned up front too.
  await measure(8, crisisIds.length, async (i) => {
    await gql(a.endpoint, `mutation($c: ID!) { assignRole(input: { crisisId: $c, roleKey: "CRISIS_LEAD", assignee: "bench" }) { version } }`, { c: crisisIds[i] });
  });
  const dbIds = crisisIds.map((id) => Buffer.from(id, 'base64url').toString().split(':')[1]);
  // Measure the steady state: statistics as autovacuum would have them after the bulk load above.
  await database.dataSource.query('ANALYZE');

  const pool = new Pool({ connectionString: bench.url, max: 64 });
  /** One raw transaction on its own pooled connection, as a baseline's unit of work. */
  const rawTransaction = async (work: (client: PoolClient) => Promise<void>) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };
  const machine = JSON.stringify((await database.dataSource.query(`SELECT machine FROM crisis LIMIT 1`))[0].machine);
  // How many protocol steps (tasks) entering each state creates, from the organization's default plan.
  const [{ protocols }] = await database.dataSource.query(`SELECT protocols FROM playbook_version LIMIT 1`);
  const steps = Object.fromEntries((protocols as Array<{ state: string; steps: string[] }>).map((p) => [p.state, p.steps.length])) as Record<string, number>;
  const [org] = await database.dataSource.query(`SELECT organization_id, brand_id FROM crisis LIMIT 1`);
  let cursor = 0;
  for (const clients of LEVELS) {
    const ids = crisisIds.slice(cursor, cursor + Math.ceil(TRANSITIONS_PER_LEVEL / 2));
    const raw = dbIds.slice(cursor, cursor + Math.ceil(TRANSITIONS_PER_LEVEL / 2));
    cursor += ids.length;
    // A worker takes a crisis and sends ACKNOWLEDGE then START_RESPONSE: two transitions, each timed on its own.
    const perTransition = await measure(clients, ids.length, async (i, timed) => {
      await timed(() => gql(a.endpoint, `mutation($c: ID!) { sendCrisisEvent(input: { crisisId: $c, type: ACKNOWLEDGE }) { version } }`, { c: ids[i] }));
      await timed(() => gql(a.endpoint, `mutation($c: ID!) { sendCrisisEvent(input: { crisisId: $c, type: START_RESPONSE }) { version } }`, { c: ids[i] }));
    });
    const trivial = await measure(clients, TRANSITIONS_PER_LEVEL, async () => {
      await gql(a.endpoint, `{ __typename }`);
    });
    // The baselines take their crises like the API's clients do: one worker per crisis, its two transactions one
    // after the other (two workers on one row would wait on each other's commit and slow the baseline down).
    const rawTx = await measure(clients, raw.length, async (i, timed) => {
      for (let step = 0; step < 2; step++) {
        await timed(() =>
          rawTransaction(async (c) => {
            await c.query(`UPDATE crisis SET version = version + 1, updated_at = now() WHERE id = $1`, [raw[i]]);
            await c.query(
              `INSERT INTO crisis_event (organization_id, crisis_id, brand_id, type, actor, payload, crisis_version) VALUES ($1, $2, $3, 'BENCH', 'bench', '{}', 0)`,
              [org.organization_id, raw[i], org.brand_id],
            );
          }),
        );
      }
    });
    // The same writes as the two transitions, by hand. ACKNOWLEDGE: the crisis row with its machine, a timeline row,
    // the acknowledge deadline's timer deleted, ACKNOWLEDGED's protocol steps as tasks, a notification.
    // START_RESPONSE: the same, with RESPONDING's steps, and its deadlines' timers upserted instead.
    // (The notification goes to a channel of its own: the API processes' LISTEN backends are woken all the same.)
    const sameWrites = await measure(clients, raw.length, async (i, timed) => {
      for (const step of [{ from: 'DETECTED', to: 'ACKNOWLEDGED' }, { from: 'ACKNOWLEDGED', to: 'RESPONDING' }] as const) {
        const id = raw[i];
        await timed(() =>
          rawTransaction(async (c) => {
            await c.query(`UPDATE crisis SET version = version + 1, machine = $2, state = $3, updated_at = now() WHERE id = $1`, [id, machine, step.to]);
            await c.query(
              `INSERT INTO crisis_event (organization_id, crisis_id, brand_id, type, from_state, to_state, actor, payload, crisis_version)
               VALUES ($1, $2, $3, 'STATE_CHANGED', $4, $5, 'bench', '{"event":"BENCH"}', 0)`,
              [org.organization_id, id, org.brand_id, step.from, step.to],
            );
            if (step.to === 'ACKNOWLEDGED') {
              await c.query(`DELETE FROM crisis_timer WHERE crisis_id = $1 AND send_id = 'bench-ack'`, [id]);
            } else {
              await c.query(
                `INSERT INTO crisis_timer (organization_id, crisis_id, send_id, event, due_at)
                 VALUES ($1, $2, 'bench-first', '{"type":"x"}', now() + interval '1 day'), ($1, $2, 'bench-update', '{"type":"y"}', now() + interval '1 day')
                 ON CONFLICT (crisis_id, send_id) DO UPDATE SET due_at = excluded.due_at`,
                [org.organization_id, id],
              );
            }
            await c.query(
              `INSERT INTO crisis_task (organization_id, crisis_id, state, position, title)
               SELECT $1, $2, $3, s.position - 1, 'bench' FROM generate_series(1, $4::int) AS s(position)
               ON CONFLICT (crisis_id, state, position) DO NOTHING`,
              [org.organization_id, id, step.to, steps[step.to]],
            );
            await c.query(`SELECT pg_notify('crisis_desk_bench', $1)`, [id]);
          }),
        );
      }
    });
    console.log(`${clients} concurrent clients`);
    console.log(fmt('sendCrisisEvent (per transition)', perTransition));
    console.log(fmt('{ __typename } (same server)', trivial));
    console.log(fmt('raw pg UPDATE+INSERT transaction', rawTx));
    console.log(fmt('raw pg, the same writes as a transition', sameWrites));
    console.log(`  ratio of sendCrisisEvent to: raw UPDATE+INSERT ${(perTransition.perSecond / rawTx.perSecond).toFixed(2)}, raw same writes ${(perTransition.perSecond / sameWrites.perSecond).toFixed(2)}, { __typename } ${(perTransition.perSecond / trivial.perSecond).toFixed(2)}`);
  }

  // Commit to subscriber on another process: mutation through A, subscription on B.
  const ws = createClient({ url: b.endpoint.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, lazy: false });
  const arrivals = new Map<string, number>();
  let wake: (() => void) | null = null;
  const dispose = ws.subscribe<{ crisisStateChanged: { crisisId: string; toState: string } }>(
    { query: `subscription { crisisStateChanged { crisisId toState } }` },
    {
      next: ({ data }) => {
        if (data?.crisisStateChanged.toState === 'ACKNOWLEDGED') {
          arrivals.set(data.crisisStateChanged.crisisId, performance.now());
          wake?.();
        }
      },
      error: (e) => console.error('subscription error', e),
      complete: () => undefined,
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  const upper: number[] = [];
  const afterResponse: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const id = await declare();
    const arrived = new Promise<void>((resolve) => (wake = () => arrivals.has(id) && resolve()));
    const t0 = performance.now();
    await gql(a.endpoint, `mutation($c: ID!) { sendCrisisEvent(input: { crisisId: $c, type: ACKNOWLEDGE }) { version } }`, { c: id });
    const t1 = performance.now();
    await Promise.race([arrived, new Promise((_, reject) => setTimeout(() => reject(new Error('event never arrived')), 5000))]);
    const t2 = arrivals.get(id)!;
    upper.push(t2 - t0);
    afterResponse.push(Math.max(0, t2 - t1));
  }
  dispose();
  await ws.dispose();
  upper.sort((x, y) => x - y);
  afterResponse.sort((x, y) => x - y);
  console.log(`\ncommit to subscriber on another process (${LATENCY_SAMPLES} sequential ACKNOWLEDGEs through A, subscription on B):`);
  console.log(`  request sent -> event received (upper bound of commit -> received): p50 ${percentile(upper, 50).toFixed(2)} ms, p99 ${percentile(upper, 99).toFixed(2)} ms`);
  console.log(`  response received -> event received:                               p50 ${percentile(afterResponse, 50).toFixed(2)} ms, p99 ${percentile(afterResponse, 99).toFixed(2)} ms`);

  await pool.end();
  await bench.close();
}

main().catch(failBench);

// `npm run bench:timers`: 10,000 crises with pending SLA timers, three API processes firing them: lateness
// (fired minus due) and the database load of idle workers.
import { cpus } from 'node:os';
import { benchDatabase, failBench, graphqlClient, percentile, startApiProcess } from './support';

const CRISES = Number(process.env.BENCH_CRISES ?? 10_000);
const PROCESSES = 3;
/** Every crisis's acknowledge SLA: long enough for all to be declared before the first falls due. */
const ACK_SECONDS = Number(process.env.BENCH_ACK_SECONDS ?? 40);
const IDLE_SECONDS = 10;

async function main(): Promise<void> {
  const bench = await benchDatabase('timers', 55998);
  const { database, token } = bench;
  const servers: string[] = [];
  for (let i = 0; i < PROCESSES; i++) servers.push(await startApiProcess(bench.url));
  const clients = servers.map((endpoint) => graphqlClient(endpoint, token));
  const gql = (endpoint: number, query: string, variables?: Record<string, unknown>) => clients[endpoint](query, variables);
  const a = 0;
  const brandId = (await gql(a, `mutation { createBrand(input: { name: "Bench" }) { id } }`)).createBrand.id;
  const policy = (severity: string) => ({ severity, acknowledgeWithinSeconds: ACK_SECONDS, firstResponseWithinSeconds: 86_400, updateEverySeconds: 86_400 });
  const plan = await gql(a, `mutation($input: PlaybookInput!) { createPlaybook(input: $input) { id } }`, {
    input: { name: 'Bench plan', roles: [{ key: 'CRISIS_LEAD', title: 'Lead' }], channels: ['x'], protocols: [], slaPolicies: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map(policy) },
  });
  await gql(a, `mutation($b: ID!, $p: ID!) { setBrandPlaybook(brandId: $b, playbookId: $p) { id } }`, { b: brandId, p: plan.createPlaybook.id });

  console.log('Crisis Desk timer benchmark');
  console.log(`machine: ${cpus().length} cores; node ${process.version}; ${PROCESSES} API processes (each runs a timer worker); ${CRISES} crises, acknowledge SLA ${ACK_SECONDS} s`);
  const declareStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 12 }, async (_, worker) => {
      for (let i = next++; i < CRISES; i = next++) {
        await gql(worker % PROCESSES, `mutation($b: ID!) { declareCrisis(input: { brandId: $b, title: "t", category: OTHER, severity: LOW }) { id } }`, { b: brandId });
      }
    }),
  );
  const declareSeconds = (performance.now() - declareStarted) / 1000;
  console.log(`declared ${CRISES} crises in ${declareSeconds.toFixed(1)} s (${(CRISES / declareSeconds).toFixed(0)}/s); their timers fall due over that span, ${ACK_SECONDS} s after each`);
  if (declareSeconds > ACK_SECONDS) console.log('WARNING: declaring took longer than the SLA: early timers fired while the load was still running');

  // Wait until every acknowledge timer has fired (bounded).
  const deadline = Date.now() + (ACK_SECONDS + 120) * 1000;
  for (;;) {
    const [{ count }] = await database.dataSource.query(`SELECT count(*)::int AS count FROM crisis_event WHERE type = 'SLA_BREACHED'`);
    if (count >= CRISES) break;
    if (Date.now() > deadline) throw new Error(`only ${count} of ${CRISES} timers fired in time`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const rows: Array<{ lateness_ms: number }> = await database.dataSource.query(
    `SELECT extract(epoch FROM (e.occurred_at - (c.detected_at + make_interval(secs => $1)))) * 1000 AS lateness_ms
     FROM crisis_event e JOIN crisis c ON c.id = e.crisis_id WHERE e.type = 'SLA_BREACHED'`,
    [ACK_SECONDS],
  );
  const lateness = rows.map((r) => Number(r.lateness_ms)).sort((x, y) => x - y);
  const [{ duplicates }] = await database.dataSource.query(
    `SELECT count(*)::int AS duplicates FROM (SELECT crisis_id FROM crisis_event WHERE type = 'SLA_BREACHED' GROUP BY crisis_id HAVING count(*) > 1) d`,
  );
  console.log(`\nfired ${lateness.length} breaches (${duplicates} crises breached more than once)`);
  console.log(`lateness (fired - due): p50 ${percentile(lateness, 50).toFixed(0)} ms, p99 ${percentile(lateness, 99).toFixed(0)} ms, max ${lateness[lateness.length - 1].toFixed(0)} ms`);

  // Idle load: transactions committed on this database while nothing is due and nobody calls the API.
  await new Promise((resolve) => setTimeout(resolve, 6000));
  const commits = async () => Number((await bench.serverQuery<{ xact_commit: string }>(`SELECT xact_commit FROM pg_stat_database WHERE datname = $1`, [bench.name]))[0].xact_commit);
  const before = await commits();
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const after = await commits();
  // pg_stat_database is updated when backends report (at most every second or so): a few counts of noise either way.
  console.log(`idle: ${after - before} statements in ${IDLE_SECONDS} s from ${PROCESSES} processes = ${((after - before) / IDLE_SECONDS / PROCESSES).toFixed(2)} per second per process`);
  console.log('(baseline for comparison: a worker polling every 100 ms would make 10 per second per process)');

  await bench.close();
}

main().catch(failBench);

// `npm run bench:webhooks`: webhook delivery as an integrator lives it — commit → delivered latency (p50/p99/max) to
// local receivers, deliveries per second, and whether one endpoint answering in 10 s delays the others.
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import { benchDatabase, failBench, graphqlClient, percentile, startApiProcess } from './support';

const CRISES = Number(process.env.BENCH_CRISES ?? 150);
const FAST_ENDPOINTS = 4;
const SLOW_ANSWER_MS = 10_000;
const IN_FLIGHT = 8;

interface Receipt {
  at: number;
  occurredAt: number;
  webhookId: string;
  crisisId: string;
  type: string;
}

/** A receiver on loopback that answers 204 after `delayMs` and records when each delivery arrived. */
async function receiver(delayMs: number): Promise<{ url: string; receipts: Receipt[]; server: Server }> {
  const receipts: Receipt[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      receipts.push({ at, occurredAt: Date.parse(body.data.event.occurredAt), webhookId: String(req.headers['webhook-id']), crisisId: body.data.crisis.id, type: body.type });
      setTimeout(() => res.writeHead(204).end(), delayMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`, receipts, server };
}

async function runAll<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

const ms = (v: number) => `${v.toFixed(0).padStart(5)} ms`;

async function main(): Promise<void> {
  const load = os.loadavg()[0];
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = 'true';
  process.env.WEBHOOK_TIMEOUT_MS = String(SLOW_ANSWER_MS + 5000);
  const bench = await benchDatabase('webhooks', 55993);
  const gql = graphqlClient(await startApiProcess(bench.url), bench.token, IN_FLIGHT);
  const fast = await Promise.all(Array.from({ length: FAST_ENDPOINTS }, () => receiver(0)));
  const slow = await receiver(SLOW_ANSWER_MS);
  const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`;
  for (const r of fast) await gql(CREATE, { input: { url: r.url } });

  /** One phase: CRISES crises declared and acknowledged on a new brand; what the fast receivers got of them. */
  const phase = async (label: string) => {
    const { createBrand } = await gql<{ createBrand: { id: string } }>(`mutation($n: String!) { createBrand(input: { name: $n, keywords: ["bench"] }) { id } }`, { n: `webhooks ${label}` });
    const before = fast.map((r) => r.receipts.length);
    const started = Date.now();
    const ids: string[] = [];
    /** When each declareCrisis was answered: its DETECTED delivery's latency seen from the client. */
    const answered = new Map<string, number>();
    await runAll(Array.from({ length: CRISES }, (_, i) => i), IN_FLIGHT, async (i) => {
      const { declareCrisis } = await gql<{ declareCrisis: { id: string } }>(
        `mutation($b: ID!, $t: String!) { declareCrisis(input: { brandId: $b, title: $t, category: OTHER, severity: LOW }) { id } }`, { b: createBrand.id, t: `bench ${i}` });
      ids.push(declareCrisis.id);
      answered.set(declareCrisis.id, Date.now());
      await gql(`mutation($c: ID!) { sendCrisisEvent(input: { crisisId: $c, type: ACKNOWLEDGE }) { id } }`, { c: declareCrisis.id });
    });
    const committed = Date.now();
    const [{ n }] = (await bench.database.dataSource.query(
      `SELECT count(*)::int AS n FROM crisis_event e JOIN brand b ON b.id = e.brand_id WHERE b.name = $1`, [`webhooks ${label}`],
    )) as Array<{ n: number }>;
    const expected = n * FAST_ENDPOINTS;
    const deadline = Date.now() + 60_000;
    const got = () => fast.reduce((sum, r, i) => sum + r.receipts.length - before[i], 0);
    while (got() < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const receipts = fast.flatMap((r, i) => r.receipts.slice(before[i]));
    const latencies = receipts.map((r) => r.at - r.occurredAt).sort((a, b) => a - b);
    const afterAnswer = receipts.filter((r) => r.type === 'DETECTED' && answered.has(r.crisisId)).map((r) => r.at - answered.get(r.crisisId)!).sort((a, b) => a - b);
    const last = Math.max(...receipts.map((r) => r.at));
    const duplicates = receipts.length - new Set(receipts.map((r) => `${r.webhookId}`)).size;
    return { label, afterAnswer, events: n, expected, received: receipts.length, duplicates, latencies, commandsSeconds: (committed - started) / 1000, perSecond: receipts.length / ((last - started) / 1000), drainMs: last - committed };
  };

  const quiet = await phase('fast endpoints only');
  await gql(CREATE, { input: { url: slow.url } });
  const withSlow = await phase(`with an endpoint answering in ${SLOW_ANSWER_MS / 1000} s`);
  const slowGot = slow.receipts.length;

  console.log('Crisis Desk webhook delivery');
  console.log(`machine: ${os.cpus().length} cores; node ${process.version}; load average ${load.toFixed(2)} at start, ${os.loadavg()[0].toFixed(2)} at end; one API process`);
  console.log(`(commands through HTTP, ${IN_FLIGHT} in flight: ${CRISES} crises declared and acknowledged per phase; ${FAST_ENDPOINTS} receivers on loopback answering 204 at once;`);
  console.log(` latency = receipt time minus the event's occurredAt (the database clock, same machine); WEBHOOK_CONCURRENCY default 16, 4 in flight per endpoint)`);
  for (const p of [quiet, withSlow]) {
    console.log(`\n${p.label}:`);
    console.log(`  events ${p.events} x ${FAST_ENDPOINTS} endpoints: expected ${p.expected}, received ${p.received}, duplicates ${p.duplicates}`);
    console.log(`  commit → delivered: p50 ${ms(percentile(p.latencies, 50))}  p99 ${ms(percentile(p.latencies, 99))}  max ${ms(p.latencies[p.latencies.length - 1])}`);
    console.log(`  DETECTED, from declareCrisis's answer to delivered: p50 ${ms(percentile(p.afterAnswer, 50))}  p99 ${ms(percentile(p.afterAnswer, 99))}`);
    console.log(`  ${p.perSecond.toFixed(0)} deliveries/s (commands took ${p.commandsSeconds.toFixed(1)} s; the last delivery ${p.drainMs} ms after the last command)`);
  }
  console.log(`  (the slow endpoint had received ${slowGot} deliveries, 4 at a time, each answered after ${SLOW_ANSWER_MS / 1000} s)`);
  const p99Quiet = percentile(quiet.latencies, 99);
  const p99Slow = percentile(withSlow.latencies, 99);
  const targets: Array<[boolean, string]> = [
    [quiet.received === quiet.expected && withSlow.received === withSlow.expected, 'every event reached every fast endpoint'],
    [p99Slow <= Math.max(2 * p99Quiet, p99Quiet + 100), `a 10 s endpoint does not delay the others: p99 ${p99Slow} ms with it vs ${p99Quiet} ms without`],
  ];
  console.log('\ntargets');
  for (const [ok, what] of targets) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${what}`);
  for (const r of [...fast, slow]) r.server.closeAllConnections();
  await Promise.all([...fast, slow].map((r) => new Promise((resolve) => r.server.close(resolve))));
  await bench.close();
  if (process.env.BENCH_STRICT === '1' && targets.some(([ok]) => !ok)) process.exit(1);
}

main().catch(failBench);

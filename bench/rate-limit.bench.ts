// `npm run bench:rate-limit`: what the shared rate limit (counters in PostgreSQL, src/http/rate-limit.ts) costs per
// request, beside the per-process memory limiter it replaced and a bare `SELECT 1` on the same pool: one client in
// turn, then 16 in flight, over distinct tokens' keys as the API counts them.
import { performance } from 'node:perf_hooks';
import { poolOf } from '../src/db/transaction';
import { RateLimit } from '../src/http/rate-limit';
import { benchDatabase } from './support';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const KEYS = 200;

async function timed(concurrency: number, run: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 500; i++) await run(i); // warm-up: connections, plans
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < REQUESTS) await run(next++);
  }));
  return ((performance.now() - started) * 1000) / REQUESTS; // µs per request
}

async function main(): Promise<void> {
  const bench = await benchDatabase('ratelimit', 55990);
  try {
    const pool = poolOf(bench.database.dataSource);
    const shared = new RateLimit(1e9, pool);
    const memory = new RateLimit(1e9);
    console.log(`rate limit cost per request: ${REQUESTS} requests over ${KEYS} keys, PostgreSQL ${bench.serverVersion}${bench.embedded ? ' (embedded)' : ''}, node ${process.version}`);
    console.log('                      1 in flight   16 in flight');
    const rows: Array<[string, (i: number) => Promise<unknown>]> = [
      ['memory (per process)', (i) => memory.take(`token:${i % KEYS}`)],
      ['shared (PostgreSQL)', (i) => shared.take(`token:${i % KEYS}`)],
      ['baseline SELECT 1', () => pool.query('SELECT 1')],
    ];
    const figures = new Map<string, number[]>();
    for (const [name, run] of rows) {
      const one = await timed(1, run);
      const many = await timed(16, run);
      figures.set(name, [one, many]);
      console.log(`  ${name.padEnd(20)} ${one.toFixed(1).padStart(9)} µs ${many.toFixed(1).padStart(11)} µs`);
    }
    const [s1, s16] = figures.get('shared (PostgreSQL)')!;
    const [b1, b16] = figures.get('baseline SELECT 1')!;
    console.log(`shared / SELECT 1: ${(s1 / b1).toFixed(2)}× in turn, ${(s16 / b16).toFixed(2)}× with 16 in flight`);
  } finally {
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

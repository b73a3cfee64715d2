// `npm run bench:ingest`: mentions per second through ingestMentions (batches of 1,000; sentiment given, then
// computed) beside a raw pg multi-row INSERT of the same rows, and the `mentions` query's latency beside the same
// SELECT in raw pg, with the table empty and with 1,000,000 and 10,000,000 stored (BENCH_STORED, a comma list).
import { cpus } from 'node:os';
import { Client } from 'pg';
import { v7 as timeOrderedUuid } from 'uuid';
import { benchDatabase, cpuPerOperation, cpuSnapshot, failBench, graphqlClient, startApiProcess } from './support';

const BATCH = 1000;
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2);
const STORED = (process.env.BENCH_STORED ?? '1000000,10000000').split(',').map(Number).filter((n) => n > 0);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);


const TEXTS = [
  'Just got my order, the packaging was great and delivery was fast',
  "Service client nul, produit cassé au bout d'un jour, je suis très déçu",
  'This product is terrible, it broke after one day. I want a refund!',
  "J'adore cette marque, le service est excellent",
  'Anyone else waiting for the new model? Looks promising',
];

let seq = 0;
function batch(brandId: string, withSentiment: boolean) {
  const base = Date.now() - 3 * 24 * 3600_000; // back-fill: stored and bucketed, detection skips it
  return Array.from({ length: BATCH }, () => {
    const i = seq++;
    return {
      platform: 'bench', externalId: `m${i}`, brandId, text: TEXTS[i % TEXTS.length], author: `user${i % 977}`,
      authorFollowers: (i * 37) % 10_000, reach: (i * 13) % 5000, likes: i % 50, shares: i % 7, comments: i % 11,
      ...(withSentiment ? { sentiment: ((i % 200) - 100) / 100, language: 'en' } : {}),
      postedAt: new Date(base + i * 1000).toISOString(),
    };
  });
}

async function timed(batches: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    for (let i = next++; i < batches; i = next++) await job(i);
  }));
  return (batches * BATCH) / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const bench = await benchDatabase('ingest', 55997);
  const { database, token } = bench;
  const endpoint = await startApiProcess(bench.url);
  const gql = graphqlClient(endpoint, token);
  const brandId = (await gql(`mutation { createBrand(input: { name: "Bench" }) { id } }`)).createBrand.id;
  const [{ id: brandDbId, organization_id: org }] = await database.dataSource.query(`SELECT id, organization_id FROM brand`);
  const INGEST = `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`;
  const pool = new Client({ connectionString: bench.url });
  await pool.connect();

  // The same rows by hand, one multi-row INSERT through unnest (sentiment as given), no checks, no buckets: into
  // mention alone, and (the baseline the ratio uses) with their dedupe keys, which the table's unique indexes enforced
  // before it was partitioned and mention_key enforces since: the same guarantee as ingestMentions' rows.
  const raw = async (rows: ReturnType<typeof batch>, withKeys: boolean) => {
    // Ids made as ingest makes them (time-ordered), so the two write the same index pattern.
    const params = [org, brandDbId, rows.map((r) => `${withKeys ? 'k' : 'r'}${r.externalId}`), rows.map((r) => r.text), rows.map((r) => r.author),
      rows.map((r) => r.authorFollowers), rows.map((r) => r.reach), rows.map((r) => r.likes), rows.map((r) => r.shares), rows.map((r) => r.comments),
      rows.map((r) => (r as { sentiment?: number }).sentiment ?? 0), rows.map((r) => r.postedAt), rows.map(() => timeOrderedUuid())];
    await pool.query(
      `WITH u AS (
         SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::real[], $12::timestamptz[], $13::uuid[])
           AS u(external_id, text, author, author_followers, reach, likes, shares, comments, sentiment, posted_at, id)
       ), keys AS (
         INSERT INTO mention_key (organization_id, platform, external_id, mention_id, posted_at)
         SELECT $1, 'raw', external_id, id, posted_at FROM u WHERE ${withKeys}
       )
       INSERT INTO mention (id, organization_id, brand_id, platform, external_id, text, author, author_followers, reach, likes, shares, comments,
                            language, sentiment, sentiment_source, posted_at)
       SELECT u.id, $1, $2, 'raw', u.external_id, u.text, u.author, u.author_followers, u.reach, u.likes, u.shares, u.comments, 'en', u.sentiment, 'GIVEN', u.posted_at
       FROM u`,
      params,
    );
  };

  console.log('Crisis Desk ingest benchmark');
  console.log(`machine: ${cpus().length} cores; node ${process.version}; one API process; ${CLIENTS} clients; ${BATCHES} batches of ${BATCH} per measure`);
  console.log('(bodies and raw parameter arrays are prepared before each measure; raw = one multi-row INSERT per batch, no checks, no buckets, with and without the dedupe keys)');
  // Batches are built and serialised before the clock starts: the figures are the server's, not this client's.
  const bodies = (withSentiment: boolean) => Array.from({ length: BATCHES }, () => JSON.stringify({ query: INGEST, variables: { m: batch(brandId, withSentiment) } }));
  const post = async (body: string) => {
    const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const parsed = (await res.json()) as { errors?: unknown[] };
    if (parsed.errors) throw new Error(JSON.stringify(parsed.errors).slice(0, 500));
  };
  const report = async (label: string) => {
    const [{ n }] = await database.dataSource.query(`SELECT count(*)::int AS n FROM mention`);
    // Each measure with the CPU its processes spent per batch of 1,000 (/proc): where the time goes, steadier than rates.
    const measure = async (job: (i: number) => Promise<void>) => {
      const before = cpuSnapshot();
      const rate = await timed(BATCHES, job);
      return { rate, cpu: cpuPerOperation(before, cpuSnapshot(), BATCHES).replace('CPU per op', 'CPU per batch') };
    };
    const givenBodies = bodies(true);
    const given = await measure((i) => post(givenBodies[i]));
    const computedBodies = bodies(false);
    const computed = await measure((i) => post(computedBodies[i]));
    const rawBatches = Array.from({ length: BATCHES }, () => batch(brandId, true));
    const withKeys = await measure((i) => raw(rawBatches[i], true));
    const bare = await measure((i) => raw(rawBatches[i], false));
    const rate = (m: { rate: number }) => m.rate.toFixed(0).padStart(7);
    console.log(`${label} (${n.toLocaleString('en')} mentions stored at the start):`);
    console.log(`  ingestMentions, sentiment given:     ${rate(given)} mentions/s  (${(withKeys.rate / given.rate).toFixed(2)}× the time of raw with keys)  ${given.cpu}`);
    console.log(`  ingestMentions, sentiment computed:  ${rate(computed)} mentions/s  ${computed.cpu}`);
    console.log(`  raw pg INSERT, same rows + keys:     ${rate(withKeys)} mentions/s  ${withKeys.cpu}`);
    console.log(`  raw pg INSERT, mention rows alone:   ${rate(bare)} mentions/s  (no dedupe: ingest is ${(bare.rate / given.rate).toFixed(2)}×)  ${bare.cpu}`);
  };
  const latency = async (label: string, job: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const t = performance.now();
      await job();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { label, p50: times[Math.floor(times.length / 2)], p99: times[Math.floor(times.length * 0.99)] };
  };
  const queries = async () => {
    const [{ id: someId }] = await pool.query(`SELECT id FROM mention ORDER BY posted_at LIMIT 1`).then((r) => r.rows);
    const deep = new Date(Date.now() - 60 * 86_400_000).toISOString();
    const PAGE = `query($b: ID!, $before: DateTime) { mentions(filter: { brandId: $b, postedBefore: $before }, first: 50) { edges { node { id text sentiment postedAt } } pageInfo { endCursor } } }`;
    const lines = [
      await latency('mentions(first: 50), newest page', () => gql(PAGE, { b: brandId })),
      await latency('mentions(first: 50, postedBefore: 60 days ago)', () => gql(PAGE, { b: brandId, before: deep })),
      await latency('node(id) of the oldest mention', () => gql(`query($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from(`Mention:${someId}`).toString('base64') })),
      await latency('raw pg: the newest page\'s SELECT', () => pool.query(
        `SELECT * FROM mention WHERE organization_id = $1 AND brand_id = $2 ORDER BY posted_at DESC, id DESC LIMIT 51`, [org, brandDbId])),
      await latency('raw pg: SELECT 1 (the round trip)', () => pool.query('SELECT 1')),
    ];
    for (const l of lines) console.log(`  ${l.label.padEnd(48)} p50 ${l.p50.toFixed(2).padStart(7)} ms   p99 ${l.p99.toFixed(2).padStart(7)} ms`);
  };
  await report('empty table');
  await queries();
  let filled = (await pool.query(`SELECT count(*)::int AS n FROM mention`)).rows[0].n as number;
  for (const target of STORED) {
    const started = performance.now();
    // Spread over the months before now (one row a second), in statements of at most a million rows, with their keys.
    await pool.query(`SELECT mention_partition_for(now() - make_interval(days => d)) FROM generate_series(0, $1::int) d`, [Math.ceil(target / 86_400) + 31]);
    while (filled < target) {
      const n = Math.min(1_000_000, target - filled);
      await pool.query(
        `WITH rows AS (
           SELECT gen_random_uuid() AS id, 'f' || g AS external_id, g FROM generate_series($3::bigint + 1, $3::bigint + $4) g
         ), keys AS (
           INSERT INTO mention_key (organization_id, platform, external_id, mention_id, posted_at)
           SELECT $1, 'fill', external_id, id, now() - make_interval(secs => g) FROM rows
         )
         INSERT INTO mention (id, organization_id, brand_id, platform, external_id, text, sentiment, sentiment_source, posted_at)
         SELECT id, $1, $2, 'fill', external_id, 'filler mention ' || g, ((g % 200) - 100) / 100.0, 'GIVEN', now() - make_interval(secs => g) FROM rows`,
        [org, brandDbId, filled, n],
      );
      filled += n;
    }
    await pool.query('ANALYZE mention');
    await pool.query('ANALYZE mention_key');
    // The fill's dirty pages are written now, not during the first measure after it (which would pay for them alone).
    await pool.query('CHECKPOINT').catch((error: Error) => console.log(`(no CHECKPOINT after the fill: ${error.message}; the next measure pays for writing it)`));
    console.log(`\n(filled to ${target.toLocaleString('en')} mentions in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    await report(`${target.toLocaleString('en')} stored`);
    await queries();
    filled = (await pool.query(`SELECT count(*)::int AS n FROM mention`)).rows[0].n as number;
  }

  await pool.end();
  await bench.close();
}

main().catch(failBench);

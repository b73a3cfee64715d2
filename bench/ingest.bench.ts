// `npm run bench:ingest`: mentions per second through ingestMentions (batches of 1,000; sentiment given, then
// computed) beside a raw pg multi-row INSERT of the same rows, with the table empty and with 1,000,000 stored.
import { cpus } from 'node:os';
import { Client } from 'pg';
import { benchDatabase, failBench, graphqlClient, startApiProcess } from './support';

const BATCH = 1000;
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2);
const STORED = Number(process.env.BENCH_STORED ?? 1_000_000);


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

  const raw = async (rows: ReturnType<typeof batch>) => {
    // The same rows by hand: one multi-row INSERT through unnest (sentiment as given), no buckets, no checks.
    await pool.query(
      `INSERT INTO mention (organization_id, brand_id, platform, external_id, text, author, author_followers, reach, likes, shares, comments,
                            language, sentiment, sentiment_source, posted_at)
       SELECT $1, $2, 'raw', u.external_id, u.text, u.author, u.author_followers, u.reach, u.likes, u.shares, u.comments, 'en', u.sentiment, 'GIVEN', u.posted_at
       FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::real[], $12::timestamptz[])
         AS u(external_id, text, author, author_followers, reach, likes, shares, comments, sentiment, posted_at)`,
      [org, brandDbId, rows.map((r) => r.externalId), rows.map((r) => r.text), rows.map((r) => r.author), rows.map((r) => r.authorFollowers),
        rows.map((r) => r.reach), rows.map((r) => r.likes), rows.map((r) => r.shares), rows.map((r) => r.comments),
        rows.map((r) => (r as { sentiment?: number }).sentiment ?? 0), rows.map((r) => r.postedAt)],
    );
  };

  console.log('Crisis Desk ingest benchmark');
  console.log(`machine: ${cpus().length} cores; node ${process.version}; one API process; ${CLIENTS} clients; ${BATCHES} batches of ${BATCH} per measure`);
  console.log('(bodies and raw parameter arrays are prepared before each measure; raw = one multi-row INSERT per batch, no checks, no buckets)');
  // Batches are built and serialised before the clock starts: the figures are the server's, not this client's.
  const bodies = (withSentiment: boolean) => Array.from({ length: BATCHES }, () => JSON.stringify({ query: INGEST, variables: { m: batch(brandId, withSentiment) } }));
  const post = async (body: string) => {
    const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const parsed = (await res.json()) as { errors?: unknown[] };
    if (parsed.errors) throw new Error(JSON.stringify(parsed.errors).slice(0, 500));
  };
  const report = async (label: string) => {
    const [{ n }] = await database.dataSource.query(`SELECT count(*)::int AS n FROM mention`);
    const givenBodies = bodies(true);
    const given = await timed(BATCHES, (i) => post(givenBodies[i]));
    const computedBodies = bodies(false);
    const computed = await timed(BATCHES, (i) => post(computedBodies[i]));
    const rawBatches = Array.from({ length: BATCHES }, () => batch(brandId, true));
    const rawRate = await timed(BATCHES, (i) => raw(rawBatches[i]));
    console.log(`${label} (${n.toLocaleString('en')} mentions stored at the start):`);
    console.log(`  ingestMentions, sentiment given:     ${given.toFixed(0).padStart(7)} mentions/s  (${(rawRate / given).toFixed(2)}× slower than raw)`);
    console.log(`  ingestMentions, sentiment computed:  ${computed.toFixed(0).padStart(7)} mentions/s`);
    console.log(`  raw pg multi-row INSERT, same rows:  ${rawRate.toFixed(0).padStart(7)} mentions/s`);
  };
  await report('empty table');
  if (STORED > 0) {
    const started = performance.now();
    await database.dataSource.query(
      `INSERT INTO mention (organization_id, brand_id, platform, external_id, text, sentiment, sentiment_source, posted_at)
       SELECT $1, $2, 'fill', 'f' || g, 'filler mention ' || g, ((g % 200) - 100) / 100.0, 'GIVEN', now() - (g || ' seconds')::interval
       FROM generate_series(1, $3) g`,
      [org, brandDbId, STORED],
    );
    await database.dataSource.query('ANALYZE mention');
    console.log(`\n(filled ${STORED.toLocaleString('en')} mentions in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    await report('large table');
  }

  await pool.end();
  await bench.close();
}

main().catch(failBench);

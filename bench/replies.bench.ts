// `npm run bench:replies`: replyQueue pages over HTTP beside the raw SQL of the same page, on 100,000 mentions linked to one
// crisis; claims/s with 16 agents on distinct mentions beside raw upserts; then 16 agents taking the next one and replying.
import { cpus, totalmem } from 'node:os';
import { Pool } from 'pg';
import { Pool as UndiciPool } from 'undici';
import { AuthService } from '../src/auth/auth.service';
import { benchDatabase, cpuPerOperation, cpuSnapshot, failBench, graphqlClient, percentile, startApiProcess } from './support';

const LINKED = Number(process.env.BENCH_LINKED ?? 100_000);
const OTHERS = Number(process.env.BENCH_OTHERS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 16);
const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 4000);

interface Stats {
  perSecond: number;
  p50: number;
  p99: number;
  cpu: string;
}

/** Runs `total` jobs on `concurrency` workers; each job is one timed operation. */
async function measure(concurrency: number, total: number, job: (i: number) => Promise<void>): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const before = cpuSnapshot();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < total; i = next++) {
      const t0 = performance.now();
      await job(i);
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuPerOperation(before, cpuSnapshot(), latencies.length);
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpu };
}

const fmt = (label: string, s: Stats) =>
  `  ${label.padEnd(46)} ${s.perSecond.toFixed(0).padStart(6)} /s   p50 ${s.p50.toFixed(2).padStart(6)} ms   p99 ${s.p99.toFixed(2).padStart(6)} ms   ${s.cpu}`;

/** A GraphQL client that hands back errors instead of throwing (a refused claim is an answer here, not a failure). */
function answeringClient(endpoint: string, token: string, pools: UndiciPool[]) {
  const url = new URL(endpoint);
  const pool = new UndiciPool(url.origin, { connections: 4, pipelining: 1 });
  pools.push(pool);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  return async (query: string, variables: Record<string, unknown>) => {
    const res = await pool.request({ method: 'POST', path: url.pathname, headers, body: JSON.stringify({ query, variables }) });
    return (await res.body.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> };
  };
}

const QUEUE = `query($c: ID!, $first: Int, $after: String, $x: Boolean) { replyQueue(crisisId: $c, first: $first, after: $after, excludeClaimed: $x) {
  totalCount pageInfo { endCursor } edges { node { id author text reach authorFollowers sentiment postedAt replyPriority replyClaim { holder expiresAt } } } } }`;
const CLAIM = `mutation($m: ID!) { claimMention(mentionId: $m) { holder expiresAt mention { id } } }`;

/** The queue's own statements (src/replies/reply.queue.ts, without excludeClaimed), for the raw baseline and the plans. */
const PAGE_SQL = (cursor: boolean, excludeClaimed = false) => `SELECT m.*, c.holder AS claim_holder, c.claimed_at AS claim_claimed_at, c.expires_at AS claim_expires_at
  FROM mention m LEFT JOIN reply_claim c ON c.mention_id = m.id AND c.expires_at > now()
  WHERE m.organization_id = $1 AND m.crisis_id = $2 AND m.sentiment < 0 AND m.reply_state IS NULL
    ${excludeClaimed ? 'AND NOT EXISTS (SELECT 1 FROM reply_claim o WHERE o.mention_id = m.id AND o.expires_at > now() AND o.holder <> $3)' : 'AND $3::text IS NULL'}
    ${cursor ? 'AND (m.reply_priority, m.id) < ($5::float8, $6::uuid)' : ''}
  ORDER BY m.reply_priority DESC, m.id DESC LIMIT $4`;
const COUNT_SQL = `SELECT coalesce((SELECT pending FROM reply_queue_size WHERE crisis_id = $2 AND organization_id = $1), 0)::int AS count`;
/** What totalCount would cost without reply_queue_size: counting the partial index's entries. */
const NAIVE_COUNT_SQL = `SELECT count(*)::int AS count FROM mention m
  WHERE m.organization_id = $1 AND m.crisis_id = $2 AND m.sentiment < 0 AND m.reply_state IS NULL`;

const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];

async function main(): Promise<void> {
  const bench = await benchDatabase('replies', 55995);
  const { database, token } = bench;
  const endpoint = await startApiProcess(bench.url);
  const gql = graphqlClient(endpoint, token);
  const pools: UndiciPool[] = [];

  const brandId = (await gql(`mutation { createBrand(input: { name: "Bench" }) { id } }`)).createBrand.id;
  const crisisId = (await gql(`mutation($b: ID!) { declareCrisis(input: { brandId: $b, title: "Bench crisis", category: OTHER, severity: HIGH }) { id } }`, { b: brandId })).declareCrisis.id;
  const [{ organization_id: org }] = await database.dataSource.query(`SELECT organization_id FROM brand`);
  const crisis = dbId(crisisId);
  const brand = dbId(brandId);

  // Bulk seeding (a bench, not a test): linked negative mentions over the last day with spread reach and followers,
  // and as many unlinked ones (positive, or before the crisis) that the queue must not touch.
  const seeded = performance.now();
  // Inserted unlinked, then linked by one UPDATE as detection links a spike's mentions (the queue's size follows).
  // The months' partitions first; the dedupe keys (which claims and replies reference) after.
  await database.dataSource.query(`SELECT mention_partition_for(now() - make_interval(days => d)) FROM generate_series(0, 400) d`);
  await database.dataSource.query(
    `INSERT INTO mention (organization_id, brand_id, platform, external_id, text, author, author_followers, reach, sentiment, sentiment_source, posted_at)
     SELECT $1, $2, 'x', 'q' || g, 'complaint number ' || g || ' about the product and the service', '@user' || (g % 5000),
            (abs(hashtext('f' || g)) % 1000000) / (1 + g % 97), (abs(hashtext('r' || g)) % 2000000) / (1 + g % 89),
            -((g % 100) + 1) / 100.0, 'GIVEN', now() - ((g * 0.864) || ' seconds')::interval
     FROM generate_series(1, $3) g`,
    [org, brand, LINKED],
  );
  await database.dataSource.query(`UPDATE mention SET crisis_id = $2 WHERE organization_id = $1 AND platform = 'x' AND external_id LIKE 'q%'`, [org, crisis]);
  await database.dataSource.query(
    `INSERT INTO mention (organization_id, brand_id, platform, external_id, text, sentiment, sentiment_source, posted_at)
     SELECT $1, $2, 'x', 'o' || g, 'other mention ' || g, ((g % 200) - 100) / 100.0, 'GIVEN', now() - ((g * 3) || ' seconds')::interval
     FROM generate_series(1, $3) g`,
    [org, brand, OTHERS],
  );
  await database.dataSource.query(
    `INSERT INTO mention_key (organization_id, platform, external_id, mention_id, posted_at)
     SELECT organization_id, platform, external_id, id, posted_at FROM mention WHERE organization_id = $1`,
    [org],
  );
  await database.dataSource.query('VACUUM ANALYZE mention');
  const seedSeconds = (performance.now() - seeded) / 1000;

  const pool = new Pool({ connectionString: bench.url, max: AGENTS + 4 });
  console.log('Crisis Desk reply queue benchmark');
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; PostgreSQL ${bench.serverVersion}${bench.embedded ? ' (embedded)' : ''}`);
  console.log(`one API process (NODE_ENV=production) and this client on the same machine; ${LINKED.toLocaleString('en')} mentions linked to one crisis`);
  console.log(`and ${OTHERS.toLocaleString('en')} others of the brand (seeded by SQL in ${seedSeconds.toFixed(1)} s, then VACUUM ANALYZE)\n`);

  // A cursor half-way down the queue, in the API's cursor format (the stored priority and the id).
  const [middle] = await pool.query(`${PAGE_SQL(false)} OFFSET $5`, [org, crisis, null, 1, Math.floor(LINKED / 2)]).then((r) => r.rows);
  const deepCursor = Buffer.from(JSON.stringify([String(middle.reply_priority), middle.id])).toString('base64url');
  const [first] = (await gql(QUEUE, { c: crisisId, first: 50 })).replyQueue.edges;
  if (!first) throw new Error('the queue is empty');

  const plans: Array<[string, unknown[], boolean]> = [
    ['first page', [org, crisis, null, 51], false],
    ['page after the middle cursor', [org, crisis, null, 51, middle.reply_priority, middle.id], true],
  ];
  for (const [label, params, cursor] of plans) {
    const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${PAGE_SQL(cursor)}`, params);
    console.log(`plan, ${label}:\n${plan.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}\n`);
  }
  for (const [label, sql] of [['totalCount', COUNT_SQL], ['a naive count(*) instead', NAIVE_COUNT_SQL]]) {
    const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, [org, crisis]);
    console.log(`plan, ${label}:\n${plan.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}\n`);
  }

  console.log(`replyQueue(first: 50), one client, ${SAMPLES} requests each (page + totalCount, all node fields above)`);
  const httpFirst = await measure(1, SAMPLES, async () => void (await gql(QUEUE, { c: crisisId, first: 50 })));
  const httpDeep = await measure(1, SAMPLES, async () => void (await gql(QUEUE, { c: crisisId, first: 50, after: deepCursor })));
  const rawPage = (cursor: boolean) => async () => {
    const params = cursor ? [org, crisis, null, 51, middle.reply_priority, middle.id] : [org, crisis, null, 51];
    await Promise.all([pool.query(PAGE_SQL(cursor), params), pool.query(COUNT_SQL, [org, crisis])]);
  };
  const rawFirst = await measure(1, SAMPLES, rawPage(false));
  const rawDeep = await measure(1, SAMPLES, rawPage(true));
  const rawPageOnly = await measure(1, SAMPLES, async () => void (await pool.query(PAGE_SQL(false), [org, crisis, null, 51])));
  const rawCountOnly = await measure(1, SAMPLES, async () => void (await pool.query(COUNT_SQL, [org, crisis])));
  const naiveCount = await measure(1, Math.min(SAMPLES, 200), async () => void (await pool.query(NAIVE_COUNT_SQL, [org, crisis])));
  console.log(fmt('HTTP replyQueue, first page', httpFirst));
  console.log(fmt('HTTP replyQueue, after the middle cursor', httpDeep));
  console.log(fmt('raw pg, page + count, first page', rawFirst));
  console.log(fmt('raw pg, page + count, after the middle cursor', rawDeep));
  console.log(fmt('raw pg, the page statement alone', rawPageOnly));
  console.log(fmt('raw pg, the count statement alone', rawCountOnly));
  console.log(fmt('(a naive count(*) of the queue, for comparison)', naiveCount));

  // 16 agents, each with its own token (the token's name is the agent).
  const auth = new AuthService(database.dataSource);
  const agents = await Promise.all(Array.from({ length: AGENTS }, async (_, i) => {
    const { token: agentToken } = await auth.createToken('bench', 'RESPONDER', `agent-${i + 1}`);
    return answeringClient(endpoint, agentToken, pools);
  }));
  // Distinct mentions: the top of the queue dealt out round-robin, so no two agents ever want the same one.
  const top = (await pool.query(`${PAGE_SQL(false)}`, [org, crisis, null, CLAIMS * 2])).rows.map((r) => r.id as string);
  const distinct = top.slice(0, CLAIMS);
  let successes = 0;
  let conflicts = 0;
  const outcome = (res: Awaited<ReturnType<(typeof agents)[number]>>) => {
    if (res.data?.claimMention) successes++;
    else if (res.errors?.[0]?.extensions?.code === 'ALREADY_CLAIMED') conflicts++;
    else throw new Error(`claim failed: ${JSON.stringify(res.errors).slice(0, 300)}`);
  };
  console.log(`\nclaimMention, ${AGENTS} agents at once`);
  const claimsDistinct = await measure(AGENTS, distinct.length, async (i) => {
    outcome(await agents[i % AGENTS](CLAIM, { m: Buffer.from(`Mention:${distinct[i]}`).toString('base64url') }));
  });
  console.log(fmt(`distinct mentions (${distinct.length} claims)`, claimsDistinct));
  console.log(`    successes ${successes}, conflicts ${conflicts}`);
  // What an agent's "what can I take" costs while the top of the queue is held by others (the claims above).
  const held = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${PAGE_SQL(false, true)}`, [org, crisis, 'agent-1', 17]);
  console.log(`\nplan, excludeClaimed page (first: 16) with ${distinct.length} claims held at the top of the queue:\n${held.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}\n`);

  // Each agent gives its claims back.
  const RELEASE = `mutation($m: ID!) { releaseMention(mentionId: $m) { id } }`;
  const releases = await measure(AGENTS, distinct.length, async (i) => {
    const res = await agents[i % AGENTS](RELEASE, { m: Buffer.from(`Mention:${distinct[i]}`).toString('base64url') });
    if (res.errors) throw new Error(`release failed: ${JSON.stringify(res.errors).slice(0, 300)}`);
  });
  console.log(fmt(`releaseMention, the same mentions (${distinct.length})`, releases));

  // The agents' work loop: read what one can take (excludeClaimed, first 16), claim one of them at random, answer it.
  // Replies append to the crisis's timeline under its row lock: 16 agents on one crisis take turns there.
  successes = 0;
  conflicts = 0;
  const REPLY = `mutation($m: ID!) { replyToMention(input: { mentionId: $m, body: "Sorry {{author}}, {{agent}} here: we are on it" }) { id } }`;
  const loops = Number(process.env.BENCH_REPLIES ?? 1000);
  const replyLatencies: number[] = [];
  const loopCpu = cpuSnapshot();
  const loopStarted = performance.now();
  let sent = 0;
  await Promise.all(Array.from({ length: AGENTS }, async (_, a) => {
    const agent = agents[a];
    while (sent < loops) {
      const edges = (await agent(QUEUE, { c: crisisId, first: 16, x: true })).data.replyQueue.edges;
      const mentionId = edges[Math.floor(Math.random() * edges.length)].node.id;
      const claimed = await agent(CLAIM, { m: mentionId });
      outcome(claimed);
      if (!claimed.data?.claimMention) continue;
      const t0 = performance.now();
      const res = await agent(REPLY, { m: mentionId });
      if (res.errors) throw new Error(`reply failed: ${JSON.stringify(res.errors).slice(0, 300)}`);
      replyLatencies.push(performance.now() - t0);
      sent++;
    }
  }));
  const loopSeconds = (performance.now() - loopStarted) / 1000;
  replyLatencies.sort((x, y) => x - y);
  console.log(`  work loop: replyQueue(first: 16, excludeClaimed) + claimMention + replyToMention, ${AGENTS} agents on one crisis, ${sent} replies`);
  console.log(`    ${(sent / loopSeconds).toFixed(0)} replies/s; claims: ${successes} won, ${conflicts} conflicts (each naming the holder); `
    + `replyToMention p50 ${percentile(replyLatencies, 50).toFixed(2)} ms, p99 ${percentile(replyLatencies, 99).toFixed(2)} ms`);
  console.log(`    ${cpuPerOperation(loopCpu, cpuSnapshot(), sent)} (per reply, with its queue read and claim)`);

  // Raw baseline: the claim upsert alone on other distinct mentions, from 16 connections.
  const rest = top.slice(CLAIMS);
  const rawClaims = await measure(AGENTS, rest.length, async (i) => {
    await pool.query(
      `INSERT INTO reply_claim AS rc (mention_id, organization_id, crisis_id, holder, claimed_at, expires_at)
       VALUES ($1, $2, $3, $4, now(), now() + interval '300 seconds')
       ON CONFLICT (mention_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE rc.holder = excluded.holder OR rc.expires_at <= now() RETURNING holder`,
      [rest[i], org, crisis, `raw-${i % AGENTS}`],
    );
  });
  console.log(fmt(`raw pg claim upsert, distinct (${rest.length})`, rawClaims));
  // The same with the notification every claim sends (NOTIFY serialises committers on a database-wide lock).
  await pool.query(`DELETE FROM reply_claim WHERE holder LIKE 'raw-%'`);
  const rawNotified = await measure(AGENTS, rest.length, async (i) => {
    await pool.query(
      `WITH claim AS (
         INSERT INTO reply_claim AS rc (mention_id, organization_id, crisis_id, holder, claimed_at, expires_at)
         VALUES ($1, $2, $3, $4, now(), now() + interval '300 seconds')
         ON CONFLICT (mention_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE rc.holder = excluded.holder OR rc.expires_at <= now() RETURNING holder, expires_at
       ) SELECT pg_notify('crisis_desk_bench', json_build_object('m', $1::text, 'by', holder, 'x', expires_at)::text) FROM claim`,
      [rest[i], org, crisis, `raw-${i % AGENTS}`],
    );
  });
  console.log(fmt(`raw pg claim upsert + pg_notify (${rest.length})`, rawNotified));
  console.log(`  claimMention (distinct) / raw upsert: ${(claimsDistinct.perSecond / rawClaims.perSecond).toFixed(2)}, / raw upsert + notify: ${(claimsDistinct.perSecond / rawNotified.perSecond).toFixed(2)}`);

  await Promise.all(pools.map((p) => p.close()));
  await pool.end();
  await bench.close();
}

main().catch(failBench);

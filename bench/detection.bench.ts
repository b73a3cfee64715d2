// `npm run bench:detection`: detection as users live it — seeded streams replayed through ingestMentions (and
// ingestAccountMetrics) of a real API process, as a catch-up in 10-minute chunks then 2-minute chunks; recall, false
// alarms and delay (stream time) per shape, against the issue's targets.
import { benchDatabase, cpuPerOperation, cpuSnapshot, failBench, graphqlClient, percentile, startApiProcess } from './support';
import {
  CATCH_UP_CHUNK_MINUTES, LIVE_CHUNK_MINUTES, LIVE_MINUTES, MINUTE, SHAPES, STREAM_MINUTES, generateStream, mentionCount, mentionsOf,
  type GeneratedMention, type Stream,
} from './detection-streams';

/** 4 by default: the server's detection costs ~8 ms of CPU per brand per call, so 8 streams (96 brands) take ~11 min on 2 cores. */
const STREAMS_PER_SHAPE = Number(process.env.BENCH_STREAMS ?? 4);
const SEED = Number(process.env.BENCH_SEED ?? 42);
const STRICT = process.env.BENCH_STRICT === '1';
/** A chunk's calls in flight together (its brands dealt round-robin over them); the next chunk waits for all. */
const CALLS_IN_FLIGHT = Number(process.env.BENCH_CONCURRENCY ?? 2);
const VERBOSE = process.env.BENCH_VERBOSE === '1';
/** The API's limit per ingestMentions call. */
const MAX_PER_CALL = 5000;
/** A page counts for a spike from its start until this long after its end. */
const GRACE_MINUTES = 30;

type Phase = 'catch-up' | 'historical' | 'live';
interface Page { minute: number; crisisId: string; phase: Phase }
interface BrandRun { stream: Stream; brandId: string; key: string; pages: Page[] }
interface CrisisView { id: string; trigger: { metric: string; windowStart: string; windowEnd: string; score: number; detectedLateBySeconds?: number | null } | null }
interface PastSpikeView { metric: string; windowStart: string; windowEnd: string; crisis: { id: string } | null }

const INGEST = `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted duplicates detectedCrises { id brand { id } } } }`;
/** Written out inline: the input type's name is the other engineer's to choose, the mutation's shape is in the issue. */
const ACCOUNT_METRICS = (samples: Array<{ brandId: string; platform: string; followers: number; at: string }>) =>
  `mutation { ingestAccountMetrics(input: [${samples.map((x) => `{ brandId: "${x.brandId}", platform: "${x.platform}", followers: ${x.followers}, at: "${x.at}" }`).join(', ')}]) {
    accepted duplicates detectedCrises { id brand { id } } } }`;
const TRIGGER = 'metric windowStart windowEnd score';
const CRISES = (late: boolean) => `query($b: ID!) { crises(first: 100, filter: { brandId: $b }) { edges { node { id trigger { ${TRIGGER}${late ? ' detectedLateBySeconds' : ''} } } } } }`;
const PAST_SPIKES = `query($b: ID!) { node(id: $b) { ... on Brand { pastSpikes(first: 100) { edges { node { metric windowStart windowEnd crisis { id } } } } } } }`;

/** Whether a GraphQL error says the schema lacks a field, argument or type (a feature not built yet), not a failure. */
const isMissingFromSchema = (error: unknown) => /Cannot query field|Unknown argument|Unknown type|is not defined by type/.test(String(error));

const median = (values: number[]) => (values.length ? percentile(values, 50) : NaN);
const fmt = (n: number, digits = 0) => (Number.isNaN(n) ? '-' : n.toFixed(digits));

async function main(): Promise<void> {
  const wallStart = performance.now();
  const bench = await benchDatabase('detection', 55994);
  const gql = graphqlClient(await startApiProcess(bench.url), bench.token, 4);
  const t0 = Math.floor(Date.now() / MINUTE) * MINUTE;

  const runs: BrandRun[] = [];
  for (const [s, shape] of SHAPES.entries()) {
    for (let i = 0; i < STREAMS_PER_SHAPE; i++) {
      const stream = generateStream(shape, i, SEED * 100_003 + s * 1000 + i, t0);
      const { createBrand } = await gql(`mutation($n: String!) { createBrand(input: { name: $n, keywords: ["bench"] }) { id } }`, { n: `${shape.name} #${i + 1} (${stream.size})` });
      runs.push({ stream, brandId: createBrand.id, key: `s${s}b${i}`, pages: [] });
    }
  }
  const byBrand = new Map(runs.map((r) => [r.brandId, r]));
  const defaults = await brandDefaults(gql);
  let metricsMissing: string | null = null;
  await gql(ACCOUNT_METRICS([])).catch((error) => {
    if (isMissingFromSchema(error)) metricsMissing = String(error).slice(0, 160);
  });

  const counts = { mentions: 0, accepted: 0, duplicates: 0, mentionCalls: 0, metricCalls: 0, samples: 0 };
  const record = (detected: Array<{ id: string; brand: { id: string } }>, minute: number, phase: Phase) => {
    for (const crisis of detected) byBrand.get(crisis.brand.id)?.pages.push({ minute, crisisId: crisis.id, phase });
  };
  const ingest = async (mentions: Array<GeneratedMention & { brandId: string }>, minute: number, phase: Phase) => {
    if (!mentions.length) return;
    const { ingestMentions: r } = await gql(INGEST, { m: mentions });
    counts.mentions += mentions.length;
    counts.accepted += r.accepted;
    counts.duplicates += r.duplicates;
    counts.mentionCalls++;
    record(r.detectedCrises, minute, phase);
  };

  /** One chunk: every brand's mentions of [from, to) in calls of at most 5000 (a brand whole), then its follower samples. */
  const deliverChunk = async (live: BrandRun[], from: number, to: number, phase: Phase) => {
    const calls: Array<Array<GeneratedMention & { brandId: string }>> = Array.from({ length: CALLS_IN_FLIGHT }, () => []);
    const lanes = calls.map(() => Promise.resolve());
    live.forEach((run, i) => {
      const lane = i % CALLS_IN_FLIGHT;
      const mentions = mentionsOf(run.stream, from, to, t0, run.key).map((m) => ({ ...m, brandId: run.brandId }));
      if (calls[lane].length + mentions.length > MAX_PER_CALL) {
        const full = calls[lane].splice(0);
        lanes[lane] = lanes[lane].then(() => ingest(full, to, phase));
      }
      calls[lane].push(...mentions);
    });
    await Promise.all(lanes.map((done, lane) => done.then(() => ingest(calls[lane], to, phase))));
    if (metricsMissing) return;
    const samples = live.flatMap((run) => (run.stream.followers ?? []).filter((f) => f.minute >= from && f.minute < to)
      .map((f) => ({ brandId: run.brandId, platform: 'instagram', followers: f.followers, at: new Date(t0 + f.minute * MINUTE).toISOString() })));
    if (!samples.length) return;
    const { ingestAccountMetrics: r } = await gql(ACCOUNT_METRICS(samples));
    counts.metricCalls++;
    counts.samples += samples.length;
    record(r.detectedCrises, to, phase);
  };

  const current = runs.filter((r) => r.stream.shape.kind !== 'historical');
  const historical = runs.filter((r) => r.stream.shape.kind === 'historical');
  const deliveryStart = performance.now();
  const phases: string[] = [];
  const phase = async (label: string, work: () => Promise<void>) => {
    const [calls, before, started] = [counts.mentionCalls + counts.metricCalls, cpuSnapshot(), performance.now()];
    await work();
    const n = counts.mentionCalls + counts.metricCalls - calls;
    phases.push(`  ${label.padEnd(11)} ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s, ${String(n).padStart(4)} calls; ${cpuPerOperation(before, cpuSnapshot(), Math.max(n, 1)).replace('op', 'call')}`);
  };
  await phase('catch-up', async () => {
    for (let m = -STREAM_MINUTES; m < -LIVE_MINUTES; m += CATCH_UP_CHUNK_MINUTES) await deliverChunk(current, m, Math.min(m + CATCH_UP_CHUNK_MINUTES, -LIVE_MINUTES), 'catch-up');
  });
  // The historical import: its brands' three days, oldest first, in calls of 5000 (a page is stamped with the call's newest minute).
  await phase('historical', async () => {
    let batch: Array<GeneratedMention & { brandId: string }> = [];
    const historyStart = Math.min(...historical.map((r) => r.stream.firstMinute));
    for (let m = historyStart; m < historyStart + STREAM_MINUTES; m++) {
      for (const run of historical) batch.push(...mentionsOf(run.stream, m, m + 1, t0, run.key).map((x) => ({ ...x, brandId: run.brandId })));
      while (batch.length >= MAX_PER_CALL) await ingest(batch.splice(0, MAX_PER_CALL), m + 1, 'historical');
    }
    await ingest(batch, historyStart + STREAM_MINUTES, 'historical');
  });
  await phase('live', async () => {
    for (let m = -LIVE_MINUTES; m < 0; m += LIVE_CHUNK_MINUTES) await deliverChunk(current, m, m + LIVE_CHUNK_MINUTES, 'live');
  });
  const deliverySeconds = (performance.now() - deliveryStart) / 1000;

  // What the server kept: each brand's crises (which metric fired, how late) and its past spikes.
  let lateMissing: string | null = null;
  let pastMissing: string | null = null;
  const crises = new Map<string, CrisisView[]>();
  const pastSpikes = new Map<string, PastSpikeView[]>();
  for (const run of runs) {
    const list = await gql(CRISES(!lateMissing), { b: run.brandId }).catch(async (error) => {
      if (!isMissingFromSchema(error)) throw error;
      lateMissing = String(error).slice(0, 160);
      return gql(CRISES(false), { b: run.brandId });
    });
    crises.set(run.brandId, list.crises.edges.map((e: { node: CrisisView }) => e.node));
    if (pastMissing) continue;
    const past = await gql(PAST_SPIKES, { b: run.brandId }).catch((error) => {
      if (!isMissingFromSchema(error)) throw error;
      pastMissing = String(error).slice(0, 160);
      return null;
    });
    if (past) pastSpikes.set(run.brandId, past.node.pastSpikes.edges.map((e: { node: PastSpikeView }) => e.node));
  }

  console.log('Crisis Desk detection quality, through the product');
  console.log(`seed ${SEED}; ${STREAMS_PER_SHAPE} streams per shape (${runs.length} brands, default detection settings: ${defaults}); T0 ${new Date(t0).toISOString()}`);
  console.log(`delivery: ${STREAM_MINUTES / 1440} days per brand up to T0 − ${LIVE_MINUTES} min in ${CATCH_UP_CHUNK_MINUTES}-minute chunks, a historical import (3 days ending T0 − 2 days, calls of ${MAX_PER_CALL}),`);
  console.log(`then the last ${LIVE_MINUTES} min in ${LIVE_CHUNK_MINUTES}-minute chunks; each chunk holds every brand's mentions of its minutes, in ${CALLS_IN_FLIGHT} ingestMentions calls`);
  console.log(`in flight together (brands dealt round-robin, split at ${MAX_PER_CALL}), the next chunk once they are answered, as fast as the server takes them`);
  console.log(`${counts.mentions.toLocaleString('en')} mentions (${mentionTotal(runs).toLocaleString('en')} generated; ${counts.accepted.toLocaleString('en')} accepted, ${counts.duplicates} duplicates) in ${counts.mentionCalls} ingestMentions calls; ` +
    (metricsMissing ? 'ingestAccountMetrics not available' : `${counts.samples.toLocaleString('en')} follower samples in ${counts.metricCalls} ingestAccountMetrics calls`));
  console.log(`delivery ${deliverySeconds.toFixed(0)} s (${(counts.mentions / deliverySeconds).toFixed(0)} mentions/s), wall ${((performance.now() - wallStart) / 1000).toFixed(0)} s` +
    ` (the server's clock, and its alert horizon, ran ${((Date.now() - t0) / MINUTE).toFixed(0)} min past T0):\n${phases.join('\n')}`);
  if (metricsMissing) console.log(`\nSKIPPED follower shapes: ingestAccountMetrics is not in the schema yet (${metricsMissing})`);
  console.log('\nshape                    streams  paged  recall  false alarms  median delay  p90 delay  late by (min)  fired (crisis triggers)      past spikes (no crisis)');

  const results = new Map<string, { recall: number; falseAlarms: number; medianDelay: number; pages: number }>();
  for (const shape of SHAPES) {
    if (shape.hasFollowers && metricsMissing) {
      console.log(`${shape.name.padEnd(24)} skipped: no ingestAccountMetrics`);
      continue;
    }
    const own = runs.filter((r) => r.stream.shape === shape);
    const { paged, falseAlarms, delays } = judge(own);
    delays.sort((a, b) => a - b);
    const shapeCrises = own.flatMap((r) => crises.get(r.brandId) ?? []);
    const fired = tally(shapeCrises.map((c) => c.trigger?.metric ?? 'declared'));
    const lates = shapeCrises.map((c) => c.trigger?.detectedLateBySeconds).filter((s): s is number => typeof s === 'number').sort((a, b) => a - b);
    const past = own.flatMap((r) => pastSpikes.get(r.brandId) ?? []);
    const spiky = shape.kind !== 'control' && shape.kind !== 'historical';
    const recall = spiky ? paged / own.length : NaN;
    results.set(shape.name, { recall, falseAlarms, medianDelay: median(delays), pages: own.reduce((n, r) => n + r.pages.length, 0) });
    console.log([
      shape.name.padEnd(24), String(own.length).padStart(7), String(spiky ? paged : '-').padStart(6), fmt(recall, 2).padStart(7),
      String(falseAlarms).padStart(13), fmt(median(delays)).padStart(13), fmt(delays.length ? percentile(delays, 90) : NaN).padStart(10),
      (lateMissing ? 'n/a' : fmt(median(lates) / 60)).padStart(14), ` ${(fired || '-').padEnd(28)}`,
      pastMissing ? 'not available' : `${past.length} (${past.filter((p) => !p.crisis).length})`,
    ].join(' '));
  }
  console.log(`streams generated for T0 = ${new Date(t0).toISOString()} (the day/night cycle follows its UTC clock: runs at other hours replay other streams)`);
  // Per stream, in stream order: a median of 8 moves with one stream, and `npm run bench:detection-sim` with the same
  // BENCH_SEED, BENCH_T0 and BENCH_STREAMS=8 judges the same streams with the detectors alone, for comparison.
  for (const shape of SHAPES) {
    if (shape.kind === 'control' || shape.kind === 'historical') continue;
    const delays = runs.filter((r) => r.stream.shape === shape).map((r) => judge([r]).delays[0]);
    console.log(`delays (min), stream by stream: ${shape.name.padEnd(24)} ${delays.map((d) => (d === undefined ? '-' : String(d))).join(' ')}`);
  }
  if (VERBOSE) printBrands(runs, crises);
  console.log('(delay: stream minutes from the spike start to the end of the chunk whose answer paged; false alarms: crises paged on a control, or before the spike;');
  console.log(' late by: median trigger.detectedLateBySeconds, the server\'s clock minus the window end: delivery here is compressed, so it reads about T0 − window end;');
  console.log(' past spikes on a control: spikes the detector saw in history, beyond the horizon; each would have paged had it come live)');
  if (lateMissing) console.log(`trigger.detectedLateBySeconds not available (${lateMissing})`);
  if (pastMissing) console.log(`Brand.pastSpikes not available (${pastMissing})`);
  else {
    const perBrand = historical.map((r) => (pastSpikes.get(r.brandId) ?? []).length);
    console.log(`historical import: past spikes per brand ${perBrand.join(', ')} (expected ≥ 1 each)`);
  }

  console.log('\ntargets');
  const verdicts: boolean[] = [];
  const target = (label: string, ok: boolean, value: string) => {
    verdicts.push(ok);
    console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${label.padEnd(54)} ${value}`);
  };
  for (const shape of SHAPES) {
    const r = results.get(shape.name);
    if (!r) continue;
    if (shape.kind === 'burst') target(`recall ≥ 0.95: ${shape.name}`, r.recall >= 0.95, fmt(r.recall, 2));
    if (shape.kind === 'build-up') target(`recall ≥ 0.8: ${shape.name}`, r.recall >= 0.8, fmt(r.recall, 2));
    if (shape.kind === 'control') target(`0 false alarms: ${shape.name}`, r.falseAlarms === 0, String(r.falseAlarms));
    if (shape.kind === 'burst' && !shape.inCatchUp) target(`median delay ≤ 5 min: ${shape.name}`, r.medianDelay <= 5, `${fmt(r.medianDelay)} min`);
    if (shape.kind === 'historical') target('0 pages: historical import', r.pages === 0, String(r.pages));
  }
  const failed = verdicts.filter((ok) => !ok).length;
  console.log(`${failed ? `${failed} of ${verdicts.length} targets FAIL` : `all ${verdicts.length} targets PASS`}${STRICT ? '' : ' (BENCH_STRICT=1 makes a failed target fail the run)'}`);
  await bench.close();
  if (STRICT && failed) process.exitCode = 1;
}

/** Per stream: paged within [start, end + 30 min] or not, the delay of the first such page, and the false alarms. */
function judge(runs: BrandRun[]): { paged: number; falseAlarms: number; delays: number[] } {
  let paged = 0;
  const delays: number[] = [];
  const falseCrises = new Set<string>();
  for (const { stream, pages } of runs) {
    if (stream.shape.kind === 'historical') continue; // its pages are counted by the "0 pages" target
    const spike = stream.shape.kind === 'control' ? null : stream.spike;
    for (const page of pages) if (!spike || page.minute < spike.start) falseCrises.add(page.crisisId);
    const hit = spike && pages.find((p) => p.minute >= spike.start && p.minute <= spike.end + GRACE_MINUTES);
    if (hit && spike) {
      paged++;
      delays.push(hit.minute - spike.start);
    }
  }
  return { paged, falseAlarms: falseCrises.size, delays };
}

/** BENCH_VERBOSE=1: every brand's event and pages (stream minutes relative to T0), and its crises' triggers. */
function printBrands(runs: BrandRun[], crises: Map<string, CrisisView[]>): void {
  for (const { stream, brandId, pages } of runs) {
    const spike = stream.spike ? `${stream.spike.start}..${stream.spike.end}` : '-';
    const paged = pages.map((p) => `${p.minute}${p.phase === 'live' ? '' : `(${p.phase})`}`).join(' ') || 'none';
    const triggers = (crises.get(brandId) ?? []).map((c) => c.trigger && `${c.trigger.metric} ${c.trigger.windowStart.slice(11, 16)}–${c.trigger.windowEnd.slice(11, 16)} late ${c.trigger.detectedLateBySeconds ?? '?'} s`);
    console.log(`  ${`${stream.shape.name} #${stream.index + 1} ${stream.size}`.padEnd(34)} event ${spike.padEnd(12)} pages ${paged}; ${triggers.join('; ')}`);
  }
}

function tally(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${v}×${n}`).join(' ');
}

function mentionTotal(runs: BrandRun[]): number {
  return runs.reduce((n, r) => n + mentionCount(r.stream), 0);
}

/** The defaults a new brand gets, alertHorizonMinutes included when the server has it. */
async function brandDefaults(gql: ReturnType<typeof graphqlClient>): Promise<string> {
  const fields = 'windowMinutes baselineDays minNegativeMentions threshold';
  const read = (extra: string) => gql(`{ brands { detection { ${fields}${extra} } } }`).then((d) => d.brands[0].detection);
  const d = await read(' alertHorizonMinutes').catch((error) => {
    if (!isMissingFromSchema(error)) throw error;
    return read('');
  });
  return `window ${d.windowMinutes} min, baseline ${d.baselineDays} days, min ${d.minNegativeMentions} negatives, threshold ${d.threshold}, alert horizon ${d.alertHorizonMinutes ?? 'not available'}${d.alertHorizonMinutes ? ' min' : ''}`;
}

main().catch(failBench);

// `npm run bench:detection-sim`: the bench's streams judged by the pure detectors alone, in seconds — for tuning.
// Every stream's minute counts become a MinuteSeries; every window end of its last LIVE_MINUTES is judged as
// near-real-time delivery would judge it. It does not replace `npm run bench:detection` (the product, through a
// server); it shows what a change to the detectors does over many more streams than the server can replay.
// BENCH_STREAMS (200), BENCH_SEED (1); BENCH_ALL=1 judges every minute of each stream's last two days, not only the live
// part (false alarms over days); BENCH_VERBOSE=1 prints each false alarm.
import { DEFAULT_DETECTION } from '../src/detection/detector';
import { judgeWindows, spikeRuns } from '../src/detection/judge';
import { MinuteSeries, type MinuteBucket } from '../src/detection/series';
import { LIVE_MINUTES, MINUTE, SHAPES, STREAM_MINUTES, generateStream, type Stream } from './detection-streams';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 200);
const SEED = Number(process.env.BENCH_SEED ?? 1);

function seriesOf(stream: Stream, t0: number): MinuteSeries {
  const buckets: MinuteBucket[] = [];
  for (let i = 0; i < STREAM_MINUTES; i++) {
    const neg = stream.negative[i];
    const pos = stream.positive[i];
    if (neg + pos === 0) continue;
    // Mean sentiment of the bench's texts: negatives −0.55, others 0.33 (a third neutral).
    buckets.push({ at: t0 + (stream.firstMinute + i) * MINUTE, total: neg + pos, negative: neg, sentimentSum: -0.55 * neg + 0.33 * pos, negativeReach: 100 * neg });
  }
  const from = t0 + stream.firstMinute * MINUTE;
  return new MinuteSeries(from, t0 + MINUTE, buckets, buckets.length ? buckets[0].at : from);
}

const t0 = Math.floor(Date.parse(process.env.BENCH_T0 ?? '2026-12-01T12:00:00Z') / MINUTE) * MINUTE;
const settings = DEFAULT_DETECTION;
console.log(`detection-sim: ${STREAMS} streams per shape, seed ${SEED}; default settings; every minute of the last ${LIVE_MINUTES} min judged`);
for (const shape of SHAPES) {
  if (shape.kind === 'historical' || shape.hasFollowers || shape.inCatchUp) continue;
  let caught = 0;
  let falseAlarms = 0;
  const delays: number[] = [];
  const smallDelays: number[] = [];
  const metrics = new Map<string, number>();
  for (let i = 0; i < STREAMS; i++) {
    const stream = generateStream(shape, i, SEED * 100_003 + SHAPES.indexOf(shape) * 1000 + i, t0);
    const series = seriesOf(stream, t0);
    const ends: number[] = [];
    const from = process.env.BENCH_ALL ? stream.firstMinute + 1440 : -LIVE_MINUTES;
    for (let m = from; m <= 0; m++) ends.push(t0 + m * MINUTE);
    const runs = spikeRuns(judgeWindows(series, ends, settings), settings);
    const spike = stream.spike;
    let hit = false;
    let wrong = false;
    for (const run of runs) {
      const end = (run.findings[0].windowEnd - t0) / MINUTE;
      // A finding after the event has begun belongs to it (in the product it attaches to the same crisis).
      if (spike && end >= spike.start) {
        // Delivered in 2-minute chunks: the finding is seen at the end of the chunk holding its window's last minute.
        if (!hit) delays.push(Math.ceil(end / 2) * 2 - spike.start);
        if (!hit && stream.size !== 'large') smallDelays.push(Math.ceil(end / 2) * 2 - spike.start);
        hit = true;
      } else {
        wrong = true;
        if (process.env.BENCH_VERBOSE) {
          const w = series.window(run.peak.windowStart, run.peak.windowEnd);
          console.log(`  ${shape.name} #${i} ${run.peak.metric} end ${(run.peak.windowEnd - t0) / MINUTE} neg ${w.negative}/${w.total} base ${run.peak.baseline.toFixed(3)} score ${run.peak.score.toFixed(1)} blips ${stream.blips.join(',')}`);
        }
      }
      metrics.set(run.peak.metric, (metrics.get(run.peak.metric) ?? 0) + 1);
    }
    if (hit) caught++;
    if (wrong) falseAlarms++;
  }
  delays.sort((a, b) => a - b);
  const median = delays.length ? delays[delays.length >> 1] : NaN;
  smallDelays.sort((a, b) => a - b);
  const p90 = delays.length ? delays[Math.floor(0.9 * (delays.length - 1))] : NaN;
  const smallMedian = smallDelays.length ? smallDelays[smallDelays.length >> 1] : NaN;
  const recall = shape.kind === 'control' ? '' : `recall ${(caught / STREAMS).toFixed(2)}, median delay ${median} min (small brands ${smallMedian}, p90 ${p90}), `;
  console.log(`${shape.name.padEnd(24)} ${recall}streams with a false alarm ${falseAlarms}/${STREAMS}  [${[...metrics].map(([m, n]) => `${m} ${n}`).join(', ')}]`);
}

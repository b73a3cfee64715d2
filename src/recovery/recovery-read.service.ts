// Crisis.recovery, read: the same judgement as tracking, for a page of crises in five statements whatever its size
// (episodes, settings, newest minutes, baselines, then the minute buckets of the last sustainMinutes of each brand).
import type { DataSource } from 'typeorm';
import type { CrisisRecord } from '../crisis/crisis.record';
import {
  MINUTE, MinuteSeries, floorMinute, roundedValues, windowAt, windowLimits, windowValues, withinSince, type MetricValues,
} from './listening';
import { baselineSpan, frameOf } from './recovery.frame';
import type { RecoverySettings } from './recovery.settings';
import {
  isRecovered, newestBuckets, readBucketSpans, readEpisodes, readSpanSums, runOn, type BrandSpan, type Episode, type Run,
} from './recovery.store';

/** The recovery status of a crisis (GraphQL RecoveryStatus): see `recoveryStatus`. */
export type RecoveryStatus = 'TRACKING' | 'RECOVERED' | 'RELAPSED' | 'PAUSED' | 'NOT_RECOVERED';

export interface CrisisRecoveryData {
  /** The episode as its timeline stands (at closing, for a closed crisis); `recoveryStatus` gives the final one. */
  status: 'TRACKING' | 'RECOVERED' | 'RELAPSED' | 'PAUSED';
  /** REVIEWED or DISMISSED: nothing is judged any more, what is shown is how it stood when it closed. */
  isClosed: boolean;
  backToBaselineAt: Date | null;
  relapsedAt: Date | null;
  /** Start of the within run ending at evaluatedAt, looked for over the last sustainMinutes only (see isSustained). */
  withinToleranceSince: Date | null;
  /** The whole of the last sustainMinutes is within: the run began at withinToleranceSince or earlier. */
  isSustained: boolean;
  evaluatedAt: Date | null;
  windowMentions: number;
  /** These three are rounded to 4 decimals (listening.ts roundMetric). */
  current: MetricValues;
  target: MetricValues;
  limit: MetricValues;
  settings: RecoverySettings;
}

/** The settings of brands of an organization, in the order of `brandIds` (a per-request loader, or the store). */
export type SettingsOf = (organizationId: string, brandIds: readonly string[]) => Promise<RecoverySettings[]>;

const NO_VALUES: MetricValues = { negativeShare: null, sentiment: null, negativePerHour: null };

function statusOf(episode: Episode): CrisisRecoveryData['status'] {
  if (episode.paused) return 'PAUSED';
  if (isRecovered(episode)) return 'RECOVERED';
  return episode.relapsed ? 'RELAPSED' : 'TRACKING';
}

/**
 * The status the API shows. A closed crisis's is final: RECOVERED or RELAPSED as its timeline stood when it closed,
 * NOT_RECOVERED when it closed before being back (still tracking, or paused by a re-escalation).
 */
export function recoveryStatus(data: CrisisRecoveryData): RecoveryStatus {
  return data.isClosed && (data.status === 'TRACKING' || data.status === 'PAUSED') ? 'NOT_RECOVERED' : data.status;
}

/** Crisis.recovery of each crisis, in their order: null for a crisis never contained. */
export async function readCrisisRecoveries(
  dataSource: DataSource, crises: readonly CrisisRecord[], settingsOf: SettingsOf, now: number,
): Promise<Array<CrisisRecoveryData | null>> {
  const byOrganization = new Map<string, CrisisRecord[]>();
  for (const c of crises) if (c.containedAt) byOrganization.set(c.organizationId, [...(byOrganization.get(c.organizationId) ?? []), c]);
  const read = new Map<string, CrisisRecoveryData>();
  for (const [organizationId, group] of byOrganization) {
    const results = await readGroup(runOn(dataSource), organizationId, group, settingsOf, now);
    group.forEach((c, i) => read.set(c.id, results[i]));
  }
  return crises.map((c) => read.get(c.id) ?? null);
}

async function readGroup(run: Run, organizationId: string, crises: CrisisRecord[], settingsOf: SettingsOf, now: number): Promise<CrisisRecoveryData[]> {
  const tracked = crises.map((c) => ({ brandId: c.brandId, detectedAt: c.detectedAt.getTime() }));
  const brandIds = [...new Set(crises.map((c) => c.brandId))];
  const baselineOf = tracked.map(baselineSpan);
  const baselines = unique(baselineOf);
  const [episodes, settingsList, newest, baselineSums] = await Promise.all([
    readEpisodes(run, organizationId, crises.map((c) => c.id)),
    settingsOf(organizationId, brandIds),
    newestBuckets(run, organizationId, brandIds),
    readSpanSums(run, organizationId, baselines.spans),
  ]);
  const settings = new Map(brandIds.map((id, i) => [id, settingsList[i]]));

  const plans = crises.map((crisis, i) => {
    const brandSettings = settings.get(crisis.brandId)!;
    const frame = frameOf(tracked[i], brandSettings, baselineSums[baselines.indexOf(baselineOf[i])]);
    const newestMinute = newest.get(crisis.brandId) ?? null;
    const cap = crisis.closedAt ? floorMinute(crisis.closedAt.getTime()) + MINUTE : Infinity;
    const end = newestMinute === null ? null : Math.min(newestMinute + MINUTE, floorMinute(now) + MINUTE, cap);
    if (!frame || end === null) return { crisis, settings: brandSettings, frame: null, end, lo: 0, span: null };
    // The steps looked at: the last sustainMinutes, not before the first judged (each with its window before it).
    const lo = end >= frame.floor ? Math.max(frame.floor, end - frame.settings.sustainMinutes * MINUTE) : end;
    const span: BrandSpan = { brandId: crisis.brandId, from: lo - frame.judge.windowMs, to: end };
    return { crisis, settings: brandSettings, frame, end, lo, span };
  });
  const buckets = await readBucketSpans(run, organizationId, mergeSpans(plans.flatMap((p) => (p.span ? [p.span] : []))));

  return plans.map(({ crisis, settings: brandSettings, frame, end, lo, span }) => {
    const episode = episodes.get(crisis.id)!;
    const fromPayload = (row: { payload: Record<string, unknown> } | null, key: string) => (row?.payload[key] ? new Date(String(row.payload[key])) : null);
    const data: CrisisRecoveryData = {
      status: statusOf(episode),
      isClosed: crisis.closedAt !== null,
      backToBaselineAt: fromPayload(episode.recovered, 'backToBaselineAt'),
      relapsedAt: episode.relapsed && !isRecovered(episode) ? fromPayload(episode.relapsed, 'relapsedAt') : null,
      withinToleranceSince: null,
      isSustained: false,
      evaluatedAt: end === null ? null : new Date(end),
      windowMentions: 0,
      current: NO_VALUES,
      target: frame ? roundedValues(frame.target) : NO_VALUES,
      limit: NO_VALUES,
      settings: brandSettings,
    };
    if (!frame || !span || end === null) return data;
    const series = new MinuteSeries(span.from, span.to, buckets.get(crisis.brandId) ?? []);
    const window = windowAt(series, frame.judge, end);
    data.windowMentions = window.total;
    data.current = roundedValues(windowValues(window, frame.judge.windowMs, frame.judge.minMentions));
    data.limit = roundedValues(windowLimits(frame.judge.limits, window));
    if (end >= frame.floor) {
      const { since, reachedFloor } = withinSince(series, frame.judge, end, lo);
      data.withinToleranceSince = since === null ? null : new Date(since);
      data.isSustained = reachedFloor && lo === end - frame.settings.sustainMinutes * MINUTE;
    }
    return data;
  });
}

/** Distinct spans, and where each given one is among them. */
function unique(spans: BrandSpan[]): { spans: BrandSpan[]; indexOf: (s: BrandSpan) => number } {
  const key = (s: BrandSpan) => `${s.brandId}/${s.from}/${s.to}`;
  const index = new Map<string, number>();
  const distinct: BrandSpan[] = [];
  for (const s of spans) if (!index.has(key(s))) index.set(key(s), distinct.push(s) - 1);
  return { spans: distinct, indexOf: (s) => index.get(key(s))! };
}

/** The spans of each brand joined where they overlap or touch, so no bucket is read twice. */
function mergeSpans(spans: BrandSpan[]): BrandSpan[] {
  const sorted = [...spans].sort((a, b) => (a.brandId === b.brandId ? a.from - b.from : a.brandId < b.brandId ? -1 : 1));
  const merged: BrandSpan[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.brandId === s.brandId && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else merged.push({ ...s });
  }
  return merged;
}

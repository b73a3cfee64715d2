// Playbook exit criteria: CONTAIN and COMPLETE_REVIEW wait until the listening metrics the crisis's pinned playbook
// names are back near the pre-crisis baseline. Registered as a check on those events of the crisis command path.
//
// "Within P % for N minutes" means: at every minute step t from `end − N` to `end`, the metric measured over the
// brand's trailing recovery window [t − windowMinutes, t) was within P % of the baseline (listening.ts limitOf), where
// `end` is the end of the command's minute (floor(at) + 1 min) and steps are judged by mention time. It holds iff the
// unbroken run of within steps ending at `end` began at or before `end − N`. A window with fewer than the brand's
// minMentions mentions has no negative share or sentiment: such a step is not within (no evidence is not evidence of
// recovery), while a silent window has 0 negative mentions per hour, which is within. Steps whose window would reach
// into the baseline day (before detection − 2 h) are not judged, so no criterion is met by the baseline itself. As in
// recovery, one negative mention per window is always within (listening.ts limitsOf), so a baseline without negative
// mentions can be met again.
import type { DataSource } from 'typeorm';
import { GuardFailedError } from '../graphql/errors';
import type { CrisisRow } from '../crisis/crisis.record';
import type { CrisisService } from '../crisis/crisis.service';
import type { PlaybookService } from '../playbooks/playbook.service';
import { EXIT_CRITERIA_EVENTS, type ExitCriterionData } from '../playbooks/playbook.content';
import { MINUTE, MinuteSeries, floorMinute, limitsAt, roundMetric, valueOf, valuesAt, withinSince, type ListeningMetric } from './listening';
import { baselineSpan, judgeOf } from './recovery.frame';
import { recoverySettings } from './recovery.settings';
import { readBrandRecovery, readBuckets, readSpanSums, runOn } from './recovery.store';

/** One criterion that is not met, with what a client needs to see how far off it is. */
export interface UnmetCriterion {
  metric: ListeningMetric;
  /** The metric over the window ending at `evaluatedAt`; null when it cannot be told (too few mentions). */
  current: number | null;
  /** The pre-crisis baseline; null when the brand had no mention in it. */
  target: number | null;
  /** The worst value still within the tolerance, for that window. Current, target and limit: to 4 decimals. */
  limit: number | null;
  withinPercentOfBaseline: number;
  forMinutes: number;
  /** Since when the metric has been within without a break (ISO), or null when it is not within now. */
  since: string | null;
  windowMinutes: number;
  windowMentions: number;
}

/** Which of `criteria` the crisis's data does not meet at `at` (ms), by the definition at the top of this file. */
export async function unmetExitCriteria(
  dataSource: DataSource, crisis: { organizationId: string; brandId: string; detectedAt: number }, criteria: ExitCriterionData[], at: number,
): Promise<{ unmet: UnmetCriterion[]; evaluatedAt: number }> {
  const run = runOn(dataSource);
  const settings = recoverySettings(await readBrandRecovery(run, crisis.organizationId, crisis.brandId));
  const windowMs = settings.windowMinutes * MINUTE;
  const baseline = baselineSpan(crisis);
  const floor = baseline.to + windowMs;
  const [sums] = await readSpanSums(run, crisis.organizationId, [baseline]);
  const end = floorMinute(at) + MINUTE;
  const longest = Math.max(...criteria.map((c) => c.forMinutes)) * MINUTE;
  const from = Math.max(floor, end - longest) - windowMs;
  const series = new MinuteSeries(from, end, await readBuckets(run, crisis.organizationId, crisis.brandId, from, end));
  const windowMentions = series.sums(end - windowMs, end).total;
  const unmet: UnmetCriterion[] = [];
  for (const c of criteria) {
    const { target, judge } = judgeOf(sums, settings, c.withinPercentOfBaseline);
    const { since } = withinSince(series, judge, end, Math.max(floor, end - c.forMinutes * MINUTE), c.metric);
    if (since !== null && since <= end - c.forMinutes * MINUTE) continue;
    unmet.push({
      metric: c.metric,
      current: roundMetric(valueOf(valuesAt(series, judge, end), c.metric)),
      target: roundMetric(valueOf(target, c.metric)),
      limit: roundMetric(valueOf(limitsAt(series, judge, end), c.metric)),
      withinPercentOfBaseline: c.withinPercentOfBaseline, forMinutes: c.forMinutes, since: since === null ? null : new Date(since).toISOString(),
      windowMinutes: settings.windowMinutes, windowMentions,
    });
  }
  return { unmet, evaluatedAt: end };
}

const shown = (n: number | null) => (n === null ? 'unknown' : String(n));

function describe(unmet: UnmetCriterion[]): string {
  return `exit criteria not met: ${unmet.map((u) => {
    const state = u.current === null ? 'cannot be told (too few mentions or no baseline)' : `is ${shown(u.current)} against a limit of ${shown(u.limit)}`;
    const held = u.since ? `, within since ${u.since}` : '';
    return `${u.metric} ${state} (baseline ${shown(u.target)}, ${u.withinPercentOfBaseline} % for ${u.forMinutes} min${held})`;
  }).join('; ')}`;
}

/** Registers the exit-criteria check on CONTAIN and COMPLETE_REVIEW; it runs in the command, after the machine's own guards. */
export class ExitCriteria {
  constructor(private readonly dataSource: DataSource, crises: CrisisService, private readonly playbooks: PlaybookService) {
    for (const event of EXIT_CRITERIA_EVENTS) crises.checkEvent(event, (crisis, at) => this.check(event, crisis, at));
  }

  private async check(event: (typeof EXIT_CRITERIA_EVENTS)[number], crisis: CrisisRow, at: number): Promise<void> {
    const playbook = await this.playbooks.pinnedBy(crisis);
    const criteria = (playbook?.exitCriteria ?? []).filter((c) => c.event === event);
    if (!criteria.length) return;
    const { unmet, evaluatedAt } = await unmetExitCriteria(
      this.dataSource, { organizationId: crisis.organization_id, brandId: crisis.brand_id, detectedAt: new Date(crisis.detected_at).getTime() }, criteria, at,
    );
    if (unmet.length) {
      throw new GuardFailedError('exitCriteria', describe(unmet), event, crisis.state, { unmet, evaluatedAt: new Date(evaluatedAt).toISOString() });
    }
  }
}

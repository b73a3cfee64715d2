// Recovery tracked against the baseline: after each ingest, a contained crisis's brand is judged minute by minute (by
// mention time) against its pre-crisis baseline; SENTIMENT_RECOVERED and RECOVERY_RELAPSED are decided under the
// crisis's lock and written once. The feature's entry point: it also holds Crisis.recovery's reads, the brand's
// settings, exit criteria and recovery actions (each in its own file).
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { withTransaction, type Tx } from '../db/transaction';
import { InvalidTransitionError } from '../graphql/errors';
import type { CrisisService } from '../crisis/crisis.service';
import type { CrisisRecord } from '../crisis/crisis.record';
import type { TimelineRowInput } from '../crisis/crisis.store';
import type { CrisisState } from '../crisis/machine';
import type { PlaybookService } from '../playbooks/playbook.service';
import {
  MINUTE, MinuteSeries, firstOut, floorMinute, limitsAt, roundedValues, valuesAt, withinSince,
} from './listening';
import { DEFAULT_RECOVERY, recoverySettings, updatedRecoverySettings, type RecoverySettings, type RecoverySettingsInput } from './recovery.settings';
import { baselineSpan, frameOf, type Frame } from './recovery.frame';
import { ExitCriteria } from './exit-criteria';
import { RecoveryActionService } from './recovery-action.service';
import { readCrisisRecoveries, type CrisisRecoveryData, type SettingsOf } from './recovery-read.service';
import {
  RECOVERED, RELAPSED, isRecovered, lockOpenCrisis, mergeBrandRecovery, newestBucket, readBrandRecovery, readBrandsRecovery, readBuckets, readEpisode,
  readLockedCrisis, readSpanSums, readTrackedCrises, runOn, type Run,
} from './recovery.store';

/** States in which each ingest of the brand is judged. */
const TRACKED: readonly CrisisState[] = ['CONTAINED', 'RECOVERY'];
/** Decisions that lost to a concurrent one are decided again, this many times at most. */
const MAX_ATTEMPTS = 5;

/** What a batch stored for one brand: its oldest mention time. */
export interface IngestedSpan {
  oldest: number;
}

/** The crisis fields a judgement needs. */
interface Tracked {
  id: string;
  organizationId: string;
  brandId: string;
  detectedAt: number;
}

/** Another process (or request) decided first: decide again on what is committed now. */
class StaleDecision extends Error {}

const iso = (ms: number) => new Date(ms).toISOString();

export class RecoveryService {
  /** The playbooks' exit criteria, checked on CONTAIN and COMPLETE_REVIEW by the same judgement. */
  readonly exitCriteria: ExitCriteria;
  /** logRecoveryAction: what was done to rebuild trust. */
  readonly actions: RecoveryActionService;

  constructor(
    private readonly dataSource: DataSource,
    private readonly crises: CrisisService,
    playbooks: PlaybookService,
    private readonly log?: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.exitCriteria = new ExitCriteria(dataSource, crises, playbooks);
    this.actions = new RecoveryActionService(dataSource, crises);
  }

  /** Judges the contained crises of every brand a batch touched; a failed check is logged, the mentions stay stored. */
  async afterIngest(organizationId: string, spans: Map<string, IngestedSpan>): Promise<void> {
    const run = runOn(this.dataSource);
    for (const [brandId, span] of spans) {
      try {
        const crises = await readTrackedCrises(run, organizationId, brandId, TRACKED);
        if (!crises.length) continue;
        // Steps after the last minute stored before this batch were never judged; the batch's own minutes change the
        // steps after them. Everything from there to the stream's end is judged again (late data where it belongs).
        const before = await newestBucket(run, organizationId, brandId, floorMinute(span.oldest));
        const from = (before ?? floorMinute(span.oldest)) + MINUTE;
        for (const c of crises) await this.checkCrisis({ id: c.id, organizationId, brandId, detectedAt: c.detectedAt }, from);
      } catch (error) {
        this.log?.error({ err: error, brandId }, 'recovery check failed for a brand');
      }
    }
  }

  /**
   * Decides under the crisis row's lock (two ingests at once, on any processes, take turns), then writes through
   * appendCrisisEvents, whose transaction decides once more under the same lock before committing: a decision
   * another one overtook is decided again, so an event is never written twice.
   */
  private async checkCrisis(crisis: Tracked, from: number): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const now = this.now();
      const row = await withTransaction(this.dataSource, async (tx) => {
        const locked = await lockOpenCrisis(tx, crisis.organizationId, crisis.id);
        return locked && TRACKED.includes(locked.state) ? this.decide(tx, crisis, from, locked.version, now) : null;
      });
      if (!row) return;
      try {
        await this.crises.appendCrisisEvents({ organizationId: crisis.organizationId, name: 'system' }, crisis.id, [row], async (tx) => {
          // Our row is in, at the new version: judge on what was there before it.
          const locked = await readLockedCrisis(tx, crisis.id);
          const again = TRACKED.includes(locked.state) ? await this.decide(tx, crisis, from, locked.version - 1, now) : null;
          if (JSON.stringify(again) !== JSON.stringify(row)) throw new StaleDecision();
        });
        return;
      } catch (error) {
        if (error instanceof StaleDecision) continue;
        if (error instanceof InvalidTransitionError) return; // closed meanwhile
        throw error;
      }
    }
    this.log?.warn({ crisisId: crisis.id }, 'recovery decision kept being overtaken; the next ingest decides again');
  }

  /**
   * The event the data now calls for, judged on the timeline up to `maxVersion`, or null.
   * - Not recovered in this episode: SENTIMENT_RECOVERED when every step of the last sustainMinutes (up to the newest
   *   stored minute) is within tolerance; it is dated `withinToleranceSince + sustainMinutes`, the exact start of the run.
   * - Recovered: RECOVERY_RELAPSED at the first step from `from` (and not before the recovered run began) that is out.
   * Silence or thin windows ('unknown') neither build a recovery nor make a relapse.
   */
  private async decide(tx: Tx, crisis: Tracked, from: number, maxVersion: number, now: number): Promise<TimelineRowInput | null> {
    const run = runOn(tx);
    const frame = await this.frame(run, crisis);
    if (!frame) return null;
    const newest = await newestBucket(run, crisis.organizationId, crisis.brandId);
    if (newest === null) return null;
    const end = Math.min(newest + MINUTE, floorMinute(now) + MINUTE);
    if (end < frame.floor) return null;
    const episode = await readEpisode(run, crisis.organizationId, crisis.id, maxVersion);
    if (!episode.openedBy) return null;
    const { settings, judge, target } = frame;
    // What a payload shows of a step: the window's values and the limits it was judged by, rounded like the API.
    const payload = (extra: Record<string, unknown>, series: MinuteSeries, step: number) => ({
      ...extra, evaluatedAt: iso(end), current: roundedValues(valuesAt(series, judge, step)), target: roundedValues(target),
      limit: roundedValues(limitsAt(series, judge, step)), ...settings,
    });

    if (!isRecovered(episode)) {
      const sustainMs = settings.sustainMinutes * MINUTE;
      if (end - sustainMs < frame.floor) return null;
      const recent = await this.series(run, crisis, end - sustainMs - judge.windowMs, end);
      if (!withinSince(recent, judge, end, end - sustainMs).reachedFloor) return null;
      const since = (await this.since(run, crisis, frame, end))!;
      return {
        type: RECOVERED, from_state: null, to_state: null, actor: 'system',
        payload: payload({ backToBaselineAt: iso(since + sustainMs), withinToleranceSince: iso(since) }, recent, end),
      };
    }
    const recovered = episode.recovered!.payload as { withinToleranceSince: string; backToBaselineAt: string };
    const start = Math.max(from, Date.parse(recovered.withinToleranceSince), frame.floor);
    if (start > end) return null;
    const series = await this.series(run, crisis, start - judge.windowMs, end);
    const out = firstOut(series, judge, start, end);
    if (out === null) return null;
    return {
      type: RELAPSED, from_state: null, to_state: null, actor: 'system',
      payload: payload({ relapsedAt: iso(out), backToBaselineAt: recovered.backToBaselineAt }, series, out),
    };
  }

  private async frame(run: Run, crisis: Tracked): Promise<Frame | null> {
    const settings = recoverySettings(await readBrandRecovery(run, crisis.organizationId, crisis.brandId));
    const [baseline] = await readSpanSums(run, crisis.organizationId, [baselineSpan(crisis)]);
    return frameOf(crisis, settings, baseline);
  }

  private async series(run: Run, crisis: Tracked, from: number, to: number): Promise<MinuteSeries> {
    return new MinuteSeries(from, to, await readBuckets(run, crisis.organizationId, crisis.brandId, from, to));
  }

  /**
   * The exact start of the within run ending at `end`, looking back as far as it goes (down to the frame's floor), in
   * growing spans. Only the decision to write SENTIMENT_RECOVERED needs it, once per recovery.
   */
  private async since(run: Run, crisis: Tracked, frame: Frame, end: number): Promise<number | null> {
    for (let span = Math.max(2 * frame.settings.sustainMinutes, 24 * 60) * MINUTE; ; span *= 4) {
      const lo = Math.max(frame.floor, end - span);
      const series = await this.series(run, crisis, lo - frame.judge.windowMs, end);
      const { since, reachedFloor } = withinSince(series, frame.judge, end, lo);
      if (!reachedFloor || lo === frame.floor) return since;
    }
  }

  /** Crisis.recovery of many crises in a constant number of statements (settings from `settingsOf` when given). */
  crisisRecoveries(crises: readonly CrisisRecord[], settingsOf?: SettingsOf): Promise<Array<CrisisRecoveryData | null>> {
    return readCrisisRecoveries(this.dataSource, crises, settingsOf ?? this.settingsOf, this.now());
  }

  /** Crisis.recovery of one crisis: null for a crisis never contained. */
  async crisisRecovery(crisis: CrisisRecord): Promise<CrisisRecoveryData | null> {
    return (await this.crisisRecoveries([crisis]))[0];
  }

  /** The settings of brands, as stored (the defaults for fields never set). */
  readonly settingsOf: SettingsOf = async (organizationId, brandIds) => {
    const stored = await readBrandsRecovery(runOn(this.dataSource), organizationId, brandIds);
    return brandIds.map((id) => recoverySettings(stored.get(id)));
  };

  /**
   * Changes how a brand's recovery is judged: only the fields given are stored, merged in the UPDATE itself, so two
   * admins changing different fields both win. A value out of range is BAD_USER_INPUT naming its field; false when the
   * brand is not the organization's.
   */
  async updateBrandRecovery(organizationId: string, brandId: string, input: RecoverySettingsInput): Promise<boolean> {
    const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) as Partial<RecoverySettings>;
    updatedRecoverySettings(given, DEFAULT_RECOVERY);
    return mergeBrandRecovery(runOn(this.dataSource), organizationId, brandId, given);
  }
}

export type { CrisisRecoveryData };

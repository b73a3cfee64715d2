// Recovery tracked against the baseline: after each ingest, a contained crisis's brand is judged minute by minute (by
// mention time) against its pre-crisis baseline; SENTIMENT_RECOVERED and RECOVERY_RELAPSED are decided under the
// crisis's lock and written once. Also Crisis.recovery (the same judgement, read) and recovery actions.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { query, withTransaction, type Tx } from '../db/transaction';
import { BadUserInputError, InvalidTransitionError, requireStorableText, requireText } from '../graphql/errors';
import { toGlobalId } from '../graphql/global-id';
import type { Actor, CrisisService } from '../crisis/crisis.service';
import type { CrisisRecord } from '../crisis/crisis.record';
import type { TimelineRowInput } from '../crisis/crisis.store';
import type { CrisisState } from '../crisis/machine';
import { BASELINE_MS, curveStart, readBaseline } from '../detection/metrics';
import {
  MINUTE, MinuteSeries, baselineValues, firstOut, floorMinute, limitsOf, valuesAt, withinSince, type Judge, type MetricValues,
} from './listening';
import { recoverySettings, type RecoverySettings } from './recovery.settings';
import { ExitCriteria } from './exit-criteria';
import type { PlaybookService } from '../playbooks/playbook.service';
import {
  ACTION_LOGGED, RECOVERED, RELAPSED, RECOVERY_ACTION_KINDS, isRecovered, newestBucket, readBrandRecovery, readBuckets, readEpisode, runOn,
  type Episode, type RecoveryActionKind, type RecoveryActionRow, type Run,
} from './recovery.store';

/** States in which each ingest of the brand is judged. */
const TRACKED: readonly CrisisState[] = ['CONTAINED', 'RECOVERY'];
/** Decisions that lost to a concurrent one are decided again, this many times at most. */
const MAX_ATTEMPTS = 5;
/** How far back Crisis.recovery looks for the start of the current within-tolerance run. */
const READ_LOOKBACK_MS = 31 * 24 * 60 * MINUTE;
/** A crisis keeps at most this many recovery actions (Crisis.recoveryActions is a plain list). */
export const MAX_RECOVERY_ACTIONS = 500;

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

/** How a crisis is judged: its brand's settings, its baseline, and the first step whose window lies in its curve. */
interface Frame {
  settings: RecoverySettings;
  target: MetricValues;
  judge: Judge;
  /** The earliest step judged: the crisis's curve start (detection − 2 h, the baseline's end) plus one window. */
  floor: number;
}

export interface CrisisRecoveryData {
  status: 'TRACKING' | 'RECOVERED' | 'RELAPSED' | 'PAUSED';
  backToBaselineAt: Date | null;
  relapsedAt: Date | null;
  withinToleranceSince: Date | null;
  evaluatedAt: Date | null;
  windowMentions: number;
  current: MetricValues;
  target: MetricValues;
  limit: MetricValues;
  settings: RecoverySettings;
}

/** Another process (or request) decided first: decide again on what is committed now. */
class StaleDecision extends Error {}

const NO_VALUES: MetricValues = { negativeShare: null, sentiment: null, negativePerHour: null };
const iso = (ms: number) => new Date(ms).toISOString();

export class RecoveryService {
  /** The playbooks' exit criteria, checked on CONTAIN and COMPLETE_REVIEW by the same judgement. */
  readonly exitCriteria: ExitCriteria;

  constructor(
    private readonly dataSource: DataSource,
    private readonly crises: CrisisService,
    playbooks: PlaybookService,
    private readonly log?: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.exitCriteria = new ExitCriteria(dataSource, crises, playbooks);
  }

  /** Judges the contained crises of every brand a batch touched; a failed check is logged, the mentions stay stored. */
  async afterIngest(organizationId: string, spans: Map<string, IngestedSpan>): Promise<void> {
    for (const [brandId, span] of spans) {
      try {
        const crises = await query<{ id: string; detected_at: Date }>(
          this.dataSource,
          `SELECT id, detected_at FROM crisis WHERE organization_id = $1 AND brand_id = $2 AND closed_at IS NULL AND state = ANY($3)`,
          [organizationId, brandId, TRACKED],
        );
        if (!crises.length) continue;
        // Steps after the last minute stored before this batch were never judged; the batch's own minutes change the
        // steps after them. Everything from there to the stream's end is judged again (late data where it belongs).
        const before = await newestBucket(runOn(this.dataSource), organizationId, brandId, floorMinute(span.oldest));
        const from = (before ?? floorMinute(span.oldest)) + MINUTE;
        for (const c of crises) {
          await this.checkCrisis({ id: c.id, organizationId, brandId, detectedAt: new Date(c.detected_at).getTime() }, from);
        }
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
        const [locked] = await tx.rows<{ state: CrisisState; version: number }>(
          `SELECT state, version FROM crisis WHERE id = $1 AND organization_id = $2 AND closed_at IS NULL FOR NO KEY UPDATE`,
          [crisis.id, crisis.organizationId],
        );
        return locked && TRACKED.includes(locked.state) ? this.decide(tx, crisis, from, locked.version, now) : null;
      });
      if (!row) return;
      try {
        await this.crises.appendCrisisEvents({ organizationId: crisis.organizationId, name: 'system' }, crisis.id, [row], async (tx) => {
          // Our row is in, at the new version: judge on what was there before it.
          const [locked] = await tx.rows<{ state: CrisisState; version: number }>(`SELECT state, version FROM crisis WHERE id = $1`, [crisis.id]);
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
   *   stored minute) is within tolerance; it is dated `withinToleranceSince + sustainMinutes`.
   * - Recovered: RECOVERY_RELAPSED at the first step from `from` (and not before the recovered run began) that is out.
   * Silence or thin windows ('unknown') neither build a recovery nor make a relapse.
   */
  private async decide(tx: Tx, crisis: Tracked, from: number, maxVersion: number, now: number): Promise<TimelineRowInput | null> {
    const run = runOn(tx);
    const frame = await this.frame(tx, crisis);
    if (!frame) return null;
    const end = await this.streamEnd(run, crisis, now, null);
    if (end === null || end < frame.floor) return null;
    const episode = await readEpisode(run, crisis.organizationId, crisis.id, maxVersion);
    if (!episode.openedBy) return null;
    const { settings, judge, target } = frame;
    const payload = (extra: Record<string, unknown>, current: MetricValues) => ({
      ...extra, evaluatedAt: iso(end), current, target, limit: judge.limits, ...settings,
    });

    if (!isRecovered(episode)) {
      const sustainMs = settings.sustainMinutes * MINUTE;
      if (end - sustainMs < frame.floor) return null;
      const recent = await this.series(run, crisis, end - sustainMs - judge.windowMs, end);
      if (!withinSince(recent, judge, end, end - sustainMs).reachedFloor) return null;
      const since = (await this.since(run, crisis, frame, end, frame.floor))!;
      return {
        type: RECOVERED, from_state: null, to_state: null, actor: 'system',
        payload: payload({ backToBaselineAt: iso(since + sustainMs), withinToleranceSince: iso(since) }, valuesAt(recent, judge, end)),
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
      payload: payload({ relapsedAt: iso(out), backToBaselineAt: recovered.backToBaselineAt }, valuesAt(series, judge, out)),
    };
  }

  /** Settings, baseline and limits of a crisis; null when its brand had no mention in the baseline (nothing to be back to). */
  private async frame(on: DataSource | Tx, crisis: Tracked): Promise<Frame | null> {
    const run = runOn(on);
    const settings = recoverySettings(await readBrandRecovery(run, crisis.organizationId, crisis.brandId));
    const start = curveStart(crisis.detectedAt, MINUTE);
    const target = baselineValues(await readBaseline(on, crisis.organizationId, crisis.brandId, start), BASELINE_MS);
    if (target.negativePerHour === null) return null;
    const judge: Judge = { windowMs: settings.windowMinutes * MINUTE, minMentions: settings.minMentions, limits: limitsOf(target, settings.tolerancePercent) };
    return { settings, target, judge, floor: start + judge.windowMs };
  }

  /** The end of the brand's newest stored minute (never past this minute, nor past `cap`): the stream's own time. */
  private async streamEnd(run: Run, crisis: Tracked, now: number, cap: number | null): Promise<number | null> {
    const newest = await newestBucket(run, crisis.organizationId, crisis.brandId);
    if (newest === null) return null;
    return Math.min(newest + MINUTE, floorMinute(now) + MINUTE, cap ?? Infinity);
  }

  private async series(run: Run, crisis: Tracked, from: number, to: number): Promise<MinuteSeries> {
    return new MinuteSeries(from, to, await readBuckets(run, crisis.organizationId, crisis.brandId, from, to));
  }

  /** The start of the within run ending at `end`, looking back as far as it goes (down to `floor`), in growing spans. */
  private async since(run: Run, crisis: Tracked, frame: Frame, end: number, floor: number): Promise<number | null> {
    for (let span = Math.max(2 * frame.settings.sustainMinutes, 24 * 60) * MINUTE; ; span *= 4) {
      const lo = Math.max(floor, end - span);
      const series = await this.series(run, crisis, lo - frame.judge.windowMs, end);
      const { since, reachedFloor } = withinSince(series, frame.judge, end, lo);
      if (!reachedFloor || lo === floor) return since;
    }
  }

  /** Crisis.recovery: null for a crisis never contained. A closed crisis is judged as it stood when it closed. */
  async crisisRecovery(crisis: CrisisRecord): Promise<CrisisRecoveryData | null> {
    if (!crisis.containedAt) return null;
    const tracked: Tracked = { id: crisis.id, organizationId: crisis.organizationId, brandId: crisis.brandId, detectedAt: crisis.detectedAt.getTime() };
    const run = runOn(this.dataSource);
    const episode = await readEpisode(run, crisis.organizationId, crisis.id, null);
    const frame = await this.frame(this.dataSource, tracked);
    const settings = frame?.settings ?? recoverySettings(await readBrandRecovery(run, crisis.organizationId, crisis.brandId));
    const cap = crisis.closedAt ? floorMinute(crisis.closedAt.getTime()) + MINUTE : null;
    const end = await this.streamEnd(run, tracked, this.now(), cap);
    let current = NO_VALUES;
    let windowMentions = 0;
    let since: number | null = null;
    if (frame && end !== null) {
      const window = await this.series(run, tracked, end - frame.judge.windowMs, end);
      current = valuesAt(window, frame.judge, end);
      windowMentions = window.sums(end - frame.judge.windowMs, end).total;
      if (end >= frame.floor) since = await this.since(run, tracked, frame, end, Math.max(frame.floor, end - READ_LOOKBACK_MS));
    }
    const payload = (row: { payload: Record<string, unknown> } | null, key: string) => (row?.payload[key] ? new Date(String(row.payload[key])) : null);
    return {
      status: statusOf(episode),
      backToBaselineAt: payload(episode.recovered, 'backToBaselineAt'),
      relapsedAt: episode.relapsed && !isRecovered(episode) ? payload(episode.relapsed, 'relapsedAt') : null,
      withinToleranceSince: since === null ? null : new Date(since),
      evaluatedAt: end === null ? null : new Date(end),
      windowMentions,
      current,
      target: frame?.target ?? NO_VALUES,
      limit: frame?.judge.limits ?? NO_VALUES,
      settings,
    };
  }

  /** Records what was done to rebuild trust: a RECOVERY_ACTION_LOGGED event and the action, together, on an open crisis. */
  async logRecoveryAction(actor: Actor, input: { crisisId: string; kind: RecoveryActionKind; title: string; url?: string | null }): Promise<RecoveryActionRow> {
    if (!RECOVERY_ACTION_KINDS.includes(input.kind)) throw new BadUserInputError('input.kind', `must be one of ${RECOVERY_ACTION_KINDS.join(', ')}`);
    const title = requireText(input.title, 'input.title', 500);
    const url = checkUrl(input.url ?? null);
    const id = randomUUID();
    const payload = { recoveryActionId: toGlobalId('RecoveryAction', id), kind: input.kind, title, url };
    await this.crises.appendCrisisEvents(actor, input.crisisId, [{ type: ACTION_LOGGED, from_state: null, to_state: null, actor: actor.name, payload }], async (tx) => {
      const [{ count }] = await tx.rows<{ count: number }>(`SELECT count(*)::int AS count FROM recovery_action WHERE crisis_id = $1`, [input.crisisId]);
      if (count >= MAX_RECOVERY_ACTIONS) throw new BadUserInputError('input.crisisId', `a crisis keeps at most ${MAX_RECOVERY_ACTIONS} recovery actions`);
      await tx.rows(
        `INSERT INTO recovery_action (id, organization_id, crisis_id, kind, title, url, logged_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, actor.organizationId, input.crisisId, input.kind, title, url, actor.name],
      );
    });
    const [row] = await query<RecoveryActionRow>(
      this.dataSource,
      `SELECT id, crisis_id, kind, title, url, logged_by, logged_at FROM recovery_action WHERE id = $1 AND organization_id = $2`,
      [id, actor.organizationId],
    );
    return row;
  }
}

function statusOf(episode: Episode): CrisisRecoveryData['status'] {
  if (episode.paused) return 'PAUSED';
  if (isRecovered(episode)) return 'RECOVERED';
  return episode.relapsed ? 'RELAPSED' : 'TRACKING';
}

/** An optional link: http(s) with a host, no spaces, at most 2000 characters. */
function checkUrl(value: string | null): string | null {
  if (value === null) return null;
  const url = requireStorableText(value, 'input.url').trim();
  if (!url) return null;
  if (url.length > 2000) throw new BadUserInputError('input.url', 'must be at most 2000 characters');
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // refused below
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || !parsed.hostname || /\s/.test(url) || !/^https?:\/\//i.test(url)) {
    throw new BadUserInputError('input.url', 'must be an http(s) URL');
  }
  return url;
}

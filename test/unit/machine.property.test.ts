// Property test of the pure crisis machine: random commands, timer firings, role assignments, severity changes and context changes keep its invariants.
import fc from 'fast-check';
import {
  CRISIS_EVENT_TYPES,
  CRISIS_STATES,
  acceptedEvents,
  applyCrisisEvent,
  availableEvents,
  isTerminal,
  SEVERITIES,
  startCrisis,
  type CrisisContext,
  type CrisisEventType,
  type CrisisMachineEvent,
  type CrisisState,
  type PersistedMachine,
  type Severity,
  type SlaDurations,
  type SlaKind,
} from '../../src/crisis/machine';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

/** The only state changes a command may cause. Timers, role assignments and severity changes never change the state. */
const EDGES = new Set([
  'DETECTED ACKNOWLEDGE ACKNOWLEDGED',
  'DETECTED DISMISS DISMISSED',
  'ACKNOWLEDGED START_RESPONSE RESPONDING',
  'ACKNOWLEDGED DISMISS DISMISSED',
  'RESPONDING CONTAIN CONTAINED',
  'CONTAINED REESCALATE RESPONDING',
  'CONTAINED BEGIN_RECOVERY RECOVERY',
  'RECOVERY REESCALATE RESPONDING',
  'RECOVERY COMPLETE_REVIEW REVIEWED',
]);

/**
 * An independent model of the guards: which guard, if any, refuses `type` given this context, reason and the roles
 * the test itself has seen assigned (not the machine's context.assignedRoles, so the model cannot agree with a bug).
 */
function modelGuard(type: CrisisEventType, context: CrisisContext, reason: string | undefined, roles: readonly string[]): string | null {
  if ((type === 'DISMISS' || type === 'REESCALATE') && !(reason && reason.trim())) return 'hasReason';
  if (type === 'START_RESPONSE' && !roles.includes('CRISIS_LEAD')) return 'hasCrisisLead';
  if (type === 'CONTAIN' && context.publishedStatements < 1) return 'hasPublishedStatement';
  if (type === 'COMPLETE_REVIEW' && !context.reviewCompleted) return 'hasCompletedReview';
  return null;
}
const modelAccepts = (state: CrisisState, type: string): boolean => [...EDGES].some((edge) => edge.startsWith(`${state} ${type} `));

/** Timestamps that, once set, must never change. */
const STAMPS = ['detectedAt', 'acknowledgedAt', 'firstPublicResponseAt', 'containedAt', 'recoveryStartedAt', 'reviewedAt', 'closedAt'] as const;
/** SLAs that may breach at most once per crisis. */
const ONCE: SlaKind[] = ['ACKNOWLEDGE', 'FIRST_RESPONSE'];
/** States only reachable through START_RESPONSE, so a crisis in one of them has had a CRISIS_LEAD assigned. */
const AFTER_RESPONSE_STARTED: CrisisState[] = ['RESPONDING', 'CONTAINED', 'RECOVERY', 'REVIEWED'];
/** Role keys a crisis team may hold; CRISIS_LEAD is listed twice so runs often get past ACKNOWLEDGED. */
const roleKeyArb = fc.constantFrom('CRISIS_LEAD', 'CRISIS_LEAD', 'PR_LEAD', 'LEGAL', 'SPOKESPERSON', 'crisis_lead');

type Step =
  /** `type: 'ACCEPTED'` picks, by `pick`, one of the events the current state accepts, so runs get deep into the lifecycle. */
  | { kind: 'command'; type: CrisisEventType | 'ACCEPTED'; pick: number; reason: string | undefined; advanceMs: number }
  | { kind: 'fire'; pick: number }
  | { kind: 'stale'; pick: number }
  /** Someone is assigned a role of the crisis team (the service sends ROLE_ASSIGNED). */
  | { kind: 'role'; roleKey: string; advanceMs: number }
  /** The severity changes (the service sends SEVERITY_CHANGED with the new severity's SLA durations). */
  | { kind: 'severity'; severity: Severity; sla: SlaDurations; advanceMs: number }
  | { kind: 'toggle'; publishedStatements: number; reviewCompleted: boolean };

/** Any positive durations: a severity change may shorten a deadline into the past, or stretch it far away. */
const anySlaArb: fc.Arbitrary<SlaDurations> = fc.record({
  acknowledgeMs: fc.integer({ min: 1, max: 240 * MINUTE }),
  firstResponseMs: fc.integer({ min: 1, max: 480 * MINUTE }),
  updateEveryMs: fc.integer({ min: 1, max: 90 * MINUTE }),
});

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('command' as const),
      type: fc.oneof({ weight: 2, arbitrary: fc.constant('ACCEPTED' as const) }, { weight: 1, arbitrary: fc.constantFrom(...CRISIS_EVENT_TYPES) }),
      // Index 0 is the forward event of each state (ACKNOWLEDGE, START_RESPONSE, CONTAIN, REESCALATE, REESCALATE).
      pick: fc.oneof(fc.constant(0), fc.nat()),
      reason: fc.constantFrom(undefined, '', '   ', 'a reason given', 'a reason given'),
      advanceMs: fc.integer({ min: 1, max: 45 * MINUTE }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fire' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stale' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('role' as const), roleKey: roleKeyArb, advanceMs: fc.integer({ min: 1, max: 15 * MINUTE }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('severity' as const),
      severity: fc.constantFrom(...SEVERITIES),
      sla: anySlaArb,
      advanceMs: fc.integer({ min: 1, max: 30 * MINUTE }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('toggle' as const),
      publishedStatements: fc.integer({ min: 0, max: 2 }),
      reviewCompleted: fc.boolean(),
    }),
  },
);

const slaArb = fc.record({
  acknowledgeMs: fc.integer({ min: 1, max: 60 * MINUTE }),
  firstResponseMs: fc.integer({ min: 1, max: 180 * MINUTE }),
  updateEveryMs: fc.integer({ min: MINUTE, max: 60 * MINUTE }),
});

interface Pending {
  sendId: string;
  type: string;
  due: number;
}

type Delay = 'acknowledgeSla' | 'firstResponseSla' | 'updateCadence';
/** The SLA timers each state runs while it is the current state (its `after` delays). */
const TIMERS: Record<CrisisState, Delay[]> = {
  DETECTED: ['acknowledgeSla', 'firstResponseSla'],
  ACKNOWLEDGED: ['firstResponseSla'],
  RESPONDING: ['firstResponseSla', 'updateCadence'],
  CONTAINED: [],
  RECOVERY: [],
  REVIEWED: [],
  DISMISSED: [],
};
const timerId = (delay: Delay, state: CrisisState): string => `xstate.after.${delay}.crisis.${state}`;
/**
 * An independent model of the deadlines: acknowledge and first response are due a fixed time after detection, an
 * update is due a period after the start of the current update cycle, all under the SLA in force now.
 */
const modelDeadline = (delay: Delay, sla: SlaDurations, cadenceFrom: number | undefined): number => {
  if (delay === 'acknowledgeSla') return T0 + sla.acknowledgeMs;
  if (delay === 'firstResponseSla') return T0 + sla.firstResponseMs;
  if (cadenceFrom === undefined) throw new Error('an update timer outside an update cycle');
  return cadenceFrom + sla.updateEveryMs;
};

/** How often, over all runs, the interesting severity-change cases happened: the test checks they are not left to luck. */
const seen = {
  severityIn: {} as Partial<Record<CrisisState, number>>,
  rescheduledAtZero: 0,
  anchoredCadence: 0,
  ignoredAfterBreach: 0,
  breachAfterChange: 0,
};

/** `legacy`: the crisis was stored before roles existed, so its context has no assignedRoles field at all. */
function run(sla: CrisisContext['sla'], steps: Step[], legacy = false): void {
  const start = startCrisis({ severity: 'MEDIUM', sla, detectedAt: T0 });
  expect(start.machine.context.assignedRoles).toEqual([]);
  let machine: PersistedMachine = start.machine;
  if (legacy) {
    const context: CrisisContext = { ...start.machine.context };
    delete context.assignedRoles;
    machine = { ...machine, context };
  }
  /** The test's own record of the roles assigned, in first-assigned order. */
  const roles: string[] = [];
  let now = T0;
  let version = 0;
  let accepted = 0;
  const versions: number[] = [];
  const pending = new Map<string, Pending>();
  /** Cancelled timers, each with how many times its send id had been scheduled when it was cancelled. */
  const stale: (Pending & { generation: number })[] = [];
  const schedules = new Map<string, number>();
  const breachCount: Record<SlaKind, number> = { ACKNOWLEDGE: 0, FIRST_RESPONSE: 0, UPDATE: 0 };
  let terminalReached: CrisisState | null = null;
  /** The test's own model of the severity, the SLA in force, the last (re)entry and the start of the update cycle. */
  let modelSeverity: Severity = 'MEDIUM';
  let modelSla: SlaDurations = { ...sla };
  let modelEnteredAt = T0;
  let modelCadence: number | undefined;
  let severityChangedSinceStart = false;

  const applyEffects = (effects: ReturnType<typeof startCrisis>['effects'], at: number): void => {
    for (const effect of effects) {
      if (effect.kind === 'schedule') {
        expect(Number.isFinite(effect.delayMs) && effect.delayMs >= 0).toBe(true);
        pending.set(effect.sendId, { sendId: effect.sendId, type: effect.event.type, due: at + effect.delayMs });
        schedules.set(effect.sendId, (schedules.get(effect.sendId) ?? 0) + 1);
      } else if (effect.kind === 'cancel') {
        const gone = pending.get(effect.sendId);
        if (gone) stale.push({ ...gone, generation: schedules.get(effect.sendId) ?? 0 });
        pending.delete(effect.sendId);
      } else {
        breachCount[effect.sla] += 1;
      }
    }
  };
  applyEffects(start.effects, T0);

  for (const step of steps) {
    if (step.kind === 'toggle') {
      // The service changes these outside the machine (statements published, review written).
      machine = { ...machine, context: { ...machine.context, publishedStatements: step.publishedStatements, reviewCompleted: step.reviewCompleted } };
      continue;
    }

    let event: { type: string; at: number; reason?: string; roleKey?: string; severity?: Severity; sla?: SlaDurations };
    let isTimer = false;
    let isRole = false;
    let isSeverity = false;
    let expectIgnored = false;
    if (step.kind === 'role') {
      now += step.advanceMs;
      event = { type: 'ROLE_ASSIGNED', at: now, roleKey: step.roleKey };
      isRole = true;
    } else if (step.kind === 'severity') {
      now += step.advanceMs;
      event = { type: 'SEVERITY_CHANGED', at: now, severity: step.severity, sla: step.sla };
      isSeverity = true;
    } else if (step.kind === 'command') {
      now += step.advanceMs;
      const accepts = acceptedEvents(machine.value);
      const type = step.type !== 'ACCEPTED' ? step.type : accepts.length > 0 ? accepts[step.pick % accepts.length] : CRISIS_EVENT_TYPES[step.pick % CRISIS_EVENT_TYPES.length];
      event = step.reason === undefined ? { type, at: now } : { type, at: now, reason: step.reason };
    } else if (step.kind === 'fire' && pending.size > 0) {
      const timers = [...pending.entries()].sort((a, b) => a[1].due - b[1].due);
      const [sendId, timer] = timers[step.pick % timers.length];
      pending.delete(sendId); // the worker deletes the row in the transaction that fires it
      event = { type: timer.type, at: timer.due };
      now = Math.max(now, timer.due);
      isTimer = true;
    } else if (step.kind === 'stale' && stale.length > 0) {
      // A timer row deleted by a cancel that some lagging worker still fires: it must not apply, unless the same send id
      // was scheduled again since (the update cadence re-arming, or a severity change re-entering the state), in which
      // case the machine cannot tell the stale copy from the new timer, even once that one has fired in its turn.
      const timer = stale[step.pick % stale.length];
      event = { type: timer.type, at: Math.max(now, timer.due) };
      isTimer = true;
      expectIgnored = schedules.get(timer.sendId) === timer.generation;
    } else {
      continue;
    }

    const before = machine;
    const frozen = structuredClone(before);
    const offered = availableEvents(before, event.at);
    const outcome = applyCrisisEvent(before, event as CrisisMachineEvent);
    expect(before).toEqual(frozen); // never mutates its input
    const isCommand = !isTimer && !isRole && !isSeverity;

    if (isRole) {
      // Accepted in every open state, adding the role once and changing nothing else; refused as IGNORED once closed.
      if (isTerminal(before.value)) {
        expect(outcome).toEqual({ ok: false, refusal: 'IGNORED', state: before.value });
      } else {
        const expectedRoles = roles.includes(event.roleKey!) ? [...roles] : [...roles, event.roleKey!];
        expect(outcome).toEqual({ ok: true, before: frozen, after: { value: before.value, context: { ...frozen.context, assignedRoles: expectedRoles } }, effects: [] });
      }
    } else if (isSeverity) {
      // Accepted in every open state: same state, new severity and SLA, the state re-entered now, and exactly its own
      // timers cancelled and scheduled again for the deadlines the model computes under the new SLA (never negative,
      // no breach from the change itself); refused as IGNORED once closed.
      if (isTerminal(before.value)) {
        expect(outcome).toEqual({ ok: false, refusal: 'IGNORED', state: before.value });
      } else {
        const newSla = event.sla!;
        const timers = TIMERS[before.value];
        const delays = timers.map((d) => Math.max(0, modelDeadline(d, newSla, modelCadence) - event.at));
        expect(outcome).toEqual({
          ok: true,
          before: frozen,
          after: { value: before.value, context: { ...frozen.context, severity: event.severity, sla: newSla, enteredAt: event.at } },
          effects: [
            ...timers.map((d) => ({ kind: 'cancel', sendId: timerId(d, before.value) })),
            ...timers.map((d, i) => ({ kind: 'schedule', sendId: timerId(d, before.value), event: { type: timerId(d, before.value) }, delayMs: delays[i] })),
          ],
        });
        seen.severityIn[before.value] = (seen.severityIn[before.value] ?? 0) + 1;
        if (delays.includes(0)) seen.rescheduledAtZero += 1;
        if (before.value === 'RESPONDING' && modelCadence! < event.at) seen.anchoredCadence += 1;
      }
    } else if (isCommand) {
      // Commands are accepted exactly when the model says so, and refused for the model's reason.
      const type = event.type as CrisisEventType;
      const guard = modelGuard(type, before.context, event.reason, roles);
      if (!modelAccepts(before.value, type)) expect(outcome).toEqual({ ok: false, refusal: 'INVALID_TRANSITION', state: before.value, allowed: acceptedEvents(before.value) });
      else if (guard) expect(outcome).toEqual({ ok: false, refusal: 'GUARD_FAILED', state: before.value, guard });
      else expect(outcome.ok).toBe(true);
    }

    if (!outcome.ok) {
      // Refused outcomes change nothing, and say why in a way that matches the state.
      expect(outcome.state).toBe(before.value);
      if (isTimer || isRole || isSeverity) {
        expect(outcome.refusal).toBe('IGNORED');
        if (isTimer && severityChangedSinceStart && /(acknowledgeSla|firstResponseSla)/.test(event.type)) seen.ignoredAfterBreach += 1;
      } else if (outcome.refusal === 'INVALID_TRANSITION') {
        expect(outcome.allowed).toEqual(acceptedEvents(before.value));
        expect(outcome.allowed).not.toContain(event.type);
      } else {
        expect(outcome.refusal).toBe('GUARD_FAILED');
        expect(acceptedEvents(before.value)).toContain(event.type);
      }
      if (isCommand && event.reason === 'a reason given') expect(offered).not.toContain(event.type);
    } else {
      expect(expectIgnored).toBe(false);
      expect(terminalReached).toBeNull();
      expect(outcome.before).toEqual(frozen);
      if (isTimer || isRole || isSeverity) expect(outcome.after.value).toBe(before.value);
      else expect(EDGES.has(`${before.value} ${event.type} ${outcome.after.value}`)).toBe(true);
      if (isTimer) expect(event.type.endsWith(`.crisis.${before.value}`)).toBe(true); // a timer of a state left never applies
      if (isRole) expect(outcome.after.context.enteredAt).toBe(before.context.enteredAt);
      if (isCommand && event.reason === 'a reason given') expect(offered).toContain(event.type);
      if (!isRole) expect(outcome.after.context.assignedRoles).toEqual(before.context.assignedRoles); // only ROLE_ASSIGNED touches the team

      const previousVersion = version;
      version += 1;
      accepted += 1;
      expect(version).toBeGreaterThan(previousVersion);
      versions.push(version);

      for (const field of STAMPS) {
        if (before.context[field] !== null) expect(outcome.after.context[field]).toBe(before.context[field]);
      }
      for (const sla of ONCE) {
        if (before.context.breaches[sla] !== undefined) expect(outcome.after.context.breaches[sla]).toBe(before.context.breaches[sla]);
      }
      applyEffects(outcome.effects, event.at);
      machine = outcome.after;
      if (isRole && !roles.includes(event.roleKey!)) roles.push(event.roleKey!);
      // The model follows: commands and severity changes (re-)enter a state now; so does the update cadence when it fires,
      // which also starts the next update cycle, as entering RESPONDING by a command does. A severity change does not.
      if (isCommand || isSeverity || event.type === timerId('updateCadence', 'RESPONDING')) modelEnteredAt = event.at;
      if ((isCommand && outcome.after.value === 'RESPONDING') || event.type === timerId('updateCadence', 'RESPONDING')) modelCadence = event.at;
      if (isSeverity) {
        modelSeverity = event.severity!;
        modelSla = event.sla!;
        severityChangedSinceStart = true;
      }
      if (isTimer && severityChangedSinceStart && outcome.effects.some((e) => e.kind === 'slaBreached')) seen.breachAfterChange += 1;
    }

    // Invariants after every step.
    expect(CRISIS_STATES).toContain(machine.value);
    expect(breachCount.ACKNOWLEDGE).toBeLessThanOrEqual(1);
    expect(breachCount.FIRST_RESPONSE).toBeLessThanOrEqual(1);
    for (const sla of ONCE) expect(machine.context.breaches[sla] !== undefined).toBe(breachCount[sla] === 1);
    for (const sendId of pending.keys()) expect(sendId.endsWith(`.crisis.${machine.value}`)).toBe(true);
    // Severity, SLA, entry time and update cycle are what the model says; the cycle is only defined once RESPONDING was entered.
    expect(machine.context.severity).toBe(modelSeverity);
    expect(machine.context.sla).toEqual(modelSla);
    expect(machine.context.enteredAt).toBe(modelEnteredAt);
    if (machine.value === 'RESPONDING') expect(machine.context.cadenceFrom).toBe(modelCadence);
    if (modelCadence === undefined) expect('cadenceFrom' in machine.context).toBe(false);
    // Every pending timer is one of the state's own, due at its deadline under the SLA in force now (or at the
    // (re-)entry that scheduled it, if that deadline had already passed): a severity change never leaves an old deadline behind.
    for (const timer of pending.values()) {
      const delay = TIMERS[machine.value].find((d) => timer.sendId === timerId(d, machine.value));
      expect(delay).toBeDefined();
      expect(timer.type).toBe(timer.sendId);
      expect(timer.due).toBe(Math.max(modelEnteredAt, modelDeadline(delay!, modelSla, modelCadence)));
    }
    // The machine's team is exactly the roles assigned so far, each once; an old row gains the field with its first role.
    expect(machine.context.assignedRoles ?? []).toEqual(roles);
    if (!legacy || roles.length > 0) expect(machine.context.assignedRoles).toBeDefined();
    else expect('assignedRoles' in machine.context).toBe(false);
    if (AFTER_RESPONSE_STARTED.includes(machine.value)) expect(roles).toContain('CRISIS_LEAD');
    if (terminalReached) expect(machine.value).toBe(terminalReached);
    if (isTerminal(machine.value)) {
      terminalReached = machine.value;
      expect(pending.size).toBe(0);
      expect(machine.context.closedAt).not.toBeNull();
    }
  }

  expect(version).toBe(accepted);
  expect(versions).toEqual(Array.from({ length: accepted }, (_, i) => i + 1));
}

test('random commands, timer firings, role assignments, severity changes and context changes never break the lifecycle invariants', () => {
  fc.assert(
    fc.property(slaArb, fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }), fc.boolean(), (sla, steps, legacy) => {
      run(sla, steps, legacy);
    }),
    { numRuns: 300 },
  );
  // The runs really exercised severity changes in every open state, deadlines moved into the past, update cycles kept
  // across a change, and timers firing after a change, both breaching and refused by their guards.
  for (const state of ['DETECTED', 'ACKNOWLEDGED', 'RESPONDING', 'CONTAINED', 'RECOVERY'] as const) expect(seen.severityIn[state] ?? 0).toBeGreaterThan(0);
  expect(seen.rescheduledAtZero).toBeGreaterThan(0);
  expect(seen.anchoredCadence).toBeGreaterThan(0);
  expect(seen.breachAfterChange).toBeGreaterThan(0);
  expect(seen.ignoredAfterBreach).toBeGreaterThan(0);
});

test('once REVIEWED or DISMISSED, every further command and timer is refused and the state stays put', () => {
  const terminal = fc.constantFrom<CrisisState>('REVIEWED', 'DISMISSED');
  const anyEvent = fc.oneof(
    fc.record({ type: fc.constantFrom<string>(...CRISIS_EVENT_TYPES), reason: fc.constantFrom(undefined, 'a reason given') }),
    fc.record({ type: fc.constant('ROLE_ASSIGNED'), roleKey: roleKeyArb }),
    fc.record({ type: fc.constant('SEVERITY_CHANGED'), severity: fc.constantFrom(...SEVERITIES), sla: anySlaArb }),
    fc.record({ type: fc.constantFrom('acknowledgeSla', 'firstResponseSla', 'updateCadence').chain((d) => fc.constantFrom(...CRISIS_STATES).map((s) => `xstate.after.${d}.crisis.${s}`)) }),
  );
  fc.assert(
    fc.property(terminal, fc.array(anyEvent, { minLength: 1, maxLength: 20 }), fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.uniqueArray(roleKeyArb, { maxLength: 3 }), (state, events, reviewCompleted, publishedStatements, assignedRoles) => {
      const machine: PersistedMachine = {
        value: state,
        context: { ...startCrisis({ severity: 'LOW', sla: { acknowledgeMs: MINUTE, firstResponseMs: MINUTE, updateEveryMs: MINUTE }, detectedAt: T0 }).machine.context, reviewCompleted, publishedStatements, assignedRoles, closedAt: T0 },
      };
      const frozen = structuredClone(machine);
      events.forEach((e, i) => {
        const outcome = applyCrisisEvent(machine, { ...e, at: T0 + (i + 1) * MINUTE } as CrisisMachineEvent);
        expect(outcome.ok).toBe(false);
        expect(outcome).toMatchObject({ state });
        if (!outcome.ok && outcome.refusal === 'INVALID_TRANSITION') expect(outcome.allowed).toEqual([]);
        if (e.type === 'ROLE_ASSIGNED' || e.type === 'SEVERITY_CHANGED') expect(outcome).toEqual({ ok: false, refusal: 'IGNORED', state });
        expect(machine).toEqual(frozen);
      });
    }),
    { numRuns: 300 },
  );
});

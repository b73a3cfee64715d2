// Table-driven unit tests of the pure crisis machine: every transition, refusal, guard, SLA delay, severity change and timestamp rule.
import {
  CRISIS_EVENT_TYPES,
  CRISIS_STATES,
  acceptedEvents,
  applyCrisisEvent,
  availableEvents,
  describeMachine,
  startCrisis,
  type CrisisContext,
  type CrisisEventType,
  type CrisisState,
  type MachineEffect,
  type PersistedMachine,
  type Severity,
  type SeverityChanged,
  type SlaDurations,
  type TransitionOutcome,
} from '../../src/crisis/machine';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const SLA = { acknowledgeMs: 15 * MINUTE, firstResponseMs: 60 * MINUTE, updateEveryMs: 30 * MINUTE };

/**
 * Timer send ids are stored in the timers table, so their spelling is part of the persisted format:
 * pinning them here means an XState upgrade that renames them fails loudly instead of orphaning rows.
 */
const timerId = (delay: 'acknowledgeSla' | 'firstResponseSla' | 'updateCadence', state: CrisisState): string =>
  `xstate.after.${delay}.crisis.${state}`;
const schedule = (delay: 'acknowledgeSla' | 'firstResponseSla' | 'updateCadence', state: CrisisState, delayMs: number): MachineEffect => ({
  kind: 'schedule',
  sendId: timerId(delay, state),
  event: { type: timerId(delay, state) },
  delayMs,
});
const cancel = (delay: 'acknowledgeSla' | 'firstResponseSla' | 'updateCadence', state: CrisisState): MachineEffect => ({
  kind: 'cancel',
  sendId: timerId(delay, state),
});

const started = startCrisis({ severity: 'HIGH', sla: SLA, detectedAt: T0 });

/** A crisis in `value`, with the fresh context of `started` overridden by `overrides`. */
function machineIn(value: CrisisState, overrides: Partial<CrisisContext> = {}): PersistedMachine {
  return { value, context: { ...started.machine.context, ...overrides } };
}

function expectOk(outcome: TransitionOutcome): Extract<TransitionOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`expected the event to be accepted, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function scheduled(effects: MachineEffect[]): Extract<MachineEffect, { kind: 'schedule' }>[] {
  return effects.filter((e): e is Extract<MachineEffect, { kind: 'schedule' }> => e.kind === 'schedule');
}

/** What each state accepts at all (guards aside). */
const ACCEPTS: Record<CrisisState, CrisisEventType[]> = {
  DETECTED: ['ACKNOWLEDGE', 'DISMISS'],
  ACKNOWLEDGED: ['START_RESPONSE', 'DISMISS'],
  RESPONDING: ['CONTAIN'],
  CONTAINED: ['REESCALATE', 'BEGIN_RECOVERY'],
  RECOVERY: ['REESCALATE', 'COMPLETE_REVIEW'],
  REVIEWED: [],
  DISMISSED: [],
};

describe('a crisis starts', () => {
  test('in DETECTED with every timestamp empty, no breaches, no update cycle, and its clock at the detection time', () => {
    // Strict: DETECTED's entry (markEntered) sees the init event, which has no `at`, so enteredAt keeps the detection time;
    // and no cadenceFrom key exists until RESPONDING is entered.
    expect(started.machine).toStrictEqual({
      value: 'DETECTED',
      context: {
        severity: 'HIGH',
        sla: SLA,
        detectedAt: T0,
        acknowledgedAt: null,
        firstPublicResponseAt: null,
        containedAt: null,
        recoveryStartedAt: null,
        reviewedAt: null,
        closedAt: null,
        enteredAt: T0,
        publishedStatements: 0,
        reviewCompleted: false,
        breaches: {},
        assignedRoles: [],
      },
    });
  });

  test('with exactly the acknowledge and first-response SLA timers scheduled, for their full durations', () => {
    expect(started.effects).toEqual([
      schedule('acknowledgeSla', 'DETECTED', SLA.acknowledgeMs),
      schedule('firstResponseSla', 'DETECTED', SLA.firstResponseMs),
    ]);
  });

  test('with SLA durations taken from its input, not from constants', () => {
    const other = startCrisis({ severity: 'LOW', sla: { acknowledgeMs: 7, firstResponseMs: 11, updateEveryMs: 13 }, detectedAt: 5 });
    expect(other.effects).toEqual([schedule('acknowledgeSla', 'DETECTED', 7), schedule('firstResponseSla', 'DETECTED', 11)]);
    expect(other.machine.context).toMatchObject({ severity: 'LOW', detectedAt: 5, enteredAt: 5 });
  });
});

describe('every allowed transition', () => {
  const ENTERED = T0 + 5 * MINUTE;
  const AT = T0 + 20 * MINUTE;
  const remainingFirstResponse = SLA.firstResponseMs - (AT - T0); // 40 minutes

  interface Row {
    from: CrisisState;
    type: CrisisEventType;
    reason?: string;
    context?: Partial<CrisisContext>;
    to: CrisisState;
    /** Context fields the transition sets to the event time, besides enteredAt (entering RESPONDING starts an update cycle: cadenceFrom). */
    stamps: (keyof CrisisContext)[];
    effects: MachineEffect[];
  }

  const rows: Row[] = [
    {
      from: 'DETECTED', type: 'ACKNOWLEDGE', to: 'ACKNOWLEDGED', stamps: ['acknowledgedAt'],
      effects: [cancel('acknowledgeSla', 'DETECTED'), cancel('firstResponseSla', 'DETECTED'), schedule('firstResponseSla', 'ACKNOWLEDGED', remainingFirstResponse)],
    },
    {
      from: 'DETECTED', type: 'DISMISS', reason: 'duplicate of another crisis', to: 'DISMISSED', stamps: ['closedAt'],
      effects: [cancel('acknowledgeSla', 'DETECTED'), cancel('firstResponseSla', 'DETECTED')],
    },
    {
      from: 'ACKNOWLEDGED', type: 'START_RESPONSE', to: 'RESPONDING', stamps: ['cadenceFrom'],
      context: { acknowledgedAt: ENTERED, assignedRoles: ['CRISIS_LEAD'] },
      effects: [cancel('firstResponseSla', 'ACKNOWLEDGED'), schedule('firstResponseSla', 'RESPONDING', remainingFirstResponse), schedule('updateCadence', 'RESPONDING', SLA.updateEveryMs)],
    },
    {
      from: 'ACKNOWLEDGED', type: 'DISMISS', reason: 'a parody account', to: 'DISMISSED', stamps: ['closedAt'],
      context: { acknowledgedAt: ENTERED },
      effects: [cancel('firstResponseSla', 'ACKNOWLEDGED')],
    },
    {
      from: 'RESPONDING', type: 'CONTAIN', to: 'CONTAINED', stamps: ['containedAt'],
      context: { acknowledgedAt: ENTERED, publishedStatements: 1 },
      effects: [cancel('firstResponseSla', 'RESPONDING'), cancel('updateCadence', 'RESPONDING')],
    },
    {
      from: 'CONTAINED', type: 'REESCALATE', reason: 'a second wave of posts', to: 'RESPONDING', stamps: ['cadenceFrom'],
      context: { acknowledgedAt: ENTERED, containedAt: ENTERED, publishedStatements: 1, cadenceFrom: T0 + MINUTE },
      effects: [schedule('firstResponseSla', 'RESPONDING', remainingFirstResponse), schedule('updateCadence', 'RESPONDING', SLA.updateEveryMs)],
    },
    {
      from: 'CONTAINED', type: 'BEGIN_RECOVERY', to: 'RECOVERY', stamps: ['recoveryStartedAt'],
      context: { acknowledgedAt: ENTERED, containedAt: ENTERED, publishedStatements: 1 },
      effects: [],
    },
    {
      from: 'RECOVERY', type: 'REESCALATE', reason: 'the story was picked up by the press', to: 'RESPONDING', stamps: ['cadenceFrom'],
      context: { acknowledgedAt: ENTERED, containedAt: ENTERED, recoveryStartedAt: ENTERED, publishedStatements: 1, cadenceFrom: T0 + MINUTE },
      effects: [schedule('firstResponseSla', 'RESPONDING', remainingFirstResponse), schedule('updateCadence', 'RESPONDING', SLA.updateEveryMs)],
    },
    {
      from: 'RECOVERY', type: 'COMPLETE_REVIEW', to: 'REVIEWED', stamps: ['reviewedAt', 'closedAt'],
      context: { acknowledgedAt: ENTERED, containedAt: ENTERED, recoveryStartedAt: ENTERED, publishedStatements: 1, reviewCompleted: true },
      effects: [],
    },
  ];

  test('the table covers exactly the events each state accepts', () => {
    for (const state of CRISIS_STATES) {
      expect(rows.filter((r) => r.from === state).map((r) => r.type).sort()).toEqual([...ACCEPTS[state]].sort());
      expect([...acceptedEvents(state)].sort()).toEqual([...ACCEPTS[state]].sort());
    }
  });

  test.each(rows)('$from --$type--> $to, stamping the event time and emitting the exact timer effects', ({ from, type, reason, context, to, stamps, effects }) => {
    const before = machineIn(from, { enteredAt: ENTERED, ...context });
    const frozen = structuredClone(before);
    const outcome = expectOk(applyCrisisEvent(before, { type, at: AT, ...(reason ? { reason } : {}) }));

    const expectedContext: CrisisContext = { ...before.context, enteredAt: AT };
    for (const field of stamps) (expectedContext as unknown as Record<string, unknown>)[field] = AT;
    expect(outcome.before).toEqual(frozen);
    expect(outcome.after).toEqual({ value: to, context: expectedContext });
    expect(outcome.effects).toEqual(effects);
    expect(before).toEqual(frozen); // the input is not mutated
  });
});

describe('every refused pair', () => {
  // A context that satisfies every guard, so nothing but the state can be the cause of a refusal.
  const permissive = { publishedStatements: 3, reviewCompleted: true, assignedRoles: ['CRISIS_LEAD'] };
  const refused = CRISIS_STATES.flatMap((state) =>
    CRISIS_EVENT_TYPES.filter((type) => !ACCEPTS[state].includes(type)).map((type) => ({ state, type })),
  );

  test('there are 49 state/event pairs of which 9 are allowed and 40 refused', () => {
    expect(refused).toHaveLength(CRISIS_STATES.length * CRISIS_EVENT_TYPES.length - 9);
    expect(refused).toHaveLength(40);
  });

  test.each(refused)('$state refuses $type as INVALID_TRANSITION listing exactly what it accepts', ({ state, type }) => {
    const before = machineIn(state, permissive);
    const frozen = structuredClone(before);
    expect(applyCrisisEvent(before, { type, at: T0 + MINUTE, reason: 'a reason' })).toEqual({
      ok: false,
      refusal: 'INVALID_TRANSITION',
      state,
      allowed: ACCEPTS[state],
    });
    expect(before).toEqual(frozen);
  });

  test.each(['REVIEWED', 'DISMISSED'] as const)('the terminal state %s accepts nothing: every event is refused with allowed = []', (state) => {
    for (const type of CRISIS_EVENT_TYPES) {
      expect(applyCrisisEvent(machineIn(state, permissive), { type, at: T0 + MINUTE, reason: 'a reason' })).toEqual({
        ok: false,
        refusal: 'INVALID_TRANSITION',
        state,
        allowed: [],
      });
    }
    expect(acceptedEvents(state)).toEqual([]);
    expect(availableEvents(machineIn(state, permissive), T0 + MINUTE)).toEqual([]);
  });

  test.each(['REVIEWED', 'DISMISSED'] as const)('a timer event reaching the terminal state %s is IGNORED', (state) => {
    expect(applyCrisisEvent(machineIn(state), { type: timerId('acknowledgeSla', 'DETECTED'), at: T0 + SLA.acknowledgeMs })).toEqual({
      ok: false,
      refusal: 'IGNORED',
      state,
    });
  });
});

describe('every guard', () => {
  const AT = T0 + 20 * MINUTE;
  const reasonGuarded: { state: CrisisState; type: CrisisEventType; to: CrisisState }[] = [
    { state: 'DETECTED', type: 'DISMISS', to: 'DISMISSED' },
    { state: 'ACKNOWLEDGED', type: 'DISMISS', to: 'DISMISSED' },
    { state: 'CONTAINED', type: 'REESCALATE', to: 'RESPONDING' },
    { state: 'RECOVERY', type: 'REESCALATE', to: 'RESPONDING' },
  ];
  const missingReasons: { label: string; reason?: string | null }[] = [
    { label: 'no reason at all' },
    { label: 'a null reason', reason: null },
    { label: 'an empty reason', reason: '' },
    { label: 'a whitespace-only reason', reason: ' \t\n ' },
  ];

  describe.each(reasonGuarded)('hasReason on $state --$type-->', ({ state, type, to }) => {
    test.each(missingReasons)('fails with $label, naming the guard', ({ reason }) => {
      const event = reason === undefined ? { type, at: AT } : { type, at: AT, reason };
      expect(applyCrisisEvent(machineIn(state), event)).toEqual({ ok: false, refusal: 'GUARD_FAILED', state, guard: 'hasReason' });
    });

    test(`passes with a real reason, reaching ${to}`, () => {
      expect(expectOk(applyCrisisEvent(machineIn(state), { type, at: AT, reason: '  a real reason ' })).after.value).toBe(to);
    });
  });

  test('hasPublishedStatement: CONTAIN with no published statement fails naming the guard', () => {
    expect(applyCrisisEvent(machineIn('RESPONDING', { publishedStatements: 0 }), { type: 'CONTAIN', at: AT })).toEqual({
      ok: false,
      refusal: 'GUARD_FAILED',
      state: 'RESPONDING',
      guard: 'hasPublishedStatement',
    });
  });

  test('hasPublishedStatement: CONTAIN passes once one statement is published', () => {
    expect(expectOk(applyCrisisEvent(machineIn('RESPONDING', { publishedStatements: 1 }), { type: 'CONTAIN', at: AT })).after.value).toBe('CONTAINED');
  });

  test('hasCompletedReview: COMPLETE_REVIEW without a completed review fails naming the guard', () => {
    expect(applyCrisisEvent(machineIn('RECOVERY', { reviewCompleted: false }), { type: 'COMPLETE_REVIEW', at: AT })).toEqual({
      ok: false,
      refusal: 'GUARD_FAILED',
      state: 'RECOVERY',
      guard: 'hasCompletedReview',
    });
  });

  test('hasCompletedReview: COMPLETE_REVIEW passes once the review is completed', () => {
    expect(expectOk(applyCrisisEvent(machineIn('RECOVERY', { reviewCompleted: true }), { type: 'COMPLETE_REVIEW', at: AT })).after.value).toBe('REVIEWED');
  });

  test('hasCrisisLead: START_RESPONSE with no role assigned fails naming the guard, leaving the machine untouched', () => {
    const before = machineIn('ACKNOWLEDGED', { acknowledgedAt: T0 + MINUTE, assignedRoles: [] });
    const frozen = structuredClone(before);
    expect(applyCrisisEvent(before, { type: 'START_RESPONSE', at: AT })).toEqual({
      ok: false,
      refusal: 'GUARD_FAILED',
      state: 'ACKNOWLEDGED',
      guard: 'hasCrisisLead',
    });
    expect(before).toEqual(frozen);
  });

  test.each([[['PR_LEAD']], [['PR_LEAD', 'LEGAL', 'SPOKESPERSON']], [['crisis_lead']], [['CRISIS_LEAD_DEPUTY']]])(
    'hasCrisisLead: START_RESPONSE with only other roles %j still fails naming the guard',
    (assignedRoles) => {
      expect(applyCrisisEvent(machineIn('ACKNOWLEDGED', { assignedRoles }), { type: 'START_RESPONSE', at: AT })).toEqual({
        ok: false,
        refusal: 'GUARD_FAILED',
        state: 'ACKNOWLEDGED',
        guard: 'hasCrisisLead',
      });
    },
  );

  test('hasCrisisLead: START_RESPONSE passes once CRISIS_LEAD is among the roles, whatever else is assigned', () => {
    const outcome = expectOk(applyCrisisEvent(machineIn('ACKNOWLEDGED', { assignedRoles: ['PR_LEAD', 'CRISIS_LEAD'] }), { type: 'START_RESPONSE', at: AT }));
    expect(outcome.after.value).toBe('RESPONDING');
    expect(outcome.after.context.assignedRoles).toEqual(['PR_LEAD', 'CRISIS_LEAD']);
  });

  test('hasCrisisLead: refused without a lead, then accepted once ROLE_ASSIGNED CRISIS_LEAD went through the machine', () => {
    const ack = expectOk(applyCrisisEvent(started.machine, { type: 'ACKNOWLEDGE', at: T0 + MINUTE })).after;
    expect(applyCrisisEvent(ack, { type: 'START_RESPONSE', at: T0 + 2 * MINUTE })).toEqual({
      ok: false,
      refusal: 'GUARD_FAILED',
      state: 'ACKNOWLEDGED',
      guard: 'hasCrisisLead',
    });
    const pr = expectOk(applyCrisisEvent(ack, { type: 'ROLE_ASSIGNED', at: T0 + 3 * MINUTE, roleKey: 'PR_LEAD' })).after;
    expect(applyCrisisEvent(pr, { type: 'START_RESPONSE', at: T0 + 4 * MINUTE })).toMatchObject({ ok: false, refusal: 'GUARD_FAILED', guard: 'hasCrisisLead' });
    const lead = expectOk(applyCrisisEvent(pr, { type: 'ROLE_ASSIGNED', at: T0 + 5 * MINUTE, roleKey: 'CRISIS_LEAD' })).after;
    const respond = expectOk(applyCrisisEvent(lead, { type: 'START_RESPONSE', at: T0 + 6 * MINUTE }));
    expect(respond.after).toEqual({
      value: 'RESPONDING',
      context: { ...ack.context, assignedRoles: ['PR_LEAD', 'CRISIS_LEAD'], enteredAt: T0 + 6 * MINUTE, cadenceFrom: T0 + 6 * MINUTE },
    });
  });

  test('a failed guard leaves the persisted machine untouched', () => {
    const before = machineIn('RESPONDING');
    const frozen = structuredClone(before);
    applyCrisisEvent(before, { type: 'CONTAIN', at: AT });
    expect(before).toEqual(frozen);
  });
});

describe('every delay', () => {
  test('ACKNOWLEDGE cancels the acknowledge timer under the same send id it was scheduled with', () => {
    const ackTimer = scheduled(started.effects).find((e) => e.delayMs === SLA.acknowledgeMs)!;
    const outcome = expectOk(applyCrisisEvent(started.machine, { type: 'ACKNOWLEDGE', at: T0 + MINUTE }));
    expect(outcome.effects).toContainEqual({ kind: 'cancel', sendId: ackTimer.sendId });
  });

  test('entering ACKNOWLEDGED 10 minutes after detection reschedules first response with the 50 minutes left', () => {
    const outcome = expectOk(applyCrisisEvent(started.machine, { type: 'ACKNOWLEDGE', at: T0 + 10 * MINUTE }));
    expect(scheduled(outcome.effects)).toEqual([schedule('firstResponseSla', 'ACKNOWLEDGED', SLA.firstResponseMs - 10 * MINUTE)]);
  });

  test('entering RESPONDING schedules the update cadence for updateEveryMs', () => {
    const ack = expectOk(applyCrisisEvent(started.machine, { type: 'ACKNOWLEDGE', at: T0 + 10 * MINUTE }));
    const lead = expectOk(applyCrisisEvent(ack.after, { type: 'ROLE_ASSIGNED', at: T0 + 11 * MINUTE, roleKey: 'CRISIS_LEAD' }));
    const respond = expectOk(applyCrisisEvent(lead.after, { type: 'START_RESPONSE', at: T0 + 12 * MINUTE }));
    expect(scheduled(respond.effects)).toEqual([
      schedule('firstResponseSla', 'RESPONDING', SLA.firstResponseMs - 12 * MINUTE),
      schedule('updateCadence', 'RESPONDING', SLA.updateEveryMs),
    ]);
  });

  test('a first-response deadline already past when RESPONDING is re-entered schedules the timer at 0, never negative', () => {
    const outcome = expectOk(applyCrisisEvent(machineIn('CONTAINED', { publishedStatements: 1 }), { type: 'REESCALATE', at: T0 + 3 * 60 * MINUTE, reason: 'back' }));
    expect(scheduled(outcome.effects)).toEqual([schedule('firstResponseSla', 'RESPONDING', 0), schedule('updateCadence', 'RESPONDING', SLA.updateEveryMs)]);
  });

  test('the acknowledge timer firing in DETECTED breaches ACKNOWLEDGE at its due time and stays in DETECTED', () => {
    const timer = scheduled(started.effects)[0];
    const due = T0 + timer.delayMs;
    const outcome = expectOk(applyCrisisEvent(started.machine, { type: timer.event.type, at: due }));
    expect(outcome.effects).toEqual([{ kind: 'slaBreached', sla: 'ACKNOWLEDGE' }]);
    expect(outcome.after).toEqual({ value: 'DETECTED', context: { ...started.machine.context, breaches: { ACKNOWLEDGE: due } } });
  });

  test('the first-response timer firing in DETECTED breaches FIRST_RESPONSE at its due time', () => {
    const timer = scheduled(started.effects)[1];
    const due = T0 + timer.delayMs;
    const outcome = expectOk(applyCrisisEvent(started.machine, { type: timer.event.type, at: due }));
    expect(outcome.effects).toEqual([{ kind: 'slaBreached', sla: 'FIRST_RESPONSE' }]);
    expect(outcome.after).toEqual({ value: 'DETECTED', context: { ...started.machine.context, breaches: { FIRST_RESPONSE: due } } });
  });

  test.each(['ACKNOWLEDGED', 'RESPONDING'] as const)('the first-response timer firing in %s breaches FIRST_RESPONSE without leaving the state', (state) => {
    const before = machineIn(state, { enteredAt: T0 + 10 * MINUTE, acknowledgedAt: T0 + 10 * MINUTE });
    const due = T0 + SLA.firstResponseMs;
    const outcome = expectOk(applyCrisisEvent(before, { type: timerId('firstResponseSla', state), at: due }));
    expect(outcome.effects).toEqual([{ kind: 'slaBreached', sla: 'FIRST_RESPONSE' }]);
    expect(outcome.after).toEqual({ value: state, context: { ...before.context, breaches: { FIRST_RESPONSE: due } } });
  });

  test('the first-response timer firing again after a first breach is IGNORED (guard isFirstResponsePending)', () => {
    const due = T0 + SLA.firstResponseMs;
    const breached = machineIn('RESPONDING', { breaches: { FIRST_RESPONSE: due } });
    expect(applyCrisisEvent(breached, { type: timerId('firstResponseSla', 'RESPONDING'), at: due + MINUTE })).toEqual({
      ok: false,
      refusal: 'IGNORED',
      state: 'RESPONDING',
    });
  });

  test('the first-response timer is IGNORED once a first public response is recorded', () => {
    const answered = machineIn('ACKNOWLEDGED', { firstPublicResponseAt: T0 + 20 * MINUTE });
    expect(applyCrisisEvent(answered, { type: timerId('firstResponseSla', 'ACKNOWLEDGED'), at: T0 + SLA.firstResponseMs })).toEqual({
      ok: false,
      refusal: 'IGNORED',
      state: 'ACKNOWLEDGED',
    });
  });

  test('a timer of a state the crisis has left is IGNORED', () => {
    expect(applyCrisisEvent(machineIn('ACKNOWLEDGED'), { type: timerId('acknowledgeSla', 'DETECTED'), at: T0 + SLA.acknowledgeMs })).toEqual({
      ok: false,
      refusal: 'IGNORED',
      state: 'ACKNOWLEDGED',
    });
  });

  test('the update cadence firing breaches UPDATE and re-arms itself under the same send id, so it recurs', () => {
    const entered = T0 + 20 * MINUTE;
    const before = machineIn('RESPONDING', { enteredAt: entered, acknowledgedAt: T0 + 10 * MINUTE });
    const due1 = entered + SLA.updateEveryMs;
    const first = expectOk(applyCrisisEvent(before, { type: timerId('updateCadence', 'RESPONDING'), at: due1 }));
    expect(first.effects).toEqual([
      cancel('firstResponseSla', 'RESPONDING'),
      cancel('updateCadence', 'RESPONDING'),
      { kind: 'slaBreached', sla: 'UPDATE' },
      schedule('firstResponseSla', 'RESPONDING', SLA.firstResponseMs - (due1 - T0)),
      schedule('updateCadence', 'RESPONDING', SLA.updateEveryMs),
    ]);
    expect(first.after).toEqual({ value: 'RESPONDING', context: { ...before.context, enteredAt: due1, cadenceFrom: due1, breaches: { UPDATE: due1 } } });

    const due2 = due1 + SLA.updateEveryMs;
    const second = expectOk(applyCrisisEvent(first.after, { type: timerId('updateCadence', 'RESPONDING'), at: due2 }));
    expect(second.effects).toContainEqual({ kind: 'slaBreached', sla: 'UPDATE' });
    expect(scheduled(second.effects)).toContainEqual(schedule('updateCadence', 'RESPONDING', SLA.updateEveryMs));
    expect(second.after.context.breaches).toEqual({ UPDATE: due2 });
    expect(second.after.context.enteredAt).toBe(due2);
    expect(second.after.context.cadenceFrom).toBe(due2); // each missed update starts the next cycle at its due time
  });

  test('a whole unattended crisis breaches ACKNOWLEDGE at 15 minutes and FIRST_RESPONSE at 60, each once', () => {
    let machine = started.machine;
    const pending = new Map(scheduled(started.effects).map((e) => [e.sendId, { type: e.event.type, due: T0 + e.delayMs }]));
    const breaches: { sla: string; at: number }[] = [];
    // Left alone, a crisis has finitely many timers: bound the loop so a self-re-arming timer fails instead of hanging.
    for (let fired = 0; pending.size > 0; fired++) {
      if (fired > 10) throw new Error(`timers keep firing: ${[...pending.keys()].join(', ')}`);
      const [sendId, timer] = [...pending.entries()].sort((a, b) => a[1].due - b[1].due)[0];
      pending.delete(sendId);
      const outcome = applyCrisisEvent(machine, { type: timer.type, at: timer.due });
      if (!outcome.ok) continue;
      machine = outcome.after;
      for (const e of outcome.effects) {
        if (e.kind === 'slaBreached') breaches.push({ sla: e.sla, at: timer.due });
        if (e.kind === 'schedule') pending.set(e.sendId, { type: e.event.type, due: timer.due + e.delayMs });
        if (e.kind === 'cancel') pending.delete(e.sendId);
      }
    }
    expect(breaches).toEqual([
      { sla: 'ACKNOWLEDGE', at: T0 + SLA.acknowledgeMs },
      { sla: 'FIRST_RESPONSE', at: T0 + SLA.firstResponseMs },
    ]);
    expect(machine).toEqual({
      value: 'DETECTED',
      context: { ...started.machine.context, breaches: { ACKNOWLEDGE: T0 + SLA.acknowledgeMs, FIRST_RESPONSE: T0 + SLA.firstResponseMs } },
    });
  });
});

describe('ROLE_ASSIGNED', () => {
  const OPEN: CrisisState[] = ['DETECTED', 'ACKNOWLEDGED', 'RESPONDING', 'CONTAINED', 'RECOVERY'];
  const ENTERED = T0 + 7 * MINUTE;
  const AT = T0 + 25 * MINUTE;
  /** A lived-in context, so a change to any field besides assignedRoles shows. */
  const lived: Partial<CrisisContext> = {
    enteredAt: ENTERED,
    acknowledgedAt: T0 + 2 * MINUTE,
    publishedStatements: 1,
    breaches: { ACKNOWLEDGE: T0 + SLA.acknowledgeMs },
    assignedRoles: ['PR_LEAD'],
  };

  test('is not a command: no state lists it among the events it accepts or offers', () => {
    for (const state of CRISIS_STATES) {
      expect(acceptedEvents(state)).not.toContain('ROLE_ASSIGNED');
      expect(availableEvents(machineIn(state, lived), AT)).not.toContain('ROLE_ASSIGNED');
    }
  });

  test.each(OPEN)('in %s adds the role and changes nothing else: same state, same enteredAt, no timer effects', (state) => {
    const before = machineIn(state, lived);
    const frozen = structuredClone(before);
    const outcome = expectOk(applyCrisisEvent(before, { type: 'ROLE_ASSIGNED', at: AT, roleKey: 'CRISIS_LEAD' }));
    expect(outcome.before).toEqual(frozen);
    expect(outcome.after).toEqual({ value: state, context: { ...frozen.context, assignedRoles: ['PR_LEAD', 'CRISIS_LEAD'] } });
    expect(outcome.after.context.enteredAt).toBe(ENTERED);
    expect(outcome.effects).toEqual([]);
    expect(before).toEqual(frozen); // the input is not mutated
  });

  test('on a fresh crisis it neither cancels nor reschedules the SLA timers, which still fire on time', () => {
    const assigned = expectOk(applyCrisisEvent(started.machine, { type: 'ROLE_ASSIGNED', at: T0 + MINUTE, roleKey: 'PR_LEAD' }));
    expect(assigned.effects).toEqual([]);
    expect(assigned.after).toEqual({ value: 'DETECTED', context: { ...started.machine.context, assignedRoles: ['PR_LEAD'] } });
    const timer = scheduled(started.effects)[0];
    const fired = expectOk(applyCrisisEvent(assigned.after, { type: timer.event.type, at: T0 + timer.delayMs }));
    expect(fired.effects).toEqual([{ kind: 'slaBreached', sla: 'ACKNOWLEDGE' }]);
  });

  test('assigning the same role twice keeps one entry; roles keep the order they were first assigned in', () => {
    let m = machineIn('ACKNOWLEDGED');
    for (const [i, roleKey] of ['CRISIS_LEAD', 'PR_LEAD', 'CRISIS_LEAD', 'PR_LEAD', 'LEGAL'].entries()) {
      const outcome = expectOk(applyCrisisEvent(m, { type: 'ROLE_ASSIGNED', at: T0 + (i + 1) * MINUTE, roleKey }));
      expect(outcome.effects).toEqual([]);
      m = outcome.after;
    }
    expect(m).toEqual({ value: 'ACKNOWLEDGED', context: { ...started.machine.context, assignedRoles: ['CRISIS_LEAD', 'PR_LEAD', 'LEGAL'] } });
  });

  test('a second assignment of a role already held is accepted and leaves the context exactly as it was', () => {
    const before = machineIn('RESPONDING', { ...lived, assignedRoles: ['CRISIS_LEAD'] });
    const outcome = expectOk(applyCrisisEvent(before, { type: 'ROLE_ASSIGNED', at: AT, roleKey: 'CRISIS_LEAD' }));
    expect(outcome.after).toEqual(before);
    expect(outcome.effects).toEqual([]);
  });

  test.each(['REVIEWED', 'DISMISSED'] as const)('in the final state %s is refused (IGNORED: it is not a command) and changes nothing', (state) => {
    const before = machineIn(state, { ...lived, closedAt: T0 + 20 * MINUTE, assignedRoles: ['PR_LEAD'] });
    const frozen = structuredClone(before);
    for (const roleKey of ['CRISIS_LEAD', 'LEGAL', 'PR_LEAD']) {
      expect(applyCrisisEvent(before, { type: 'ROLE_ASSIGNED', at: AT, roleKey })).toEqual({ ok: false, refusal: 'IGNORED', state });
    }
    expect(before).toEqual(frozen);
  });

  describe('a crisis stored before roles existed (its context has no assignedRoles)', () => {
    function legacy(value: CrisisState, overrides: Partial<CrisisContext> = {}): PersistedMachine {
      const context: CrisisContext = { ...started.machine.context, ...overrides };
      delete context.assignedRoles;
      return { value, context };
    }

    test('the helper really drops the field', () => {
      expect('assignedRoles' in legacy('ACKNOWLEDGED').context).toBe(false);
    });

    test('refuses START_RESPONSE naming hasCrisisLead', () => {
      expect(applyCrisisEvent(legacy('ACKNOWLEDGED'), { type: 'START_RESPONSE', at: T0 + MINUTE })).toEqual({
        ok: false,
        refusal: 'GUARD_FAILED',
        state: 'ACKNOWLEDGED',
        guard: 'hasCrisisLead',
      });
      expect(availableEvents(legacy('ACKNOWLEDGED'), T0 + MINUTE)).toEqual(['DISMISS']);
    });

    test.each(OPEN)('in %s accepts ROLE_ASSIGNED, which creates the list with that one role and nothing else', (state) => {
      const before = legacy(state, { enteredAt: ENTERED });
      const frozen = structuredClone(before);
      const outcome = expectOk(applyCrisisEvent(before, { type: 'ROLE_ASSIGNED', at: AT, roleKey: 'PR_LEAD' }));
      expect(outcome.after).toEqual({ value: state, context: { ...frozen.context, assignedRoles: ['PR_LEAD'] } });
      expect(outcome.effects).toEqual([]);
      expect(before).toEqual(frozen);
    });

    test('then accepts START_RESPONSE once CRISIS_LEAD is assigned', () => {
      const lead = expectOk(applyCrisisEvent(legacy('ACKNOWLEDGED'), { type: 'ROLE_ASSIGNED', at: T0 + MINUTE, roleKey: 'CRISIS_LEAD' })).after;
      expect(lead.context.assignedRoles).toEqual(['CRISIS_LEAD']);
      expect(expectOk(applyCrisisEvent(lead, { type: 'START_RESPONSE', at: T0 + 2 * MINUTE })).after.value).toBe('RESPONDING');
    });
  });
});

describe('SEVERITY_CHANGED', () => {
  const OPEN = ['DETECTED', 'ACKNOWLEDGED', 'RESPONDING', 'CONTAINED', 'RECOVERY'] as const;
  /** A LOW crisis: one hour to acknowledge, four to respond publicly, an update every hour. SLA (HIGH) is 15 / 60 / 30 minutes. */
  const LOW_SLA: SlaDurations = { acknowledgeMs: 60 * MINUTE, firstResponseMs: 240 * MINUTE, updateEveryMs: 60 * MINUTE };
  const CRITICAL_SLA: SlaDurations = { acknowledgeMs: 5 * MINUTE, firstResponseMs: 45 * MINUTE, updateEveryMs: 15 * MINUTE };
  const low = startCrisis({ severity: 'LOW', sla: LOW_SLA, detectedAt: T0 });
  const severityChanged = (at: number, severity: Severity, sla: SlaDurations): SeverityChanged => ({ type: 'SEVERITY_CHANGED', at, severity, sla });

  /** Fires the pending timers in due order, as the timers worker would (a fired row is deleted), until none is left. */
  function drain(machine: PersistedMachine, pending: Map<string, { type: string; due: number }>): { machine: PersistedMachine; breaches: { sla: string; at: number }[] } {
    const breaches: { sla: string; at: number }[] = [];
    for (let fired = 0; pending.size > 0; fired++) {
      if (fired > 10) throw new Error(`timers keep firing: ${[...pending.keys()].join(', ')}`);
      const [sendId, timer] = [...pending.entries()].sort((a, b) => a[1].due - b[1].due)[0];
      pending.delete(sendId);
      const outcome = applyCrisisEvent(machine, { type: timer.type, at: timer.due });
      if (!outcome.ok) continue;
      machine = outcome.after;
      for (const e of outcome.effects) {
        if (e.kind === 'slaBreached') breaches.push({ sla: e.sla, at: timer.due });
        if (e.kind === 'schedule') pending.set(e.sendId, { type: e.event.type, due: timer.due + e.delayMs });
        if (e.kind === 'cancel') pending.delete(e.sendId);
      }
    }
    return { machine, breaches };
  }

  /** Applies `effects` emitted at `at` to a timers table. */
  function store(pending: Map<string, { type: string; due: number }>, effects: MachineEffect[], at: number): void {
    for (const e of effects) {
      if (e.kind === 'schedule') pending.set(e.sendId, { type: e.event.type, due: at + e.delayMs });
      if (e.kind === 'cancel') pending.delete(e.sendId);
    }
  }

  test('is not a command: no state lists it among the events it accepts or offers', () => {
    for (const state of CRISIS_STATES) {
      expect(acceptedEvents(state)).not.toContain('SEVERITY_CHANGED');
      expect(availableEvents(machineIn(state, { assignedRoles: ['CRISIS_LEAD'], publishedStatements: 1, reviewCompleted: true }), T0 + MINUTE)).not.toContain('SEVERITY_CHANGED');
    }
  });

  describe('in DETECTED', () => {
    test('raised 10 minutes after detection from a 60- to a 15-minute acknowledge SLA: acknowledge is rescheduled with the 5 minutes left, first response with its new remaining 50, under the same send ids', () => {
      const AT = T0 + 10 * MINUTE;
      const before = low.machine;
      const frozen = structuredClone(before);
      const outcome = expectOk(applyCrisisEvent(before, severityChanged(AT, 'HIGH', SLA)));
      expect(outcome.effects).toEqual([
        cancel('acknowledgeSla', 'DETECTED'),
        cancel('firstResponseSla', 'DETECTED'),
        schedule('acknowledgeSla', 'DETECTED', 5 * MINUTE),
        schedule('firstResponseSla', 'DETECTED', 50 * MINUTE),
      ]);
      // The rows it cancels and schedules are those detection scheduled: the timers table replaces them in place.
      const detectionIds = scheduled(low.effects).map((e) => e.sendId);
      expect(outcome.effects.filter((e) => e.kind === 'cancel').map((e) => (e as { sendId: string }).sendId)).toEqual(detectionIds);
      expect(scheduled(outcome.effects).map((e) => e.sendId)).toEqual(detectionIds);
      // Severity and SLA replaced, DETECTED re-entered now (the origin of the new delays); nothing else, and no update cycle.
      // (Built from `before`, not from its structuredClone, whose objects come from another realm and fail toStrictEqual's type check.)
      expect(outcome.after).toStrictEqual({ value: 'DETECTED', context: { ...before.context, severity: 'HIGH', sla: SLA, enteredAt: AT } });
      expect(outcome.before).toEqual(frozen);
      expect(before).toEqual(frozen); // the input is not mutated
    });

    test('the rescheduled acknowledge timer breaches ACKNOWLEDGE 15 minutes after detection; the cancelled 60-minute one, fired late, is IGNORED', () => {
      const raised = expectOk(applyCrisisEvent(low.machine, severityChanged(T0 + 10 * MINUTE, 'HIGH', SLA)));
      const fired = expectOk(applyCrisisEvent(raised.after, { type: timerId('acknowledgeSla', 'DETECTED'), at: T0 + 15 * MINUTE }));
      expect(fired.effects).toEqual([{ kind: 'slaBreached', sla: 'ACKNOWLEDGE' }]);
      expect(fired.after).toEqual({ value: 'DETECTED', context: { ...raised.after.context, breaches: { ACKNOWLEDGE: T0 + 15 * MINUTE } } });
      expect(applyCrisisEvent(fired.after, { type: timerId('acknowledgeSla', 'DETECTED'), at: T0 + LOW_SLA.acknowledgeMs })).toEqual({
        ok: false,
        refusal: 'IGNORED',
        state: 'DETECTED',
      });
    });

    test('raised after the new acknowledge deadline has passed: that timer is scheduled with delay 0 and breaches when it fires', () => {
      const AT = T0 + 20 * MINUTE; // the new deadline was T0 + 15 minutes
      const raised = expectOk(applyCrisisEvent(low.machine, severityChanged(AT, 'HIGH', SLA)));
      expect(raised.effects).toEqual([
        cancel('acknowledgeSla', 'DETECTED'),
        cancel('firstResponseSla', 'DETECTED'),
        schedule('acknowledgeSla', 'DETECTED', 0),
        schedule('firstResponseSla', 'DETECTED', 40 * MINUTE),
      ]);
      expect(raised.after.context.breaches).toEqual({}); // the change itself breaches nothing: the timer does
      const fired = expectOk(applyCrisisEvent(raised.after, { type: timerId('acknowledgeSla', 'DETECTED'), at: AT }));
      expect(fired.effects).toEqual([{ kind: 'slaBreached', sla: 'ACKNOWLEDGE' }]);
      expect(fired.after.context.breaches).toEqual({ ACKNOWLEDGE: AT });
    });

    test('raised after both new deadlines have passed: both timers at 0, each breaching once when it fires', () => {
      const AT = T0 + 90 * MINUTE;
      const raised = expectOk(applyCrisisEvent(low.machine, severityChanged(AT, 'HIGH', SLA)));
      expect(scheduled(raised.effects)).toEqual([schedule('acknowledgeSla', 'DETECTED', 0), schedule('firstResponseSla', 'DETECTED', 0)]);
      const pending = new Map<string, { type: string; due: number }>();
      store(pending, raised.effects, AT);
      const { machine, breaches } = drain(raised.after, pending);
      expect(breaches).toEqual([
        { sla: 'ACKNOWLEDGE', at: AT },
        { sla: 'FIRST_RESPONSE', at: AT },
      ]);
      expect(machine.context.breaches).toEqual({ ACKNOWLEDGE: AT, FIRST_RESPONSE: AT });
    });

    test('lowered 10 minutes after detection: both timers are pushed back, still measured from detection', () => {
      const AT = T0 + 10 * MINUTE;
      const lowered = expectOk(applyCrisisEvent(started.machine, severityChanged(AT, 'LOW', LOW_SLA)));
      expect(lowered.effects).toEqual([
        cancel('acknowledgeSla', 'DETECTED'),
        cancel('firstResponseSla', 'DETECTED'),
        schedule('acknowledgeSla', 'DETECTED', LOW_SLA.acknowledgeMs - 10 * MINUTE),
        schedule('firstResponseSla', 'DETECTED', LOW_SLA.firstResponseMs - 10 * MINUTE),
      ]);
      expect(lowered.after).toStrictEqual({ value: 'DETECTED', context: { ...started.machine.context, severity: 'LOW', sla: LOW_SLA, enteredAt: AT } });
    });

    test('an unattended LOW crisis raised to HIGH at 10 minutes breaches ACKNOWLEDGE at 15 and FIRST_RESPONSE at 60, each once', () => {
      const pending = new Map<string, { type: string; due: number }>();
      store(pending, low.effects, T0);
      const raised = expectOk(applyCrisisEvent(low.machine, severityChanged(T0 + 10 * MINUTE, 'HIGH', SLA)));
      store(pending, raised.effects, T0 + 10 * MINUTE);
      const { machine, breaches } = drain(raised.after, pending);
      expect(breaches).toEqual([
        { sla: 'ACKNOWLEDGE', at: T0 + SLA.acknowledgeMs },
        { sla: 'FIRST_RESPONSE', at: T0 + SLA.firstResponseMs },
      ]);
      expect(machine).toEqual({
        value: 'DETECTED',
        context: { ...raised.after.context, breaches: { ACKNOWLEDGE: T0 + SLA.acknowledgeMs, FIRST_RESPONSE: T0 + SLA.firstResponseMs } },
      });
    });

    test('after ACKNOWLEDGE has breached, the acknowledge timer is rescheduled but its firing is IGNORED: no second breach', () => {
      const breachedAt = T0 + SLA.acknowledgeMs;
      const breached = expectOk(applyCrisisEvent(started.machine, { type: timerId('acknowledgeSla', 'DETECTED'), at: breachedAt })).after;
      for (const [at, severity, sla] of [
        [T0 + 20 * MINUTE, 'CRITICAL', CRITICAL_SLA],
        [T0 + 20 * MINUTE, 'LOW', LOW_SLA],
      ] as const) {
        const changed = expectOk(applyCrisisEvent(breached, severityChanged(at, severity, sla)));
        const ack = scheduled(changed.effects).find((e) => e.sendId === timerId('acknowledgeSla', 'DETECTED'))!;
        expect(ack.delayMs).toBe(Math.max(0, T0 + sla.acknowledgeMs - at));
        expect(changed.effects.filter((e) => e.kind === 'slaBreached')).toEqual([]);
        expect(changed.after.context.breaches).toEqual({ ACKNOWLEDGE: breachedAt });
        expect(applyCrisisEvent(changed.after, { type: ack.event.type, at: at + ack.delayMs })).toEqual({ ok: false, refusal: 'IGNORED', state: 'DETECTED' });
      }
    });
  });

  test.each(['DETECTED', 'ACKNOWLEDGED', 'RESPONDING'] as const)(
    'in %s after FIRST_RESPONSE has breached, the rescheduled first-response timer is IGNORED when it fires',
    (state) => {
      const breachedAt = T0 + SLA.firstResponseMs;
      const before = machineIn(state, { enteredAt: T0 + 10 * MINUTE, acknowledgedAt: T0 + 10 * MINUTE, cadenceFrom: T0 + 50 * MINUTE, breaches: { FIRST_RESPONSE: breachedAt } });
      const AT = T0 + 70 * MINUTE;
      const changed = expectOk(applyCrisisEvent(before, severityChanged(AT, 'CRITICAL', CRITICAL_SLA)));
      expect(scheduled(changed.effects)).toContainEqual(schedule('firstResponseSla', state, 0));
      expect(changed.after.context.breaches).toEqual({ FIRST_RESPONSE: breachedAt });
      expect(applyCrisisEvent(changed.after, { type: timerId('firstResponseSla', state), at: AT })).toEqual({ ok: false, refusal: 'IGNORED', state });
    },
  );

  describe('in RESPONDING', () => {
    const RESPONDED = T0 + 20 * MINUTE;
    /** Responding since T0 + 20 minutes, reached through the machine: the update cycle started then, the next update is due at T0 + 50. */
    const responding = (() => {
      let m = expectOk(applyCrisisEvent(started.machine, { type: 'ACKNOWLEDGE', at: T0 + 5 * MINUTE })).after;
      m = expectOk(applyCrisisEvent(m, { type: 'ROLE_ASSIGNED', at: T0 + 6 * MINUTE, roleKey: 'CRISIS_LEAD' })).after;
      return expectOk(applyCrisisEvent(m, { type: 'START_RESPONSE', at: RESPONDED }));
    })();

    test('the fixture is responding with its update cycle started at START_RESPONSE', () => {
      expect(responding.after.value).toBe('RESPONDING');
      expect(responding.after.context.cadenceFrom).toBe(RESPONDED);
      expect(scheduled(responding.effects)).toContainEqual(schedule('updateCadence', 'RESPONDING', SLA.updateEveryMs));
    });

    test('raised: the update cycle stays anchored at cadenceFrom, the next update due cadenceFrom + the new period, not a full new period from now', () => {
      const AT = T0 + 30 * MINUTE;
      const before = responding.after;
      const frozen = structuredClone(before);
      const raised = expectOk(applyCrisisEvent(before, severityChanged(AT, 'CRITICAL', CRITICAL_SLA)));
      expect(raised.effects).toEqual([
        cancel('firstResponseSla', 'RESPONDING'),
        cancel('updateCadence', 'RESPONDING'),
        schedule('firstResponseSla', 'RESPONDING', T0 + CRITICAL_SLA.firstResponseMs - AT), // 15 minutes
        schedule('updateCadence', 'RESPONDING', RESPONDED + CRITICAL_SLA.updateEveryMs - AT), // 5 minutes, not 15
      ]);
      expect(raised.after).toStrictEqual({
        value: 'RESPONDING',
        context: { ...before.context, severity: 'CRITICAL', sla: CRITICAL_SLA, enteredAt: AT, cadenceFrom: RESPONDED },
      });
      expect(before).toEqual(frozen);

      // The update falls due at T0 + 35: UPDATE breaches then, and the next cycle starts there with the new period.
      const due = RESPONDED + CRITICAL_SLA.updateEveryMs;
      const fired = expectOk(applyCrisisEvent(raised.after, { type: timerId('updateCadence', 'RESPONDING'), at: due }));
      expect(fired.effects).toContainEqual({ kind: 'slaBreached', sla: 'UPDATE' });
      expect(scheduled(fired.effects)).toContainEqual(schedule('updateCadence', 'RESPONDING', CRITICAL_SLA.updateEveryMs));
      expect(fired.after.context).toMatchObject({ cadenceFrom: due, enteredAt: due, breaches: { UPDATE: due } });
    });

    test('lowered: the next update of the same cycle is pushed back to cadenceFrom + the longer period', () => {
      const AT = T0 + 30 * MINUTE;
      const lowered = expectOk(applyCrisisEvent(responding.after, severityChanged(AT, 'LOW', LOW_SLA)));
      expect(scheduled(lowered.effects)).toEqual([
        schedule('firstResponseSla', 'RESPONDING', T0 + LOW_SLA.firstResponseMs - AT),
        schedule('updateCadence', 'RESPONDING', RESPONDED + LOW_SLA.updateEveryMs - AT), // 50 minutes
      ]);
      expect(lowered.after.context.cadenceFrom).toBe(RESPONDED);
    });

    test('raised after the new period has already run out: the update timer is scheduled at 0, and its firing breaches UPDATE then', () => {
      const AT = T0 + 45 * MINUTE; // the cycle started at T0 + 20 would have ended at T0 + 35 with a 15-minute period
      const raised = expectOk(applyCrisisEvent(responding.after, severityChanged(AT, 'CRITICAL', CRITICAL_SLA)));
      expect(scheduled(raised.effects)).toEqual([schedule('firstResponseSla', 'RESPONDING', 0), schedule('updateCadence', 'RESPONDING', 0)]);
      expect(raised.after.context.breaches).toEqual({});
      const fired = expectOk(applyCrisisEvent(raised.after, { type: timerId('updateCadence', 'RESPONDING'), at: AT }));
      expect(fired.effects).toContainEqual({ kind: 'slaBreached', sla: 'UPDATE' });
      expect(fired.after.context).toMatchObject({ cadenceFrom: AT, breaches: { UPDATE: AT } });
    });

    test('several changes in a row all keep the anchor of the cycle', () => {
      let m = responding.after;
      for (const [at, severity, sla] of [
        [T0 + 25 * MINUTE, 'CRITICAL', CRITICAL_SLA],
        [T0 + 28 * MINUTE, 'LOW', LOW_SLA],
        [T0 + 29 * MINUTE, 'HIGH', SLA],
      ] as const) {
        const outcome = expectOk(applyCrisisEvent(m, severityChanged(at, severity, sla)));
        expect(scheduled(outcome.effects)).toContainEqual(schedule('updateCadence', 'RESPONDING', RESPONDED + sla.updateEveryMs - at));
        expect(outcome.after.context).toMatchObject({ severity, sla, enteredAt: at, cadenceFrom: RESPONDED });
        m = outcome.after;
      }
    });

    test('re-entering RESPONDING by REESCALATE starts a new cycle even after a severity change in CONTAINED', () => {
      const contained = expectOk(applyCrisisEvent({ ...responding.after, context: { ...responding.after.context, publishedStatements: 1 } }, { type: 'CONTAIN', at: T0 + 40 * MINUTE })).after;
      const changed = expectOk(applyCrisisEvent(contained, severityChanged(T0 + 50 * MINUTE, 'CRITICAL', CRITICAL_SLA)));
      expect(changed.effects).toEqual([]); // CONTAINED has no timers to recompute
      expect(changed.after.context.cadenceFrom).toBe(RESPONDED); // left as it was: only entering RESPONDING moves it
      const again = expectOk(applyCrisisEvent(changed.after, { type: 'REESCALATE', at: T0 + 60 * MINUTE, reason: 'flared up' }));
      expect(again.after.context.cadenceFrom).toBe(T0 + 60 * MINUTE);
      expect(scheduled(again.effects)).toEqual([schedule('firstResponseSla', 'RESPONDING', 0), schedule('updateCadence', 'RESPONDING', CRITICAL_SLA.updateEveryMs)]);
    });

    // Regression: RESPONDING's entry once ran markEntered before markCadence, so on a row stored before cadenceFrom existed the
    // fallback `context.cadenceFrom ?? context.enteredAt` read the enteredAt just overwritten with the SEVERITY_CHANGED time.
    test('on a RESPONDING row stored before cadenceFrom existed, the cycle is anchored at the time RESPONDING was entered', () => {
      const before = machineIn('RESPONDING', { enteredAt: RESPONDED, acknowledgedAt: T0 + 5 * MINUTE, assignedRoles: ['CRISIS_LEAD'] });
      expect('cadenceFrom' in before.context).toBe(false);
      const AT = T0 + 30 * MINUTE;
      const raised = expectOk(applyCrisisEvent(before, severityChanged(AT, 'CRITICAL', CRITICAL_SLA)));
      expect(raised.after.context.cadenceFrom).toBe(RESPONDED);
      expect(scheduled(raised.effects)).toContainEqual(schedule('updateCadence', 'RESPONDING', RESPONDED + CRITICAL_SLA.updateEveryMs - AT));
    });
  });

  describe('in every open state', () => {
    const AT = T0 + 25 * MINUTE;
    const NEW: SlaDurations = { acknowledgeMs: 40 * MINUTE, firstResponseMs: 90 * MINUTE, updateEveryMs: 20 * MINUTE };
    /** A lived-in context where every field has a value of its own, so any change besides severity, sla and enteredAt shows. */
    const lived: Partial<CrisisContext> = {
      enteredAt: T0 + 7 * MINUTE,
      acknowledgedAt: T0 + 2 * MINUTE,
      firstPublicResponseAt: T0 + 9 * MINUTE,
      containedAt: T0 + 15 * MINUTE,
      recoveryStartedAt: T0 + 18 * MINUTE,
      publishedStatements: 2,
      reviewCompleted: true,
      breaches: { ACKNOWLEDGE: T0 + SLA.acknowledgeMs, UPDATE: T0 + 19 * MINUTE },
      assignedRoles: ['CRISIS_LEAD', 'PR_LEAD'],
      cadenceFrom: T0 + 12 * MINUTE,
    };
    const EFFECTS: Record<(typeof OPEN)[number], MachineEffect[]> = {
      DETECTED: [
        cancel('acknowledgeSla', 'DETECTED'),
        cancel('firstResponseSla', 'DETECTED'),
        schedule('acknowledgeSla', 'DETECTED', 15 * MINUTE), // T0 + 40 - (T0 + 25)
        schedule('firstResponseSla', 'DETECTED', 65 * MINUTE), // T0 + 90 - (T0 + 25)
      ],
      ACKNOWLEDGED: [cancel('firstResponseSla', 'ACKNOWLEDGED'), schedule('firstResponseSla', 'ACKNOWLEDGED', 65 * MINUTE)],
      RESPONDING: [
        cancel('firstResponseSla', 'RESPONDING'),
        cancel('updateCadence', 'RESPONDING'),
        schedule('firstResponseSla', 'RESPONDING', 65 * MINUTE),
        schedule('updateCadence', 'RESPONDING', 7 * MINUTE), // T0 + 12 + 20 - (T0 + 25)
      ],
      CONTAINED: [],
      RECOVERY: [],
    };

    test.each(OPEN)('%s keeps its state and every timestamp, breach, role and count; sets severity, sla and enteredAt; recomputes exactly its own timers', (state) => {
      const before = machineIn(state, lived);
      const frozen = structuredClone(before);
      const outcome = expectOk(applyCrisisEvent(before, severityChanged(AT, 'CRITICAL', NEW)));
      expect(outcome.before).toEqual(frozen);
      expect(outcome.after).toStrictEqual({ value: state, context: { ...before.context, severity: 'CRITICAL', sla: NEW, enteredAt: AT } });
      for (const field of ['detectedAt', 'acknowledgedAt', 'firstPublicResponseAt', 'containedAt', 'recoveryStartedAt', 'reviewedAt', 'closedAt'] as const) {
        expect(outcome.after.context[field]).toBe(frozen.context[field]);
      }
      expect(outcome.effects).toEqual(EFFECTS[state]);
      expect(before).toEqual(frozen); // the input is not mutated
    });

    test.each(OPEN)('%s re-enters even when the severity is sent unchanged: same state, only enteredAt moves, every deadline stays where it was', (state) => {
      const before = machineIn(state, { enteredAt: T0 + 10 * MINUTE, cadenceFrom: T0 + 10 * MINUTE });
      const outcome = expectOk(applyCrisisEvent(before, severityChanged(AT, 'HIGH', SLA)));
      expect(outcome.after.value).toBe(state);
      expect(outcome.after.context).toStrictEqual({ ...before.context, enteredAt: AT });
      expect(scheduled(outcome.effects).map((e) => e.sendId)).toEqual(scheduled(EFFECTS[state]).map((e) => e.sendId));
      // Deadlines unchanged: every rescheduled timer is due exactly when the original one was.
      for (const e of scheduled(outcome.effects)) {
        const deadline = e.sendId.includes('acknowledgeSla') ? T0 + SLA.acknowledgeMs : e.sendId.includes('firstResponseSla') ? T0 + SLA.firstResponseMs : T0 + 10 * MINUTE + SLA.updateEveryMs;
        expect(AT + e.delayMs).toBe(Math.max(AT, deadline));
      }
      expect(outcome.effects.filter((e) => e.kind === 'slaBreached')).toEqual([]);
    });
  });

  test.each(['REVIEWED', 'DISMISSED'] as const)('in the final state %s is refused as IGNORED and changes nothing', (state) => {
    const before = machineIn(state, { closedAt: T0 + 20 * MINUTE, reviewedAt: state === 'REVIEWED' ? T0 + 20 * MINUTE : null, enteredAt: T0 + 20 * MINUTE });
    const frozen = structuredClone(before);
    for (const [severity, sla] of [['CRITICAL', CRITICAL_SLA], ['LOW', LOW_SLA], ['HIGH', SLA]] as const) {
      expect(applyCrisisEvent(before, severityChanged(T0 + 30 * MINUTE, severity, sla))).toEqual({ ok: false, refusal: 'IGNORED', state });
    }
    expect(before).toEqual(frozen);
  });
});

describe('timestamps', () => {
  test('each lifecycle timestamp is set from its event time along the happy path', () => {
    let m = started.machine;
    m = expectOk(applyCrisisEvent(m, { type: 'ACKNOWLEDGE', at: T0 + 1 * MINUTE })).after;
    m = expectOk(applyCrisisEvent(m, { type: 'ROLE_ASSIGNED', at: T0 + 90_000, roleKey: 'CRISIS_LEAD' })).after;
    m = expectOk(applyCrisisEvent(m, { type: 'START_RESPONSE', at: T0 + 2 * MINUTE })).after;
    m = expectOk(applyCrisisEvent({ ...m, context: { ...m.context, publishedStatements: 1 } }, { type: 'CONTAIN', at: T0 + 3 * MINUTE })).after;
    m = expectOk(applyCrisisEvent(m, { type: 'BEGIN_RECOVERY', at: T0 + 4 * MINUTE })).after;
    m = expectOk(applyCrisisEvent({ ...m, context: { ...m.context, reviewCompleted: true } }, { type: 'COMPLETE_REVIEW', at: T0 + 5 * MINUTE })).after;
    expect(m.value).toBe('REVIEWED');
    expect(m.context).toMatchObject({
      detectedAt: T0,
      acknowledgedAt: T0 + 1 * MINUTE,
      firstPublicResponseAt: null,
      containedAt: T0 + 3 * MINUTE,
      recoveryStartedAt: T0 + 4 * MINUTE,
      reviewedAt: T0 + 5 * MINUTE,
      closedAt: T0 + 5 * MINUTE,
      enteredAt: T0 + 5 * MINUTE,
      assignedRoles: ['CRISIS_LEAD'],
    });
  });

  test('re-escalating and containing again keeps the first containedAt and recoveryStartedAt', () => {
    let m = machineIn('RESPONDING', { acknowledgedAt: T0 + MINUTE, publishedStatements: 1 });
    m = expectOk(applyCrisisEvent(m, { type: 'CONTAIN', at: T0 + 10 * MINUTE })).after;
    m = expectOk(applyCrisisEvent(m, { type: 'BEGIN_RECOVERY', at: T0 + 20 * MINUTE })).after;
    m = expectOk(applyCrisisEvent(m, { type: 'REESCALATE', at: T0 + 30 * MINUTE, reason: 'flared up' })).after;
    expect(m.value).toBe('RESPONDING');
    m = expectOk(applyCrisisEvent(m, { type: 'CONTAIN', at: T0 + 40 * MINUTE })).after;
    m = expectOk(applyCrisisEvent(m, { type: 'REESCALATE', at: T0 + 50 * MINUTE, reason: 'again' })).after;
    m = expectOk(applyCrisisEvent(m, { type: 'CONTAIN', at: T0 + 60 * MINUTE })).after;
    m = expectOk(applyCrisisEvent(m, { type: 'BEGIN_RECOVERY', at: T0 + 70 * MINUTE })).after;
    expect(m).toEqual({
      value: 'RECOVERY',
      context: {
        ...started.machine.context,
        acknowledgedAt: T0 + MINUTE,
        publishedStatements: 1,
        containedAt: T0 + 10 * MINUTE,
        recoveryStartedAt: T0 + 20 * MINUTE,
        enteredAt: T0 + 70 * MINUTE,
        cadenceFrom: T0 + 50 * MINUTE, // the last update cycle started with the last REESCALATE, and is left as it was
      },
    });
  });

  test.each([
    { state: 'DETECTED' as const, type: 'ACKNOWLEDGE' as const, field: 'acknowledgedAt' as const, context: {} },
    { state: 'RESPONDING' as const, type: 'CONTAIN' as const, field: 'containedAt' as const, context: { publishedStatements: 1 } },
    { state: 'CONTAINED' as const, type: 'BEGIN_RECOVERY' as const, field: 'recoveryStartedAt' as const, context: {} },
    { state: 'RECOVERY' as const, type: 'COMPLETE_REVIEW' as const, field: 'reviewedAt' as const, context: { reviewCompleted: true } },
    { state: 'RECOVERY' as const, type: 'COMPLETE_REVIEW' as const, field: 'closedAt' as const, context: { reviewCompleted: true } },
    { state: 'DETECTED' as const, type: 'DISMISS' as const, field: 'closedAt' as const, context: {} },
  ])('$type from $state never overwrites an already-set $field', ({ state, type, field, context }) => {
    const earlier = T0 + 3 * MINUTE;
    const outcome = expectOk(applyCrisisEvent(machineIn(state, { ...context, [field]: earlier }), { type, at: T0 + 30 * MINUTE, reason: 'why' }));
    expect(outcome.after.context[field]).toBe(earlier);
  });
});

describe('availableEvents', () => {
  test('DETECTED offers ACKNOWLEDGE and DISMISS (a reason is the sender\'s to give)', () => {
    expect(availableEvents(started.machine, T0 + MINUTE)).toEqual(['ACKNOWLEDGE', 'DISMISS']);
  });

  test('RESPONDING with no published statement offers nothing', () => {
    expect(availableEvents(machineIn('RESPONDING', { publishedStatements: 0 }), T0 + MINUTE)).toEqual([]);
  });

  test('RESPONDING with a published statement offers CONTAIN', () => {
    expect(availableEvents(machineIn('RESPONDING', { publishedStatements: 1 }), T0 + MINUTE)).toEqual(['CONTAIN']);
  });

  test('RECOVERY offers COMPLETE_REVIEW only once the review is completed', () => {
    expect(availableEvents(machineIn('RECOVERY', { reviewCompleted: false }), T0 + MINUTE)).toEqual(['REESCALATE']);
    expect(availableEvents(machineIn('RECOVERY', { reviewCompleted: true }), T0 + MINUTE)).toEqual(['REESCALATE', 'COMPLETE_REVIEW']);
  });

  test('ACKNOWLEDGED offers START_RESPONSE only once a CRISIS_LEAD is assigned', () => {
    expect(availableEvents(machineIn('ACKNOWLEDGED', { assignedRoles: [] }), T0 + MINUTE)).toEqual(['DISMISS']);
    expect(availableEvents(machineIn('ACKNOWLEDGED', { assignedRoles: ['PR_LEAD'] }), T0 + MINUTE)).toEqual(['DISMISS']);
    expect(availableEvents(machineIn('ACKNOWLEDGED', { assignedRoles: ['CRISIS_LEAD'] }), T0 + MINUTE)).toEqual(['START_RESPONSE', 'DISMISS']);
  });
});

describe('describeMachine', () => {
  test('lists exactly the 7 states, DETECTED first as the initial state', () => {
    const description = describeMachine() as { id: string; initial: { target: string[] }; states: Record<string, unknown> };
    expect(description.id).toBe('crisis');
    expect(Object.keys(description.states)).toEqual([...CRISIS_STATES]);
    expect(JSON.stringify(description.initial)).toContain('crisis.DETECTED');
  });

  test('is JSON-serialisable so it can be served to UIs', () => {
    expect(() => JSON.stringify(describeMachine())).not.toThrow();
  });
});

describe('SLA guards against double delivery and met responses', () => {
  const sla = { acknowledgeMs: 15 * 60_000, firstResponseMs: 60 * 60_000, updateEveryMs: 30 * 60_000 };

  test('an acknowledge timer delivered twice breaches once: the second delivery is ignored', () => {
    const { machine, effects } = startCrisis({ severity: 'HIGH', detectedAt: 0, sla });
    const timer = effects.find((e) => e.kind === 'schedule' && e.sendId.includes('acknowledgeSla'));
    if (timer?.kind !== 'schedule') throw new Error('no acknowledge timer scheduled');
    const first = applyCrisisEvent(machine, { type: timer.event.type, at: sla.acknowledgeMs });
    if (!first.ok) throw new Error('first delivery refused');
    expect(first.effects).toContainEqual({ kind: 'slaBreached', sla: 'ACKNOWLEDGE' });
    expect(applyCrisisEvent(first.after, { type: timer.event.type, at: sla.acknowledgeMs + 1 })).toMatchObject({ ok: false, refusal: 'IGNORED' });
  });

  test('a published statement counts as the first public response: its timer no longer breaches', () => {
    const { machine, effects } = startCrisis({ severity: 'HIGH', detectedAt: 0, sla });
    const timer = effects.find((e) => e.kind === 'schedule' && e.sendId.includes('firstResponseSla'));
    if (timer?.kind !== 'schedule') throw new Error('no first-response timer scheduled');
    const answered = { ...machine, context: { ...machine.context, publishedStatements: 1 } };
    expect(applyCrisisEvent(answered, { type: timer.event.type, at: sla.firstResponseMs })).toMatchObject({ ok: false, refusal: 'IGNORED' });
  });
});

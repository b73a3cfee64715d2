// The crisis machine on a published statement: first response stamped once, CONTAIN unlocked, the update cadence restarted.
import { applyCrisisEvent, availableEvents, startCrisis, type PersistedMachine } from '../../src/crisis/machine';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const SLA = { acknowledgeMs: 15 * MINUTE, firstResponseMs: 60 * MINUTE, updateEveryMs: 30 * MINUTE };

function step(machine: PersistedMachine, event: Parameters<typeof applyCrisisEvent>[1]): PersistedMachine {
  const outcome = applyCrisisEvent(machine, event);
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome.after;
}

function responding(): PersistedMachine {
  let m = startCrisis({ severity: 'HIGH', sla: SLA, detectedAt: T0 }).machine;
  m = step(m, { type: 'ACKNOWLEDGE', at: T0 + MINUTE });
  m = step(m, { type: 'ROLE_ASSIGNED', at: T0 + MINUTE, roleKey: 'CRISIS_LEAD' });
  return step(m, { type: 'START_RESPONSE', at: T0 + 2 * MINUTE });
}

test('a publication in DETECTED stamps firstPublicResponseAt and counts, without leaving the state or touching its timers', () => {
  const start = startCrisis({ severity: 'HIGH', sla: SLA, detectedAt: T0 }).machine;
  const outcome = applyCrisisEvent(start, { type: 'STATEMENT_PUBLISHED', at: T0 + 5 * MINUTE });
  expect(outcome.ok).toBe(true);
  if (!outcome.ok) return;
  expect(outcome.after.value).toBe('DETECTED');
  expect(outcome.after.context).toMatchObject({ publishedStatements: 1, firstPublicResponseAt: T0 + 5 * MINUTE });
  expect(outcome.effects).toEqual([]);
  const second = step(outcome.after, { type: 'STATEMENT_PUBLISHED', at: T0 + 9 * MINUTE });
  expect(second.context).toMatchObject({ publishedStatements: 2, firstPublicResponseAt: T0 + 5 * MINUTE });
});

test('the FIRST_RESPONSE timer firing after a publication breaches nothing', () => {
  let m = startCrisis({ severity: 'HIGH', sla: SLA, detectedAt: T0 }).machine;
  m = step(m, { type: 'STATEMENT_PUBLISHED', at: T0 + 5 * MINUTE });
  const fired = applyCrisisEvent(m, { type: 'xstate.after.firstResponseSla.crisis.DETECTED', at: T0 + 60 * MINUTE });
  const breaches = fired.ok ? fired.effects.filter((e) => e.kind === 'slaBreached') : [];
  expect(breaches).toEqual([]);
});

test('while RESPONDING, a publication restarts the update cadence from its time and unlocks CONTAIN', () => {
  const m = responding();
  expect(availableEvents(m, T0 + 3 * MINUTE)).not.toContain('CONTAIN');
  const outcome = applyCrisisEvent(m, { type: 'STATEMENT_PUBLISHED', at: T0 + 20 * MINUTE });
  expect(outcome.ok).toBe(true);
  if (!outcome.ok) return;
  expect(outcome.after.value).toBe('RESPONDING');
  expect(outcome.after.context.cadenceFrom).toBe(T0 + 20 * MINUTE);
  const cadence = outcome.effects.filter((e) => e.kind === 'schedule' && e.sendId.includes('updateCadence'));
  expect(cadence).toEqual([expect.objectContaining({ delayMs: 30 * MINUTE })]);
  expect(availableEvents(outcome.after, T0 + 21 * MINUTE)).toContain('CONTAIN');
});

test('a closed crisis ignores a publication (the service answers INVALID_TRANSITION)', () => {
  let m = startCrisis({ severity: 'LOW', sla: SLA, detectedAt: T0 }).machine;
  m = step(m, { type: 'DISMISS', at: T0 + MINUTE, reason: 'false alarm' });
  expect(applyCrisisEvent(m, { type: 'STATEMENT_PUBLISHED', at: T0 + 2 * MINUTE })).toMatchObject({ ok: false, refusal: 'IGNORED', state: 'DISMISSED' });
});

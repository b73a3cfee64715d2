// Drafting a playbook revision from a crisis, purely: lessons to protocol steps, no duplicates, the limits, SLA changes.
import 'reflect-metadata';
import { defaultPlaybook } from '../../src/playbooks/default-playbook';
import { validatePlaybook, type PlaybookContent } from '../../src/playbooks/playbook.content';
import { DEFAULT_SLA } from '../../src/config';
import {
  MAX_STEPS, MAX_STEP_LENGTH, draftPlaybookRevision, formatSeconds, stateOfLesson, stepOfLesson, type RevisionFacts, type SlaOutcome,
} from '../../src/reviews/revision-draft';
import { toInputShape } from '../../src/reviews/revision-draft.resolver';
import { buildCrisisSchema } from '../../src/graphql/schema';
import type { GraphQLInputType } from 'graphql';

const base = (): PlaybookContent => defaultPlaybook(DEFAULT_SLA);
const metInTime: SlaOutcome[] = [
  { sla: 'ACKNOWLEDGE', targetSeconds: 1800, actualSeconds: 600, met: true, breaches: 0 },
  { sla: 'FIRST_RESPONSE', targetSeconds: 7200, actualSeconds: 3000, met: true, breaches: 0 },
  { sla: 'UPDATE', targetSeconds: 7200, actualSeconds: null, met: null, breaches: 0 },
];
const facts = (over: Partial<RevisionFacts> = {}): RevisionFacts => ({ crisisName: 'crisis "Batch 42"', severity: 'HIGH', lessons: [], slas: metInTime, ...over });
const stepsOf = (content: PlaybookContent, state: string) => content.protocols.find((p) => p.state === state)?.steps ?? [];

describe('each lesson goes to the protocol of the state it concerns', () => {
  test.each([
    ['Publish the holding line within 30 minutes', 'ACKNOWLEDGED'],
    ['Acknowledge on X before anything else', 'ACKNOWLEDGED'],
    ['We were slow to reply personally', 'RESPONDING'],
    ['Apologise sooner, with a clear action plan', 'RESPONDING'], // apolog (RESPONDING) ties with plan (REVIEWED): the earlier state wins
    ['Reply to negative reviews within the day', 'RESPONDING'],
    ['Legal must approve statements within 20 minutes', 'RESPONDING'],
    ['Lower the alert threshold for product recalls', 'DETECTED'],
    ['Share what prevents a repeat as soon as it is contained', 'CONTAINED'],
    ['Ask happy customers for testimonials during recovery', 'RECOVERY'],
    ['Update the plan and the training material with these lessons', 'REVIEWED'],
    ['Répondre plus vite aux commentaires', 'RESPONDING'],
    ['Retrouver la confiance avec des témoignages', 'RECOVERY'],
    ['Faire le bilan avec toute l\u2019équipe', 'REVIEWED'],
    ['Be kinder', 'RESPONDING'], // no keyword: the default
  ])('%s → %s', (lesson, state) => {
    expect(stateOfLesson(lesson)).toBe(state);
  });

  test('keywords match at the start of a word only: "contained" is CONTAINED, "maintain" is not', () => {
    expect(stateOfLesson('Keep it contained')).toBe('CONTAINED');
    expect(stateOfLesson('Maintain calm')).toBe('RESPONDING');
  });
});

test('lessons become steps appended to their protocols, in review order, and the draft is a valid playbook', () => {
  const draft = draftPlaybookRevision(base(), facts({ lessons: ['Publish the holding line within 30 minutes', '  We were slow\n to reply personally  ', 'Lower the alert threshold'] }));
  expect(stepsOf(draft.content, 'ACKNOWLEDGED').at(-1)).toBe('Publish the holding line within 30 minutes');
  expect(stepsOf(draft.content, 'RESPONDING').at(-1)).toBe('We were slow to reply personally');
  expect(stepsOf(draft.content, 'DETECTED').at(-1)).toBe('Lower the alert threshold');
  expect(draft.changes).toEqual([
    expect.objectContaining({ kind: 'PROTOCOL_STEP_ADDED', state: 'ACKNOWLEDGED', step: 'Publish the holding line within 30 minutes', lesson: 'Publish the holding line within 30 minutes' }),
    expect.objectContaining({ kind: 'PROTOCOL_STEP_ADDED', state: 'RESPONDING', step: 'We were slow to reply personally' }),
    expect.objectContaining({ kind: 'PROTOCOL_STEP_ADDED', state: 'DETECTED', step: 'Lower the alert threshold' }),
  ]);
  expect(draft.reason).toBe('Lessons from crisis "Batch 42": 3 protocol steps added, 0 SLAs changed');
  // Validation takes it as is: nothing to normalise.
  const { name, roles, channels, protocols, slaPolicies } = draft.content;
  expect(validatePlaybook(draft.content)).toMatchObject({ name, roles, channels, protocols, slaPolicies });
});

test('the base is not changed, and everything else of it is kept (fields unknown to the drafter too)', () => {
  const original = { ...base(), channelLimits: [{ channel: 'x', maxLength: 200 }], notYetKnown: { kept: true } };
  const frozen = JSON.stringify(original);
  const draft = draftPlaybookRevision(original, facts({ lessons: ['Reply faster'] }));
  expect(JSON.stringify(original)).toBe(frozen);
  expect(draft.content).toMatchObject({ name: original.name, roles: original.roles, channels: original.channels, channelLimits: original.channelLimits, notYetKnown: { kept: true } });
});

test('a lesson already a step (case, spaces and a final full stop aside), or said twice, is not added twice', () => {
  const draft = draftPlaybookRevision(base(), facts({
    lessons: ['reply personally to individual comments and reviews.', 'Check the legal sign-off', 'CHECK the legal  sign-off'],
  }));
  expect(draft.changes.map((c) => c.step)).toEqual(['Check the legal sign-off']);
  expect(draft.skippedLessons).toEqual([
    { lesson: 'reply personally to individual comments and reviews.', state: 'RESPONDING', why: 'the RESPONDING protocol already has this step' },
    { lesson: 'CHECK the legal  sign-off', state: 'RESPONDING', why: 'the RESPONDING protocol already has this step' },
  ]);
});

test(`a step is at most ${MAX_STEP_LENGTH} characters, cut at a word, and a protocol at most ${MAX_STEPS} steps`, () => {
  const long = `Reply ${'personally '.repeat(80)}`.trim();
  expect(stepOfLesson(long).length).toBeLessThanOrEqual(MAX_STEP_LENGTH);
  expect(stepOfLesson(long)).toMatch(/personally…$/);
  const full = base();
  full.protocols = full.protocols.map((p) => (p.state === 'RESPONDING' ? { ...p, steps: Array.from({ length: MAX_STEPS - 1 }, (_, i) => `Step ${i}`) } : p));
  const draft = draftPlaybookRevision(full, facts({ lessons: [long, 'Reply within the hour'] }));
  expect(stepsOf(draft.content, 'RESPONDING')).toHaveLength(MAX_STEPS);
  expect(draft.skippedLessons).toEqual([{ lesson: 'Reply within the hour', state: 'RESPONDING', why: `the RESPONDING protocol already has ${MAX_STEPS} steps` }]);
  expect(() => validatePlaybook(draft.content)).not.toThrow();
});

test('a state without a protocol gets one, in lifecycle order', () => {
  const bare = { ...base(), protocols: [{ state: 'RESPONDING' as const, steps: ['Reply'] }] };
  const draft = draftPlaybookRevision(bare, facts({ lessons: ['Update the plan', 'Lower the alert threshold'] }));
  expect(draft.content.protocols.map((p) => p.state)).toEqual(['DETECTED', 'RESPONDING', 'REVIEWED']);
});

describe('breached SLAs', () => {
  const breached = (sla: SlaOutcome): SlaOutcome[] => metInTime.map((o) => (o.sla === sla.sla ? sla : o));

  test('met late within twice the target: the severity gets the time achieved, rounded up to 5 minutes', () => {
    const draft = draftPlaybookRevision(base(), facts({ slas: breached({ sla: 'ACKNOWLEDGE', targetSeconds: 1800, actualSeconds: 2612, met: false, breaches: 1 }) }));
    expect(draft.changes).toEqual([{
      kind: 'SLA_CHANGED', severity: 'HIGH', sla: 'ACKNOWLEDGE', from: 1800, to: 2700, state: null, step: null, lesson: null,
      why: 'ACKNOWLEDGE was met 43 min 32 s after detection against a target of 30 min in crisis "Batch 42": the HIGH SLA becomes what the team achieved, rounded up to 5 min (at most 2× the target)',
    }]);
    expect(draft.content.slaPolicies.find((p) => p.severity === 'HIGH')).toMatchObject({ acknowledgeWithinSeconds: 2700, firstResponseWithinSeconds: 7200 });
    expect(draft.content.slaPolicies.find((p) => p.severity === 'CRITICAL')).toEqual(base().slaPolicies.find((p) => p.severity === 'CRITICAL'));
    expect(draft.reason).toBe('Lessons from crisis "Batch 42": 0 protocol steps added, 1 SLA changed');
  });

  test('met late by more than twice the target, or never met: the target stays and the protocol names the deadline', () => {
    const late = draftPlaybookRevision(base(), facts({ slas: breached({ sla: 'FIRST_RESPONSE', targetSeconds: 7200, actualSeconds: 15000, met: false, breaches: 1 }) }));
    expect(late.content.slaPolicies).toEqual(base().slaPolicies);
    expect(late.changes).toEqual([expect.objectContaining({ kind: 'PROTOCOL_STEP_ADDED', state: 'ACKNOWLEDGED', sla: 'FIRST_RESPONSE', lesson: null })]);
    expect(late.changes[0].why).toContain('met after 4 h 10 min, over 2× the target of 2 h');

    const never = draftPlaybookRevision(base(), facts({ slas: breached({ sla: 'ACKNOWLEDGE', targetSeconds: 1, actualSeconds: null, met: false, breaches: 1 }) }));
    expect(never.changes).toEqual([expect.objectContaining({ kind: 'PROTOCOL_STEP_ADDED', state: 'DETECTED', sla: 'ACKNOWLEDGE' })]);
    expect(stepsOf(never.content, 'DETECTED').at(-1)).toMatch(/ACKNOWLEDGE deadline/);
  });

  test('missed updates give a RESPONDING step; SLAs met in time, or pending, change nothing', () => {
    const draft = draftPlaybookRevision(base(), facts({ slas: breached({ sla: 'UPDATE', targetSeconds: 3600, actualSeconds: null, met: null, breaches: 3 }) }));
    expect(draft.changes).toEqual([expect.objectContaining({ kind: 'PROTOCOL_STEP_ADDED', state: 'RESPONDING', sla: 'UPDATE' })]);
    expect(draft.changes[0].why).toContain('3 updates missed against a cadence of 1 h');
    const calm = draftPlaybookRevision(base(), facts({ slas: [...metInTime, { sla: 'FIRST_RESPONSE', targetSeconds: 7200, actualSeconds: null, met: null, breaches: 0 }] }));
    expect(calm.changes).toEqual([]);
    expect(calm.content.slaPolicies).toEqual(base().slaPolicies);
  });

  test('an SLA the base already allows is not changed again, and a deadline step already there is not repeated', () => {
    const loose = base();
    loose.slaPolicies = loose.slaPolicies.map((p) => (p.severity === 'HIGH' ? { ...p, acknowledgeWithinSeconds: 3000 } : p));
    const draft = draftPlaybookRevision(loose, facts({ slas: breached({ sla: 'ACKNOWLEDGE', targetSeconds: 1800, actualSeconds: 2612, met: false, breaches: 1 }) }));
    expect(draft.changes).toEqual([]);
    const twice = draftPlaybookRevision(draftPlaybookRevision(base(), facts({ slas: breached({ sla: 'UPDATE', targetSeconds: 60, actualSeconds: null, met: null, breaches: 1 }) })).content,
      facts({ slas: breached({ sla: 'UPDATE', targetSeconds: 60, actualSeconds: null, met: null, breaches: 2 }) }));
    expect(twice.changes).toEqual([]);
  });
});

test('formatSeconds reads as a duration', () => {
  expect([0, 45, 60, 2612, 3600, 3900].map(formatSeconds)).toEqual(['0 s', '45 s', '1 min', '43 min 32 s', '1 h', '1 h 5 min']);
});

test('the draft as input has exactly the fields PlaybookInput declares, so revisePlaybook takes it as is', async () => {
  const type = (await buildCrisisSchema()).getType('PlaybookInput') as GraphQLInputType;
  const stored = { ...base(), id: 'x', version: 3, createdAt: new Date(), channelLimits: [{ channel: 'x', maxLength: 200, note: 'dropped' }] };
  const input = toInputShape(draftPlaybookRevision(stored, facts({ lessons: ['Reply faster'] })).content, type) as Record<string, unknown>;
  expect(Object.keys(input).sort()).toEqual(Object.keys(type && 'getFields' in type ? type.getFields() : {}).filter((k) => k in input).sort());
  expect(input).not.toHaveProperty('id');
  expect(input).not.toHaveProperty('version');
  expect(input.channelLimits).toEqual([{ channel: 'x', maxLength: 200 }]);
  expect(() => validatePlaybook(input as never)).not.toThrow();
});

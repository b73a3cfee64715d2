// Drafts a playbook's next version from one crisis, purely: the review's lessons become protocol steps, breached SLAs change.
//
// The rules, deterministic so the same crisis always gives the same draft:
// - Each lesson goes to the protocol of the state it concerns: the state with the most keywords of LESSON_KEYWORDS in it
//   (whole-word prefixes, case and accents ignored), ties to the earlier state of the lifecycle, none to RESPONDING.
//   The step is the lesson's text, spaces collapsed, cut at a word to MAX_STEP_LENGTH; it is appended to the protocol
//   (created if the state had none). A step already there (case, spaces and a final full stop ignored) is not added
//   twice, nor is one beyond MAX_STEPS: both are listed as skipped lessons.
// - An SLA breached in the crisis (ACKNOWLEDGE or FIRST_RESPONSE met late or breached, UPDATE breached at least once):
//   when the time the team actually took, rounded up to 5 minutes, is within twice the target, the plan was
//   unrealistic: the crisis's severity gets that time as its new SLA (SLA_CHANGED). Beyond twice the target (or never
//   met), loosening would give up the practice's "answer fast": the target stays, and the protocol of the state where
//   the SLA is met gets a step about its deadline (ACKNOWLEDGE → DETECTED, FIRST_RESPONSE → ACKNOWLEDGED, UPDATE →
//   RESPONDING). UPDATE has no single achieved time, so a missed update always gives the step.
import { CRISIS_STATES, type CrisisState, type Severity, type SlaKind } from '../crisis/machine';
import type { PlaybookContent, ProtocolData, SlaPolicyData } from '../playbooks/playbook.content';

/** validatePlaybook's limits (playbooks/playbook.content.ts); the unit test checks a draft at the limits still passes it. */
export const MAX_STEPS = 50;
export const MAX_STEP_LENGTH = 500;
/** validatePlaybook's longest SLA. */
const MAX_SLA_SECONDS = 30 * 24 * 3600;
export const SLA_ROUNDING_SECONDS = 300;
export const SLA_MAX_FACTOR = 2;

/**
 * Words that say which state a lesson concerns, folded (lowercase, no accents), English and French. Each matches at the
 * start of a word: "apolog" matches "apologise" and "apology".
 */
export const LESSON_KEYWORDS: ReadonlyArray<{ state: CrisisState; keywords: readonly string[] }> = [
  { state: 'DETECTED', keywords: ['detect', 'signal', 'signaux', 'spike', 'alert', 'threshold', 'false alarm', 'root cause', 'triage', 'seuil', 'veille'] },
  { state: 'ACKNOWLEDGED', keywords: ['acknowledg', 'holding', 'first public', 'pause', 'accuse de reception', "message d'attente", 'premier message'] },
  {
    state: 'RESPONDING',
    keywords: ['reply', 'replies', 'respond', 'answer', 'statement', 'apolog', 'comment', 'message', 'legal', 'approv', 'channel',
      'repon', 'communique', 'declaration', 'excuse', 'juridique'],
  },
  { state: 'CONTAINED', keywords: ['contain', 'prevent', 'repeat', 'maitris', 'endigu'] },
  { state: 'RECOVERY', keywords: ['recover', 'testimonial', 'positive stor', 'trust', 'baseline', 'rebuild', 'confiance', 'temoignage', 'retabl'] },
  { state: 'REVIEWED', keywords: ['review', 'plan', 'lesson', 'training', 'document', 'post-crisis', 'post-mortem', 'bilan', "retour d'experience", 'formation', 'lecon'] },
];

const DEFAULT_STATE: CrisisState = 'RESPONDING';

/** Where each SLA is met, and the policy field that holds it. */
const SLA_HOME: Record<SlaKind, { state: CrisisState; field: keyof Omit<SlaPolicyData, 'severity'>; step: string }> = {
  ACKNOWLEDGE: {
    state: 'DETECTED', field: 'acknowledgeWithinSeconds',
    step: 'Acknowledge publicly before the ACKNOWLEDGE deadline (slaDeadlines), even before the fix is known',
  },
  FIRST_RESPONSE: {
    state: 'ACKNOWLEDGED', field: 'firstResponseWithinSeconds',
    step: 'Publish the first public statement before the FIRST_RESPONSE deadline (slaDeadlines); a holding statement counts',
  },
  UPDATE: {
    state: 'RESPONDING', field: 'updateEverySeconds',
    step: 'Publish an update before every UPDATE deadline (slaDeadlines) until the crisis is contained',
  },
};

/** How one SLA went in the crisis (Crisis.kpis.slaResults, and the SLA_BREACHED events). */
export interface SlaOutcome {
  sla: SlaKind;
  /** The target the crisis ran with, in seconds from detection (UPDATE: the cadence). */
  targetSeconds: number;
  /** When it was met, in seconds from detection; null if never (always null for UPDATE). */
  actualSeconds: number | null;
  met: boolean | null;
  /** SLA_BREACHED events of this SLA. */
  breaches: number;
}

export interface RevisionFacts {
  /** How the reason and the whys name the crisis, e.g. its title and id. */
  crisisName: string;
  /** The crisis's severity: the SLA policy that changes. */
  severity: Severity;
  lessons: string[];
  slas: SlaOutcome[];
}

export type PlaybookChangeKind = 'PROTOCOL_STEP_ADDED' | 'SLA_CHANGED';

export interface PlaybookChangeData {
  kind: PlaybookChangeKind;
  state: CrisisState | null;
  step: string | null;
  /** The lesson the step came from (null for a step about a missed SLA). */
  lesson: string | null;
  severity: Severity | null;
  sla: SlaKind | null;
  from: number | null;
  to: number | null;
  why: string;
}

export interface SkippedLessonData {
  lesson: string;
  state: CrisisState;
  why: string;
}

export interface PlaybookDraftData<C extends PlaybookContent> {
  content: C;
  changes: PlaybookChangeData[];
  skippedLessons: SkippedLessonData[];
  reason: string;
}

const fold = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[\u2018\u2019\u02bc]/g, "'").toLowerCase();

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const KEYWORD_PATTERNS = LESSON_KEYWORDS.map(({ state, keywords }) => ({
  state,
  patterns: keywords.map((k) => new RegExp(`(?:^|[^a-z0-9])${escapeRegExp(k)}`)),
}));

/** The state a lesson concerns (see the rules at the top of this file). */
export function stateOfLesson(lesson: string): CrisisState {
  const text = fold(lesson);
  let best: { state: CrisisState; score: number } = { state: DEFAULT_STATE, score: 0 };
  for (const { state, patterns } of KEYWORD_PATTERNS) {
    const score = patterns.filter((p) => p.test(text)).length;
    if (score > best.score) best = { state, score }; // strictly more: ties stay with the earlier state
  }
  return best.state;
}

/** A lesson as a protocol step: one line, at most MAX_STEP_LENGTH characters, cut at a word. */
export function stepOfLesson(lesson: string): string {
  const line = lesson.replace(/\s+/g, ' ').trim();
  if (line.length <= MAX_STEP_LENGTH) return line;
  const cut = line.slice(0, MAX_STEP_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_STEP_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Steps that are the same for a reader: case, spaces and a final full stop ignored. */
const sameStepKey = (step: string): string => step.replace(/\s+/g, ' ').trim().replace(/[.。]+$/, '').toLowerCase();

/** "35 min", "1 h 5 min", "2 h", "45 s". */
export function formatSeconds(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h ? `${h} h` : '', m ? `${m} min` : '', s ? `${s} s` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 s';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Whether the SLA was missed: met late, breached, or closed unmet (Crisis.kpis's met); UPDATE, which is never met, once breached. */
const wasBreached = (o: SlaOutcome): boolean => o.met === false || (o.met === null && o.breaches > 0);

/** The draft of the next version of `base`, from what `facts` says of one crisis. `base` is not changed. */
export function draftPlaybookRevision<C extends PlaybookContent>(base: C, facts: RevisionFacts): PlaybookDraftData<C> {
  const protocols = new Map<CrisisState, string[]>(base.protocols.map((p) => [p.state, [...p.steps]]));
  const slaPolicies: SlaPolicyData[] = base.slaPolicies.map((p) => ({ ...p }));
  const changes: PlaybookChangeData[] = [];
  const skippedLessons: SkippedLessonData[] = [];
  const none = { lesson: null, severity: null, sla: null, from: null, to: null } as const;

  /** Appends a step unless the protocol has it or is full; says which. */
  const addStep = (state: CrisisState, step: string): 'added' | 'duplicate' | 'full' => {
    const steps = protocols.get(state) ?? [];
    if (steps.some((s) => sameStepKey(s) === sameStepKey(step))) return 'duplicate';
    if (steps.length >= MAX_STEPS) return 'full';
    protocols.set(state, [...steps, step]);
    return 'added';
  };

  for (const raw of facts.lessons) {
    const step = stepOfLesson(raw);
    if (!step) continue;
    const state = stateOfLesson(step);
    const outcome = addStep(state, step);
    if (outcome === 'added') {
      changes.push({ ...none, kind: 'PROTOCOL_STEP_ADDED', state, step, lesson: raw, why: `A lesson of the review of ${facts.crisisName}` });
    } else {
      skippedLessons.push({
        lesson: raw, state,
        why: outcome === 'duplicate' ? `the ${state} protocol already has this step` : `the ${state} protocol already has ${MAX_STEPS} steps`,
      });
    }
  }

  const policy = slaPolicies.find((p) => p.severity === facts.severity);
  for (const outcome of facts.slas) {
    if (!wasBreached(outcome)) continue;
    const home = SLA_HOME[outcome.sla];
    const target = outcome.targetSeconds;
    const actual = outcome.actualSeconds;
    const proposed = actual === null ? null : Math.ceil(actual / SLA_ROUNDING_SECONDS) * SLA_ROUNDING_SECONDS;
    const within = proposed !== null && proposed <= SLA_MAX_FACTOR * target && proposed <= MAX_SLA_SECONDS;
    if (within && policy) {
      const from = policy[home.field];
      if (proposed! > from) {
        policy[home.field] = proposed!;
        changes.push({
          ...none, kind: 'SLA_CHANGED', severity: facts.severity, sla: outcome.sla, from, to: proposed, state: null, step: null,
          why: `${outcome.sla} was met ${formatSeconds(actual!)} after detection against a target of ${formatSeconds(target)} in ${facts.crisisName}: `
            + `the ${facts.severity} SLA becomes what the team achieved, rounded up to ${formatSeconds(SLA_ROUNDING_SECONDS)} (at most ${SLA_MAX_FACTOR}× the target)`,
        });
      }
      continue;
    }
    const missed = outcome.sla === 'UPDATE'
      ? `${plural(outcome.breaches, 'update')} missed against a cadence of ${formatSeconds(target)}`
      : actual === null ? `never met (target ${formatSeconds(target)})` : `met after ${formatSeconds(actual)}, over ${SLA_MAX_FACTOR}× the target of ${formatSeconds(target)}`;
    if (addStep(home.state, home.step) === 'added') {
      changes.push({
        ...none, kind: 'PROTOCOL_STEP_ADDED', state: home.state, step: home.step, sla: outcome.sla,
        why: `${outcome.sla} was ${missed} in ${facts.crisisName}: the target stays and the ${home.state} protocol names the deadline`,
      });
    }
  }

  // Lifecycle order, as validatePlaybook stores them.
  const orderedProtocols: ProtocolData[] = CRISIS_STATES.filter((s) => protocols.has(s)).map((state) => ({ state, steps: protocols.get(state)! }));
  const steps = changes.filter((c) => c.kind === 'PROTOCOL_STEP_ADDED').length;
  const slas = changes.length - steps;
  const reason = `Lessons from ${facts.crisisName}: ${plural(steps, 'protocol step')} added, ${plural(slas, 'SLA')} changed`;
  return { content: { ...base, protocols: orderedProtocols, slaPolicies }, changes, skippedLessons, reason: reason.slice(0, 2000) };
}

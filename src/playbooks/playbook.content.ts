// What a playbook version holds, validated once at the edge: roles, channels, protocols per state, SLAs per severity,
// and the listening metrics a crisis must be back to before it may be contained or closed (exit criteria).
import { BadUserInputError, requireText } from '../graphql/errors';
import { CRISIS_STATES, SEVERITIES, type CrisisState, type Severity } from '../crisis/machine';
import { LISTENING_METRICS, type ListeningMetric } from '../recovery/listening';

export interface PlaybookRoleData {
  key: string;
  title: string;
  responsibilities: string[];
}

export interface ProtocolData {
  state: CrisisState;
  steps: string[];
}

export interface SlaPolicyData {
  severity: Severity;
  acknowledgeWithinSeconds: number;
  firstResponseWithinSeconds: number;
  updateEverySeconds: number;
}

/** A playbook's own limit for a channel, in that channel's unit (see communications/channels.ts), replacing the built-in one. */
export interface ChannelLimitData {
  channel: string;
  maxLength: number;
}

/** The lifecycle events a playbook may hold back until the listening metrics say so. */
export const EXIT_CRITERIA_EVENTS = ['CONTAIN', 'COMPLETE_REVIEW'] as const;
export type ExitCriteriaEvent = (typeof EXIT_CRITERIA_EVENTS)[number];

/**
 * `event` is refused (GUARD_FAILED, guard exitCriteria) until `metric` has stayed within `withinPercentOfBaseline` of
 * the crisis's pre-crisis baseline for the last `forMinutes` (src/recovery/exit-criteria.ts says exactly how).
 */
export interface ExitCriterionData {
  event: ExitCriteriaEvent;
  metric: ListeningMetric;
  withinPercentOfBaseline: number;
  forMinutes: number;
}

export interface PlaybookContent {
  name: string;
  roles: PlaybookRoleData[];
  channels: string[];
  /** Absent in versions written before playbooks had them: the built-in limits apply. */
  channelLimits?: ChannelLimitData[];
  protocols: ProtocolData[];
  slaPolicies: SlaPolicyData[];
  /** Absent or empty: no listening condition on CONTAIN or COMPLETE_REVIEW (versions written before them have none). */
  exitCriteria?: ExitCriterionData[];
  /** Crises (database ids) whose lessons this version takes in: recorded by revisePlaybook, shown as Playbook.learnedFrom. */
  learnedFrom?: string[];
}

/** An exit criterion as a client sent it: any event and metric name, checked by validatePlaybook. */
export interface ExitCriterionInputData {
  event: string;
  metric: string;
  withinPercentOfBaseline: number;
  forMinutes: number;
}

/** The role START_RESPONSE needs someone in: every playbook must define it. */
export const CRISIS_LEAD = 'CRISIS_LEAD';

const ROLE_KEY = /^[A-Z][A-Z0-9_]{1,49}$/;
const CHANNEL = /^[a-z][a-z0-9_.-]{0,49}$/;
const MAX_SECONDS = 30 * 24 * 3600;
/** The longest statement body (communications/statement.content.ts). */
const MAX_CHANNEL_LENGTH = 100_000;
/** The longest "for N minutes" of an exit criterion: a week. */
export const MAX_EXIT_MINUTES = 10_080;

function list<T>(items: T[], field: string, min: number, max: number): T[] {
  if (items.length < min) throw new BadUserInputError(field, `needs at least ${min} item${min === 1 ? '' : 's'}`);
  if (items.length > max) throw new BadUserInputError(field, `takes at most ${max} items`);
  return items;
}

function seconds(value: number, field: string, min = 1): number {
  if (!Number.isInteger(value) || value <= 0) throw new BadUserInputError(field, 'must be a positive number of seconds');
  if (value < min) throw new BadUserInputError(field, `must be at least ${min} seconds`);
  if (value > MAX_SECONDS) throw new BadUserInputError(field, `must be at most ${MAX_SECONDS} seconds (30 days)`);
  return value;
}

/** Checks and normalises a playbook as a client sent it; the first problem is a BAD_USER_INPUT naming its field. */
export function validatePlaybook(
  input: Omit<PlaybookContent, 'channelLimits' | 'exitCriteria' | 'learnedFrom'> & {
    channelLimits?: ChannelLimitData[] | null;
    exitCriteria?: ExitCriterionInputData[] | null;
    learnedFrom?: string[] | null;
  },
  prefix = 'input',
): PlaybookContent {
  const name = requireText(input.name, `${prefix}.name`, 200);

  const roleKeys = new Set<string>();
  const roles = list(input.roles, `${prefix}.roles`, 1, 50).map((role, i) => {
    const field = `${prefix}.roles[${i}]`;
    const key = role.key.trim().toUpperCase();
    if (!ROLE_KEY.test(key)) throw new BadUserInputError(`${field}.key`, 'must be 2-50 letters, digits or _, starting with a letter (e.g. PR_LEAD)');
    if (roleKeys.has(key)) throw new BadUserInputError(`${field}.key`, `duplicate role ${key}`);
    roleKeys.add(key);
    return {
      key,
      title: requireText(role.title, `${field}.title`, 200),
      responsibilities: list(role.responsibilities, `${field}.responsibilities`, 0, 50).map((r, j) => requireText(r, `${field}.responsibilities[${j}]`, 500)),
    };
  });
  if (!roleKeys.has(CRISIS_LEAD)) throw new BadUserInputError(`${prefix}.roles`, `must include ${CRISIS_LEAD}: starting the response needs one assigned`);

  const channels = list(input.channels, `${prefix}.channels`, 1, 50).map((c, i) => {
    const channel = c.trim().toLowerCase();
    if (!CHANNEL.test(channel)) throw new BadUserInputError(`${prefix}.channels[${i}]`, 'must be a short lowercase name (e.g. x, facebook, press)');
    return channel;
  });
  if (new Set(channels).size !== channels.length) throw new BadUserInputError(`${prefix}.channels`, 'lists a channel twice');
  const channelLimits = list(input.channelLimits ?? [], `${prefix}.channelLimits`, 0, 50).map((l, i) => {
    const field = `${prefix}.channelLimits[${i}]`;
    const channel = l.channel.trim().toLowerCase();
    if (!channels.includes(channel)) throw new BadUserInputError(`${field}.channel`, `${channel || '(blank)'} is not one of the playbook's channels`);
    if (!Number.isInteger(l.maxLength) || l.maxLength < 1 || l.maxLength > MAX_CHANNEL_LENGTH) {
      throw new BadUserInputError(`${field}.maxLength`, `must be a whole number between 1 and ${MAX_CHANNEL_LENGTH}`);
    }
    return { channel, maxLength: l.maxLength };
  });
  if (new Set(channelLimits.map((l) => l.channel)).size !== channelLimits.length) throw new BadUserInputError(`${prefix}.channelLimits`, 'gives a channel two limits');

  const states = new Set<CrisisState>();
  const protocols = list(input.protocols, `${prefix}.protocols`, 0, CRISIS_STATES.length).map((p, i) => {
    const field = `${prefix}.protocols[${i}]`;
    if (!CRISIS_STATES.includes(p.state)) throw new BadUserInputError(`${field}.state`, `unknown state ${String(p.state)}`);
    if (states.has(p.state)) throw new BadUserInputError(`${field}.state`, `a protocol for ${p.state} is already given`);
    states.add(p.state);
    return { state: p.state, steps: list(p.steps, `${field}.steps`, 1, 50).map((s, j) => requireText(s, `${field}.steps[${j}]`, 500)) };
  });

  const severities = new Set<Severity>();
  const slaPolicies = input.slaPolicies.map((p, i) => {
    const field = `${prefix}.slaPolicies[${i}]`;
    if (!SEVERITIES.includes(p.severity)) throw new BadUserInputError(`${field}.severity`, `unknown severity ${String(p.severity)}`);
    if (severities.has(p.severity)) throw new BadUserInputError(`${field}.severity`, `a policy for ${p.severity} is already given`);
    severities.add(p.severity);
    return {
      severity: p.severity,
      acknowledgeWithinSeconds: seconds(p.acknowledgeWithinSeconds, `${field}.acknowledgeWithinSeconds`),
      firstResponseWithinSeconds: seconds(p.firstResponseWithinSeconds, `${field}.firstResponseWithinSeconds`),
      // A recurring deadline: shorter than a minute would write a breach a second for every responding crisis.
      updateEverySeconds: seconds(p.updateEverySeconds, `${field}.updateEverySeconds`, 60),
    };
  });
  const missing = SEVERITIES.filter((s) => !severities.has(s));
  if (missing.length) throw new BadUserInputError(`${prefix}.slaPolicies`, `needs a policy for every severity; missing ${missing.join(', ')}`);

  const exitCriteria = validateExitCriteria(input.exitCriteria ?? [], `${prefix}.exitCriteria`);

  // Stored in lifecycle order, whatever order they came in.
  protocols.sort((a, b) => CRISIS_STATES.indexOf(a.state) - CRISIS_STATES.indexOf(b.state));
  slaPolicies.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const learnedFrom = [...new Set(list(input.learnedFrom ?? [], `${prefix}.learnedFrom`, 0, 20))];
  return { name, roles, channels, channelLimits, protocols, slaPolicies, exitCriteria, learnedFrom };
}

function validateExitCriteria(input: ExitCriterionInputData[], field: string): ExitCriterionData[] {
  const seen = new Set<string>();
  const criteria = list(input, field, 0, 20).map((c, i): ExitCriterionData => {
    const at = `${field}[${i}]`;
    if (!(EXIT_CRITERIA_EVENTS as readonly string[]).includes(c.event)) {
      throw new BadUserInputError(`${at}.event`, `exit criteria hold back ${EXIT_CRITERIA_EVENTS.join(' or ')}, not ${String(c.event)}`);
    }
    if (!(LISTENING_METRICS as readonly string[]).includes(c.metric)) {
      throw new BadUserInputError(`${at}.metric`, `must be one of ${LISTENING_METRICS.join(', ')}`);
    }
    const percent = c.withinPercentOfBaseline;
    if (!Number.isFinite(percent) || percent < 0 || percent > 1000) throw new BadUserInputError(`${at}.withinPercentOfBaseline`, 'must be a number from 0 to 1000');
    if (!Number.isInteger(c.forMinutes) || c.forMinutes < 1 || c.forMinutes > MAX_EXIT_MINUTES) {
      throw new BadUserInputError(`${at}.forMinutes`, `must be a whole number of minutes from 1 to ${MAX_EXIT_MINUTES}`);
    }
    const key = `${c.event}/${c.metric}`;
    if (seen.has(key)) throw new BadUserInputError(`${at}.metric`, `${c.event} already has a criterion on ${c.metric}`);
    seen.add(key);
    return { event: c.event as ExitCriteriaEvent, metric: c.metric as ListeningMetric, withinPercentOfBaseline: percent, forMinutes: c.forMinutes };
  });
  // Stored in lifecycle order, then metric order.
  const rank = (c: ExitCriterionData) => EXIT_CRITERIA_EVENTS.indexOf(c.event) * 10 + LISTENING_METRICS.indexOf(c.metric);
  return criteria.sort((a, b) => rank(a) - rank(b));
}

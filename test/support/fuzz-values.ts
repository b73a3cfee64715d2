// Scalar values for the fuzz test, by GraphQL scalar and by argument name: plausible ones that get far, hostile ones.
import fc from 'fast-check';
import { NODE_KINDS, toGlobalId, type NodeKind } from '../../src/graphql/global-id';

/** Ids the fuzz may aim at: real ones of the fuzzing organization by kind, another organization's, and cursors it read. */
export interface FuzzPools {
  idsByKind: Partial<Record<NodeKind, string[]>>;
  foreignIds: string[];
  cursors: string[];
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** What Postgres cannot store as text or jsonb: NUL, lone or reversed surrogates. */
const UNSTORABLE = ['\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\udc00\ud800', 'ok\ud83d'];

/** Unstorable text, scripts, markup, SQL, numbers in disguise, template braces, and very long runs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...UNSTORABLE) },
  { weight: 4, arbitrary: fc.constantFrom(
    '', ' ', '\t\n', '😀🔥', '👩‍👩‍👧‍👦', 'e\u0301', 'مرحبا بالعالم', 'abc\u202edef', '\u200b\u200f\ufeff', "'; DROP TABLE crisis; --",
    "Robert'); --", '%s%n%x', '\\', '"', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '{{', '}}', '{{name}}',
    '{{ }}', '{{a}}{{', '${x}', 'null', 'undefined', 'NaN', 'Infinity', '-1', '0', '1e400', '9223372036854775808',
    '18446744073709551616', 'true', '__proto__', 'constructor', '../../etc/passwd', '\r\n\r\nHTTP/1.1 200 OK',
  ) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  // At and just over the limits the API states (200, 500, 2000, 5000, 10000, 20000 characters…), and far over them.
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(100, 101, 200, 201, 300, 301, 500, 501, 1000, 1001, 2000, 2001, 5000, 5001, 10_000, 10_001, 20_000, 20_001, 100_000),
    fc.constantFrom('a', 'é', '😀', ' ', '\u0000', '\ud800', '{{x}}')).map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n)) },
);

/** Values that get far into the code for arguments and input fields of these names. */
const PLAUSIBLE: Record<string, string[]> = {
  platform: ['twitter', 'facebook', 'x', 'reviews', 'Twitter'],
  language: ['en', 'fr', 'de', 'EN', 'zz'], languages: ['en', 'fr', 'es', 'zz'],
  channel: ['x', 'facebook', 'instagram', 'press'], channels: ['x', 'facebook', 'instagram', 'press'],
  roleKey: ['CRISIS_LEAD', 'LEGAL', 'NOT_A_ROLE'], key: ['CRISIS_LEAD', 'LEGAL', 'PR'], role: ['CRISIS_LEAD', 'LEGAL', 'Customer care'],
  url: ['https://fuzz.invalid/hook', 'http://fuzz.invalid/', 'https://127.0.0.1/x', 'https://169.254.169.254/latest', 'ftp://fuzz.invalid/',
    'https://u:p@fuzz.invalid/', 'https://fuzz.invalid/#x', 'javascript:alert(1)'],
  eventTypes: ['STATE_CHANGED', 'SLA_BREACHED', 'DETECTED', 'webhook.test', 'NOPE'],
  fromSequence: ['0', '1', '-1', '1.5', 'abc', '9223372036854775807', '9223372036854775808', '1e3', ' 1'],
  afterSequence: ['0', '1', '-1', 'abc', '9223372036854775808'],
  idempotencyKey: ['retry-1', 'retry-1', 'retry-2'],
  rule: ['legalRisk', 'blame', 'excuse'], term: ['nul', 'great', 'bad service', 'x'],
  externalId: ['1', '1', '2', '3'],
  phrase: ['not our fault', 'mistakes were made'],
};
const PLAIN_TEXT = ['We are aware of the problem and are looking into it.', 'Service client nul, je suis très déçu', 'Hello {{author}}, ticket {{ticket}}', 'Product recall', 'Dana (comms)', 'x'];

/** The node kind an ID argument or input field most likely names: `crisisId` a Crisis, `id` of `submitStatement` a Statement. */
export function kindHint(name: string, owner: string): NodeKind | null {
  const stem = name.replace(/Ids?$/, '').toLowerCase();
  const aliases: Record<string, NodeKind> = { endpoint: 'WebhookEndpoint', template: 'ReplyTemplate', task: 'CrisisTask', supersedes: 'Statement', learnedfrom: 'Crisis' };
  if (aliases[stem]) return aliases[stem];
  const byStem = NODE_KINDS.find((k) => k.toLowerCase() === stem);
  if (byStem) return byStem;
  if (stem !== 'id') return null;
  const lowered = owner.toLowerCase();
  const ordered = [...NODE_KINDS].sort((a, b) => b.length - a.length); // ReplyTemplate before Reply
  return ordered.find((k) => lowered.includes(k.toLowerCase())) ?? (lowered.includes('task') ? 'CrisisTask' : lowered.includes('webhook') ? 'WebhookEndpoint' : null);
}

/** Ids that are nobody's: every kind with a fresh uuid, wrong kinds, broken encodings, raw uuids, junk. */
const unknownId: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...NODE_KINDS), fc.uuid()).map(([kind, uuid]) => toGlobalId(kind, uuid)),
  fc.tuple(fc.constantFrom(...NODE_KINDS), fc.uuid()).map(([kind, uuid]) => toGlobalId(kind, uuid.toUpperCase())),
  fc.tuple(fc.constantFrom(...NODE_KINDS, 'Organization', 'User', ''), fc.constantFrom('', 'x', '1', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
    .map(([kind, id]) => b64(`${kind}:${id}`)),
  fc.uuid(),
  fc.constantFrom('', ' ', '0', '-1', 'garbage', 'Q3Jpc2lz', '====', '+/+/', b64('Crisis'), b64('Crisis:'), b64(':'), 'a'.repeat(10_000)),
  hostileString,
);

const int: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, -1, 5001, 10_080, 86_400, 2 ** 31 - 1, -(2 ** 31)) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 1.5, -0.0001, 1e308, '1', 'one', NaN) },
);
const float: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(-0, -1, -5, 1000, 1001, 1e308, -1e308, 5e-324, 2 ** 53 + 2, 1e-7) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 'NaN', '0.5', '1e400') },
);
const dateTime: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 2, arbitrary: fc.constantFrom(
    '0001-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z',
    '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T25:00:00Z',
    '2026-01-01', '2026-01-01T00:00:00', '2026-01-01T00:00:00+14:00', '2026-01-01T00:00:00-12:00', '2026-06-30T23:59:60Z', 'now', '', 0, -1, 1e15, 8.64e15 + 1,
  ) },
);
/** Around now: mentions and metrics may not be far in the future, action items must be due in it. */
const recently = fc.integer({ min: -3 * 86_400, max: 86_400 }).map((s) => new Date(Date.now() + s * 1000).toISOString());

/** An object or list nested `depth` deep around `leaf`. */
export function nest(leaf: unknown, depth: number, asList: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asList ? [value] : { a: value };
  return value;
}

/** Values of the wrong shape for any position: GraphQL must refuse them before any resolver runs. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom({}, [], 'text', 42, 4.2, true, null, [[]], { a: { b: [] } }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A value of the scalar that gets past GraphQL and, as often as can be, past the service's checks. */
export function plausibleScalar(typeName: string, name: string, owner: string, pools: FuzzPools): fc.Arbitrary<unknown> {
  switch (typeName) {
    case 'String': return fc.constantFrom(...(name === 'after' && pools.cursors.length ? pools.cursors : PLAUSIBLE[name] ?? PLAIN_TEXT));
    case 'ID': {
      const kind = kindHint(name, owner);
      const mine = kind && pools.idsByKind[kind]?.length ? pools.idsByKind[kind] : Object.values(pools.idsByKind).flat();
      return fc.constantFrom(...(mine as string[]));
    }
    case 'Int': return fc.constantFrom(1, 2, 5, 15, 20, 50, 60, 100, 1000, 3600);
    case 'Float': return fc.constantFrom(0, 0.5, -0.5, 1, 5, 50, 100);
    case 'Boolean': return fc.boolean();
    case 'DateTime': return recently;
    case 'JSON': return fc.dictionary(fc.constantFrom('ticket', 'author', 'name'), fc.constantFrom(...PLAIN_TEXT));
    default: return fc.string(); // a custom scalar this file does not know yet
  }
}

/** A value of (or posing as) the scalar that the API must refuse, or take without harm. */
export function hostileScalar(typeName: string, pools: FuzzPools): fc.Arbitrary<unknown> {
  switch (typeName) {
    case 'String': return hostileString;
    case 'ID': return fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(...Object.values(pools.idsByKind).flat()) }, // of another kind, mostly
      { weight: 1, arbitrary: fc.constantFrom(...pools.foreignIds) },
      { weight: 3, arbitrary: unknownId },
    );
    case 'Int': return int;
    case 'Float': return float;
    case 'Boolean': return fc.constantFrom('true', 0, 1);
    case 'DateTime': return dateTime;
    case 'JSON': return fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(fc.constantFrom('ticket', 'author', 'name', '__proto__', ''), hostileString),
      fc.integer({ min: 100, max: 500 }).map((depth) => nest('x', depth, false)),
    );
    default: return fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileString);
  }
}

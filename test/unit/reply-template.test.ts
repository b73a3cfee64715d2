// Reply templates, pure: placeholders parsed strictly, filled strictly, and the queue priority's clock arithmetic.
import { checkVariables, parseTemplate, renderTemplate, templateVariables } from '../../src/replies/template';
import { priorityAt } from '../../src/replies/reply.queue';
import { loadConfig } from '../../src/config';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const e = error as { message: string; extensions: Record<string, unknown> };
    return { ...e.extensions, message: e.message };
  }
  throw new Error('expected a refusal');
};

test('a body splits into text and placeholders; spaces inside the braces are allowed; single braces are text', () => {
  const parts = parseTemplate('Hi {{ author }}, {x} from {{brand}}{{brand}}!', 'body');
  expect(parts).toEqual([{ text: 'Hi ' }, { variable: 'author' }, { text: ', {x} from ' }, { variable: 'brand' }, { variable: 'brand' }, { text: '!' }]);
  expect(templateVariables(parts)).toEqual(['author', 'brand']);
  expect(parseTemplate('no placeholders', 'body')).toEqual([{ text: 'no placeholders' }]);
});

test.each([
  ['Hello {{author', 6, 'never closed'],
  ['Hello author}}', 12, 'closes no'],
  ['{{ first name }}', 0, 'not a placeholder'],
  ['{{9lives}}', 0, 'not a placeholder'],
  ['{{a {{b}}', 0, 'never closed'],
  ['{{}}', 0, 'not a placeholder'],
])('%j is refused at position %i (%s)', (body, position, words) => {
  const ext = fieldOf(() => parseTemplate(body, 'input.body'));
  expect(ext).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body', position });
  expect(ext.message).toContain(words);
});

test('filling refuses any placeholder without a value, naming every missing one; a blank value is missing too', () => {
  const parts = parseTemplate('{{a}} {{b}} {{c}}', 'body');
  expect(renderTemplate(parts, { a: '1', b: '2', c: '3' }, 'input.variables')).toBe('1 2 3');
  expect(fieldOf(() => renderTemplate(parts, { a: '1', b: ' ' }, 'input.variables'))).toMatchObject({ field: 'input.variables', variable: 'b', missing: ['b', 'c'] });
});

test('variables are an object of names to scalars, as text; nulls count as absent', () => {
  expect(checkVariables({ ticket: 12, vip: true, name: 'x', gone: null }, 'v')).toEqual({ ticket: '12', vip: 'true', name: 'x' });
  expect(checkVariables(null, 'v')).toEqual({});
  expect(fieldOf(() => checkVariables([1], 'v'))).toMatchObject({ field: 'v' });
  expect(fieldOf(() => checkVariables({ 'bad name': 1 }, 'v'))).toMatchObject({ field: 'v.bad name' });
  expect(fieldOf(() => checkVariables({ deep: { x: 1 } }, 'v'))).toMatchObject({ field: 'v.deep' });
});

test('the priority now is the stored value less one point per 6 hours since 1970: a mention loses one point every 6 hours', () => {
  const stored = 10 + 1_000_000_000 / 21600; // weight 2^10, posted at epoch second 1e9
  expect(priorityAt(stored, 1_000_000_000 * 1000)).toBeCloseTo(10, 3);
  expect(priorityAt(stored, (1_000_000_000 + 6 * 3600) * 1000)).toBeCloseTo(9, 3);
});

test('REPLY_CLAIM_SECONDS: 300 by default, a positive number of seconds', () => {
  expect(loadConfig({}).replyClaimSeconds).toBe(300);
  expect(loadConfig({ REPLY_CLAIM_SECONDS: '30' }).replyClaimSeconds).toBe(30);
  expect(() => loadConfig({ REPLY_CLAIM_SECONDS: '0' })).toThrow(/REPLY_CLAIM_SECONDS/);
});

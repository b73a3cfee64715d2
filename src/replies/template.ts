// Reply templates: `{{name}}` placeholders, checked when a template is written, filled strictly when a reply is sent.
import { BadUserInputError, requireStorableText } from '../graphql/errors';

/** A placeholder: `{{author}}`, `{{ brand }}`; names are identifiers. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/y;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type TemplatePart = { text: string } | { variable: string };

/**
 * Splits a body into text and placeholders. Any `{{` that does not open a well-formed placeholder, and any `}}` that
 * closes nothing, is BAD_USER_INPUT on `field` with its position: a template never half-renders.
 */
export function parseTemplate(body: string, field: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let from = 0;
  for (;;) {
    const open = body.indexOf('{{', from);
    const close = body.indexOf('}}', from);
    if (close !== -1 && (open === -1 || close < open)) {
      throw new BadUserInputError(field, `"}}" at position ${close} closes no "{{"`, { position: close });
    }
    if (open === -1) break;
    PLACEHOLDER.lastIndex = open;
    const match = PLACEHOLDER.exec(body);
    if (!match) {
      const end = body.indexOf('}}', open + 2);
      const next = body.indexOf('{{', open + 2);
      const message = end === -1 || (next !== -1 && next < end)
        ? `"{{" at position ${open} is never closed with "}}"`
        : `"${body.slice(open, end + 2)}" at position ${open} is not a placeholder (use {{name}}, letters, digits and _)`;
      throw new BadUserInputError(field, message, { position: open });
    }
    if (open > from) parts.push({ text: body.slice(from, open) });
    parts.push({ variable: match[1] });
    from = open + match[0].length;
  }
  if (from < body.length) parts.push({ text: body.slice(from) });
  return parts;
}

/** The distinct variable names a body uses, in order of first use. */
export function templateVariables(parts: TemplatePart[]): string[] {
  return [...new Set(parts.flatMap((p) => ('variable' in p ? [p.variable] : [])))];
}

/** Bounds on what a reply's `variables` may carry (the filled body has its own limit). */
export const MAX_VARIABLES = 50;
export const MAX_VARIABLE_LENGTH = 2000;

/**
 * The variables a caller sent (`variables: JSON`), as text: an object of names to strings, numbers or booleans.
 * Null values count as absent.
 */
export function checkVariables(given: unknown, field: string): Record<string, string> {
  if (given === null || given === undefined) return {};
  if (typeof given !== 'object' || Array.isArray(given)) throw new BadUserInputError(field, 'must be an object of names to values');
  const entries = Object.entries(given as Record<string, unknown>);
  if (entries.length > MAX_VARIABLES) throw new BadUserInputError(field, `takes at most ${MAX_VARIABLES} variables`);
  const out: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (!VARIABLE_NAME.test(name)) throw new BadUserInputError(`${field}.${name}`, 'is not a variable name (letters, digits and _)');
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new BadUserInputError(`${field}.${name}`, 'must be a string, a number or a boolean');
    }
    const text = requireStorableText(String(value), `${field}.${name}`);
    if (text.length > MAX_VARIABLE_LENGTH) throw new BadUserInputError(`${field}.${name}`, `must be at most ${MAX_VARIABLE_LENGTH} characters`);
    out[name] = text;
  }
  return out;
}

/**
 * Fills every placeholder from `values`; any placeholder without a value (or with a blank one) is BAD_USER_INPUT
 * on `field`, naming all the missing variables: never a reply with a hole in it.
 */
export function renderTemplate(parts: TemplatePart[], values: Record<string, string | null | undefined>, field: string): string {
  const missing = templateVariables(parts).filter((name) => !values[name]?.trim());
  if (missing.length) {
    const names = missing.map((name) => `{{${name}}}`).join(', ');
    throw new BadUserInputError(field, `no value for ${names}`, { variable: missing[0], missing });
  }
  return parts.map((p) => ('variable' in p ? values[p.variable]! : p.text)).join('');
}

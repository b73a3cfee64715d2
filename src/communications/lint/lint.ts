// The statement linter: finds excuses, blame-shifting, non-apologies, minimising, passive evasion and legal-risk words.
//
// Rules are data (rules.en.ts, rules.fr.ts). Matching runs on a normalized view of the statement — lowercased,
// diacritics folded (NFC "é" and NFD "e\u0301" both become "e"), apostrophes unified (’ ‘ ʼ ` ´ → '), hyphens read as
// spaces, emoji and whitespace runs one space, other non-ASCII symbols (dashes, quotes) "~" — kept with a map from
// each normalized character back to the original text, so a finding's start/end are offsets into the exact string
// the user sent, in UTF-16 code units: `text.slice(start, end)` is the matched wording, accents and line breaks included.
//
// Pattern syntax (templates are normalized like the text, so write them with accents and any apostrophe):
//   word        a literal word; words are separated by one space and match any whitespace run in the text
//   *           any one word (letters and digits)
//   word*       a word starting with "word" (supplier* → supplier, suppliers); a `*` inside a word is any letters
//   #           a number: 12, 1,200, 0.5
//   (a|b c)     one of the alternatives; an alternative may hold several words, groups may nest
//   [a|b c]     the same, optional
// A pattern matches whole words only. Words meet without a space when one side is punctuation: `l' incident`
// matches "l'incident", `# %` matches "2%" and "2 %". An `except` pattern of a rule drops that rule's findings that
// lie inside one of its matches ("not an isolated incident" keeps "isolated incident" quiet).
// Custom phrases are literal (no syntax): case, accents, apostrophes and whitespace are normalized, nothing else.
import { EN_RULES } from './rules.en';
import { FR_RULES } from './rules.fr';
import { normalize } from './normalize';

export type LintSeverity = 'WARNING' | 'INFO';
export type LintRuleId = 'excuse' | 'blame' | 'non-apology' | 'minimising' | 'passive-evasion' | 'legal-risk';

export interface LintFinding {
  rule: string;
  message: string;
  /** UTF-16 offsets into the statement as sent: `text.slice(start, end) === match`. */
  start: number;
  end: number;
  severity: LintSeverity;
  match: string;
}

/** An organization's own phrase to flag (legal-risk words, banned names): literal, matched on whole words. */
export interface CustomPhrase {
  phrase: string;
  rule: string;
  message: string;
}

/** One rule of a language: several entries may share a rule id (with their own message and severity). */
export interface LintRule {
  rule: LintRuleId;
  severity: LintSeverity;
  message: string;
  patterns: readonly string[];
  except?: readonly string[];
}

const RULES_BY_LANGUAGE: Readonly<Record<string, readonly LintRule[]>> = { en: EN_RULES, fr: FR_RULES };

export const LINT_LANGUAGES: readonly string[] = Object.freeze(Object.keys(RULES_BY_LANGUAGE));

// ---- pattern compilation -------------------------------------------------------------------------------------

/** In the normalized text every non-ASCII character is a letter or digit (symbols became "~"). */
const WORD = '[a-z0-9\\u0080-\\uffff]';
const isWordAt = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 128 || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
};
/** Patterns are looked up by the first two letters of the word where a match may start ("a", "l'" keep one). */
const keyAt = (s: string, i: number): string => (isWordAt(s, i + 1) ? s.slice(i, i + 2) : s[i]);
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Whether a piece of pattern starts (or ends) with a word character, with punctuation, or either. */
type Edge = 'word' | 'punct' | 'either';
const mergeEdges = (edges: Edge[]): Edge => (edges.every((e) => e === edges[0]) ? edges[0] : 'either');
const edgeOf = (ch: string): Edge => (ch === '*' || ch === '#' || isWordAt(ch, 0) ? 'word' : 'punct');

/** Between two pieces: a space, or nothing next to punctuation (l'incident, 2%); decided at compile time if it can be. */
function separator(left: Edge, right: Edge): string {
  if (left === 'word' && right === 'word') return ' ';
  if (left === 'punct' || right === 'punct') return ' ?';
  return `(?: |(?<=[^a-z0-9\\u0080-\\uffff ])|(?=[^a-z0-9\\u0080-\\uffff ]))`;
}

/** A compiled piece: regex source, edges, and the keys of the words a match can start with (null: any). */
type Piece = { source: string; lead: Edge; tail: Edge; first: Set<string> | null };

function compileWord(word: string): Piece {
  const source = word === '*' ? `${WORD}+` : word === '#' ? '[0-9]+(?:[.,][0-9]+)*' : word.split('*').map(escapeRegex).join(`${WORD}*`);
  const letters = /^[a-z0-9\u0080-\uffff]*/.exec(word)![0];
  const key = letters.length >= 2 ? letters.slice(0, 2) : letters.length === 1 && !word.includes('*') ? letters : null;
  // "*'s" may start with the apostrophe, "l'*" may end with it.
  const lead = word.length > 1 && word[0] === '*' ? 'either' : edgeOf(word[0]);
  const tail = word.length > 1 && word.endsWith('*') && !isWordAt(word, word.length - 2) ? 'either' : edgeOf(word[word.length - 1]);
  return { source, lead, tail, first: key === null ? null : new Set([key]) };
}

/** Parses a normalized template (syntax at the top of this file). */
function parseTemplate(template: string): Piece {
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`lint pattern "${template}": ${why} at ${pos}`);
  };
  const union = (sets: (Set<string> | null)[]) => (sets.includes(null) ? null : new Set(sets.flatMap((s) => [...s!])));
  // sequence := element (' ' element)*, up to one of `stops` or the end
  const sequence = (stops: string): Piece => {
    const parts: (Piece & { optional: boolean })[] = [];
    for (;;) {
      const c = template[pos];
      if (c === '(' || c === '[') {
        pos++;
        const close = c === '(' ? ')' : ']';
        const alternatives = [sequence(`|${close}`)];
        while (template[pos] === '|') pos++, alternatives.push(sequence(`|${close}`));
        if (template[pos++] !== close) fail(`missing ${close}`);
        parts.push({
          source: `(?:${alternatives.map((a) => a.source).join('|')})`,
          lead: mergeEdges(alternatives.map((a) => a.lead)),
          tail: mergeEdges(alternatives.map((a) => a.tail)),
          first: union(alternatives.map((a) => a.first)),
          optional: c === '[',
        });
      } else {
        const begin = pos;
        while (pos < template.length && !' ()[]|'.includes(template[pos])) pos++;
        if (pos === begin) fail('empty word');
        parts.push({ ...compileWord(template.slice(begin, pos)), optional: false });
      }
      if (pos >= template.length || stops.includes(template[pos])) break;
      if (template[pos++] !== ' ') fail('expected a space');
    }
    const required = parts.findIndex((p) => !p.optional);
    if (required < 0) fail('nothing required');
    // Leading optional parts carry their separator after them, the others before: "[a] b [c]" → (?:a )?b(?: c)?
    let source = '';
    for (let i = 0; i < required; i++) source += `(?:${parts[i].source}${separator(parts[i].tail, mergeEdges(parts.slice(i + 1, required + 1).map((p) => p.lead)))})?`;
    source += parts[required].source;
    let tails: Edge[] = [parts[required].tail]; // what the text may end with so far
    for (const p of parts.slice(required + 1)) {
      const piece = `${separator(mergeEdges(tails), p.lead)}${p.source}`;
      source += p.optional ? `(?:${piece})?` : piece;
      tails = p.optional ? [...tails, p.tail] : [p.tail];
    }
    const leads = parts.slice(0, required + 1).map((p) => p.lead);
    return { source, lead: mergeEdges(leads), tail: mergeEdges(tails), first: union(parts.slice(0, required + 1).map((p) => p.first)) };
  };
  const result = sequence('');
  return pos < template.length ? fail('unexpected character') : result;
}

/** Whole words only: no word character may touch a match on a side where it is a word character. */
function wholeWords(piece: Pick<Piece, 'source' | 'lead' | 'tail'>, flags: string): RegExp {
  const start = piece.lead === 'word' ? `(?<!${WORD})` : piece.lead === 'either' ? `(?:(?<!${WORD})|(?!${WORD}))` : '';
  const end = piece.tail === 'word' ? `(?!${WORD})` : piece.tail === 'either' ? `(?:(?<!${WORD})|(?!${WORD}))` : '';
  return new RegExp(`${start}${piece.source}${end}`, flags);
}

function compileTemplate(template: string, flags: string): { regex: RegExp; first: Set<string> | null } {
  const piece = parseTemplate(normalize(template.trim()).text);
  return { regex: wholeWords(piece, flags), first: piece.first };
}

function compileLiteral(phrase: string): RegExp | null {
  const text = normalize(phrase).text.trim();
  if (!text) return null;
  const source = text.split(' ').map(escapeRegex).join(' ');
  const edge = (i: number): Edge => (isWordAt(text, i) ? 'word' : 'punct');
  return wholeWords({ source, lead: edge(0), tail: edge(text.length - 1) }, 'g');
}

type Rule = { rule: string; severity: LintSeverity; message: string; except: RegExp[] };

/** Sticky regexes by the key of the word they start with (tried only where such a word starts), and global regexes
 * of the patterns that may start anywhere. */
type LanguageRules = { byKey: Map<string, { rule: Rule; regex: RegExp }[]>; scanned: { rule: Rule; regex: RegExp }[] };

const compiledByLanguage = new Map<string, LanguageRules>();

function compiledRules(language: string): LanguageRules | undefined {
  const primary = language.trim().split(/[-_]/)[0].toLowerCase();
  if (!Object.hasOwn(RULES_BY_LANGUAGE, primary)) return undefined;
  let compiled = compiledByLanguage.get(primary);
  if (compiled) return compiled;
  compiled = { byKey: new Map(), scanned: [] };
  for (const r of RULES_BY_LANGUAGE[primary]) {
    const rule: Rule = { rule: r.rule, severity: r.severity, message: r.message, except: (r.except ?? []).map((x) => compileTemplate(x, 'g').regex) };
    for (const pattern of r.patterns) {
      const { regex, first } = compileTemplate(pattern, 'y');
      if (first === null) compiled.scanned.push({ rule, regex: new RegExp(regex.source, 'g') });
      else for (const key of first) compiled.byKey.set(key, [...(compiled.byKey.get(key) ?? []), { rule, regex }]);
    }
  }
  compiledByLanguage.set(primary, compiled);
  return compiled;
}

const customCache = new Map<string, RegExp | null>();

function compiledCustom(phrase: string): RegExp | null {
  let regex = customCache.get(phrase);
  if (regex === undefined) {
    if (customCache.size >= 1000) customCache.clear();
    customCache.set(phrase, (regex = compileLiteral(phrase)));
  }
  return regex;
}

// ---- matching ------------------------------------------------------------------------------------------------

type Candidate = { rule: Rule; start: number; end: number };

function scan(regex: RegExp, text: string, rule: Rule, into: Candidate[]): void {
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m; m = regex.exec(text)) {
    if (m[0].length === 0) regex.lastIndex++;
    else into.push({ rule, start: m.index, end: m.index + m[0].length });
  }
}

/**
 * Lints a statement. `language` is a BCP-47 tag ('en', 'fr-CA'); only its primary subtag counts, and a language
 * without rules gets only the custom phrases. Findings are sorted by start; of overlapping findings of one rule,
 * the longest stays.
 */
export function lintStatement(text: string, language: string, custom: readonly CustomPhrase[] = []): LintFinding[] {
  const rules = compiledRules(language);
  if (!text || (!rules && !custom.length)) return [];
  const { text: normalized, from, to } = normalize(text);
  const candidates: Candidate[] = [];
  if (rules) {
    for (let i = 0; i < normalized.length; i++) {
      if (!isWordAt(normalized, i) || (i > 0 && isWordAt(normalized, i - 1))) continue;
      for (const { rule, regex } of rules.byKey.get(keyAt(normalized, i)) ?? []) {
        regex.lastIndex = i;
        const m = regex.exec(normalized);
        if (m && m[0].length) candidates.push({ rule, start: i, end: i + m[0].length });
      }
    }
    for (const { rule, regex } of rules.scanned) scan(regex, normalized, rule, candidates);
  }
  for (const phrase of custom) {
    const regex = compiledCustom(phrase.phrase);
    if (regex) scan(regex, normalized, { rule: phrase.rule, severity: 'WARNING', message: phrase.message, except: [] }, candidates);
  }
  // A rule's exceptions are looked for only once it has found something.
  const exceptions = new Map<Rule, Candidate[]>();
  const isExcepted = (c: Candidate) => {
    if (!c.rule.except.length) return false;
    let spans = exceptions.get(c.rule);
    if (!spans) {
      exceptions.set(c.rule, (spans = []));
      for (const regex of c.rule.except) scan(regex, normalized, c.rule, spans);
    }
    return spans.some((x) => x.start <= c.start && c.end <= x.end);
  };
  // Longest first; a rule's characters already covered by a kept finding turn away the ones overlapping it.
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const covered = new Map<string, Uint8Array>();
  const findings: LintFinding[] = [];
  for (const c of candidates) {
    const mask = covered.get(c.rule.rule) ?? covered.set(c.rule.rule, new Uint8Array(normalized.length)).get(c.rule.rule)!;
    if (mask.subarray(c.start, c.end).includes(1) || isExcepted(c)) continue;
    mask.fill(1, c.start, c.end);
    const [start, end] = [from[c.start], to[c.end - 1]];
    findings.push({ rule: c.rule.rule, message: c.rule.message, start, end, severity: c.rule.severity, match: text.slice(start, end) });
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
}

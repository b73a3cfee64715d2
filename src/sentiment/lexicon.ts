// The scorer's lexicons: each language's rules compiled once (words, stems, phrases), and an organization's own terms over them.
import type { ComplaintRules } from './complaints';
import { EMOJI, EMOJI_PATTERN, emojiKey } from './emoji';

/** What a language file declares (lexicon.en.ts, lexicon.fr.ts). Scores are on AFINN's scale, about -4..4. */
export interface LanguageRules {
  /** The well-kept lexicon the rules sit on: whole words (VADER) or stems (nlp.js French, with `stem`). */
  base: ReadonlyMap<string, number>;
  stem?: (word: string) => string;
  /** Words (a trailing `*` takes any ending), ahead of the base. Several words make a phrase. */
  words: Readonly<Record<string, number>>;
  /** Scored as one unit, longest first, never negated; `*` inside stands for up to three words. */
  phrases: Readonly<Record<string, number>>;
  negators: readonly string[];
  /** A negation does not reach past these: "don't hesitate to call", "n'hésitez pas à passer" encourage, not complain. */
  negationStops: readonly string[];
  boosters: readonly string[];
  dampeners: readonly string[];
  /** "but": what comes after weighs more than what came before. */
  contrasts: readonly string[];
  /** Elided articles and pronouns ("n'", "j'") split off their word, as the word they stand for. */
  elisions: RegExp | null;
  /**
   * Negation as spoken, its "ne" dropped: a word after a subject pronoun (and the object pronouns between) and before
   * one of `negators` is negated ("j'aime pas", "je le recommande pas", "on regrette pas"); null when none.
   */
  spokenNegation: { subjects: readonly string[]; clitics: readonly string[]; negators: readonly string[] } | null;
  /**
   * "never seen such bad service", "jamais vu un service aussi nul": after these negators, one of these words between
   * the negator and a scored word makes a superlative, not a negation.
   */
  superlatives: { negators: readonly string[]; words: readonly string[] };
  /** Phrases of none among `phrases` ("not a single", "pas un seul"): before a bad word, its absence ("not a single crash" is praise). */
  absences: readonly string[];
  /** The words of the complaint constructions (complaints.ts): waits, failures, rhetorical questions, sarcasm. */
  complaints: ComplaintRules;
}

export interface Token {
  /** A quote is a double quotation mark of any kind: the scorer reads scare quotes ("express" delivery) from them. */
  kind: 'word' | 'emoji' | 'bang' | 'break' | 'quote';
  /** Lowercase, accents folded: what lexicons are matched on. */
  norm: string;
  /** Lowercase with accents: what a stemmer wants. */
  lower: string;
  /** As written: "NEVER" among lowercase words is emphasis. */
  raw: string;
}

/** A phrase: its words, and whether up to three other words may stand before each one (`*`). */
export interface Phrase {
  words: string[];
  gapBefore: boolean[];
  score: number;
}

export interface Terms {
  words: Map<string, number>;
  prefixes: Map<string, number>;
  /** By first word, longest first. */
  phrases: Map<string, Phrase[]>;
}

export interface CompiledLexicon {
  language: string;
  rules: LanguageRules;
  base: Map<string, number>;
  builtIn: Terms;
  /** The organization's terms, looked up before anything built in. */
  organization: Terms | null;
  negators: Set<string>;
  negationStops: Set<string>;
  boosters: Set<string>;
  dampeners: Set<string>;
  contrasts: Set<string>;
  superlativeNegators: Set<string>;
  superlativeWords: Set<string>;
  /** The built-in phrases that are absence phrases. */
  absences: Set<Phrase>;
  spokenNegation: { subjects: Set<string>; clitics: Set<string>; negators: Set<string> } | null;
}

export interface OrganizationTerm {
  language: string;
  term: string;
  score: number;
}

const ELIDED: Record<string, string> = { qu: 'que', l: 'le', d: 'de', j: 'je', m: 'me', n: 'ne', t: 'te', s: 'se', c: 'ce' };
const TOKEN = new RegExp(
  [
    String.raw`https?:\/\/\S+|www\.\S+|@\w+`, // links and handles: skipped
    EMOJI_PATTERN.source,
    String.raw`\p{N}+(?:[.,:]\p{N}+)+\p{L}*`, // "1.20", "12,50", "24,000", "6:40pm": one word, not a sentence's end
    String.raw`[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*['’]?`,
    String.raw`!+|[.,;:?]+|\n|["“”«»„]`,
  ].join('|'),
  'gu',
);

const WORD_START = /[\p{L}\p{N}]/u;
const QUOTES = new Set(['"', '“', '”', '«', '»', '„']);
const ASCII = /^[\x00-\x7f]*$/;

export const fold = (value: string): string => value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function tokenize(text: string, elisions: RegExp | null): Token[] {
  const tokens: Token[] = [];
  for (const [raw] of text.replace(/’/g, "'").matchAll(TOKEN)) {
    const first = raw[0];
    if (first === '@' || ((first === 'h' || first === 'w') && /^(?:https?:|www\.)/i.test(raw))) continue;
    if (first === '!') tokens.push({ kind: 'bang', norm: raw, lower: raw, raw });
    else if (QUOTES.has(first)) tokens.push({ kind: 'quote', norm: raw, lower: raw, raw });
    else if (!WORD_START.test(first)) {
      if (raw in EMOJI || !/^[.,;:?\n]/.test(raw)) tokens.push({ kind: 'emoji', norm: emojiKey(raw), lower: raw, raw });
      else tokens.push({ kind: 'break', norm: raw, lower: raw, raw });
    } else {
      const lower = raw.toLowerCase();
      const elided = elisions?.exec(lower);
      if (elided && ELIDED[elided[1]]) {
        tokens.push({ kind: 'word', norm: ELIDED[elided[1]], lower: ELIDED[elided[1]], raw: elided[1] });
        const rest = raw.slice(elided[1].length + 1);
        tokens.push({ kind: 'word', norm: fold(rest), lower: rest.toLowerCase(), raw: rest });
      } else tokens.push({ kind: 'word', norm: ASCII.test(lower) ? lower : fold(lower), lower, raw });
    }
  }
  if (elisions) restoreElisions(tokens);
  return tokens;
}

/**
 * "c est", "j ai", "d une", "qu il": posts typed without the apostrophe leave the elided word alone; it stands for
 * the same word as with one, when a word follows and no number comes before ("2 l d'eau", "3 m de haut" stay units).
 */
function restoreElisions(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const word = token.kind === 'word' && token.raw.length <= 2 ? ELIDED[token.lower] : undefined;
    if (!word || tokens[i + 1]?.kind !== 'word' || !/^\p{L}/u.test(tokens[i + 1].raw) || /^\p{N}/u.test(tokens[i - 1]?.raw ?? '')) continue;
    tokens[i] = { kind: 'word', norm: word, lower: word, raw: token.raw };
  }
}

function emptyTerms(): Terms {
  return { words: new Map(), prefixes: new Map(), phrases: new Map() };
}

/** How many words a `*` in a phrase may stand for. */
const GAP = 3;

/** A phrase's words as the tokenizer sees them, `*` marking where up to three other words may stand. */
export function compilePhrase(text: string, score: number, elisions: RegExp | null): Phrase {
  const words: string[] = [];
  const gapBefore: boolean[] = [];
  let gap = false;
  for (const part of text.trim().split(/\s+/)) {
    if (part === '*') {
      gap = true;
      continue;
    }
    for (const t of tokenize(part, elisions)) {
      if (t.kind !== 'word' && t.kind !== 'emoji') continue;
      words.push(t.norm);
      gapBefore.push(gap);
      gap = false;
    }
  }
  return { words, gapBefore, score };
}

/** Index of the last token of `phrase` when its words from `word` on match from token `at`, or -1. */
export function matchPhraseFrom(tokens: Token[], at: number, phrase: Phrase, word: number): number {
  if (word === phrase.words.length) return at - 1;
  const reach = phrase.gapBefore[word] ? GAP : 0;
  for (let skip = 0; skip <= reach; skip++) {
    const token = tokens[at + skip];
    if (!token || token.kind === 'break') return -1;
    if (token.norm === phrase.words[word]) {
      const end = matchPhraseFrom(tokens, at + skip + 1, phrase, word + 1);
      if (end >= 0) return end;
    }
    if (token.kind !== 'word') return -1;
  }
  return -1;
}

/** Adds a word, `stem*` or phrase; a later entry for the same words replaces the earlier one. */
function addTerm(terms: Terms, text: string, score: number, elisions: RegExp | null): void {
  const trimmed = text.trim();
  const isPrefix = /^\S+\*$/.test(trimmed);
  const { words, gapBefore } = compilePhrase(isPrefix ? trimmed.slice(0, -1) : trimmed, score, elisions);
  if (words.length === 0) return;
  if (isPrefix && words.length === 1) terms.prefixes.set(words[0], score);
  else if (words.length === 1) terms.words.set(words[0], score);
  else {
    const key = `${words.join(' ')}|${gapBefore.join()}`;
    const list = (terms.phrases.get(words[0]) ?? []).filter((p) => `${p.words.join(' ')}|${p.gapBefore.join()}` !== key);
    list.push({ words, gapBefore, score });
    list.sort((a, b) => b.words.length - a.words.length);
    terms.phrases.set(words[0], list);
  }
}

/** Whether a term can ever match: it must hold a word or an emoji. */
export function isMatchableTerm(term: string, elisions: RegExp | null): boolean {
  return tokenize(term, elisions).some((t) => t.kind === 'word' || t.kind === 'emoji');
}

export function compileLexicon(language: string, rules: LanguageRules): CompiledLexicon {
  const base = new Map<string, number>();
  for (const [word, score] of rules.base) if (!base.has(fold(word))) base.set(fold(word), score);
  const builtIn = emptyTerms();
  for (const [emoji, score] of Object.entries(EMOJI)) builtIn.words.set(emojiKey(emoji), score);
  for (const [word, score] of Object.entries(rules.words)) addTerm(builtIn, word, score, rules.elisions);
  for (const [phrase, score] of Object.entries(rules.phrases)) addTerm(builtIn, phrase, score, rules.elisions);
  const set = (words: readonly string[]) => new Set(words.map(fold));
  const absent = new Set(rules.absences.map((text) => compilePhrase(text, 0, rules.elisions).words.join(' ')));
  const absences = new Set([...builtIn.phrases.values()].flat().filter((phrase) => absent.has(phrase.words.join(' '))));
  return {
    language, rules, base, builtIn, organization: null,
    negators: set(rules.negators), negationStops: set(rules.negationStops), boosters: set(rules.boosters), dampeners: set(rules.dampeners),
    contrasts: set(rules.contrasts), superlativeNegators: set(rules.superlatives.negators), superlativeWords: set(rules.superlatives.words),
    absences,
    spokenNegation: rules.spokenNegation && {
      subjects: set(rules.spokenNegation.subjects), clitics: set(rules.spokenNegation.clitics), negators: set(rules.spokenNegation.negators),
    },
  };
}

/** The built-in lexicon with an organization's terms over it (words and phrases, taken literally: no `*`). */
export function withOrganizationTerms(lexicon: CompiledLexicon, terms: ReadonlyArray<{ term: string; score: number }>): CompiledLexicon {
  if (terms.length === 0) return lexicon;
  const organization = emptyTerms();
  for (const { term, score } of terms) addTerm(organization, term.replace(/\*/g, ' '), score, lexicon.rules.elisions);
  return { ...lexicon, organization };
}

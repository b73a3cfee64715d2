// Word sets and token tests the complaint constructions (complaints.ts) and the irony rules (irony.ts) share.
import { compilePhrase, fold, matchPhraseFrom, type Phrase, type Token } from './lexicon';

export interface WordSet {
  exact: Set<string>;
  prefixes: string[];
  /** Words already tried against the prefixes: most of a post's words are tried several times, and posts repeat words. */
  tried: Map<string, boolean>;
}

export function wordSet(words: readonly string[]): WordSet {
  const set: WordSet = { exact: new Set(), prefixes: [], tried: new Map() };
  for (const word of words) {
    if (word.endsWith('*')) set.prefixes.push(fold(word.slice(0, -1)));
    else set.exact.add(fold(word));
  }
  return set;
}

const MAX_TRIED = 20_000;

export function has(set: WordSet, word: string): boolean {
  if (set.exact.has(word)) return true;
  if (set.prefixes.length === 0) return false;
  let found = set.tried.get(word);
  if (found === undefined) {
    found = set.prefixes.some((prefix) => word.startsWith(prefix));
    if (set.tried.size >= MAX_TRIED) set.tried.clear();
    set.tried.set(word, found);
  }
  return found;
}

export const isWord = (token: Token | undefined): token is Token => token !== undefined && token.kind === 'word';
/** Where a clause ends: a comma, a colon, a full stop, a question mark, "!" or a new line. */
export const isClauseEnd = (token: Token | undefined): boolean => token === undefined || token.kind === 'break' || token.kind === 'bang';
export const isSentenceEnd = (token: Token): boolean => token.kind === 'bang' || (token.kind === 'break' && /[.?;\n]/.test(token.norm));

/** Whether the negator at `at` negates one of `stops` beside it: "n'hésitez pas à…", "don't hesitate to…". */
export function negatesStop(tokens: Token[], at: number, stops: Set<string>): boolean {
  return stops.has(tokens[at - 1]?.norm) || stops.has(tokens[at + 1]?.norm);
}

/** The index of the last token of the first of `phrases` that starts at `i`, or -1. */
export function startsPhrase(tokens: Token[], i: number, phrases: Phrase[]): number {
  const token = tokens[i];
  if (!isWord(token)) return -1;
  for (const phrase of phrases) {
    if (phrase.words[0] !== token.norm) continue;
    const end = matchPhraseFrom(tokens, i + 1, phrase, 1);
    if (end >= 0) return end;
  }
  return -1;
}

/** What the complaint constructions (complaints.ts) and the facts (facts.ts) both score, on the lexicon's scale. */
export const REPEAT = -1.5;
export const MISSING = -1.8;
/** "3rd", "2nd", "3e", "4ème": an ordinal in digits (the number captured). */
export const ORDINAL = /^(\d+)(?:st|nd|rd|th|e|er|re|eme|ieme|ème|ième)$/;
export const isDigit = (code: number): boolean => code >= 48 && code <= 57;
/** A number in digits, whole or not ("3", "2.5", "12,50"): the source, for patterns built on it, and the test. */
export const NUMBER_SOURCE = String.raw`\d+(?:[.,]\d+)?`;
export const NUMBER = new RegExp(`^${NUMBER_SOURCE}$`);
/** The value of a number in digits ("12,50" is 12.5). */
export const numberValue = (word: string): number => Number(word.replace(',', '.'));

/** A list of phrases compiled for matching (their score unused), those with no matchable word left out. */
export function phraseList(list: readonly string[], elisions: RegExp | null): Phrase[] {
  return list.map((text) => compilePhrase(text, 0, elisions)).filter((p) => p.words.length > 0);
}

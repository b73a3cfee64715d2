// Trouble told as resolved, or announced: "refunded the cancelled gig in 3 days", "patch fixed every bug", "sinistre
// indemnisé en une semaine", "coupure d'eau programmée mardi". The bad words of a clause whose trouble was resolved
// (or is planned work, announced) say what went away or what to expect, not a complaint: their scores are dropped. Not when the resolution is only asked for, promised or denied ("please get it fixed", "still not
// refunded", "toujours pas remboursé", "will be fixed soon?"): then the trouble stands.
import type { Phrase, Token } from './lexicon';
import type { Valence } from './complaints';
import { has, isClauseEnd, isSentenceEnd, isWord, phraseList, startsPhrase, wordSet, type WordSet } from './word-sets';

export interface ResolutionRules {
  /** A trouble resolved or announced, phrases: "refunded", "fixed", "scheduled" / "remboursé", "réparé", "programmée". */
  resolutions: readonly string[];
  /** In the five words before a resolution, it is not one: asked ("please", "need"), future ("will"), denied ("still"). */
  unresolved: readonly string[];
  /** What ends the clause a resolution clears besides punctuation: "refunded but the money never showed up". */
  bounds: readonly string[];
  /**
   * A brand's or a paper's notice, phrases: "reminder", "is hiring", "to cancel your", "announces" / "astuce", "recrute",
   * "pour résilier", "annonce". A post holding one and no `firstPerson` word informs: its bad words ("outage",
   * "recall", "complaints team") are its subject, not a complaint. A customer's post says "I" or "my".
   */
  notices: readonly string[];
  firstPerson: readonly string[];
}

export interface CompiledResolutions {
  resolutions: Phrase[];
  unresolved: WordSet;
  bounds: WordSet;
  starters: Set<string>;
  notices: Phrase[];
  noticeStarters: Set<string>;
  firstPerson: WordSet;
}

export function compileResolutions(rules: ResolutionRules, elisions: RegExp | null): CompiledResolutions {
  const resolutions = phraseList(rules.resolutions, elisions);
  const notices = phraseList(rules.notices, elisions);
  return {
    resolutions, unresolved: wordSet(rules.unresolved), bounds: wordSet(rules.bounds), starters: new Set(resolutions.map((p) => p.words[0])),
    notices, noticeStarters: new Set(notices.map((p) => p.words[0])), firstPerson: wordSet(rules.firstPerson),
  };
}

/** A notice ("reminder: …", "is hiring", "pour résilier…") with no first-person word: its bad words inform, their scores are dropped. */
export function dropNotice(tokens: Token[], valences: Valence[], rules: CompiledResolutions, keep: number): void {
  let notice = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!isWord(token)) continue;
    if (has(rules.firstPerson, token.norm)) return;
    if (!notice && rules.noticeStarters.has(token.norm) && startsPhrase(tokens, i, rules.notices) >= 0) notice = true;
  }
  if (notice) for (const v of valences) if (v.value < 0 && v.value !== keep) v.value = 0;
}

/**
 * Drops the negative scores of the clauses with a resolution in them. `valences` are the lexicon's (words, phrases,
 * failures): a failure ("doesn't work") is kept, since what was fixed may have broken again. `negators` are the
 * lexicon's: a negated resolution is none.
 */
export function dropResolved(tokens: Token[], valences: Valence[], rules: CompiledResolutions, negators: Set<string>, keep: number): void {
  for (let i = 0; i < tokens.length; i++) {
    if (!isWord(tokens[i]) || !rules.starters.has(tokens[i].norm)) continue;
    const end = startsPhrase(tokens, i, rules.resolutions);
    if (end < 0 || isUnresolved(tokens, i, rules, negators) || endsInQuestion(tokens, end)) continue;
    const [from, to] = clauseOf(tokens, i, end, rules);
    for (const v of valences) if (v.value < 0 && v.value !== keep && v.at >= from && v.at <= to) v.value = 0;
    i = end;
  }
}

/** How far back a request, a promise or a denial reaches: "please get the broken heater fixed". */
const UNRESOLVED_REACH = 5;

function isUnresolved(tokens: Token[], i: number, rules: CompiledResolutions, negators: Set<string>): boolean {
  for (let k = 1; k <= UNRESOLVED_REACH && !isClauseEnd(tokens[i - k]); k++) {
    const before = tokens[i - k];
    if (isWord(before) && (has(rules.unresolved, before.norm) || negators.has(before.norm))) return true;
  }
  // "réparé toujours pas", "replaced with nothing", "remplacés par rien": a negator just after denies it too.
  return [1, 2].some((k) => isWord(tokens[i + k]) && negators.has(tokens[i + k].norm));
}

/** The first and last token index of the clause around the resolution [i, end], `bounds` ending it too. */
function clauseOf(tokens: Token[], i: number, end: number, rules: CompiledResolutions): [number, number] {
  const ends = (token: Token | undefined) => isClauseEnd(token) || has(rules.bounds, token!.norm);
  let from = i;
  while (from > 0 && !ends(tokens[from - 1])) from--;
  let to = end;
  while (to < tokens.length - 1 && !ends(tokens[to + 1])) to++;
  return [from, to];
}

/** Whether the sentence after `i` ends in "?": "is it fixed yet?" asks, it does not tell. */
function endsInQuestion(tokens: Token[], i: number): boolean {
  for (let k = i + 1; k < tokens.length; k++) if (isSentenceEnd(tokens[k])) return tokens[k].norm.includes('?');
  return false;
}

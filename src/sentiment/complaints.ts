// Complaint constructions a word lexicon cannot see: waits, repeats, failed services, missing things, rhetorical questions
// ("how is this still on sale?") and praise that the complaint around it turns sarcastic ("great, another delay").
import { compilePhrase, fold, matchPhraseFrom, type Phrase, type Token } from './lexicon';

/** What a language file declares for the constructions. Words are matched folded; a trailing `*` takes any ending. */
export interface ComplaintRules {
  /** Number words a wait or a repeat may start with ("two", "deux"); digits always count. */
  numbers: readonly string[];
  /** "a", "un": a number only after a word that leads a wait ("for an hour", "ça fait une heure"), not in "what a day". */
  articles: readonly string[];
  waitLeads: readonly string[];
  /** Units of a wait: "3 weeks", "deux mois". Not years: "5 years and still like new" is praise. */
  units: readonly string[];
  /** Words between a wait's number and its unit: "3 more days", "deux longues semaines". */
  unitAdjectives: readonly string[];
  /** In the three words before the number, the time says how fast it went ("within an hour", "en 2 jours"). */
  quickBefore: readonly string[];
  /** Right after the unit, likewise; phrases: "a day early", "2 weeks ago", "24 hours a day", "2 jours en avance". */
  quickAfter: readonly string[];
  /** "Fifth", "troisième" (also written "5th", "3e"): before `times`, a repeat; before a unit ("third week"), a wait. */
  ordinals: readonly string[];
  /** "time", "times" / "fois": after a number or an ordinal, a repeat ("called 6 times", "pour la troisième fois"). */
  times: readonly string[];
  /** An ordinal time is a repeat after these ("for the third time") or at the end of its clause, not in "second time I order here". */
  repeatLeads: readonly string[];
  /** …or before these: "third time this week", "troisième fois en un mois". */
  repeatTails: readonly string[];
  /** Repeats said without a number; phrases: "every single time", "yet again", "à chaque fois". */
  repeats: readonly string[];
  /** "keeps crashing", "kept asking": one of these before a word in -ing is a repeat (unless praise follows: "keeps getting better"). */
  keeps: readonly string[];
  /** A wait counted from a point in time: "since Tuesday", "depuis la mise à jour" (`pointLeads`, then one of `points`, phrases). */
  pointLeads: readonly string[];
  points: readonly string[];
  /** What a customer expects done: negated, a failure ("doesn't work", "ne répond pas", "nobody picks up"). */
  services: readonly string[];
  /** Negators that stand as a clause's subject and reach the whole clause: "nobody at the store could help me" (one or two words). */
  absentSubjects: readonly string[];
  /** Negators that follow the verb in speech: "ça marche pas", "il répond plus". */
  negatorsAfter: readonly string[];
  /** "without" / "sans" before something owed: "3 weeks without my refund", "sans internet". */
  withouts: readonly string[];
  owed: readonly string[];
  /** A question (a sentence ending in "?") opening with one of these is a complaint; phrases, `*` as in the lexicon. */
  rhetorical: readonly string[];
  /** A question chasing what is owed is a complaint too: "will I ever see my refund?", "ma commande arrive quand ??". */
  possessives: readonly string[];
  chases: readonly string[];
  /** Praise that a complaint around it turns sarcastic: "great, another…", "génial, encore…", "… Bravo." */
  praise: readonly string[];
  /** Interjections a sarcastic clause opens with ("oh", "wow"); those with a score of their own are praise too. */
  interjections: readonly string[];
  /** Words that may stand between the praise and the end of its clause: "love it", "bravo à vous". */
  praiseTails: readonly string[];
  /** After praise, what opens the situation praised: "amazing how…", "nice to see…", "great job breaking…". */
  praiseLinks: readonly string[];
  /** Exclamatives: their praise is sarcastic in a complaint ("what amazing service", "quelle générosité"). */
  exclamatives: readonly string[];
  /** What nobody loves doing: after praise, sarcastic whatever surrounds it ("love waiting", "j'adore payer"). */
  chores: readonly string[];
}

interface WordSet {
  exact: Set<string>;
  prefixes: string[];
  /** Words already tried against the prefixes: most of a post's words are tried several times, and posts repeat words. */
  tried: Map<string, boolean>;
}

export interface CompiledComplaints {
  numbers: WordSet;
  articles: WordSet;
  waitLeads: WordSet;
  units: WordSet;
  unitAdjectives: WordSet;
  quickBefore: WordSet;
  quickAfter: Phrase[];
  ordinals: WordSet;
  times: WordSet;
  repeatLeads: WordSet;
  repeatTails: WordSet;
  repeats: Phrase[];
  keeps: WordSet;
  pointLeads: WordSet;
  points: Phrase[];
  services: WordSet;
  absentSubjects: WordSet;
  negatorsAfter: WordSet;
  withouts: WordSet;
  owed: WordSet;
  rhetorical: Phrase[];
  possessives: WordSet;
  chases: WordSet;
  praise: WordSet;
  interjections: WordSet;
  praiseTails: WordSet;
  praiseLinks: WordSet;
  exclamatives: WordSet;
  chores: WordSet;
  /** Every word a wait, a repeat or a missing thing can start with (besides digits): most words are none, and skip the rest. */
  starters: Set<string>;
}

/** A score the rules found, where it stands, and the index of its last token (a phrase spans several). */
export interface Valence {
  value: number;
  at: number;
  end: number;
}

// On the lexicon's scale (about -4..4): a wait or a repeat is a mild complaint, a failed service a clear one.
const WAIT = -1.5;
const REPEAT = -1.5;
export const FAILURE = -2.2;
const MISSING = -1.8;
const RHETORICAL = -1.8;
/** Scare quotes: the brand's own word quoted back at it ('my "express" order', '« livré »'). */
const SCARE = -1.5;
/** At most this many words between scare quotes: more is a citation. */
const SCARE_WORDS = 4;
/** How negative the rest of a post must be for praise in a sarcastic position to be read as sarcasm. */
const SARCASM_CONTEXT = -1.2;
/** How far "nobody" / "personne" reaches, in words, within its clause. */
const SUBJECT_REACH = 6;
const ORDINAL = /^\d+(?:st|nd|rd|th|e|er|re|eme|ieme|ème|ième)$/;
const DIGITS = /^\d+$/;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

function wordSet(words: readonly string[]): WordSet {
  const set: WordSet = { exact: new Set(), prefixes: [], tried: new Map() };
  for (const word of words) {
    if (word.endsWith('*')) set.prefixes.push(fold(word.slice(0, -1)));
    else set.exact.add(fold(word));
  }
  return set;
}

const MAX_TRIED = 20_000;

function has(set: WordSet, word: string): boolean {
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

export function compileComplaints(rules: ComplaintRules, elisions: RegExp | null): CompiledComplaints {
  const phrases = (list: readonly string[]) => list.map((text) => compilePhrase(text, 0, elisions)).filter((p) => p.words.length > 0);
  const compiled: CompiledComplaints = {
    numbers: wordSet(rules.numbers), articles: wordSet(rules.articles), waitLeads: wordSet(rules.waitLeads), units: wordSet(rules.units),
    unitAdjectives: wordSet(rules.unitAdjectives), quickBefore: wordSet(rules.quickBefore), quickAfter: phrases(rules.quickAfter),
    ordinals: wordSet(rules.ordinals), times: wordSet(rules.times), repeatLeads: wordSet(rules.repeatLeads),
    repeatTails: wordSet(rules.repeatTails), repeats: phrases(rules.repeats), keeps: wordSet(rules.keeps),
    pointLeads: wordSet(rules.pointLeads), points: phrases(rules.points), services: wordSet(rules.services),
    absentSubjects: wordSet(rules.absentSubjects), negatorsAfter: wordSet(rules.negatorsAfter), withouts: wordSet(rules.withouts),
    owed: wordSet(rules.owed), rhetorical: phrases(rules.rhetorical), possessives: wordSet(rules.possessives),
    chases: wordSet(rules.chases), praise: wordSet(rules.praise),
    interjections: wordSet(rules.interjections), praiseTails: wordSet(rules.praiseTails), praiseLinks: wordSet(rules.praiseLinks),
    exclamatives: wordSet(rules.exclamatives), chores: wordSet(rules.chores),
    starters: new Set([rules.units, rules.numbers, rules.articles, rules.ordinals, rules.withouts, rules.keeps, rules.pointLeads].flat().map(fold)),
  };
  for (const phrase of compiled.repeats) compiled.starters.add(phrase.words[0]);
  return compiled;
}

const isWord = (token: Token | undefined): token is Token => token !== undefined && token.kind === 'word';
/** Where a clause ends: a comma, a colon, a full stop, a question mark, "!" or a new line. */
const isClauseEnd = (token: Token | undefined): boolean => token === undefined || token.kind === 'break' || token.kind === 'bang';
const isSentenceEnd = (token: Token): boolean => token.kind === 'bang' || (token.kind === 'break' && /[.?;\n]/.test(token.norm));

/**
 * Whether the service word at `index` is said not to happen: a negator in `reach` words before it ("doesn't work",
 * "ne marchait pas"), one just after ("marche pas"), or "nobody" / "personne" as the clause's subject.
 */
export function isFailedService(tokens: Token[], index: number, rules: CompiledComplaints, negators: Set<string>, reach: number): boolean {
  if (!has(rules.services, tokens[index].norm)) return false;
  for (let k = 1; k <= SUBJECT_REACH; k++) {
    const before = tokens[index - k];
    if (isClauseEnd(before)) break;
    if (k <= reach && negators.has(before.norm)) return true;
    if (has(rules.absentSubjects, before.norm) || rules.absentSubjects.exact.has(`${tokens[index - k - 1]?.norm} ${before.norm}`)) return true;
  }
  for (let k = 1; k <= 2; k++) {
    const after = tokens[index + k];
    if (!isWord(after)) break;
    if (has(rules.negatorsAfter, after.norm)) return true;
  }
  return false;
}

/** Scores of the constructions, added to `valences`; praise in a sarcastic position, or in a rhetorical question, flipped. */
export function applyComplaintRules(tokens: Token[], valences: Valence[], rules: CompiledComplaints): void {
  const found: Valence[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind !== 'word' || !(rules.starters.has(token.norm) || isDigit(token.norm.charCodeAt(0)))) continue;
    const wait = waitAt(tokens, i, rules);
    if (wait >= 0) {
      found.push({ value: WAIT, at: i, end: wait });
      i = wait;
      continue;
    }
    const repeat = repeatAt(tokens, i, rules, valences);
    if (repeat >= 0) {
      found.push({ value: REPEAT, at: i, end: repeat });
      i = repeat;
      continue;
    }
    if (has(rules.withouts, token.norm) && isMissing(tokens, i, rules)) found.push({ value: MISSING, at: i, end: i });
  }
  scareQuotes(tokens, valences, found);
  flipSarcasm(tokens, valences, found, rules);
  valences.push(...found);
}

/**
 * Scare quotes: one to four words between double quotes, in a post that says more than the quote. When the quoted
 * words praise ('"express" delivery', '"careful handling"') or the rest of the post complains ('"out for delivery"
 * since Tuesday'), the quote mocks a claim: its praise is void and the quote is a complaint. A neutral quote (a
 * product's name in an announcement) is left alone.
 */
function scareQuotes(tokens: Token[], valences: Valence[], found: Valence[]): void {
  const spans: Array<[number, number]> = [];
  let open = -1;
  let words = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'quote') {
      if (open >= 0 && words >= 1 && words <= SCARE_WORDS) spans.push([open, i]);
      open = open >= 0 ? -1 : i;
      words = 0;
    } else if (open >= 0 && isSentenceEnd(token)) open = -1;
    else if (token.kind === 'word') words++;
  }
  if (spans.length === 0) return;
  const quoted = spans.reduce((n, [a, b]) => n + b - a - 1, 0);
  if (tokens.filter((t) => t.kind === 'word').length - quoted < 2) return;
  const inside = (v: Valence) => spans.some(([a, b]) => v.at > a && v.at < b);
  let complaint = 0;
  for (const v of [...valences, ...found]) if (v.value < 0 && !inside(v)) complaint += v.value;
  for (const [a, b] of spans) {
    const praise = valences.filter((v) => v.value > 0 && v.at > a && v.at < b);
    if (praise.length === 0 && complaint > SARCASM_CONTEXT) continue;
    for (const v of praise) v.value = 0;
    found.push({ value: SCARE, at: a, end: b });
  }
}

/** "without my refund", "sans internet": something owed in the three words after "without" at `i`. */
function isMissing(tokens: Token[], i: number, rules: CompiledComplaints): boolean {
  for (let k = 1; k <= 3 && isWord(tokens[i + k]); k++) if (has(rules.owed, tokens[i + k].norm)) return true;
  return false;
}

/** The index of a wait's last token when one starts at `i` ("3 weeks", "day 5", "third week", "since Tuesday"), or -1. */
function waitAt(tokens: Token[], i: number, rules: CompiledComplaints): number {
  const word = tokens[i].norm;
  if (has(rules.pointLeads, word)) {
    const point = startsPhrase(tokens, i + 1, rules.points);
    if (point >= 0) return point;
  }
  // "day 5", "jour 12": a count of days waited.
  if (has(rules.units, word) && isWord(tokens[i + 1]) && DIGITS.test(tokens[i + 1].norm) && !isWord(tokens[i - 1])) return i + 1;
  const isCount = DIGITS.test(word) || has(rules.numbers, word) || ORDINAL.test(word) || has(rules.ordinals, word)
    || (has(rules.articles, word) && isWord(tokens[i - 1]) && has(rules.waitLeads, tokens[i - 1].norm));
  if (!isCount) return -1;
  let unit = i + 1;
  if (isWord(tokens[unit]) && has(rules.unitAdjectives, tokens[unit].norm)) unit++;
  if (!isWord(tokens[unit]) || !has(rules.units, tokens[unit].norm)) return -1;
  for (let k = 1; k <= 3 && isWord(tokens[i - k]); k++) if (has(rules.quickBefore, tokens[i - k].norm)) return -1;
  if (startsPhrase(tokens, unit + 1, rules.quickAfter) >= 0) return -1;
  // "two weeks without a single issue" is praise; "two weeks without internet" a wait (and something missing).
  if (isWord(tokens[unit + 1]) && has(rules.withouts, tokens[unit + 1].norm) && !isMissing(tokens, unit + 1, rules)) return -1;
  return unit;
}

/** The index of a repeat's last token when one starts at `i` ("6 times", "for the fifth time", "à chaque fois"), or -1. */
function repeatAt(tokens: Token[], i: number, rules: CompiledComplaints, valences: Valence[]): number {
  const word = tokens[i].norm;
  const next = tokens[i + 1];
  if (has(rules.keeps, word) && isWord(next) && next.norm.endsWith('ing')) {
    return valences.some((v) => v.value > 0 && v.at > i && v.at <= i + 3) ? -1 : i + 1;
  }
  if (isWord(next) && has(rules.times, next.norm)) {
    if (ORDINAL.test(word) || has(rules.ordinals, word)) {
      const tail = tokens[i + 2];
      const isLed = [1, 2].some((k) => isWord(tokens[i - k]) && has(rules.repeatLeads, tokens[i - k].norm));
      if (isLed || isClauseEnd(tail) || has(rules.repeatTails, tail.norm)) return i + 1;
    }
    // "6 times", "trois fois", but not "3 times a day" nor "two times cheaper".
    if ((DIGITS.test(word) || has(rules.numbers, word)) && isClauseEnd(tokens[i + 2])) return i + 1;
  }
  return startsPhrase(tokens, i, rules.repeats);
}

/** The index of the last token of the first of `phrases` that starts at `i`, or -1. */
function startsPhrase(tokens: Token[], i: number, phrases: Phrase[]): number {
  const token = tokens[i];
  if (!isWord(token)) return -1;
  for (const phrase of phrases) {
    if (phrase.words[0] !== token.norm) continue;
    const end = matchPhraseFrom(tokens, i + 1, phrase, 1);
    if (end >= 0) return end;
  }
  return -1;
}

/**
 * Praise reads as sarcasm when the rest of the post complains and the praise stands where sarcasm does: alone in
 * its clause ("Great, another delay", "… Bravo."), opening with an interjection ("wow 3 hours on hold"), after an
 * exclamative ("what amazing service"), or before what it praises ("amazing how you lose…"); before a chore
 * ("love waiting") it is sarcasm anyway. Anything positive in a rhetorical question is irony ("is this the quality
 * you are proud of?"), and the question itself is a complaint.
 */
function flipSarcasm(tokens: Token[], valences: Valence[], found: Valence[], rules: CompiledComplaints): void {
  for (const question of rhetoricalQuestions(tokens, rules)) {
    found.push({ value: RHETORICAL, at: question.start, end: question.start });
    for (const v of valences) if (v.value > 0 && v.at >= question.start && v.at <= question.end) v.value = -v.value;
  }
  let complaint = 0;
  for (const v of valences) if (v.value < 0) complaint += v.value;
  for (const v of found) complaint += v.value;
  for (const v of valences) {
    if (v.value <= 0) continue;
    const praise = tokens[v.at];
    const isPraise = has(rules.praise, praise.norm) || has(rules.interjections, praise.norm);
    const after = tokens[v.end + 1];
    if (isPraise && isWord(after) && has(rules.chores, after.norm)) {
      v.value = -v.value;
      continue;
    }
    if (complaint > SARCASM_CONTEXT) continue;
    // "great job breaking…": praise of something the words after it call bad.
    const praisesHarm = isPraise && valences.some((w) => w.at === v.end + 1 && w.value < 0);
    if (praisesHarm || (isPraise ? isSarcasticPraise(tokens, v, rules) : isAfterExclamative(tokens, v.at, rules))) v.value = -v.value;
  }
}

function isSarcasticPraise(tokens: Token[], v: Valence, rules: CompiledComplaints): boolean {
  if (isAfterExclamative(tokens, v.at, rules)) return true;
  let start = v.at - 1;
  const word = tokens[v.at].norm;
  while (isWord(tokens[start]) && (has(rules.interjections, tokens[start].norm) || tokens[start].norm === word)) start--; // "cool cool cool, …"
  const opensClause = isClauseEnd(tokens[start]);
  if (opensClause && has(rules.interjections, tokens[v.at].norm)) return true;
  let end = v.end + 1;
  while (isWord(tokens[end]) && tokens[end].norm === word) end++;
  if (isWord(tokens[end]) && has(rules.praiseTails, tokens[end].norm)) end++;
  if (opensClause && isClauseEnd(tokens[end])) return true;
  const link = tokens[v.end + 1];
  return isWord(link) && has(rules.praiseLinks, link.norm);
}

function isAfterExclamative(tokens: Token[], at: number, rules: CompiledComplaints): boolean {
  for (let k = 1; k <= 2; k++) {
    const before = tokens[at - k];
    if (!isWord(before)) return false;
    if (has(rules.exclamatives, before.norm)) return true;
  }
  return false;
}

/**
 * Sentences ending in "?" that open (in their first three words) with a rhetorical opener, or that chase something
 * owed ("my refund", "ma commande") with "still", "ever", "toujours" or with "??".
 */
function rhetoricalQuestions(tokens: Token[], rules: CompiledComplaints): Array<{ start: number; end: number }> {
  const questions: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const token = tokens[i];
    if (token !== undefined && !isSentenceEnd(token)) continue;
    if (token?.norm.includes('?') && (opensRhetorically(tokens, start, i, rules) || chasesOwed(tokens, start, i, token.norm.length > 1, rules))) {
      questions.push({ start, end: i });
    }
    start = i + 1;
  }
  return questions;
}

function opensRhetorically(tokens: Token[], start: number, end: number, rules: CompiledComplaints): boolean {
  let words = 0;
  for (let i = start; i < end && words < 3; i++) {
    if (tokens[i].kind !== 'word') continue;
    words++;
    if (startsPhrase(tokens, i, rules.rhetorical) >= 0) return true;
  }
  return false;
}

function chasesOwed(tokens: Token[], start: number, end: number, isInsistent: boolean, rules: CompiledComplaints): boolean {
  let isOwed = false;
  let isChased = isInsistent;
  for (let i = start; i < end; i++) {
    const word = tokens[i].norm;
    if (has(rules.chases, word)) isChased = true;
    else if (has(rules.owed, word) && i > start && has(rules.possessives, tokens[i - 1].norm)) isOwed = true;
  }
  return isOwed && isChased;
}

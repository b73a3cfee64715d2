// Complaint constructions a word lexicon cannot see: waits, repeats, failed services, missing things; then the irony
// rules (irony.ts: scare quotes, sarcasm, rhetorical questions) over what they and the lexicon found.
import { fold, type Phrase, type Token } from './lexicon';
import { compileFacts, findFacts, type CompiledFacts, type FactRules } from './facts';
import { flipSarcasm, scareQuotes } from './irony';
import { compileResolutions, dropNotice, dropResolved, type CompiledResolutions, type ResolutionRules } from './resolutions';
import {
  has, isClauseEnd, isDigit, isWord, MISSING, negatesStop, NUMBER, NUMBER_SOURCE, numberValue, ORDINAL, phraseList, REPEAT, startsPhrase, wordSet, type WordSet,
} from './word-sets';

/** What a language file declares for the constructions. Words are matched folded; a trailing `*` takes any ending. */
export interface ComplaintRules {
  /** Number words a wait or a repeat may start with ("two", "deux"); digits always count. */
  numbers: readonly string[];
  /** "a", "un": a number only after a word that leads a wait ("for an hour", "ça fait une heure"), not in "what a day". */
  articles: readonly string[];
  waitLeads: readonly string[];
  /** After a duration, what makes it waited ("3 weeks and still nothing", "3 semaines que j'attends"). */
  waitTails: readonly string[];
  /** Units of a wait: "3 weeks", "deux mois". Not years: "5 years and still like new" is praise. */
  units: readonly string[];
  /** Those of minutes: fewer than 15 of them is no wait ("took 10 min to explain it to me"). */
  minutes: readonly string[];
  /** Units written onto the number, "3h", "45min" (not French "h": "21h" is a time of day there). */
  compactUnits: readonly string[];
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
  /** Openers that make a complaint of a post's last sentence even without its "?": "is anyone actually working there". */
  bareRhetorical: readonly string[];
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
  /**
   * What a brand does to put a trouble right (refund, recall, rappel…): praised through one of `remedyLinks` ("great job
   * on the recall", "merci pour le remboursement"), it is no complaint, and the praise no sarcasm.
   */
  remedies: readonly string[];
  remedyLinks: readonly string[];
  /** What nobody loves doing: after praise, sarcastic whatever surrounds it ("love waiting", "j'adore payer"). */
  chores: readonly string[];
  /** Complaints told as facts (facts.ts): price rises, hidden fees, the nth email, "don't buy", "no reply". */
  facts: FactRules;
  /** Trouble told as resolved (resolutions.ts): "refunded the cancelled gig", "panne réparée en 1h". */
  resolutions: ResolutionRules;
}


export interface CompiledComplaints {
  numbers: WordSet;
  articles: WordSet;
  waitLeads: WordSet;
  waitTails: WordSet;
  units: WordSet;
  minutes: WordSet;
  /** "3h", "45min": a count and its unit in one word (digits, then one of `compactUnits`); null when none. */
  compactDuration: RegExp | null;
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
  bareRhetorical: Phrase[];
  possessives: WordSet;
  chases: WordSet;
  praise: WordSet;
  interjections: WordSet;
  praiseTails: WordSet;
  praiseLinks: WordSet;
  exclamatives: WordSet;
  chores: WordSet;
  remedies: WordSet;
  remedyLinks: WordSet;
  facts: CompiledFacts;
  resolutions: CompiledResolutions;
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
export const FAILURE = -2.2;
/** How far "nobody" / "personne" reaches, in words, within its clause. */
const SUBJECT_REACH = 6;
/** Fewer minutes than this are no wait. */
const SHORT_MINUTES = 15;

export function compileComplaints(rules: ComplaintRules, elisions: RegExp | null): CompiledComplaints {
  const phrases = (list: readonly string[]) => phraseList(list, elisions);
  const compiled: CompiledComplaints = {
    numbers: wordSet(rules.numbers), articles: wordSet(rules.articles), waitLeads: wordSet(rules.waitLeads), waitTails: wordSet(rules.waitTails), units: wordSet(rules.units),
    minutes: wordSet(rules.minutes),
    compactDuration: rules.compactUnits.length ? new RegExp(`^(${NUMBER_SOURCE})(${rules.compactUnits.join('|')})$`) : null,
    unitAdjectives: wordSet(rules.unitAdjectives), quickBefore: wordSet(rules.quickBefore),
    quickAfter: phrases(rules.quickAfter),
    ordinals: wordSet(rules.ordinals), times: wordSet(rules.times), repeatLeads: wordSet(rules.repeatLeads),
    repeatTails: wordSet(rules.repeatTails), repeats: phrases(rules.repeats), keeps: wordSet(rules.keeps),
    pointLeads: wordSet(rules.pointLeads), points: phrases(rules.points), services: wordSet(rules.services),
    absentSubjects: wordSet(rules.absentSubjects), negatorsAfter: wordSet(rules.negatorsAfter), withouts: wordSet(rules.withouts),
    owed: wordSet(rules.owed), rhetorical: phrases(rules.rhetorical),
    bareRhetorical: phrases(rules.bareRhetorical), possessives: wordSet(rules.possessives),
    chases: wordSet(rules.chases), praise: wordSet(rules.praise),
    interjections: wordSet(rules.interjections), praiseTails: wordSet(rules.praiseTails), praiseLinks: wordSet(rules.praiseLinks),
    exclamatives: wordSet(rules.exclamatives), chores: wordSet(rules.chores), remedies: wordSet(rules.remedies), remedyLinks: wordSet(rules.remedyLinks),
    facts: compileFacts(rules.facts, rules.ordinals, elisions), resolutions: compileResolutions(rules.resolutions, elisions),
    starters: new Set([rules.units, rules.numbers, rules.articles, rules.ordinals, rules.withouts, rules.keeps, rules.pointLeads].flat().map(fold)),
  };
  for (const phrase of compiled.repeats) compiled.starters.add(phrase.words[0]);
  return compiled;
}

/**
 * Whether the service word at `index` is said not to happen: a negator in `reach` words before it ("doesn't work",
 * "ne marchait pas"), one just after ("marche pas"), or "nobody" / "personne" as the clause's subject. A negation
 * does not reach past `stops` ("n'hésitez pas à passer").
 */
export function isFailedService(tokens: Token[], index: number, rules: CompiledComplaints, negators: Set<string>, stops: Set<string>, reach: number): boolean {
  if (!has(rules.services, tokens[index].norm)) return false;
  for (let k = 1; k <= SUBJECT_REACH; k++) {
    const before = tokens[index - k];
    if (isClauseEnd(before) || stops.has(before.norm)) break;
    if (k <= reach && negators.has(before.norm)) return !negatesStop(tokens, index - k, stops);
    if (has(rules.absentSubjects, before.norm) || rules.absentSubjects.exact.has(`${tokens[index - k - 1]?.norm} ${before.norm}`)) return true;
  }
  for (let k = 1; k <= 2; k++) {
    const after = tokens[index + k];
    if (!isWord(after)) break;
    if (has(rules.negatorsAfter, after.norm)) return true;
  }
  return false;
}

/**
 * Scores of the constructions, added to `valences`; praise in a sarcastic position, or in a rhetorical question, flipped.
 * `negators` are the lexicon's: a negated price rise or fee is none. `absences` are where a bad word stands negated
 * ("no problems", "pas une seule coupure"): its clause tells of trouble that did not come.
 */
export function applyComplaintRules(tokens: Token[], valences: Valence[], rules: CompiledComplaints, negators: Set<string>, absences: number[]): void {
  dropResolved(tokens, valences, rules.resolutions, negators, FAILURE);
  const found: Valence[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind !== 'word' || !(rules.starters.has(token.norm) || isDigit(token.norm.charCodeAt(0)))) continue;
    const wait = waitAt(tokens, i, rules);
    if (wait >= 0) {
      // "pas une seule coupure depuis 6 mois", "zero problems in 2 years": the time is how long the trouble stayed away.
      if (!absences.some((at) => inClause(tokens, at, i))) found.push({ value: WAIT, at: i, end: wait });
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
  findFacts(tokens, valences, found, rules.facts, rules.ordinals, rules.owed, negators);
  scareQuotes(tokens, valences, found);
  flipSarcasm(tokens, valences, found, rules);
  // A notice's words inform; what the constructions found ("still no power", a wait) still complains.
  dropNotice(tokens, valences, rules.resolutions, FAILURE);
  valences.push(...found);
}

/** Whether nothing ends a clause between tokens `a` and `b`. */
function inClause(tokens: Token[], a: number, b: number): boolean {
  for (let k = Math.min(a, b) + 1; k < Math.max(a, b); k++) if (isClauseEnd(tokens[k])) return false;
  return true;
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
  if (has(rules.units, word) && isWord(tokens[i + 1]) && NUMBER.test(tokens[i + 1].norm) && !isWord(tokens[i - 1])) return i + 1;
  // "3h", "45min": the count and its unit in one word.
  const compact = rules.compactDuration?.exec(word) ?? null;
  const isCount = compact !== null || NUMBER.test(word) || has(rules.numbers, word) || ORDINAL.test(word) || has(rules.ordinals, word)
    || (has(rules.articles, word) && isWord(tokens[i - 1]) && has(rules.waitLeads, tokens[i - 1].norm));
  if (!isCount) return -1;
  let unit = i;
  if (!compact) {
    unit = i + 1;
    if (isWord(tokens[unit]) && has(rules.unitAdjectives, tokens[unit].norm)) unit++;
    if (!isWord(tokens[unit]) || !has(rules.units, tokens[unit].norm)) return -1;
  }
  for (let k = 1; k <= 3 && isWord(tokens[i - k]); k++) if (has(rules.quickBefore, tokens[i - k].norm)) return -1;
  if (startsPhrase(tokens, unit + 1, rules.quickAfter) >= 0) return -1;
  // "two weeks without a single issue" is praise; "two weeks without internet" a wait (and something missing).
  if (isWord(tokens[unit + 1]) && has(rules.withouts, tokens[unit + 1].norm) && !isMissing(tokens, unit + 1, rules)) return -1;
  const inMinutes = compact ? has(rules.minutes, compact[2]) : has(rules.minutes, tokens[unit].norm);
  const count = numberValue(compact?.[1] ?? word);
  if (inMinutes && count < SHORT_MINUTES) return -1;
  // A duration alone is information ("open 24 hours", "refund in 3-5 working days", "rdv de 30 minutes"): it is a wait
  // when something says it was waited, before it ("for 3 weeks", "depuis 3 jours") or right after ("and still…").
  const led = [1, 2, 3].some((k) => isWord(tokens[i - k]) && has(rules.waitLeads, tokens[i - k].norm));
  if (!led && !(isWord(tokens[unit + 1]) && has(rules.waitTails, tokens[unit + 1].norm))) return -1;
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
    if ((NUMBER.test(word) || has(rules.numbers, word)) && isClauseEnd(tokens[i + 2])) return i + 1;
  }
  return startsPhrase(tokens, i, rules.repeats);
}


// Complaints told as facts alone (round six): a price that rose, a fee nobody announced, the nth attempt at a contact,
// advice not to buy, something owed that is not there ("no reply", "aucune réponse"). Words per language in
// lexicon.*.ts (`complaints.facts`); complaints.ts runs these with its other constructions.
import { fold, type Phrase, type Token } from './lexicon';
import type { Valence } from './complaints';
import { has, isClauseEnd, isDigit, isWord, MISSING, NUMBER, numberValue, ORDINAL, phraseList, REPEAT, startsPhrase, wordSet, type WordSet } from './word-sets';

/** What a language file declares for the facts. Words are matched folded; a trailing `*` takes any ending. */
export interface FactRules {
  /** What a customer pays: "price", "premium", "bill" / "prix", "abonnement", "facture". */
  prices: readonly string[];
  /** Said on either side of a price, it rose: "raised the price", "premium doubled" / "facture a triplé", "hausse du prix". */
  rises: readonly string[];
  /** …only after it, and then before the clause's end, "again", "by", "every" or a number: "price up again" (not "up to 50 % off"). */
  risesAfter: readonly string[];
  /**
   * A change after a price, a rise when its second number is the higher: "went from 85 to 240" / "passé de 12 à 29"; the
   * verb is needed ("prices from 10 to 20" is a range, not a change).
   */
  rangeVerbs: readonly string[];
  rangeFrom: readonly string[];
  rangeTo: readonly string[];
  /** Fees, and what makes one a complaint beside it: "hidden fee", "extra charge" / "frais cachés". */
  fees: readonly string[];
  feeMarks: readonly string[];
  /** Between an amount and a fee ("£32 in fees", "28 € de frais"): a fee of that much, steep beside the price after it. */
  feeLinks: readonly string[];
  /** Attempts at a contact: after an ordinal ("4th email", "3e relance"), a repeat. */
  contacts: readonly string[];
  /** Phrases that make an ordinal's noun a run: "3rd quarter in a row", "3e mois de suite". */
  rows: readonly string[];
  /** Verbs of buying and using: negated in the imperative, advice against ("don't buy", "ne prenez pas"). */
  dissuasions: readonly string[];
  /** The negators of that imperative, right before the verb (or before a pronoun before it: "ne les prenez pas"). */
  imperativeNegators: readonly string[];
  clitics: readonly string[];
  /** English "don't buy" is advice only at the head of its clause ("I don't buy much" is not); French "-ez" is always. */
  imperativeOpensClause: boolean;
  /** Phrases saying none came: before something owed, it is missing ("no reply", "zero updates", "aucune info"). */
  nones: readonly string[];
}

export interface CompiledFacts {
  prices: WordSet;
  rises: WordSet;
  risesAfter: WordSet;
  rangeVerbs: WordSet;
  rangeFrom: WordSet;
  rangeTo: WordSet;
  fees: WordSet;
  feeMarks: WordSet;
  feeLinks: WordSet;
  contacts: WordSet;
  rows: Phrase[];
  dissuasions: WordSet;
  imperativeNegators: WordSet;
  clitics: WordSet;
  imperativeOpensClause: boolean;
  nones: Phrase[];
  /** Every word a fact can start with, besides ordinals in digits: most words are none, and skip the rest. */
  starters: Set<string>;
}

// On the lexicon's scale: a price rise or an unannounced fee is a clear complaint, advice against buying a strong one.
const PRICE_RISE = -1.8;
const HIDDEN_FEE = -2;
const DISSUASION = -2.5;
/** A fee this share of the price after it is steep; the price stands within STEEP_REACH words of the fee. */
const STEEP = 0.2;
const STEEP_REACH = 7;
/** How far apart a price and its rise, a fee and its mark may stand, in words. */
const REACH = 3;
/** "x2", "x3": a bill multiplied; before a price, "3x the price". */
const MULTIPLIED = /^x\d+$/;
const MULTIPLE = /^\d+x$/;

export function compileFacts(rules: FactRules, ordinals: readonly string[], elisions: RegExp | null): CompiledFacts {
  const phrases = (list: readonly string[]) => phraseList(list, elisions);
  const nones = phrases(rules.nones);
  const starters = new Set([rules.prices, rules.fees, rules.dissuasions, ordinals].flat().map(fold));
  for (const phrase of nones) starters.add(phrase.words[0]);
  return {
    prices: wordSet(rules.prices), rises: wordSet(rules.rises), risesAfter: wordSet(rules.risesAfter), fees: wordSet(rules.fees),
    rangeVerbs: wordSet(rules.rangeVerbs), rangeFrom: wordSet(rules.rangeFrom), rangeTo: wordSet(rules.rangeTo),
    feeMarks: wordSet(rules.feeMarks), feeLinks: wordSet(rules.feeLinks), contacts: wordSet(rules.contacts), rows: phrases(rules.rows),
    dissuasions: wordSet(rules.dissuasions), imperativeNegators: wordSet(rules.imperativeNegators), clitics: wordSet(rules.clitics),
    imperativeOpensClause: rules.imperativeOpensClause, nones, starters,
  };
}

/**
 * The facts found in `tokens`, added to `found`. `ordinals` are the language's ordinal words ("third", "troisième"),
 * `owed` what a customer is owed (complaints.ts), `negators` the lexicon's: a negated rise or fee is none.
 */
export function findFacts(
  tokens: Token[], valences: Valence[], found: Valence[], facts: CompiledFacts, ordinals: WordSet, owed: WordSet, negators: Set<string>,
): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind !== 'word' || !(facts.starters.has(token.norm) || isDigit(token.norm.charCodeAt(0)))) continue;
    const word = token.norm;
    if (has(facts.prices, word) && isPriceRise(tokens, i, facts, negators)) found.push({ value: PRICE_RISE, at: i, end: i });
    else if (has(facts.fees, word) && (isHiddenFee(tokens, i, facts, negators) || isSteepFee(tokens, i, facts))) found.push({ value: HIDDEN_FEE, at: i, end: i });
    else if (isRepeatedOrdinal(tokens, i, facts, ordinals)) found.push({ value: REPEAT, at: i, end: i + 1 });
    else if (has(facts.dissuasions, word) && isDissuasion(tokens, i, facts)) found.push({ value: DISSUASION, at: i, end: i });
    else {
      const none = startsPhrase(tokens, i, facts.nones);
      if (none >= 0 && isOwedMissing(tokens, none, owed, valences)) {
        found.push({ value: MISSING, at: i, end: none });
        i = none;
      }
    }
  }
}

/** Words of the same clause within `REACH` of `i`, nearest first, on one side. */
function* near(tokens: Token[], i: number, step: 1 | -1): Generator<number> {
  for (let k = 1; k <= REACH; k++) {
    const at = i + step * k;
    if (isClauseEnd(tokens[at])) return;
    if (tokens[at].kind === 'word') yield at;
  }
}

const isNegated = (tokens: Token[], i: number, negators: Set<string>): boolean => {
  for (const at of near(tokens, i, -1)) if (negators.has(tokens[at].norm)) return true;
  return false;
};

/** "raises the price", "price up again", "doubled my premium", "3 price rises", "facture x2": not "no price rise". */
function isPriceRise(tokens: Token[], i: number, facts: CompiledFacts, negators: Set<string>): boolean {
  if (isNegated(tokens, i, negators)) return false;
  for (const at of near(tokens, i, 1)) {
    const word = tokens[at].norm;
    if (has(facts.rises, word) || MULTIPLIED.test(word)) return !isNegated(tokens, at, negators);
    if (has(facts.risesAfter, word)) return isRiseEnd(tokens[at + 1]) && !isNegated(tokens, at, negators);
    if (has(facts.rangeFrom, word) && isRisingRange(tokens, at, facts)) return true;
  }
  for (const at of near(tokens, i, -1)) {
    if (has(facts.rises, tokens[at].norm)) return !isNegated(tokens, at, negators);
    if (MULTIPLE.test(tokens[at].norm)) return true; // "at 3x the price"
  }
  return false;
}

/** "went from 85 to 240", "passé de 12 à 29" with "from" at `at` (folded: "à" is "a"): a change to a higher number. */
function isRisingRange(tokens: Token[], at: number, facts: CompiledFacts): boolean {
  if (!isWord(tokens[at - 1]) || !has(facts.rangeVerbs, tokens[at - 1].norm)) return false;
  const low = amount(tokens[at + 1]);
  const high = amount(tokens[at + 3]);
  return low !== null && high !== null && isWord(tokens[at + 2]) && has(facts.rangeTo, tokens[at + 2].norm) && high > low;
}

/** A word's amount, "85", "12,50", "1.20" (currency signs are not words); null for any other word. */
function amount(token: Token | undefined): number | null {
  return isWord(token) && NUMBER.test(token.norm) ? numberValue(token.norm) : null;
}

/** After "up" or "doublé" ("up again", "up 40 %", "a doublé en un an"), not "up to 50 % off", "up and running"; folded ("à" is "a"). */
const RISE_ENDS = new Set(['again', 'by', 'every', 'each', 'another', 'encore', 'chaque', 'de', 'et', 'en', 'depuis', 'a']);
const isRiseEnd = (token: Token | undefined): boolean => isClauseEnd(token) || RISE_ENDS.has(token!.norm) || /^\d/.test(token!.norm);

/** 'hidden "resort fee"', "extra charges", "frais cachés": not "no extra charge". */
function isHiddenFee(tokens: Token[], i: number, facts: CompiledFacts, negators: Set<string>): boolean {
  for (const step of [-1, 1] as const) {
    for (const at of near(tokens, i, step)) {
      if (!has(facts.feeMarks, tokens[at].norm)) continue;
      return !isNegated(tokens, Math.min(i, at), negators);
    }
  }
  return false;
}

/**
 * "£32 in fees on a £40 ticket", "28 € de frais sur une place à 45 €": a fee stated as an amount, at least STEEP of the
 * price that follows it in its clause.
 */
function isSteepFee(tokens: Token[], i: number, facts: CompiledFacts): boolean {
  const linked = isWord(tokens[i - 1]) && has(facts.feeLinks, tokens[i - 1].norm);
  const fee = amount(tokens[linked ? i - 2 : i - 1]);
  if (fee === null) return false;
  for (let k = i + 1; k <= i + STEEP_REACH && !isClauseEnd(tokens[k]); k++) {
    const price = amount(tokens[k]);
    if (price !== null) return price > 0 && fee / price >= STEEP;
  }
  return false;
}

/** "4th email", "3e relance", "3rd quarter in a row", "3e mois de suite": the nth of something, not the first. */
function isRepeatedOrdinal(tokens: Token[], i: number, facts: CompiledFacts, ordinals: WordSet): boolean {
  const word = tokens[i].norm;
  const digits = ORDINAL.exec(word);
  if (digits ? Number(digits[1]) < 2 : !has(ordinals, word)) return false;
  const next = tokens[i + 1];
  if (!isWord(next)) return false;
  return has(facts.contacts, next.norm) || startsPhrase(tokens, i + 2, facts.rows) >= 0;
}

/** "don't buy", "never book", "ne prenez pas", "ne les achetez pas": a negated imperative of buying or using. */
function isDissuasion(tokens: Token[], i: number, facts: CompiledFacts): boolean {
  let before = i - 1;
  if (isWord(tokens[before]) && has(facts.clitics, tokens[before].norm)) before--;
  const negator = tokens[before];
  if (!isWord(negator)) return false;
  // "do not buy": the negator is two words.
  const head = negator.norm === 'not' && tokens[before - 1]?.norm === 'do' ? before - 1 : before;
  if (!has(facts.imperativeNegators, negator.norm) && head === before) return false;
  return !facts.imperativeOpensClause || isClauseEnd(tokens[head - 1]);
}

/** "no reply", "zero updates", "aucune info": something owed in the two words after, unless trouble follows it ("no power cut"). */
function isOwedMissing(tokens: Token[], end: number, owed: WordSet, valences: Valence[]): boolean {
  for (let k = 1; k <= 2 && isWord(tokens[end + k]); k++) {
    if (!has(owed, tokens[end + k].norm)) continue;
    const after = end + k + 1;
    return !valences.some((v) => v.at === after && v.value < 0);
  }
  return false;
}

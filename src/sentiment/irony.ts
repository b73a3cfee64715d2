// Irony a word lexicon reads the wrong way round: scare quotes around the brand's own claims ('my "express" order'),
// praise the complaint around it turns sarcastic ("great, another delay"), and rhetorical questions ("how is this
// still on sale?"), which are complaints whatever words they hold.
import type { Phrase, Token } from './lexicon';
import type { CompiledComplaints, Valence } from './complaints';
import { has, isClauseEnd, isSentenceEnd, isWord, startsPhrase } from './word-sets';

const RHETORICAL = -1.8;
/** Scare quotes: the brand's own word quoted back at it ('my "express" order', '« livré »'). */
const SCARE = -1.5;
/** At most this many words between scare quotes: more is a citation. */
const SCARE_WORDS = 4;
/** How negative the rest of a post must be for praise in a sarcastic position to be read as sarcasm. */
const SARCASM_CONTEXT = -1.2;

/**
 * Scare quotes: one to four words between double quotes, in a post that says more than the quote. When the quoted
 * words praise ('"express" delivery', '"careful handling"') or the rest of the post complains ('"out for delivery"
 * since Tuesday'), the quote mocks a claim: its praise is void and the quote is a complaint. A neutral quote (a
 * product's name in an announcement) is left alone.
 */
export function scareQuotes(tokens: Token[], valences: Valence[], found: Valence[]): void {
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

/**
 * Praise reads as sarcasm when the rest of the post complains and the praise stands where sarcasm does: alone in
 * its clause ("Great, another delay", "… Bravo."), opening with an interjection ("wow 3 hours on hold"), after an
 * exclamative ("what amazing service"), or before what it praises ("amazing how you lose…"); before a chore
 * ("love waiting") it is sarcasm anyway. Anything positive in a rhetorical question is irony ("is this the quality
 * you are proud of?"), and the question itself is a complaint.
 */
export function flipSarcasm(tokens: Token[], valences: Valence[], found: Valence[], rules: CompiledComplaints): void {
  spareRemedies(tokens, valences, rules);
  for (const question of rhetoricalQuestions(tokens, rules)) {
    const inside = valences.filter((v) => v.value > 0 && v.at >= question.start && v.at <= question.end);
    // Without its "?", praise inside says it was no complaint: "is anyone else obsessed with the new menu".
    if (question.bare && inside.length > 0) continue;
    found.push({ value: RHETORICAL, at: question.start, end: question.start });
    for (const v of inside) v.value = -v.value;
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

/** How many words after the link a praised remedy may stand: "thanks for the very quick refund". */
const REMEDY_REACH = 3;

/** "great job on the recall", "merci pour le remboursement": the remedy praised loses its bad score. */
function spareRemedies(tokens: Token[], valences: Valence[], rules: CompiledComplaints): void {
  const isLink = (token: Token | undefined) => isWord(token) && has(rules.remedyLinks, token.norm);
  for (const v of valences) {
    if (v.value <= 0) continue;
    // the praise may end with its link: the phrase "merci pour"
    const link = isLink(tokens[v.end]) ? v.end : isLink(tokens[v.end + 1]) ? v.end + 1 : -1;
    if (link < 0) continue;
    for (let k = link + 1; k <= link + REMEDY_REACH && isWord(tokens[k]); k++) {
      if (!has(rules.remedies, tokens[k].norm)) continue;
      for (const w of valences) if (w.at === k && w.value < 0) w.value = 0;
      break;
    }
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
 * Sentences ending in "?" that open (in their first three words) with a rhetorical opener, that end in a short clause
 * opening with one ("… en plein centre, c'est normal ?", "… 3 weeks later, seriously?"), or that chase something owed
 * ("my refund", "ma commande") with "still", "ever", "toujours" or with "??".
 */
function rhetoricalQuestions(tokens: Token[], rules: CompiledComplaints): Array<{ start: number; end: number; bare?: boolean }> {
  const questions: Array<{ start: number; end: number; bare?: boolean }> = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const token = tokens[i];
    if (token !== undefined && !isSentenceEnd(token)) continue;
    const isQuestion = token?.norm.includes('?');
    if (isQuestion && (opensRhetorically(tokens, start, i, rules.rhetorical) || endsRhetorically(tokens, start, i, rules.rhetorical) || chasesOwed(tokens, start, i, token!.norm.length > 1, rules))) {
      questions.push({ start, end: i });
    } else if (token === undefined && opensRhetorically(tokens, start, i, rules.bareRhetorical, 1)) {
      questions.push({ start, end: i, bare: true }); // posts drop the last "?"
    }
    start = i + 1;
  }
  return questions;
}

function opensRhetorically(tokens: Token[], start: number, end: number, openers: Phrase[], reach = 3): boolean {
  let words = 0;
  for (let i = start; i < end && words < reach; i++) {
    if (tokens[i].kind !== 'word') continue;
    words++;
    if (startsPhrase(tokens, i, openers) >= 0) return true;
  }
  return false;
}

/** A tag question: at most this many words in the question's last clause, after a comma. */
const TAG_WORDS = 4;

function endsRhetorically(tokens: Token[], start: number, end: number, openers: Phrase[]): boolean {
  let clause = end - 1;
  while (clause >= start && !isClauseEnd(tokens[clause])) clause--;
  if (clause < start) return false;
  const words = tokens.slice(clause + 1, end).filter(isWord).length;
  return words > 0 && words <= TAG_WORDS && opensRhetorically(tokens, clause + 1, end, openers, 1);
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

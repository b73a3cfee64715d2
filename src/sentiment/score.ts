// Sentiment of a mention that came without one: VADER's rules (negation, boosters, capitals, "but", "!") over each
// language's lexicon, with phrases and the organization's own terms first, then the complaint constructions (complaints.ts).
import { compileLexicon, matchPhraseFrom, tokenize, withOrganizationTerms, type CompiledLexicon, type OrganizationTerm, type Phrase, type Terms, type Token } from './lexicon';
import { applyComplaintRules, compileComplaints, FAILURE, isFailedService, type CompiledComplaints, type Valence } from './complaints';
import { has, negatesStop } from './word-sets';
import { EN_RULES } from './lexicon.en';
import { FR_RULES } from './lexicon.fr';
import { DEFAULT_LANGUAGES } from './language';

/** Languages whose sentiment we compute; a mention in another is stored neutral and marked UNSCORED. */
export const SCORED_LANGUAGES = ['en', 'fr'] as const;
export type ScoredLanguage = (typeof SCORED_LANGUAGES)[number];

export const isScoredLanguage = (language: string | null): language is ScoredLanguage => (SCORED_LANGUAGES as readonly string[]).includes(language ?? '');

// VADER's constants (Hutto & Gilbert 2014): a booster adds 0.293, capitals 0.733, a negation multiplies by -0.74,
// each "!" adds 0.292 (four at most), and the sum s maps to s / sqrt(s² + 15).
const BOOST = 0.293;
const CAPS = 0.733;
const NEGATION = -0.74;
const BANG = 0.292;
const ALPHA = 15;
/** What a negation reaches back over: "not very good" (EN), "ne l'est vraiment pas du tout" (FR). */
const NEGATION_REACH: Record<ScoredLanguage, number> = { en: 3, fr: 4 };
/** Below this, a text is neutral (VADER's own threshold): stored 0, so counted neither negative nor positive. */
const NEUTRAL = 0.05;
/**
 * Negative words weigh this much more than positive ones: a post about a brand that mixes both is most often a
 * complaint ("wow 3 hours on hold, what amazing service"), praise rarely carries a negative word.
 */
const NEGATIVITY = 1.4;

const BUILT_IN: Record<ScoredLanguage, CompiledLexicon> = { en: compileLexicon('en', EN_RULES), fr: compileLexicon('fr', FR_RULES) };
/** The complaint constructions are built in only: an organization's terms are words and phrases. */
const COMPLAINTS: Record<ScoredLanguage, CompiledComplaints> = {
  en: compileComplaints(EN_RULES.complaints, EN_RULES.elisions),
  fr: compileComplaints(FR_RULES.complaints, FR_RULES.elisions),
};

/** What the scorer and the guesser need of an organization: read once per ingest batch. */
export interface SentimentContext {
  /** The organization's declared languages, first the primary one. */
  languages: readonly string[];
  lexicons: Readonly<Record<ScoredLanguage, CompiledLexicon>>;
}

export const BUILT_IN_CONTEXT: SentimentContext = { languages: DEFAULT_LANGUAGES, lexicons: BUILT_IN };

export function sentimentContext(languages: readonly string[], terms: readonly OrganizationTerm[]): SentimentContext {
  if (terms.length === 0) return { languages, lexicons: BUILT_IN };
  const lexicons = { ...BUILT_IN };
  for (const language of SCORED_LANGUAGES) lexicons[language] = withOrganizationTerms(BUILT_IN[language], terms.filter((t) => t.language === language));
  return { languages, lexicons };
}

export interface SentimentScore {
  /** In [-1, 1]; 0 is neutral. */
  sentiment: number;
  scored: boolean;
}

/** Sentiment in [-1, 1] of a text in a scored language, with the context's lexicons; other languages are unscored. */
export function scoreSentiment(text: string, language: string | null, context: SentimentContext = BUILT_IN_CONTEXT): SentimentScore {
  if (!isScoredLanguage(language)) return { sentiment: 0, scored: false };
  const lexicon = context.lexicons[language];
  const tokens = tokenize(text, lexicon.rules.elisions);
  const complaints = COMPLAINTS[language];
  const valences: Valence[] = [];
  /** Where a bad word stands negated: "no problems in 2 years" is no wait. */
  const absences: number[] = [];
  let contrastAt = -1;
  let bangs = 0;
  const shouting = isShouting(tokens);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'bang') bangs += token.raw.length;
    if (token.kind !== 'word' && token.kind !== 'emoji') continue;
    const phrase = matchPhrase(tokens, i, lexicon.organization) ?? matchPhrase(tokens, i, lexicon.builtIn);
    // "sauf quand…" is a phrase of its own, and still a contrast.
    if (lexicon.contrasts.has(token.norm)) {
      contrastAt = i;
      if (!phrase) continue;
    }
    // "doesn't work", "nobody could help me", "ne répond pas": what was expected did not happen, whatever the verb's score.
    if (token.kind === 'word' && isFailedService(tokens, i, complaints, lexicon.negators, lexicon.negationStops, NEGATION_REACH[language])) {
      valences.push({ value: FAILURE, at: i, end: i });
      continue;
    }
    if (phrase) {
      // "pas un seul crash", "not a single outage": none of a bad thing is praise, whatever the phrase says alone.
      const bad = lexicon.absences.has(phrase.phrase) ? wordValence(tokens[phrase.end + 1], lexicon) : undefined;
      if (bad !== undefined && bad < 0 && !has(complaints.owed, tokens[phrase.end + 1].norm)) {
        valences.push({ value: bad * NEGATION, at: phrase.end + 1, end: phrase.end + 1 });
        absences.push(phrase.end + 1);
        i = phrase.end + 1;
        continue;
      }
      valences.push({ value: boosted(phrase.score, tokens, i, lexicon), at: i, end: phrase.end });
      i = phrase.end;
      continue;
    }
    let valence = wordValence(token, lexicon);
    if (!valence) continue;
    // "super nul", "very bad": a booster that is also a word of its own boosts the next word instead.
    if ((lexicon.boosters.has(token.norm) || lexicon.dampeners.has(token.norm)) && wordValence(tokens[i + 1], lexicon)) continue;
    valence = boosted(valence, tokens, i, lexicon);
    if (!shouting && token.kind === 'word' && token.raw.length > 1 && token.raw === token.raw.toUpperCase() && /\p{Lu}/u.test(token.raw)) {
      valence += Math.sign(valence) * CAPS;
    }
    // "no refund" is no better than a refund asked for: something owed, negated, stays a complaint.
    const negated = token.kind === 'word' && (isNegated(tokens, i, lexicon, NEGATION_REACH[language]) || isSpokenNegation(tokens, i, lexicon));
    if (negated && !(valence < 0 && has(complaints.owed, token.norm))) {
      valences.push({ value: valence * NEGATION, at: i, end: i });
      if (valence < 0) absences.push(i);
      continue;
    }
    valences.push({ value: valence, at: i, end: i });
  }
  applyComplaintRules(tokens, valences, complaints, lexicon.negators, absences);
  let sum = 0;
  for (const { value, at } of valences) {
    const weighed = value < 0 ? value * NEGATIVITY : value;
    sum += contrastAt < 0 ? weighed : at < contrastAt ? weighed * 0.5 : weighed * 1.5;
  }
  if (sum !== 0) sum += Math.sign(sum) * Math.min(bangs, 4) * BANG;
  const compound = sum / Math.sqrt(sum * sum + ALPHA);
  return { sentiment: Math.abs(compound) < NEUTRAL ? 0 : Math.round(compound * 1000) / 1000, scored: true };
}

function wordValence(token: Token | undefined, lexicon: CompiledLexicon): number | undefined {
  if (!token || (token.kind !== 'word' && token.kind !== 'emoji')) return undefined;
  return termValence(token.norm, lexicon.organization) ?? termValence(token.norm, lexicon.builtIn)
    ?? lexicon.base.get(token.norm) ?? (lexicon.rules.stem && token.kind === 'word' ? lexicon.base.get(foldStem(lexicon, token.lower)) : undefined);
}

/** Stems of words seen lately: stemming is most of a French post's cost, and posts repeat their words. */
const stems = new Map<string, string>();
const MAX_STEMS = 50_000;

function foldStem(lexicon: CompiledLexicon, word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    if (stems.size >= MAX_STEMS) stems.clear();
    stem = lexicon.rules.stem!(word).normalize('NFD').replace(/\p{M}/gu, '');
    stems.set(word, stem);
  }
  return stem;
}

function termValence(word: string, terms: Terms | null): number | undefined {
  if (!terms) return undefined;
  const exact = terms.words.get(word);
  if (exact !== undefined) return exact;
  if (terms.prefixes.size === 0) return undefined;
  for (let length = word.length; length >= 3; length--) {
    const prefix = terms.prefixes.get(word.slice(0, length));
    if (prefix !== undefined) return prefix;
  }
  return undefined;
}

/** The longest phrase starting at `start`, and the index of its last token. */
function matchPhrase(tokens: Token[], start: number, terms: Terms | null): { score: number; end: number; phrase: Phrase } | null {
  const candidates = terms?.phrases.get(tokens[start].norm);
  if (!candidates) return null;
  for (const phrase of candidates) {
    const end = matchPhraseFrom(tokens, start + 1, phrase, 1);
    if (end >= 0) return { score: phrase.score, end, phrase };
  }
  return null;
}

/** Boosters and dampeners among the three words before, each a little weaker the farther it stands. */
function boosted(valence: number, tokens: Token[], index: number, lexicon: CompiledLexicon): number {
  let result = valence;
  for (let k = 1; k <= 3; k++) {
    const before = tokens[index - k];
    if (!before || before.kind === 'break') break;
    const weight = 1 - 0.05 * (k - 1);
    if (lexicon.boosters.has(before.norm)) result += Math.sign(valence) * BOOST * weight;
    else if (lexicon.dampeners.has(before.norm)) result -= Math.sign(valence) * BOOST * weight;
  }
  return result;
}

/**
 * A negator in the `reach` words before, unless it opens a superlative ("never seen such bad service") or a stop
 * stands between ("don't hesitate to ask").
 */
function isNegated(tokens: Token[], index: number, lexicon: CompiledLexicon, reach: number): boolean {
  for (let k = 1; k <= reach; k++) {
    const before = tokens[index - k];
    if (!before || before.kind === 'break' || before.kind === 'bang' || lexicon.negationStops.has(before.norm)) return false;
    if (lexicon.negators.has(before.norm)) {
      // "n'hésitez pas à recommander": the negator is the stop's, not this word's.
      if (k > 1 && negatesStop(tokens, index - k, lexicon.negationStops)) return false;
      if (!lexicon.superlativeNegators.has(before.norm)) return true;
      for (let j = 1; j < k; j++) if (lexicon.superlativeWords.has(tokens[index - j].norm)) return false;
      return true;
    }
  }
  return false;
}

/** How many object pronouns may stand between a subject and its verb: "je te le recommande pas". */
const CLITICS = 2;

/**
 * "j'aime pas", "je le regrette pas": a subject pronoun, its verb, then the negator. Not "pas mal" (quite), nor
 * "plus que" / "plus de" (more than).
 */
function isSpokenNegation(tokens: Token[], index: number, lexicon: CompiledLexicon): boolean {
  const rules = lexicon.spokenNegation;
  const after = tokens[index + 1];
  if (!rules || after?.kind !== 'word' || !rules.negators.has(after.norm)) return false;
  const next = tokens[index + 2]?.norm;
  if ((after.norm === 'pas' && next === 'mal') || (after.norm === 'plus' && (next === 'que' || next === 'de'))) return false;
  for (let k = 1; k <= CLITICS + 1; k++) {
    const before = tokens[index - k];
    if (before?.kind !== 'word') return false;
    if (rules.subjects.has(before.norm)) return true;
    if (!rules.clitics.has(before.norm)) return false;
  }
  return false;
}

/** A text in capitals throughout gets no emphasis for each word: it is how that author writes. */
function isShouting(tokens: Token[]): boolean {
  const words = tokens.filter((t) => t.kind === 'word' && /\p{L}/u.test(t.raw));
  return words.length > 0 && words.every((t) => t.raw === t.raw.toUpperCase());
}

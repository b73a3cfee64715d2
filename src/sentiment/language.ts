// Guesses a mention's language among the ones its organization declares: nlp.js's trigrams, with common words to
// settle short posts (a tweet has too few trigrams to tell English from French reliably).
import { Language } from '@nlpjs/language';

/** What an organization declares until it says otherwise. */
export const DEFAULT_LANGUAGES: readonly string[] = ['en', 'fr'];

const guesser = new Language();

/** Languages written in scripts nlp.js tells by their characters alone (it keeps no trigrams for them). */
const BY_SCRIPT = ['cmn', 'jpn', 'kor', 'ben', 'tel', 'tam', 'guj', 'kan', 'mal', 'ori', 'pan', 'tha', 'sin', 'ell', 'khm', 'hye', 'bod', 'kat', 'lao'];

/** ISO 639-1 codes the guesser can return: those nlp.js has trigrams or a script for. */
export const KNOWN_LANGUAGES: ReadonlySet<string> = (() => {
  const trigrams: Record<string, Record<string, string>> = require('@nlpjs/language/src/data.json');
  const alpha3 = new Set([...Object.values(trigrams).flatMap((byLanguage) => Object.keys(byLanguage)), ...BY_SCRIPT]);
  const known = new Set<string>();
  for (const [code, info] of Object.entries(guesser.languagesAlpha3 as Record<string, { alpha2?: string }>)) {
    if (alpha3.has(code) && info.alpha2) known.add(info.alpha2);
  }
  return known;
})();

/**
 * Words frequent in posts and rare in the other languages listed: one point each, for the languages listed here;
 * others rely on the trigrams alone.
 */
const COMMON_WORDS: Record<string, ReadonlySet<string>> = {
  en: new Set(('the and is are was were this that with for you your my not no never but have has had just what why how ' +
    'it\'s its i\'m im don\'t dont can\'t cant won\'t didn\'t doesn\'t isn\'t of to in on at be been will would get got from ' +
    'they them we our me so very really again still there here thanks thank love hate worst best good bad great awful they\'re ' +
    'who when where which out up all any anyone please help order app buy bought customer waiting today after days new ' +
    'drop our about after before since ever every only also than then yet one two three week weeks month hours minutes time').split(' ')),
  fr: new Set(('le la les un une des du de et est sont était je j\' tu il elle nous vous ils elles mon ma mes ton votre vos ' +
    'leur pas ne n\' plus jamais rien que qui quoi pourquoi comment avec pour sur dans chez mais ou où ça ca c\'est cette ce ces ' +
    'très trop vraiment merci bonjour toujours encore depuis déjà aussi avoir fait été suis êtes sera personne répond commande ' +
    'colis client livraison remboursement nul génial marque achat acheté produit qu\' quand alors bien moi aujourd\'hui ' +
    'après jours semaine semaines mois heures fois depuis avant chez rien tout tous toute été sans avec m\' l\' d\' s\'').split(' ')),
};

/** Fold apostrophes and case the way the word lists are written; keep accents ("où", "été" are French words). */
function words(text: string): string[] {
  return text.toLowerCase().replace(/’/g, "'").match(/[\p{L}]+(?:'[\p{L}]+)?'?/gu) ?? [];
}

function hints(list: readonly string[], languages: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const language of languages) {
    const common = COMMON_WORDS[language];
    if (!common) continue;
    let n = 0;
    for (const word of list) {
      if (common.has(word)) n++;
      else {
        const apostrophe = word.indexOf("'");
        if (apostrophe > 0 && apostrophe <= 2 && common.has(word.slice(0, apostrophe + 1))) n++; // "j'", "qu'"
      }
    }
    counts.set(language, n);
  }
  return counts;
}

/**
 * The most likely of `languages` (ISO 639-1, the organization's, first the primary one). A text with no letters to
 * guess from (emoji only) is taken to be in the primary language; null only when no language is given.
 */
export function guessLanguage(text: string, languages: readonly string[] = DEFAULT_LANGUAGES): string | null {
  const allowed = languages.filter((l) => KNOWN_LANGUAGES.has(l));
  if (allowed.length <= 1) return allowed[0] ?? languages[0] ?? null;
  if (!/\p{L}/u.test(text)) return allowed[0];
  const list = words(text);
  const counted = hints(list, allowed);
  // Every language declared has a word list (en, fr) and one has the most: the trigrams could only settle a tie.
  if (allowed.every((l) => COMMON_WORDS[l])) {
    const [first, second] = [...counted.values()].sort((a, b) => b - a);
    if (first > second) return [...counted].find(([, n]) => n === first)![0];
  }
  // nlp.js ranks by trigram distance and scales the best to 1: every allowed language gets its share of that.
  const ranked = new Map<string, number>();
  for (const guess of guesser.guess(text, allowed, allowed.length)) {
    if (allowed.includes(guess.alpha2)) ranked.set(guess.alpha2, guess.score);
  }
  // Trigrams pick a language we keep no common words for (Italian, say): the words of ours then decide only when they
  // make up a good share of the post, not for a stray "il" or "me" in an Italian sentence.
  const top = [...ranked].sort((a, b) => b[1] - a[1])[0]?.[0] ?? allowed[0];
  if (!COMMON_WORDS[top]) {
    const total = Math.max(1, list.length);
    const [hinted, hits] = [...counted].sort((a, b) => b[1] - a[1])[0] ?? [top, 0];
    return hits / total >= UNLISTED_OVERRIDE_SHARE ? hinted : top;
  }
  // Common words decide when they differ, trigrams when they tie: on a tweet, "merci" says more than eight trigrams.
  const score = (language: string) => [counted.get(language) ?? 0, ranked.get(language) ?? 0];
  let best = allowed[0];
  for (const language of allowed.slice(1)) {
    const [words, trigrams] = score(language);
    const [bestWords, bestTrigrams] = score(best);
    if (words > bestWords || (words === bestWords && trigrams > bestTrigrams)) best = language;
  }
  return best;
}

/** The share of a post's words that must be common words of one of ours to overrule the trigrams' other choice. */
const UNLISTED_OVERRIDE_SHARE = 0.3;

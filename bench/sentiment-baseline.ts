// The bench's baseline: how mentions were scored before src/sentiment/, kept as it was to measure against.
// nlp.js guesses the language among 7; English is scored with AFINN-165 (`sentiment`), French with nlp.js's French lexicon.
import Sentiment from 'sentiment';
import { Container } from '@nlpjs/core';
import { SentimentAnalyzer } from '@nlpjs/sentiment';
import { LangFr } from '@nlpjs/lang-fr';
import { Language } from '@nlpjs/language';

/** Languages a guess may return: the ones social listening commonly brings, so short texts are not read as Tswana. */
export const GUESSABLE_LANGUAGES = ['en', 'fr', 'es', 'de', 'it', 'pt', 'nl'];

const afinn = new Sentiment();
const french = (() => {
  const container = new Container();
  container.use(LangFr);
  return new SentimentAnalyzer({ container });
})();
const guesser = new Language();

/** ISO 639-1 code of the most likely language among GUESSABLE_LANGUAGES, or null when nothing matches. */
export function baselineGuessLanguage(text: string): string | null {
  const best = guesser.guessBest(text, GUESSABLE_LANGUAGES);
  return best && best.score > 0 ? best.alpha2 : null;
}

/**
 * Sentiment in [-1, 1]. The libraries sum word polarities (AFINN: -5..5 per word; nlp.js French: about -1..1 per
 * word); tanh of a scaled sum keeps the sign, saturates on long rants and maps a neutral text to 0.
 */
export async function baselineScoreSentiment(text: string, language: string | null): Promise<{ sentiment: number; scored: boolean }> {
  if (language === 'en') return { sentiment: round(Math.tanh(afinn.analyze(text).score / 4)), scored: true };
  if (language === 'fr') {
    const result = await french.process({ locale: 'fr', text });
    return { sentiment: round(Math.tanh(result.sentiment.score / 2)), scored: true };
  }
  return { sentiment: 0, scored: false };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

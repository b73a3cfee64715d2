// Types for the parts of nlp.js (beyond nlpjs.d.ts) and vader-sentiment that src/sentiment/ and its bench use.
declare module '@nlpjs/language' {
  interface Language {
    /** Every allowed language, best first; the best scores 1 and the others their share of it. */
    guess(text: string, allowList?: string[], limit?: number): Array<{ alpha2: string; alpha3: string; language: string; score: number }>;
    languagesAlpha3: Record<string, { alpha2?: string; language: string }>;
  }
}

declare module '@nlpjs/lang-fr' {
  export class StemmerFr {
    stem(word: string): string;
  }
}

declare module 'vader-sentiment' {
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
  };
}

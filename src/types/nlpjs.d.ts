// Types for the parts of nlp.js we use (the packages ship none).
declare module '@nlpjs/core' {
  export class Container {
    use(plugin: unknown): void;
  }
}

declare module '@nlpjs/sentiment' {
  export class SentimentAnalyzer {
    constructor(settings: { container: unknown });
    process(input: { locale: string; text: string }): Promise<{ sentiment: { score: number; numHits: number; numWords: number } }>;
  }
}

declare module '@nlpjs/lang-fr' {
  export const LangFr: unknown;
}

declare module '@nlpjs/language' {
  export class Language {
    guessBest(text: string, allowList?: string[]): { alpha2: string; alpha3: string; language: string; score: number } | undefined;
  }
}

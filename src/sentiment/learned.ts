// The learned part of the scorer: naive Bayes over a post's words, emoji and word pairs, trained on the labelled sets
// in bench/ by `npm run train:sentiment` (bench/train-sentiment.ts), which writes model.en.ts and model.fr.ts. The
// rules keep the last word wherever they find an opinion; the model judges only the posts in which they find none —
// the complaints told as bare facts of a sector the rules have never seen ("3rd time the courier left it in the rain").
import { tokenize, type Token } from './lexicon';

export interface LearnedModel {
  /** Log-odds (negative against not) from which a post counts as negative: chosen by cross-validation when trained. */
  threshold: number;
  /** log P(feature | negative) − log P(feature | not negative), for the features seen at least twice in training. */
  weights: Record<string, number>;
}

/**
 * The distinct features of a post, from the scorer's own tokens (so @handles and links are not among them): its
 * folded words and emoji, "!" and "?", and each pair of neighbours among them.
 */
export function features(tokens: readonly Token[]): string[] {
  const units: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'word' || token.kind === 'emoji') units.push(token.norm);
    else if (token.kind === 'bang') units.push('!');
    else if (token.kind === 'break' && token.norm.includes('?')) units.push('?');
  }
  const found = new Set(units);
  for (let i = 0; i + 1 < units.length; i++) found.add(`${units[i]} ${units[i + 1]}`);
  return [...found];
}

/** The features of a text as the scorer of a language with these elisions tokenizes it (training's entry point). */
export function textFeatures(text: string, elisions: RegExp | null): string[] {
  return features(tokenize(text, elisions));
}

/** A model ready to score: its weights in a Map (a lookup per feature). */
export interface CompiledModel {
  threshold: number;
  weights: Map<string, number>;
}

export function compileModel(model: LearnedModel): CompiledModel {
  return { threshold: model.threshold, weights: new Map(Object.entries(model.weights)) };
}

/** The post's log-odds of being negative, from its features; those the model never saw count for nothing. */
export function logOdds(model: CompiledModel, found: readonly string[]): number {
  let sum = 0;
  for (const feature of found) sum += model.weights.get(feature) ?? 0;
  return sum;
}

/** Sentiment of a post the rules found no opinion in: negative when the model is sure enough, else neutral (0). */
export function learnedSentiment(model: CompiledModel, tokens: readonly Token[]): number {
  const odds = logOdds(model, features(tokens));
  if (odds < model.threshold) return 0;
  // The model's probability of "negative", scaled to a mild score: a fact is not an insult.
  const probability = 1 / (1 + Math.exp(-odds));
  return -Math.round(600 * probability) / 1000;
}

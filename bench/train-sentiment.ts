// `npm run train:sentiment`: trains the scorer's learned part (src/sentiment/learned.ts) on the labelled sets the
// rules were developed on — tuned, dev, dev B, dev C, dev D; never on held-out E, which measures it — and writes
// src/sentiment/model.en.ts and model.fr.ts. Naive Bayes over each post's distinct features (words, emoji, "!", "?",
// neighbour pairs), Laplace-smoothed (α = 0.5), features seen in fewer than MIN_COUNT posts dropped. The threshold is
// chosen by 5-fold cross-validation on the same posts: the lowest log-odds at which the model alone is right about
// "negative" at least TARGET_PRECISION of the time. Deterministic: the same sets give the same files.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { compileModel, logOdds, textFeatures, type LearnedModel } from '../src/sentiment/learned';
import { EN_RULES } from '../src/sentiment/lexicon.en';
import { FR_RULES } from '../src/sentiment/lexicon.fr';
import { EN_CORPUS, type LabelledPost } from './sentiment-corpus.en';
import { FR_CORPUS } from './sentiment-corpus.fr';
import { EN_HOLDOUT } from './sentiment-holdout.en';
import { FR_HOLDOUT } from './sentiment-holdout.fr';
import { EN_HOLDOUT_B } from './sentiment-holdout2.en';
import { FR_HOLDOUT_B } from './sentiment-holdout2.fr';
import { EN_HOLDOUT_C } from './sentiment-holdout3.en';
import { FR_HOLDOUT_C } from './sentiment-holdout3.fr';
import { EN_HOLDOUT_D } from './sentiment-holdout4.en';
import { FR_HOLDOUT_D } from './sentiment-holdout4.fr';

const TRAINING: Record<'en' | 'fr', readonly LabelledPost[]> = {
  en: [...EN_CORPUS, ...EN_HOLDOUT, ...EN_HOLDOUT_B, ...EN_HOLDOUT_C, ...EN_HOLDOUT_D],
  fr: [...FR_CORPUS, ...FR_HOLDOUT, ...FR_HOLDOUT_B, ...FR_HOLDOUT_C, ...FR_HOLDOUT_D],
};
const ALPHA = 0.5;
const MIN_COUNT = 2;
const FOLDS = 5;
const TARGET_PRECISION = 0.88;
const THRESHOLDS = Array.from({ length: 41 }, (_, i) => -2 + i * 0.25);

/** Per-feature log-likelihood ratios from posts' distinct features. */
export function train(posts: readonly LabelledPost[], threshold: number): LearnedModel {
  const elisions = (posts[0]?.language === 'fr' ? FR_RULES : EN_RULES).elisions;
  const counts = new Map<string, [number, number]>(); // [negative posts, other posts] holding the feature
  let negatives = 0;
  for (const post of posts) {
    if (post.negative) negatives++;
    for (const feature of textFeatures(post.text, elisions)) {
      const count = counts.get(feature) ?? [0, 0];
      count[post.negative ? 0 : 1]++;
      counts.set(feature, count);
    }
  }
  const others = posts.length - negatives;
  const weights: Record<string, number> = {};
  for (const [feature, [negative, other]] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (negative + other < MIN_COUNT) continue;
    const ratio = Math.log((negative + ALPHA) / (negatives + 2 * ALPHA)) - Math.log((other + ALPHA) / (others + 2 * ALPHA));
    weights[feature] = Math.round(ratio * 1000) / 1000;
  }
  return { threshold, weights };
}

/** Pooled cross-validated log-odds of every post (each scored by a model trained without its fold). */
function crossValidated(posts: readonly LabelledPost[]): Array<{ odds: number; negative: boolean }> {
  const out: Array<{ odds: number; negative: boolean }> = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = compileModel(train(posts.filter((_, i) => i % FOLDS !== fold), 0));
    const elisions = (posts[0]?.language === 'fr' ? FR_RULES : EN_RULES).elisions;
    posts.forEach((post, i) => {
      if (i % FOLDS === fold) out.push({ odds: logOdds(model, textFeatures(post.text, elisions)), negative: post.negative });
    });
  }
  return out;
}

/** The lowest threshold at which the model alone reaches TARGET_PRECISION in cross-validation, with the table. */
function chooseThreshold(posts: readonly LabelledPost[]): { threshold: number; table: string[] } {
  const scored = crossValidated(posts);
  const table: string[] = [];
  let chosen: number | null = null;
  for (const threshold of THRESHOLDS) {
    const tp = scored.filter((s) => s.negative && s.odds >= threshold).length;
    const fp = scored.filter((s) => !s.negative && s.odds >= threshold).length;
    const fn = scored.filter((s) => s.negative && s.odds < threshold).length;
    const precision = tp / Math.max(tp + fp, 1);
    if (chosen === null && precision >= TARGET_PRECISION) chosen = threshold;
    if (threshold % 1 === 0 || threshold === chosen) {
      table.push(`  log-odds ≥ ${threshold.toFixed(2).padStart(5)}: precision ${(100 * precision).toFixed(1)} %, recall ${((100 * tp) / (tp + fn)).toFixed(1)} %${threshold === chosen ? '   ← chosen' : ''}`);
    }
  }
  if (chosen === null) throw new Error(`no threshold reaches ${TARGET_PRECISION * 100} % precision`);
  return { threshold: chosen, table };
}

/** Both languages' models from the labelled sets, with each one's cross-validation table: what the files must hold. */
export function trainModels(): Record<'en' | 'fr', { model: LearnedModel; posts: number; table: string[] }> {
  const one = (posts: readonly LabelledPost[]) => {
    const { threshold, table } = chooseThreshold(posts);
    return { model: train(posts, threshold), posts: posts.length, table };
  };
  return { en: one(TRAINING.en), fr: one(TRAINING.fr) };
}

/** The model as TypeScript: several weights a line, keys quoted by JSON.stringify. */
function source(name: string, language: string, posts: number, model: LearnedModel): string {
  const entries = Object.entries(model.weights).map(([feature, weight]) => `${JSON.stringify(feature)}: ${weight}`);
  const lines: string[] = [];
  let line = '   ';
  for (const entry of entries) {
    if (line.length + entry.length + 2 > 118) {
      lines.push(line);
      line = '   ';
    }
    line += ` ${entry},`;
  }
  lines.push(line);
  return `// Generated by \`npm run train:sentiment\` (bench/train-sentiment.ts) from ${posts} labelled ${language} posts; do not edit.
import type { LearnedModel } from './learned';

export const ${name}: LearnedModel = {
  threshold: ${model.threshold},
  weights: {
${lines.join('\n')}
  },
};
`;
}

function main(): void {
  const models = trainModels();
  for (const [language, name] of [['en', 'EN_MODEL'], ['fr', 'FR_MODEL']] as const) {
    const { model, posts, table } = models[language];
    const negatives = TRAINING[language].filter((p) => p.negative).length;
    console.log(`${language}: ${posts} posts (${negatives} negative); ${FOLDS}-fold cross-validation, the model alone:\n${table.join('\n')}`);
    const file = path.join(__dirname, '..', '..', 'src', 'sentiment', `model.${language}.ts`);
    writeFileSync(file, source(name, language === 'en' ? 'English' : 'French', posts, model));
    console.log(`  ${Object.keys(model.weights).length} features, threshold ${model.threshold}: written to ${path.relative(process.cwd(), file)}`);
  }
}

if (require.main === module) main();

// The learned part of the sentiment scorer (src/sentiment/learned.ts): naive Bayes trained on the labelled sets by
// `npm run train:sentiment`, consulted only where the rules find no opinion. The posts are written for the test.
import { compileModel, learnedSentiment, logOdds, textFeatures } from '../../src/sentiment/learned';
import { tokenize } from '../../src/sentiment/lexicon';
import { EN_RULES } from '../../src/sentiment/lexicon.en';
import { FR_RULES } from '../../src/sentiment/lexicon.fr';
import { EN_MODEL } from '../../src/sentiment/model.en';
import { FR_MODEL } from '../../src/sentiment/model.fr';
import { scoreSentiment } from '../../src/sentiment/score';
import { train, trainModels } from '../../bench/train-sentiment';
import { builders } from '../../bench/sentiment-corpus.en';

const LANGUAGES = {
  en: { model: compileModel(EN_MODEL), elisions: EN_RULES.elisions },
  fr: { model: compileModel(FR_MODEL), elisions: FR_RULES.elisions },
};

test('the committed models are exactly what `npm run train:sentiment` makes from the labelled sets', () => {
  const trained = trainModels();
  expect(trained.en.model).toEqual(EN_MODEL);
  expect(trained.fr.model).toEqual(FR_MODEL);
});

test.each([
  ['en', '3rd time the courier left my parcel in the rain'],
  ['fr', 'le livreur a laissé le colis devant la porte sous la pluie'],
] as const)('a complaint told as a bare fact, which no rule places, is negative through the model (%s): %s', (language, text) => {
  const { model, elisions } = LANGUAGES[language];
  const learned = learnedSentiment(model, tokenize(text, elisions));
  expect(learned).toBeLessThan(0);
  expect(scoreSentiment(text, language).sentiment).toBe(learned);
  // Below its threshold the model says nothing.
  expect(learnedSentiment({ ...model, threshold: Infinity }, tokenize(text, elisions))).toBe(0);
});

test.each([
  ['en', 'no price rise this year', 0],
  ['en', 'the engineer came on time and fixed the boiler, thank you', 1],
  ['fr', 'pas de hausse de prix cette année', 1],
  ['fr', 'le technicien est venu à l heure et a réparé la chaudière, merci', 1],
] as const)('the model never overrides the rules: a negation, or an opinion they found, stays theirs (%s): %s', (language, text, sign) => {
  const { model, elisions } = LANGUAGES[language];
  const score = scoreSentiment(text, language).sentiment;
  expect(Math.sign(score)).toBe(sign);
  if (text === 'no price rise this year') {
    // The words alone look like a complaint: only the negation keeps the model out.
    expect(logOdds(model, textFeatures(text, elisions))).toBeGreaterThanOrEqual(model.threshold);
  }
});

test('training: a feature of negative posts only weighs towards negative, one of the others against, one seen once is dropped', () => {
  const { N, P } = builders('en');
  const model = train([N('complaint', 'refund late again'), N('complaint', 'refund late'), P('praise', 'lovely staff'), P('praise', 'lovely shop'), P('neutral', 'unique word')], 1.5);
  expect(model.threshold).toBe(1.5);
  expect(model.weights.refund).toBeGreaterThan(0);
  expect(model.weights['refund late']).toBeGreaterThan(0);
  expect(model.weights.lovely).toBeLessThan(0);
  expect(model.weights).not.toHaveProperty('again');
  expect(model.weights).not.toHaveProperty('unique');
  expect(train([N('complaint', 'refund late'), N('complaint', 'refund late'), P('praise', 'lovely')], 1)).toEqual(train([N('complaint', 'refund late'), N('complaint', 'refund late'), P('praise', 'lovely')], 1));
});

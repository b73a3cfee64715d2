// Sentiment and language fallback (src/sentiment/): a small labelled set, then each rule in English and French.
import { guessLanguage, KNOWN_LANGUAGES } from '../../src/sentiment/language';
import { scoreSentiment, sentimentContext } from '../../src/sentiment/score';

const LABELLED: Array<[language: 'en' | 'fr', polarity: -1 | 1, text: string]> = [
  ['en', -1, 'This product is terrible, it broke after one day. Worst purchase ever, I want a refund!'],
  ['en', -1, 'Awful customer service, I waited two hours and nobody helped me'],
  ['en', -1, 'The update ruined my phone, I am so angry and disappointed'],
  ['en', -1, 'Never buying from this brand again, what a scam'],
  ['en', -1, 'The food was cold and disgusting, horrible experience'],
  ['en', 1, 'Absolutely love this brand, great service and friendly staff'],
  ['en', 1, 'Thank you for the quick refund, excellent support team'],
  ['en', 1, 'Best purchase this year, the quality is amazing'],
  ['en', 1, 'Really happy with my new headphones, they sound fantastic'],
  ['en', 1, 'Wonderful experience at the store today, helpful people'],
  ['fr', -1, "Service client nul, produit cassé au bout d'un jour, je suis très déçu et furieux"],
  ['fr', -1, 'Livraison en retard et colis abîmé, très mauvaise expérience'],
  ['fr', -1, "C'est une honte, le produit ne fonctionne pas et personne ne répond"],
  ['fr', -1, 'Horrible, la pire marque, je suis dégoûté'],
  ['fr', -1, 'Remboursement refusé, service lamentable, je suis en colère'],
  ['fr', 1, "J'adore cette marque, le service est excellent et l'équipe très sympathique"],
  ['fr', 1, 'Merci pour la livraison rapide, produit parfait'],
  ['fr', 1, 'Très contente de mon achat, la qualité est superbe'],
  ['fr', 1, 'Super expérience en magasin, vendeurs agréables et compétents'],
  ['fr', 1, 'Un produit magnifique, je recommande vivement'],
];

test('the language of every labelled text is guessed right (English or French)', () => {
  const wrong = LABELLED.filter(([language, , text]) => guessLanguage(text) !== language);
  expect(wrong).toEqual([]);
});

test.each(['en', 'fr'] as const)('in %s, at least 9 of 10 labelled texts get the sign of their label, and none the opposite strongly', async (language) => {
  const rows = LABELLED.filter(([l]) => l === language);
  const scores = rows.map(([, polarity, text]) => ({ polarity, text, ...scoreSentiment(text, language) }));
  const right = scores.filter((s) => Math.sign(s.sentiment) === s.polarity);
  expect(right.length).toBeGreaterThanOrEqual(9);
  expect(scores.filter((s) => s.sentiment * s.polarity < -0.3)).toEqual([]);
  expect(scores.every((s) => s.scored && s.sentiment >= -1 && s.sentiment <= 1)).toBe(true);
});

test('a language we cannot score is neutral and marked unscored', () => {
  expect(scoreSentiment('El servicio es terrible', 'es')).toEqual({ sentiment: 0, scored: false });
});

const en = (text: string) => scoreSentiment(text, 'en').sentiment;
const fr = (text: string) => scoreSentiment(text, 'fr').sentiment;

test.each([
  ['en', 'never buying this brand again'],
  ['en', 'this recall is a joke'],
  ['fr', "je n'achèterai plus jamais cette marque"],
  ['fr', 'prélevé deux fois et personne ne répond, arnaque ?'],
  ['fr', 'arrêtez de mentir à vos clients'],
])('the issue\'s example in %s is negative: "%s"', (language, text) => {
  expect(guessLanguage(text)).toBe(language);
  expect(scoreSentiment(text, language).sentiment).toBeLessThan(-0.3);
});

test('a negation turns a positive word negative and softens a negative one, in English', () => {
  expect(en('good')).toBeGreaterThan(0);
  expect(en('not good')).toBeLessThan(0);
  expect(en("the app isn't very good")).toBeLessThan(0);
  expect(en('not bad')).toBeGreaterThan(0);
  expect(en('I will never recommend this company')).toBeLessThan(0);
});

test('a negation turns a positive word negative, in French: ne … pas, ne … plus jamais, pas terrible', () => {
  expect(fr('je suis content')).toBeGreaterThan(0);
  expect(fr('je ne suis pas content')).toBeLessThan(0);
  expect(fr('je ne suis vraiment pas du tout satisfait')).toBeLessThan(0);
  expect(fr('pas terrible la nouvelle formule')).toBeLessThan(0);
  expect(fr('je ne reviendrai plus jamais')).toBeLessThan(0);
  expect(fr('pas mal du tout')).toBeGreaterThan(0);
});

test('an intensifier strengthens the word after it, and capitals add emphasis among lowercase words', () => {
  expect(en('very bad')).toBeLessThan(en('bad'));
  expect(en('so good')).toBeGreaterThan(en('good'));
  expect(en('this is BAD')).toBeLessThan(en('this is bad'));
  expect(fr('vraiment nul')).toBeLessThan(fr('nul'));
  expect(fr('trop déçu')).toBeLessThan(fr('déçu'));
});

test('emoji carry sentiment in both languages, and a negation before them does not flip them', () => {
  for (const score of [en, fr]) {
    expect(score('😡')).toBeLessThan(0);
    expect(score('🤬')).toBeLessThan(0);
    expect(score('👎')).toBeLessThan(0);
    expect(score('😍')).toBeGreaterThan(0);
    expect(score('👍🏽')).toBeGreaterThan(0); // with a skin tone
  }
  expect(en('still no delivery 😡')).toBeLessThan(0);
  expect(fr('toujours pas de livraison 😡')).toBeLessThan(0);
});

test('complaint vocabulary without a negative word is negative in both languages', () => {
  expect(en('charged twice and no one answers')).toBeLessThan(0);
  expect(en('I want a refund')).toBeLessThan(0);
  expect(en('what a scam')).toBeLessThan(0);
  expect(fr('remboursez-moi')).toBeLessThan(0);
  expect(fr('toujours rien reçu')).toBeLessThan(0);
});

test('"but" gives what follows more weight than what came before', () => {
  expect(en('the staff were nice but the food was awful')).toBeLessThan(0);
  expect(fr("l'attente était longue mais le service était excellent")).toBeGreaterThan(0);
});

test("an organization's term changes the score: a new word, a phrase, and an override of a built-in word", () => {
  const context = sentimentContext(['en', 'fr'], [
    { language: 'en', term: 'zorped', score: -4 },
    { language: 'en', term: 'killer deal', score: 3 },
    { language: 'fr', term: 'nul', score: 2 },
  ]);
  expect(scoreSentiment('the update zorped my phone', 'en').sentiment).toBe(0);
  expect(scoreSentiment('the update zorped my phone', 'en', context).sentiment).toBeLessThan(-0.5);
  expect(scoreSentiment('killer deal today', 'en').sentiment).toBeLessThan(0);
  expect(scoreSentiment('killer deal today', 'en', context).sentiment).toBeGreaterThan(0);
  expect(scoreSentiment('Killer Deal today', 'en', context).sentiment).toBeGreaterThan(0);
  expect(scoreSentiment('c’est nul', 'fr', context).sentiment).toBeGreaterThan(0);
  expect(scoreSentiment('c’est nul', 'fr').sentiment).toBeLessThan(0);
  // an English term does not reach French posts
  expect(scoreSentiment('killer deal', 'fr', context).sentiment).toBe(scoreSentiment('killer deal', 'fr').sentiment);
});

test('the language guess picks among the given languages only: a short post is not guessed as Italian', () => {
  const text = 'ciao bella, prego';
  expect(['en', 'fr']).toContain(guessLanguage(text, ['en', 'fr']));
  expect(guessLanguage(text, ['en', 'fr', 'it'])).toBe('it');
  expect(guessLanguage('ok merci', ['en', 'fr'])).toBe('fr');
  expect(guessLanguage('thanks a lot', ['en', 'fr'])).toBe('en');
  expect(guessLanguage('anything at all', ['de'])).toBe('de');
});

test('a post with no letters (emoji only) takes the primary language; codes the guesser does not know are ignored', () => {
  expect(guessLanguage('😡😡', ['fr', 'en'])).toBe('fr');
  expect(guessLanguage('😡😡', ['en', 'fr'])).toBe('en');
  expect(guessLanguage('merci beaucoup', ['xx', 'fr'])).toBe('fr');
  expect(KNOWN_LANGUAGES.has('en') && KNOWN_LANGUAGES.has('fr') && KNOWN_LANGUAGES.has('it')).toBe(true);
  expect(KNOWN_LANGUAGES.has('xx')).toBe(false);
});

// Sentiment and language fallback on a small labelled set of complaints and compliments, in English and French.
import { guessLanguage, scoreSentiment } from '../../src/mentions/sentiment';

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
  const scores = await Promise.all(rows.map(async ([, polarity, text]) => ({ polarity, text, ...(await scoreSentiment(text, language)) })));
  const right = scores.filter((s) => Math.sign(s.sentiment) === s.polarity);
  expect(right.length).toBeGreaterThanOrEqual(9);
  expect(scores.filter((s) => s.sentiment * s.polarity < -0.3)).toEqual([]);
  expect(scores.every((s) => s.scored && s.sentiment >= -1 && s.sentiment <= 1)).toBe(true);
});

test('a language we cannot score is neutral and marked unscored', async () => {
  expect(await scoreSentiment('El servicio es terrible', 'es')).toEqual({ sentiment: 0, scored: false });
});

// The organization's languages and sentiment lexicon over HTTP: they change how NEW mentions are guessed and scored.
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { createBrand } from '../factories';

let harness: Harness;
let server: TestServer;
let admin: string;
let responder: string;
let brandId: string;

const INGEST = `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`;
const MENTIONS = `query($f: MentionFilter) { mentions(filter: $f, first: 100) { edges { node { externalId language sentiment sentimentSource } } } }`;
const SETTINGS = `mutation($i: UpdateOrganizationSettingsInput!) { updateOrganizationSettings(input: $i) { blockOnFindings languages } }`;
const UPDATE_LEXICON = `mutation($i: UpdateSentimentLexiconInput!) { updateSentimentLexicon(input: $i) { language scoredLanguages terms { term score } } }`;
const LEXICON = `query($l: String!) { sentimentLexicon(language: $l) { language terms { term score } } }`;

let counter = 0;
async function ingest(text: string, platform: string): Promise<string> {
  const externalId = `s${++counter}`;
  const res = await server.gql(responder, INGEST, { m: [{ platform, externalId, brandId, text, postedAt: new Date(Date.now() - 60_000).toISOString() }] });
  expect(res.errors).toBeUndefined();
  return externalId;
}

async function stored(platform: string): Promise<Record<string, { language: string | null; sentiment: number; sentimentSource: string }>> {
  const res = await server.gql(admin, MENTIONS, { f: { brandId, platform } });
  return Object.fromEntries(res.data.mentions.edges.map((e: any) => [e.node.externalId, e.node]));
}

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  admin = await harness.token('sentiment-org', 'ADMIN');
  responder = await harness.token('sentiment-org', 'RESPONDER');
  brandId = (await createBrand(server, admin, 'Zorp')).id;
});

afterAll(() => harness.close());

test('languages default to en and fr; declaring Italian lets new mentions be guessed Italian, stored ones keep theirs', async () => {
  expect((await server.gql(admin, `{ organizationSettings { languages } }`)).data.organizationSettings.languages).toEqual(['en', 'fr']);
  const text = 'grazie mille, il servizio è stato davvero ottimo e veloce';
  const before = await ingest(text, 'lang');
  expect(['en', 'fr']).toContain((await stored('lang'))[before].language);

  const set = await server.gql(admin, SETTINGS, { i: { languages: ['EN', 'fr', 'it'] } });
  expect(set.data.updateOrganizationSettings).toEqual({ blockOnFindings: false, languages: ['en', 'fr', 'it'] });
  const after = await ingest(text, 'lang');
  const rows = await stored('lang');
  expect(rows[after]).toMatchObject({ language: 'it', sentimentSource: 'UNSCORED', sentiment: 0 });
  expect(['en', 'fr']).toContain(rows[before].language);
  await server.gql(admin, SETTINGS, { i: { languages: ['en', 'fr'] } });
});

test.each([
  ['an unknown code', ['en', 'klingon'], 'input.languages[1]'],
  ['no language', [], 'input.languages'],
  ['eleven languages', ['en', 'fr', 'es', 'de', 'it', 'pt', 'nl', 'pl', 'sv', 'da', 'fi'], 'input.languages'],
  ['a code twice', ['en', 'EN'], 'input.languages[1]'],
])('declaring %s is BAD_USER_INPUT naming the field, and the languages stay', async (_what, languages, field) => {
  const res = await server.gql(admin, SETTINGS, { i: { languages } });
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect((await server.gql(admin, `{ organizationSettings { languages } }`)).data.organizationSettings.languages).toEqual(['en', 'fr']);
});

test("an organization's term changes the sentiment of new mentions, not of stored ones; a score of 0 removes it", async () => {
  const text = 'the new firmware zorped my router';
  const before = await ingest(text, 'lexicon');
  expect((await stored('lexicon'))[before].sentiment).toBe(0);

  const res = await server.gql(admin, UPDATE_LEXICON, { i: { language: 'en', terms: [{ term: '  Zorped  ', score: -4 }, { term: 'killer deal', score: 3 }] } });
  expect(res.data.updateSentimentLexicon).toEqual({
    language: 'en', scoredLanguages: ['en', 'fr'], terms: [{ term: 'killer deal', score: 3 }, { term: 'zorped', score: -4 }],
  });
  const after = await ingest(text, 'lexicon');
  const phrase = await ingest('Killer deal on the Zorp 3 today', 'lexicon');
  let rows = await stored('lexicon');
  expect(rows[after].sentiment).toBeLessThan(-0.5);
  expect(rows[phrase].sentiment).toBeGreaterThan(0.3);
  expect(rows[before].sentiment).toBe(0);

  const removed = await server.gql(admin, UPDATE_LEXICON, { i: { language: 'en', terms: [{ term: 'zorped', score: 0 }] } });
  expect(removed.data.updateSentimentLexicon.terms).toEqual([{ term: 'killer deal', score: 3 }]);
  const later = await ingest(text, 'lexicon');
  rows = await stored('lexicon');
  expect(rows[later].sentiment).toBe(0);
  expect(rows[after].sentiment).toBeLessThan(-0.5);
});

test('a French term overrides the built-in French lexicon for new French mentions', async () => {
  const text = "c'est nul mais on adore, la Zorp c'est nul";
  await server.gql(admin, UPDATE_LEXICON, { i: { language: 'fr', terms: [{ term: 'nul', score: 3 }] } });
  const id = await ingest(text, 'lexicon-fr');
  expect((await stored('lexicon-fr'))[id]).toMatchObject({ language: 'fr', sentimentSource: 'COMPUTED' });
  expect((await stored('lexicon-fr'))[id].sentiment).toBeGreaterThan(0.3);
  expect((await server.gql(admin, LEXICON, { l: 'fr' })).data.sentimentLexicon).toEqual({ language: 'fr', terms: [{ term: 'nul', score: 3 }] });
});

test.each([
  ['a score above 5', [{ term: 'ok', score: 2 }, { term: 'meh', score: 6 }], 'input.terms[1].score', 1, 'between -5 and 5'],
  ['a blank term', [{ term: 'ok', score: 2 }, { term: 'fine', score: 1 }, { term: '   ', score: 1 }], 'input.terms[2].term', 2, 'must not be blank'],
  ['a term of 101 characters', [{ term: 'x'.repeat(101), score: 1 }], 'input.terms[0].term', 0, '1 to 100 characters'],
  ['a term listed twice', [{ term: 'Meh', score: -1 }, { term: 'meh', score: -2 }], 'input.terms[1].term', 1, 'listed twice'],
  ['a term with no word', [{ term: '!!!', score: -1 }], 'input.terms[0].term', 0, 'at least one word'],
])('a lexicon update with %s is refused whole, naming the index, and the stored lexicon stays', async (_what, terms, field, index, message) => {
  const before = (await server.gql(admin, LEXICON, { l: 'en' })).data.sentimentLexicon.terms;
  const res = await server.gql(admin, UPDATE_LEXICON, { i: { language: 'en', terms } });
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, index });
  expect(res.errors?.[0].message).toContain(message);
  expect((await server.gql(admin, LEXICON, { l: 'en' })).data.sentimentLexicon.terms).toEqual(before);
});

test('more than 500 terms, or a language we do not score, is BAD_USER_INPUT', async () => {
  const many = Array.from({ length: 501 }, (_, i) => ({ term: `term${i}`, score: 1 }));
  expect((await server.gql(admin, UPDATE_LEXICON, { i: { language: 'en', terms: many } })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.terms' });
  expect((await server.gql(admin, UPDATE_LEXICON, { i: { language: 'it', terms: [] } })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.language' });
  expect((await server.gql(admin, LEXICON, { l: 'de' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'language' });
});

test('a non-ADMIN may read the lexicon and languages but not change them; another organization sees none of it', async () => {
  const update = await server.gql(responder, UPDATE_LEXICON, { i: { language: 'en', terms: [{ term: 'great', score: -5 }] } });
  expect(update.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'ADMIN' });
  expect((await server.gql(responder, SETTINGS, { i: { languages: ['it'] } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await server.gql(responder, LEXICON, { l: 'en' })).data.sentimentLexicon.terms).not.toContainEqual({ term: 'great', score: -5 });
  const stranger = await harness.token('other-org', 'ADMIN');
  expect((await server.gql(stranger, LEXICON, { l: 'en' })).data.sentimentLexicon.terms).toEqual([]);
});

test('a batch reads the languages and the lexicon in one statement, not one per mention, and none when all is given', async () => {
  const statements: string[] = [];
  const counted = await harness.start({ onQuery: (sql) => statements.push(sql) });
  const batch = (given: boolean) => Array.from({ length: 20 }, (_, i) => ({
    platform: 'count', externalId: `c${given}${i}`, brandId, text: `the firmware zorped my router, attempt ${i}`,
    postedAt: new Date(Date.now() - 60_000).toISOString(), ...(given ? { language: 'en', sentiment: -0.5 } : {}),
  }));
  expect((await counted.gql(responder, INGEST, { m: batch(false) })).data.ingestMentions.accepted).toBe(20);
  expect(statements.filter((sql) => sql.includes('sentiment_term'))).toHaveLength(1);
  statements.length = 0;
  expect((await counted.gql(responder, INGEST, { m: batch(true) })).data.ingestMentions.accepted).toBe(20);
  expect(statements.filter((sql) => sql.includes('sentiment_term'))).toHaveLength(0);
  await counted.stop();
});

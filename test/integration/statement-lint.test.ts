// Statement lint through the API: findings with exact spans, the organization's own phrases, and blockOnFindings.
import { createHarness, type Harness, type TestServer } from '../support/harness';
import { assignRoleTo, createBrand, createStatement, declareCrisis, statementStep } from '../factories';

let harness: Harness;
let server: TestServer;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
});

afterAll(() => harness.close());

async function setup(org: string) {
  const admin = await harness.token(org, 'ADMIN', 'admin');
  const writer = await harness.token(org, 'RESPONDER', 'writer');
  const legal = await harness.token(org, 'RESPONDER', 'legal-eagle');
  const brand = await createBrand(server, admin);
  const crisis = await declareCrisis(server, writer, brand.id);
  await assignRoleTo(server, admin, crisis.id, 'LEGAL', 'legal-eagle');
  return { admin, writer, legal, crisis };
}

async function findings(token: string, id: string) {
  const res = await server.gql(token, `query($id: ID!) { node(id: $id) { ... on Statement { findings { rule message start end match channel severity } } } }`, { id });
  return res.data.node.findings as Array<{ rule: string; start: number; end: number; match: string; channel: string | null; severity: string }>;
}

test('French findings point at the exact words sent, after an emoji and with accents and a curly apostrophe', async () => {
  const { writer, crisis } = await setup('lint-fr');
  const body = 'Nous sommes désolés 😔 pour la gêne. Mais ce n’est pas de notre faute : c’était un incident mineur.';
  const s = await createStatement(server, writer, crisis.id, { body, language: 'fr', channels: ['facebook'] });
  const found = await findings(writer, s.id);
  expect(found.length).toBeGreaterThanOrEqual(2);
  for (const f of found) {
    expect(body.slice(f.start, f.end)).toBe(f.match);
    expect(f.channel).toBeNull();
  }
  const fault = found.find((f) => f.match.toLowerCase().includes('faute'))!;
  const phrase = body.indexOf('ce n’est pas de notre faute');
  expect(fault.start).toBeGreaterThanOrEqual(phrase);
  expect(fault.start).toBeLessThanOrEqual(body.indexOf('pas de notre faute'));
  expect(fault.end).toBe(phrase + 'ce n’est pas de notre faute'.length);
  expect(['excuse', 'blame']).toContain(fault.rule);
  const minor = found.find((f) => f.rule === 'minimising')!;
  expect(body.slice(minor.start, minor.end)).toBe('incident mineur');
});

test('English findings in a variant carry the variant channel; a sincere apology with a plan has none', async () => {
  const { writer, crisis } = await setup('lint-en');
  const sincere = 'We are sorry. We got this wrong. Here is what we are doing: every affected customer gets a full refund by Friday.';
  const variant = 'Sorry if anyone was offended. Mistakes were made.';
  const s = await createStatement(server, writer, crisis.id, { body: sincere, channels: ['website', 'x'], variants: [{ channel: 'x', body: variant }] });
  const found = await findings(writer, s.id);
  expect(found.every((f) => f.channel === 'x')).toBe(true);
  expect(found.map((f) => f.rule).sort()).toEqual(['non-apology', 'passive-evasion']);
  for (const f of found) expect(variant.slice(f.start, f.end)).toBe(f.match);
  expect(found.find((f) => f.rule === 'passive-evasion')!.match).toBe('Mistakes were made');
  const clean = await createStatement(server, writer, crisis.id, { body: sincere, channels: ['website'] });
  expect(await findings(writer, clean.id)).toEqual([]);
});

test("an organization's own phrases are findings too; updateLintRules is ADMIN-only and checks every phrase before storing any", async () => {
  const { admin, writer, crisis } = await setup('lint-custom');
  const update = `mutation($input: UpdateLintRulesInput!) { updateLintRules(input: $input) { language phrases { phrase rule message } } }`;
  const denied = await server.gql(writer, update, { input: { language: 'en', phrases: [{ phrase: 'class action', rule: 'legal-risk', message: 'Ask legal first' }] } });
  expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'ADMIN' });
  const bad = await server.gql(admin, update, { input: { language: 'en', phrases: [
    { phrase: 'class action', rule: 'legal-risk', message: 'Ask legal first' }, { phrase: '  ', rule: 'legal-risk', message: 'x' },
  ] } });
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.phrases[1].phrase' });
  expect((await server.gql(admin, `{ lintRules(language: "en") { phrases { phrase } } }`)).data.lintRules.phrases).toEqual([]);

  const ok = await server.gql(admin, update, { input: { language: 'EN', phrases: [{ phrase: 'Class Action', rule: 'legal-risk', message: 'Ask legal first' }] } });
  expect(ok.data.updateLintRules).toEqual({ language: 'en', phrases: [{ phrase: 'Class Action', rule: 'legal-risk', message: 'Ask legal first' }] });
  const body = 'We will not comment on the CLASS   ACTION filed today.';
  const s = await createStatement(server, writer, crisis.id, { body, channels: ['website'] });
  const [hit] = (await findings(writer, s.id)).filter((f) => f.rule === 'legal-risk');
  expect(hit).toMatchObject({ start: body.indexOf('CLASS'), end: body.indexOf('ACTION') + 'ACTION'.length, severity: 'WARNING' });
  // Another organization does not see them.
  const other = await setup('lint-other');
  const theirs = await createStatement(server, other.writer, other.crisis.id, { body, channels: ['website'] });
  expect((await findings(other.writer, theirs.id)).filter((f) => f.rule === 'legal-risk')).toEqual([]);
});

test('with blockOnFindings, publication refuses a statement with findings (GUARD_FAILED statementLint, findings listed); without, it publishes', async () => {
  const { admin, writer, legal, crisis } = await setup('lint-block');
  const settings = await server.gql(admin, `mutation { updateOrganizationSettings(input: { blockOnFindings: true }) { blockOnFindings } }`);
  expect(settings.data.updateOrganizationSettings.blockOnFindings).toBe(true);
  const body = 'This was due to a third-party supplier. We apologize for any inconvenience this may have caused.';
  const s = await createStatement(server, writer, crisis.id, { body, channels: ['website'] });
  await statementStep(server, writer, 'submitStatement', s.id);
  await statementStep(server, legal, 'approveStatement', s.id);
  const refused = await statementStep(server, writer, 'publishStatement', s.id);
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'GUARD_FAILED', guard: 'statementLint', event: 'publishStatement' });
  const listed = refused.errors![0].extensions!.findings as Array<{ rule: string; match: string }>;
  expect(listed.map((f) => f.rule)).toEqual(expect.arrayContaining(['blame', 'non-apology']));
  const still = await server.gql(admin, `query($id: ID!) { node(id: $id) { ... on Statement { status } } crisis(id: "${crisis.id}") { firstPublicResponseAt } }`, { id: s.id });
  expect(still.data).toEqual({ node: { status: 'APPROVED' }, crisis: { firstPublicResponseAt: null } });

  await server.gql(admin, `mutation { updateOrganizationSettings(input: { blockOnFindings: false }) { blockOnFindings } }`);
  const published = await statementStep(server, writer, 'publishStatement', s.id);
  expect(published.data.publishStatement.status).toBe('PUBLISHED');
  // The published statement keeps the findings it went out with.
  expect((await findings(writer, s.id)).map((f) => f.rule)).toEqual(expect.arrayContaining(['blame', 'non-apology']));
});

test('racing replacements of one language list: each answers, and the stored list is one of them whole', async () => {
  const { admin } = await setup('lint-race');
  const update = `mutation($input: UpdateLintRulesInput!) { updateLintRules(input: $input) { phrases { phrase } } }`;
  const lists = Array.from({ length: 6 }, (_, i) => [{ phrase: `risky ${i}`, rule: 'legal-risk', message: 'Ask legal' }, { phrase: 'settlement', rule: 'legal-risk', message: 'Ask legal' }]);
  const answers = await Promise.all(lists.map((phrases) => server.gql(admin, update, { input: { language: 'en', phrases } })));
  expect(answers.map((a) => a.errors)).toEqual(answers.map(() => undefined));
  const stored = (await server.gql(admin, `{ lintRules(language: "en") { phrases { phrase } } }`)).data.lintRules.phrases.map((p: any) => p.phrase);
  expect(lists.map((l) => l.map((p) => p.phrase))).toContainEqual(stored);
  const bad = await server.gql(admin, update, { input: { language: 'en', phrases: [{ phrase: 'x', rule: 'legal-risk', message: 'nul \u0000' }] } });
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.phrases[0].message' });
  expect((await server.gql(admin, `{ lintRules(language: "") { language } }`)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'language' });
});

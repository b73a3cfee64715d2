// The statement linter: what it flags in English and French, what it leaves alone, and exact spans in the sent text.
import { LINT_LANGUAGES, lintStatement, type LintFinding } from '../../src/communications/lint/lint';

/** The one finding of `rule`, checked to sit exactly on the first occurrence of `match` in `text`. */
function expectFinding(text: string, language: string, rule: string, match: string): LintFinding {
  const findings = lintStatement(text, language).filter((f) => f.rule === rule);
  expect(findings.map((f) => f.match)).toEqual([match]);
  const [finding] = findings;
  const start = text.indexOf(match);
  expect(start).toBeGreaterThanOrEqual(0);
  expect({ start: finding.start, end: finding.end }).toEqual({ start, end: start + match.length });
  expect(text.slice(finding.start, finding.end)).toBe(match);
  return finding;
}

describe('English statements', () => {
  test.each([
    ['It was not our fault.', 'blame', 'not our fault'],
    ['This was due to a third-party supplier.', 'blame', 'due to a third-party supplier'],
    ['We are sorry if anyone was offended.', 'non-apology', 'sorry if anyone was offended'],
    ['We regret that you feel this way.', 'non-apology', 'regret that you feel'],
    ['A small number of customers saw an error.', 'minimising', 'A small number of customers'],
    ['Mistakes were made.', 'passive-evasion', 'Mistakes were made'],
    ['This was an isolated incident.', 'minimising', 'isolated incident'],
    ['The outage was beyond our control.', 'excuse', 'beyond our control'],
    ['We apologize for any inconvenience this may have caused.', 'non-apology', 'apologize for any inconvenience this may have caused'],
    ['If you were affected, call us.', 'minimising', 'If you were affected'],
  ])('%j is flagged as %s on exactly %j', (text, rule, match) => {
    expectFinding(text, 'en', rule, match);
  });

  test.each([
    'We are sorry. We got this wrong. Here is what we are doing: …',
    'It was our fault, and we take full responsibility.',
    'The delay was due to our own mistake in the payment system.',
    'We made mistakes and we will fix them.',
    'All affected customers will be refunded by Friday.',
    'This was not an isolated incident: we found the same fault in three other stores.',
    'Mistakes were made by our team, and we own them.',
    'We apologise to everyone who received the email.',
  ])('%j is left alone', (text) => {
    expect(lintStatement(text, 'en')).toEqual([]);
  });

  test('"due to our" is owning the problem, "due to the vendor" is blame', () => {
    expect(lintStatement('The failure was due to our own code.', 'en')).toEqual([]);
    expectFinding('The failure was due to the vendor.', 'en', 'blame', 'due to the vendor');
  });

  test('severity and message come with the rule', () => {
    expect(expectFinding('Mistakes were made.', 'en', 'passive-evasion', 'Mistakes were made').severity).toBe('INFO');
    const blame = expectFinding('It was not our fault.', 'en', 'blame', 'not our fault');
    expect(blame.severity).toBe('WARNING');
    expect(blame.message).toMatch(/own the problem/);
  });
});

describe('French statements', () => {
  test.each([
    ["Ce n'est pas de notre faute.", 'blame', "n'est pas de notre faute"],
    ['La faute à notre prestataire.', 'blame', 'La faute à notre prestataire'],
    ['Nous regrettons que vous ayez ressenti ce message ainsi.', 'non-apology', 'regrettons que vous ayez ressenti'],
    ['Il s’agit d’un incident mineur.', 'minimising', 'incident mineur'],
    ['Des erreurs ont été commises.', 'passive-evasion', 'Des erreurs ont été commises'],
    ['Un nombre limité de clients a été touché.', 'minimising', 'Un nombre limité de clients'],
    ['Ce retard est indépendant de notre volonté.', 'excuse', 'indépendant de notre volonté'],
    ['Désolés si certains se sont sentis offensés.', 'non-apology', 'Désolés si certains se sont sentis offensés'],
  ])('%j is flagged as %s on exactly %j', (text, rule, match) => {
    expectFinding(text, 'fr', rule, match);
  });

  test.each([
    'Nous sommes désolés. Nous nous sommes trompés. Voici ce que nous faisons : …',
    "C'est de notre faute et nous en assumons l'entière responsabilité.",
    'Nous avons commis des erreurs.',
    "Tous les clients concernés seront remboursés d'ici vendredi.",
    'Ce n’était pas une erreur mineure : des centaines de familles en ont souffert.',
    'La faute nous incombe entièrement.',
  ])('%j is left alone', (text) => {
    expect(lintStatement(text, 'fr')).toEqual([]);
  });
});

describe('spans are offsets into the text as sent', () => {
  test('emoji (surrogate pairs) before the phrase', () => {
    const text = '🚨🔥 Update 👉 mistakes were made';
    const finding = expectFinding(text, 'en', 'passive-evasion', 'mistakes were made');
    expect(finding.start).toBe(text.length - 'mistakes were made'.length);
  });

  test('an emoji between the words does not break the phrase', () => {
    expectFinding('We apologize 🙏🏽 for any inconvenience.', 'en', 'non-apology', 'apologize 🙏🏽 for any inconvenience');
    expectFinding('Nous sommes désolés 😔 pour la gêne.', 'fr', 'non-apology', 'désolés 😔 pour la gêne');
  });

  test('NFD accents, before and inside the phrase, end after the last combining mark', () => {
    const text = 'Été 2024 : ce retard est indépendant de notre volonté'.normalize('NFD');
    expect(text).toContain('e\u0301');
    const match = 'indépendant de notre volonté'.normalize('NFD');
    const finding = expectFinding(text, 'fr', 'excuse', match);
    expect(finding.end).toBe(text.length);
  });

  test('NFC and NFD spellings find the same words', () => {
    const nfc = 'Des erreurs ont été commises.';
    const [a] = lintStatement(nfc, 'fr');
    const [b] = lintStatement(nfc.normalize('NFD'), 'fr');
    expect(a.match.normalize('NFC')).toBe(b.match.normalize('NFC'));
    expect(b.end - b.start).toBe(a.end - a.start + 2); // two combining accents
  });

  test('curly and straight apostrophes match the same pattern', () => {
    expectFinding('Ce n’est pas de notre faute.', 'fr', 'blame', 'n’est pas de notre faute');
    expectFinding('It wasn’t our fault.', 'en', 'blame', 'wasn’t our fault');
    expectFinding("It wasn't our fault.", 'en', 'blame', "wasn't our fault");
  });

  test('uppercase, and newlines or runs of spaces between the words', () => {
    expectFinding('THIS WAS BEYOND OUR CONTROL!', 'en', 'excuse', 'BEYOND OUR CONTROL');
    expectFinding('It was not\n  our   fault.', 'en', 'blame', 'not\n  our   fault');
    expectFinding('Un nombre\r\nlimité de\tclients', 'fr', 'minimising', 'Un nombre\r\nlimité de\tclients');
  });
});

describe('findings', () => {
  test('are sorted by start, across rules', () => {
    const text = 'We apologise for any inconvenience. It was not our fault: mistakes were made by a supplier, in an isolated incident.';
    const findings = lintStatement(text, 'en');
    expect(findings.map((f) => [f.rule, f.match])).toEqual([
      ['non-apology', 'apologise for any inconvenience'],
      ['blame', 'not our fault'],
      ['blame', 'made by a supplier'], // named, so not passive evasion: blame
      ['minimising', 'isolated incident'],
    ]);
    expect(findings.map((f) => f.start)).toEqual([...findings.map((f) => f.start)].sort((a, b) => a - b));
    for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.match);
  });

  test('a passive sentence that names who did it is not evasive', () => {
    expectFinding('Mistakes were made, and we are sorry.', 'en', 'passive-evasion', 'Mistakes were made');
    expect(lintStatement('Mistakes were made by our managers.', 'en')).toEqual([]);
    expect(lintStatement('Des erreurs ont été commises par notre direction.', 'fr')).toEqual([]);
  });

  test('overlapping matches of one rule keep the longest, once', () => {
    // "sorry if" and "if anyone was offended" are both non-apology patterns over the same words.
    const findings = lintStatement('Sorry if anyone was offended.', 'en');
    expect(findings.map((f) => [f.rule, f.match])).toEqual([['non-apology', 'Sorry if anyone was offended']]);
  });
});

describe('custom phrases', () => {
  const classAction = { phrase: 'class action', rule: 'legal-risk', message: 'Legal must review mentions of litigation.' };

  test("an organization's phrase is flagged with its rule, message and span", () => {
    const text = 'We are aware of the proposed Class  Action and will respond in court.';
    const [finding] = lintStatement(text, 'en', [classAction]);
    expect(finding).toEqual({
      rule: 'legal-risk',
      message: classAction.message,
      severity: 'WARNING',
      start: text.indexOf('Class'),
      end: text.indexOf(' and'),
      match: 'Class  Action',
    });
  });

  test('matches whole words only, with accents and apostrophes normalized', () => {
    expect(lintStatement('Our classaction tool', 'en', [classAction])).toEqual([]);
    const phrase = { phrase: "l'action collective", rule: 'legal-risk', message: 'm' };
    expect(lintStatement('Concernant l’ACTION COLLECTIVE en cours', 'fr', [phrase]).map((f) => f.match)).toEqual(['l’ACTION COLLECTIVE']);
  });

  test('template syntax in a custom phrase is taken literally', () => {
    const phrase = { phrase: 'refund (*)', rule: 'legal-risk', message: 'm' };
    expect(lintStatement('a refund (*) applies', 'en', [phrase]).map((f) => f.match)).toEqual(['refund (*)']);
    expect(lintStatement('a refund (full) applies', 'en', [phrase])).toEqual([]);
  });

  test('an empty phrase finds nothing', () => {
    expect(lintStatement('anything', 'en', [{ phrase: '  ', rule: 'x', message: 'm' }])).toEqual([]);
  });
});

describe('languages', () => {
  test('English and French have rules', () => {
    expect([...LINT_LANGUAGES].sort()).toEqual(['en', 'fr']);
  });

  test('only the primary subtag counts, in any case', () => {
    expectFinding('Un incident mineur.', 'fr-CA', 'minimising', 'incident mineur');
    expectFinding('Beyond our control.', 'EN', 'excuse', 'Beyond our control');
    expectFinding('Beyond our control.', 'en_GB', 'excuse', 'Beyond our control');
  });

  test('an unknown language gets only the custom phrases, and never throws', () => {
    expect(lintStatement('It was not our fault.', 'de')).toEqual([]);
    expect(lintStatement('It was not our fault.', '')).toEqual([]);
    expect(lintStatement('It was not our fault.', 'constructor')).toEqual([]);
    const custom = [{ phrase: 'Sammelklage', rule: 'legal-risk', message: 'm' }];
    expect(lintStatement('Die Sammelklage ist angekündigt.', 'de', custom).map((f) => f.match)).toEqual(['Sammelklage']);
  });

  test('empty text finds nothing', () => {
    expect(lintStatement('', 'en')).toEqual([]);
    expect(lintStatement('   \n ', 'fr', [{ phrase: 'x', rule: 'r', message: 'm' }])).toEqual([]);
  });
});

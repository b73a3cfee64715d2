// Lints a statement's canonical body and each channel variant with the built-in rules and the organization's phrases.
import type { DataSource } from 'typeorm';
import { query, withTransaction } from '../db/transaction';
import { BadUserInputError, requireText } from '../graphql/errors';
import { lintStatement, type CustomPhrase, type LintFinding } from './lint/lint';

/** A finding with the text it was found in: the canonical body (channel null) or a channel's variant. */
export interface StatementFindingData extends LintFinding {
  channel: string | null;
}

export const MAX_CUSTOM_PHRASES = 500;
const RULE = /^[a-z][a-z0-9-]{0,49}$/;

/** The primary subtag of a language tag ("fr-CA" → "fr"), which picks the rule file and the organization's phrases. */
export function primaryLanguage(language: string): string {
  return language.split('-')[0].toLowerCase();
}

/** A language argument as a client sent it: its primary subtag, or BAD_USER_INPUT. */
export function requireLanguage(language: string, field: string): string {
  const primary = primaryLanguage(language.trim());
  if (!/^[a-z]{2,3}$/.test(primary)) throw new BadUserInputError(field, 'must be a two- or three-letter language code (e.g. en, fr)');
  return primary;
}

export function lintStatementTexts(
  text: { body: string; language: string; variants: ReadonlyArray<{ channel: string; body: string }> },
  custom: readonly CustomPhrase[],
): StatementFindingData[] {
  const found: StatementFindingData[] = lintStatement(text.body, text.language, custom).map((f) => ({ channel: null, ...f }));
  for (const variant of text.variants) {
    found.push(...lintStatement(variant.body, text.language, custom).map((f) => ({ channel: variant.channel, ...f })));
  }
  return found;
}

/** The organization's own phrases for one language, in the order they were given. */
export async function customPhrases(dataSource: DataSource, organizationId: string, language: string): Promise<CustomPhrase[]> {
  return query<CustomPhrase>(
    dataSource,
    `SELECT phrase, rule, message FROM lint_phrase WHERE organization_id = $1 AND language = $2 ORDER BY position`,
    [organizationId, primaryLanguage(language)],
  );
}

/** Replaces the organization's phrases for a language (an empty list removes them); all checked before anything is written. */
export async function replaceCustomPhrases(dataSource: DataSource, organizationId: string, language: string, phrases: CustomPhrase[]): Promise<CustomPhrase[]> {
  if (phrases.length > MAX_CUSTOM_PHRASES) throw new BadUserInputError('input.phrases', `takes at most ${MAX_CUSTOM_PHRASES} phrases`);
  const seen = new Set<string>();
  const clean = phrases.map((p, i) => {
    const field = `input.phrases[${i}]`;
    const phrase = requireText(p.phrase, `${field}.phrase`, 200).replace(/\s+/g, ' ');
    const key = phrase.toLowerCase();
    if (seen.has(key)) throw new BadUserInputError(`${field}.phrase`, `"${phrase}" is listed twice`);
    seen.add(key);
    const rule = p.rule.trim().toLowerCase();
    if (!RULE.test(rule)) throw new BadUserInputError(`${field}.rule`, 'must be a short lowercase rule id (e.g. legal-risk)');
    const message = requireText(p.message, `${field}.message`, 500);
    return { phrase, rule, message };
  });
  await withTransaction(dataSource, async (tx) => {
    // Two replacements of the same list at once take turns: the last one wins whole, neither fails nor merges.
    await tx.rows(`SELECT pg_advisory_xact_lock(hashtext('lint_phrase:' || $1 || ':' || $2))`, [organizationId, language]);
    await tx.rows(`DELETE FROM lint_phrase WHERE organization_id = $1 AND language = $2`, [organizationId, language]);
    await tx.rows(
      `INSERT INTO lint_phrase (organization_id, language, phrase, rule, message, position)
       SELECT $1, $2, p.phrase, p.rule, p.message, p.ord
       FROM ROWS FROM (jsonb_to_recordset($3::jsonb) AS (phrase text, rule text, message text)) WITH ORDINALITY AS p(phrase, rule, message, ord)`,
      [organizationId, language, JSON.stringify(clean)],
    );
  });
  return clean;
}

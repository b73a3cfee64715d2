// The organization's sentiment lexicon (its own terms and scores per language) and what ingestion reads of it.
import type { DataSource } from 'typeorm';
import { query, withTransaction } from '../db/transaction';
import { BadUserInputError, isStorableText } from '../graphql/errors';
import { isMatchableTerm, type OrganizationTerm } from './lexicon';
import { isScoredLanguage, SCORED_LANGUAGES, sentimentContext, type ScoredLanguage, type SentimentContext } from './score';
import { DEFAULT_LANGUAGES } from './language';
import { FR_RULES } from './lexicon.fr';
import { EN_RULES } from './lexicon.en';

export const MAX_TERMS_PER_CALL = 500;
/** Per organization and language: what one batch reads and compiles, kept small enough to do so for every batch. */
export const MAX_TERMS_PER_LANGUAGE = 2000;
export const MAX_TERM_LENGTH = 100;
export const TERM_SCORE_LIMIT = 5;

const ELISIONS: Record<ScoredLanguage, RegExp | null> = { en: EN_RULES.elisions, fr: FR_RULES.elisions };

export interface SentimentTermData {
  term: string;
  score: number;
}

/** One statement for the whole batch: the organization's languages and every term of its lexicon. */
export async function readSentimentContext(dataSource: DataSource, organizationId: string): Promise<SentimentContext> {
  const [row] = await query<{ languages: string[] | null; terms: OrganizationTerm[] }>(
    dataSource,
    `SELECT o.languages,
            coalesce((SELECT jsonb_agg(jsonb_build_object('language', t.language, 'term', t.term, 'score', t.score))
                      FROM sentiment_term t WHERE t.organization_id = o.id), '[]'::jsonb) AS terms
     FROM organization o WHERE o.id = $1`,
    [organizationId],
    'read-sentiment-context',
  );
  return sentimentContext(row?.languages ?? DEFAULT_LANGUAGES, row?.terms ?? []);
}

/** A language argument: one we score (en, fr), or BAD_USER_INPUT. */
export function requireScoredLanguage(language: string, field: string): ScoredLanguage {
  const primary = language.trim().toLowerCase().split('-')[0];
  if (!isScoredLanguage(primary)) throw new BadUserInputError(field, `must be a language we score sentiment in (${SCORED_LANGUAGES.join(', ')})`);
  return primary;
}

/** How a term is stored and matched: trimmed, single spaces, lowercase (matching also ignores accents). */
const normalizeTerm = (term: string) => term.trim().replace(/\s+/g, ' ').toLowerCase();

/** The organization's terms for a language, alphabetically. */
export async function listSentimentTerms(dataSource: DataSource, organizationId: string, language: ScoredLanguage): Promise<SentimentTermData[]> {
  return query<SentimentTermData>(
    dataSource,
    `SELECT term, score FROM sentiment_term WHERE organization_id = $1 AND language = $2 ORDER BY term`,
    [organizationId, language],
  );
}

/**
 * Adds or changes terms (a score of 0 removes the term, so the built-in lexicon applies to it again). Every term is
 * checked first: one bad term refuses the whole call, naming its index, and nothing is stored.
 */
export async function updateSentimentTerms(
  dataSource: DataSource, organizationId: string, language: ScoredLanguage, terms: ReadonlyArray<SentimentTermData>,
): Promise<SentimentTermData[]> {
  if (terms.length > MAX_TERMS_PER_CALL) throw new BadUserInputError('input.terms', `takes at most ${MAX_TERMS_PER_CALL} terms per call (got ${terms.length})`);
  const seen = new Set<string>();
  const clean = terms.map((t, index) => {
    const field = (name: string) => `input.terms[${index}].${name}`;
    const fail = (name: string, message: string): never => {
      throw new BadUserInputError(field(name), message, { index });
    };
    if (!isStorableText(t.term)) fail('term', 'contains characters that are not text (NUL or a broken surrogate pair)');
    const term = normalizeTerm(t.term);
    if (term.length === 0) fail('term', 'must not be blank');
    if (term.length > MAX_TERM_LENGTH) fail('term', `must be 1 to ${MAX_TERM_LENGTH} characters`);
    if (!isMatchableTerm(term, ELISIONS[language])) fail('term', 'must hold at least one word or emoji');
    if (seen.has(term)) fail('term', `"${term}" is listed twice`);
    seen.add(term);
    if (!Number.isFinite(t.score) || Math.abs(t.score) > TERM_SCORE_LIMIT) fail('score', `must be between -${TERM_SCORE_LIMIT} and ${TERM_SCORE_LIMIT} (0 removes the term)`);
    return { term, score: t.score };
  });
  await withTransaction(dataSource, async (tx) => {
    // Two updates of the same lexicon take turns, so the size check below sees the other's terms.
    await tx.rows(`SELECT pg_advisory_xact_lock(hashtext('sentiment_term:' || $1 || ':' || $2))`, [organizationId, language]);
    await tx.rows(
      `WITH given AS (SELECT * FROM jsonb_to_recordset($3::jsonb) AS g(term text, score float8)),
       removed AS (
         DELETE FROM sentiment_term t USING given g
         WHERE t.organization_id = $1 AND t.language = $2 AND t.term = g.term AND g.score = 0
       )
       INSERT INTO sentiment_term (organization_id, language, term, score)
       SELECT $1, $2, g.term, g.score FROM given g WHERE g.score <> 0
       ON CONFLICT (organization_id, language, term) DO UPDATE SET score = excluded.score, updated_at = now()`,
      [organizationId, language, JSON.stringify(clean)],
    );
    const [{ n }] = await tx.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM sentiment_term WHERE organization_id = $1 AND language = $2`, [organizationId, language],
    );
    if (n > MAX_TERMS_PER_LANGUAGE) {
      throw new BadUserInputError('input.terms', `the ${language} lexicon would hold ${n} terms; an organization keeps at most ${MAX_TERMS_PER_LANGUAGE} per language`);
    }
  });
  return listSentimentTerms(dataSource, organizationId, language);
}

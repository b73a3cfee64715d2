// Organization-wide settings as stored on the organization row.
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import { BadUserInputError } from '../graphql/errors';
import { DEFAULT_LANGUAGES, KNOWN_LANGUAGES } from '../sentiment/language';

export const MAX_LANGUAGES = 10;

export interface OrganizationSettingsData {
  /** publishStatement refuses a statement with lint findings. */
  blockOnFindings: boolean;
  /** ISO 639-1 codes, the primary one first: a mention without a language is guessed among these. */
  languages: string[];
}

interface SettingsRow {
  block_on_findings: boolean;
  languages: string[];
}

const toSettings = (row: SettingsRow | undefined): OrganizationSettingsData => ({
  blockOnFindings: row?.block_on_findings ?? false,
  languages: row?.languages ?? [...DEFAULT_LANGUAGES],
});

export async function readOrganizationSettings(dataSource: DataSource, organizationId: string): Promise<OrganizationSettingsData> {
  const [row] = await query<SettingsRow>(dataSource, `SELECT block_on_findings, languages FROM organization WHERE id = $1`, [organizationId]);
  return toSettings(row);
}

/** 1 to 10 codes the language guesser knows, lowercased, each once, in the order given; otherwise BAD_USER_INPUT. */
export function checkLanguages(languages: readonly string[], field: string): string[] {
  if (languages.length < 1 || languages.length > MAX_LANGUAGES) throw new BadUserInputError(field, `must list 1 to ${MAX_LANGUAGES} languages`);
  const codes: string[] = [];
  languages.forEach((language, index) => {
    const code = language.trim().toLowerCase();
    if (!KNOWN_LANGUAGES.has(code)) {
      throw new BadUserInputError(`${field}[${index}]`, `"${language}" is not an ISO 639-1 code the language guesser knows (e.g. en, fr, es, de)`, { index });
    }
    if (codes.includes(code)) throw new BadUserInputError(`${field}[${index}]`, `"${code}" is listed twice`, { index });
    codes.push(code);
  });
  return codes;
}

/** Changes what is given (null: unchanged) and answers the settings as they are now. */
export async function updateOrganizationSettings(
  dataSource: DataSource, organizationId: string, patch: { blockOnFindings?: boolean | null; languages?: readonly string[] | null },
): Promise<OrganizationSettingsData> {
  const languages = patch.languages ? checkLanguages(patch.languages, 'input.languages') : null;
  const [row] = await query<SettingsRow>(
    dataSource,
    `UPDATE organization SET block_on_findings = coalesce($2, block_on_findings), languages = coalesce($3::text[], languages)
     WHERE id = $1 RETURNING block_on_findings, languages`,
    [organizationId, patch.blockOnFindings ?? null, languages],
  );
  return toSettings(row);
}

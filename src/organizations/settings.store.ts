// Organization-wide settings as stored on the organization row.
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';

export interface OrganizationSettingsData {
  /** publishStatement refuses a statement with lint findings. */
  blockOnFindings: boolean;
}

export async function readOrganizationSettings(dataSource: DataSource, organizationId: string): Promise<OrganizationSettingsData> {
  const [row] = await query<{ block_on_findings: boolean }>(dataSource, `SELECT block_on_findings FROM organization WHERE id = $1`, [organizationId]);
  return { blockOnFindings: row?.block_on_findings ?? false };
}

/** Changes what is given (null: unchanged) and answers the settings as they are now. */
export async function updateOrganizationSettings(
  dataSource: DataSource, organizationId: string, patch: { blockOnFindings?: boolean | null },
): Promise<OrganizationSettingsData> {
  const [row] = await query<{ block_on_findings: boolean }>(
    dataSource,
    `UPDATE organization SET block_on_findings = coalesce($2, block_on_findings) WHERE id = $1 RETURNING block_on_findings`,
    [organizationId, patch.blockOnFindings ?? null],
  );
  return { blockOnFindings: row.block_on_findings };
}

// Reads of the crisis team that other features decide on (who may approve, whose feedback is the lead's).
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';

/** The assignee of a crisis team role, if someone holds it. */
export async function roleHolder(dataSource: DataSource, organizationId: string, crisisId: string, roleKey: string): Promise<string | null> {
  const [row] = await query<{ assignee: string }>(
    dataSource,
    `SELECT assignee FROM crisis_assignment WHERE crisis_id = $1 AND organization_id = $2 AND role_key = $3`,
    [crisisId, organizationId, roleKey],
  );
  return row?.assignee ?? null;
}

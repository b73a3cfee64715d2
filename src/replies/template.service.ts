// Reply templates of an organization: written with their syntax checked, listed by name, changed, deleted.
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import { BadUserInputError, NotFoundError, requireText } from '../graphql/errors';
import type { Actor } from '../crisis/crisis.service';
import { parseTemplate } from './template';

export const TEMPLATE_NAME_MAX = 200;
export const REPLY_BODY_MAX = 5000;

export interface TemplateRow {
  id: string;
  organization_id: string;
  name: string;
  body: string;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

const COLUMNS = 'id, organization_id, name, body, created_by, created_at, updated_by, updated_at';

function isNameTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === 'reply_template_name_key';
}

/** A body is checked whole before it is stored: blank, too long or with broken placeholders is refused. */
function checkBody(body: string, field: string): string {
  const checked = requireText(body, field, REPLY_BODY_MAX);
  parseTemplate(checked, field);
  return checked;
}

export class ReplyTemplateService {
  constructor(private readonly dataSource: DataSource) {}

  async create(actor: Actor, input: { name: string; body: string }): Promise<TemplateRow> {
    const name = requireText(input.name, 'input.name', TEMPLATE_NAME_MAX);
    const body = checkBody(input.body, 'input.body');
    try {
      const [row] = await query<TemplateRow>(
        this.dataSource,
        `INSERT INTO reply_template (organization_id, name, body, created_by, updated_by) VALUES ($1, $2, $3, $4, $4) RETURNING ${COLUMNS}`,
        [actor.organizationId, name, body, actor.name],
      );
      return row;
    } catch (error) {
      if (isNameTaken(error)) throw new BadUserInputError('input.name', `a template named "${name}" already exists`);
      throw error;
    }
  }

  /** Changes the name and/or the body; the replies already sent keep the text they were sent with. */
  async update(actor: Actor, templateId: string, input: { name?: string | null; body?: string | null }): Promise<TemplateRow> {
    const name = input.name == null ? null : requireText(input.name, 'input.name', TEMPLATE_NAME_MAX);
    const body = input.body == null ? null : checkBody(input.body, 'input.body');
    if (name === null && body === null) throw new BadUserInputError('input', 'give a name, a body or both');
    try {
      const [row] = await query<TemplateRow>(
        this.dataSource,
        `UPDATE reply_template SET name = coalesce($3, name), body = coalesce($4, body), updated_by = $5, updated_at = now()
         WHERE id = $1 AND organization_id = $2 RETURNING ${COLUMNS}`,
        [templateId, actor.organizationId, name, body, actor.name],
      );
      if (!row) throw new NotFoundError('ReplyTemplate', templateId);
      return row;
    } catch (error) {
      if (isNameTaken(error)) throw new BadUserInputError('input.name', `a template named "${name}" already exists`);
      throw error;
    }
  }

  /** Deletes a template; replies written from it keep their text and lose the link (Reply.template becomes null). */
  async delete(actor: Actor, templateId: string): Promise<void> {
    const rows = await query(this.dataSource, `DELETE FROM reply_template WHERE id = $1 AND organization_id = $2 RETURNING id`, [templateId, actor.organizationId]);
    if (!rows.length) throw new NotFoundError('ReplyTemplate', templateId);
  }

  async find(organizationId: string, templateId: string): Promise<TemplateRow | null> {
    const [row] = await query<TemplateRow>(this.dataSource, `SELECT ${COLUMNS} FROM reply_template WHERE id = $1 AND organization_id = $2`, [templateId, organizationId]);
    return row ?? null;
  }

  /** By name (then id), after the cursor's (name, id). */
  async list(organizationId: string, options: { limit: number; after: [string, string] | null }): Promise<{ rows: TemplateRow[]; total: number }> {
    const [rows, [{ count }]] = await Promise.all([
      query<TemplateRow>(
        this.dataSource,
        `SELECT ${COLUMNS} FROM reply_template WHERE organization_id = $1 AND ($2::text IS NULL OR (name, id) > ($2, $3::uuid))
         ORDER BY name, id LIMIT $4`,
        [organizationId, options.after?.[0] ?? null, options.after?.[1] ?? null, options.limit],
      ),
      query<{ count: number }>(this.dataSource, `SELECT count(*)::int AS count FROM reply_template WHERE organization_id = $1`, [organizationId]),
    ]);
    return { rows, total: count };
  }
}

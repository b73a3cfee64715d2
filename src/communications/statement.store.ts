// The SQL of statements: rows as stored, reads scoped to the organization, and the writes each workflow step makes.
import type { DataSource } from 'typeorm';
import { query, type Tx } from '../db/transaction';
import type { StatementKind, StatementStatus } from './statement.machine';
import type { StatementFindingData } from './statement.lint';

export interface ChannelVariantData {
  channel: string;
  body: string;
}

export interface StatementRow {
  id: string;
  organization_id: string;
  crisis_id: string;
  kind: StatementKind;
  status: StatementStatus;
  body: string;
  language: string;
  channels: string[];
  variants: ChannelVariantData[];
  supersedes_id: string | null;
  author: string;
  contributors: string[];
  revision: number;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  approved_at: Date | null;
  approved_by: string | null;
  published_at: Date | null;
  published_by: string | null;
  published_findings: StatementFindingData[] | null;
}

export interface StatementReviewRow {
  statement_id: string;
  decision: 'APPROVED' | 'REJECTED';
  approver: string;
  note: string | null;
  revision: number;
  at: Date;
}

const COLUMNS = `id, organization_id, crisis_id, kind, status, body, language, channels, variants, supersedes_id, author, contributors,
  revision, created_at, updated_at, submitted_at, approved_at, approved_by, published_at, published_by, published_findings`;

export async function readStatement(dataSource: DataSource, organizationId: string, id: string): Promise<StatementRow | undefined> {
  const [row] = await query<StatementRow>(dataSource, `SELECT ${COLUMNS} FROM statement WHERE id = $1 AND organization_id = $2`, [id, organizationId]);
  return row;
}

/** Statements of many crises, oldest first, for the per-request loader. */
export function readStatementsOfCrises(dataSource: DataSource, organizationId: string, crisisIds: readonly string[]): Promise<StatementRow[]> {
  return query<StatementRow>(
    dataSource,
    `SELECT ${COLUMNS} FROM statement WHERE crisis_id = ANY($1) AND organization_id = $2 ORDER BY created_at, id`,
    [crisisIds, organizationId],
  );
}

export function readReviews(dataSource: DataSource, organizationId: string, statementIds: readonly string[]): Promise<StatementReviewRow[]> {
  return query<StatementReviewRow>(
    dataSource,
    `SELECT statement_id, decision, approver, note, revision, at FROM statement_review
     WHERE statement_id = ANY($1) AND organization_id = $2 ORDER BY id`,
    [statementIds, organizationId],
  );
}

export interface NewStatement {
  organizationId: string;
  crisisId: string;
  kind: StatementKind;
  body: string;
  language: string;
  channels: string[];
  variants: ChannelVariantData[];
  supersedesId: string | null;
  author: string;
}

export async function insertStatement(dataSource: DataSource, s: NewStatement): Promise<StatementRow> {
  const [row] = await query<StatementRow>(
    dataSource,
    `INSERT INTO statement (organization_id, crisis_id, kind, body, language, channels, variants, supersedes_id, author, contributors)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ARRAY[$9])
     RETURNING ${COLUMNS}`,
    [s.organizationId, s.crisisId, s.kind, s.body, s.language, s.channels, JSON.stringify(s.variants), s.supersedesId, s.author],
  );
  return row;
}

/** A new text for a DRAFT at the revision read; undefined when it moved on meanwhile (submitted, or edited by someone else). */
export async function updateDraft(
  dataSource: DataSource, organizationId: string, id: string, revision: number, editor: string,
  s: Pick<NewStatement, 'kind' | 'body' | 'language' | 'channels' | 'variants'>,
): Promise<StatementRow | undefined> {
  const [row] = await query<StatementRow>(
    dataSource,
    `UPDATE statement SET kind = $4, body = $5, language = $6, channels = $7, variants = $8, revision = revision + 1, updated_at = now(),
       contributors = CASE WHEN $9::text = ANY(contributors) THEN contributors ELSE array_append(contributors, $9::text) END
     WHERE id = $1 AND organization_id = $2 AND revision = $3 AND status = 'DRAFT'
     RETURNING ${COLUMNS}`,
    [id, organizationId, revision, s.kind, s.body, s.language, s.channels, JSON.stringify(s.variants), editor],
  );
  return row;
}

export interface StatusChange {
  id: string;
  organizationId: string;
  /** The status and revision the decision was made on: the row must still be there. */
  from: StatementStatus;
  revision: number;
  to: StatementStatus;
  at: Date;
  by: string;
  review?: { decision: 'APPROVED' | 'REJECTED'; note: string | null };
  findings?: StatementFindingData[];
}

/** Moves a statement along its workflow inside a crisis command; false when it changed since it was read. */
export async function changeStatus(tx: Tx, c: StatusChange): Promise<boolean> {
  const rows = await tx.rows(
    `WITH upd AS (
       UPDATE statement SET status = $5, updated_at = $6,
         submitted_at = CASE WHEN $5 = 'IN_REVIEW' THEN $6 ELSE submitted_at END,
         approved_at = CASE WHEN $5 = 'APPROVED' THEN $6 WHEN $5 = 'DRAFT' THEN NULL ELSE approved_at END,
         approved_by = CASE WHEN $5 = 'APPROVED' THEN $7 WHEN $5 = 'DRAFT' THEN NULL ELSE approved_by END,
         published_at = CASE WHEN $5 = 'PUBLISHED' THEN $6 ELSE published_at END,
         published_by = CASE WHEN $5 = 'PUBLISHED' THEN $7 ELSE published_by END,
         published_findings = CASE WHEN $5 = 'PUBLISHED' THEN $10::jsonb ELSE published_findings END
       WHERE id = $1 AND organization_id = $2 AND status = $3 AND revision = $4
       RETURNING id, organization_id, revision
     ), review AS (
       INSERT INTO statement_review (organization_id, statement_id, decision, approver, note, revision, at)
       SELECT upd.organization_id, upd.id, $8, $7, $9, upd.revision, $6 FROM upd WHERE $8::text IS NOT NULL
     )
     SELECT id FROM upd`,
    [c.id, c.organizationId, c.from, c.revision, c.to, c.at, c.by, c.review?.decision ?? null, c.review?.note ?? null,
      c.findings ? JSON.stringify(c.findings) : null],
  );
  return rows.length === 1;
}

/** Items of the crisis's action plan that count for an apology: open or done, not dropped. */
export async function countActionPlan(dataSource: DataSource, organizationId: string, crisisId: string): Promise<number> {
  const [row] = await query<{ n: number }>(
    dataSource,
    `SELECT count(*)::int AS n FROM action_item WHERE crisis_id = $1 AND organization_id = $2 AND status IN ('OPEN', 'DONE')`,
    [crisisId, organizationId],
  );
  return row.n;
}

// Communications: statements (one canonical text, per-channel variants, review, publication), action items, lint phrases.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Communications1764806400000 implements MigrationInterface {
  name = 'Communications1764806400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE statement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL,
        crisis_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('HOLDING', 'APOLOGY', 'UPDATE', 'RESOLUTION')),
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'IN_REVIEW', 'APPROVED', 'PUBLISHED')),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 100000),
        language text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$'),
        channels text[] NOT NULL CHECK (cardinality(channels) BETWEEN 1 AND 50),
        variants jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(variants) = 'array'),
        supersedes_id uuid,
        author text NOT NULL,
        -- Everyone who wrote its text: none of them may approve it (four eyes).
        contributors text[] NOT NULL,
        revision int NOT NULL DEFAULT 1 CHECK (revision >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        approved_at timestamptz,
        approved_by text,
        published_at timestamptz,
        published_by text,
        -- The lint findings as they stood at publication (a draft's are computed when read).
        published_findings jsonb,
        UNIQUE (organization_id, id),
        CHECK ((status = 'PUBLISHED') = (published_at IS NOT NULL)),
        CHECK (status NOT IN ('APPROVED', 'PUBLISHED') OR approved_at IS NOT NULL),
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, supersedes_id) REFERENCES statement (organization_id, id)
      )`);
    await q.query(`CREATE INDEX statement_crisis_idx ON statement (crisis_id, created_at, id)`);
    // A published statement is a public record: the database refuses to change it (a correction supersedes it).
    await q.query(`
      CREATE FUNCTION statement_published_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'statement % is published and cannot change', OLD.id USING ERRCODE = 'check_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER statement_published_is_immutable BEFORE UPDATE ON statement
      FOR EACH ROW WHEN (OLD.status = 'PUBLISHED') EXECUTE FUNCTION statement_published_is_immutable()`);
    await q.query(`
      CREATE TABLE statement_review (
        id bigserial PRIMARY KEY,
        organization_id uuid NOT NULL,
        statement_id uuid NOT NULL,
        decision text NOT NULL CHECK (decision IN ('APPROVED', 'REJECTED')),
        approver text NOT NULL,
        note text CHECK (length(note) <= 5000),
        revision int NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (organization_id, statement_id) REFERENCES statement (organization_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX statement_review_statement_idx ON statement_review (statement_id, id)`);
    await q.query(`
      CREATE TABLE action_item (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        crisis_id uuid NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        owner text NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
        due_at timestamptz,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'DONE', 'DROPPED')),
        note text CHECK (length(note) <= 5000),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        overdue_at timestamptz,
        UNIQUE (organization_id, id),
        CHECK ((status = 'OPEN') = (closed_at IS NULL)),
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX action_item_crisis_idx ON action_item (crisis_id, created_at, id)`);
    await q.query(`
      CREATE TABLE lint_phrase (
        organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
        language text NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
        phrase text NOT NULL CHECK (length(phrase) BETWEEN 1 AND 200),
        rule text NOT NULL CHECK (rule ~ '^[a-z][a-z0-9-]{0,49}$'),
        message text NOT NULL CHECK (length(message) BETWEEN 1 AND 500),
        position int NOT NULL,
        PRIMARY KEY (organization_id, language, phrase)
      )`);
    await q.query(`ALTER TABLE organization ADD COLUMN block_on_findings boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organization DROP COLUMN block_on_findings`);
    await q.query(`DROP TABLE lint_phrase`);
    await q.query(`DROP TABLE action_item`);
    await q.query(`DROP TABLE statement_review`);
    await q.query(`DROP TABLE statement`);
    await q.query(`DROP FUNCTION statement_published_is_immutable`);
  }
}

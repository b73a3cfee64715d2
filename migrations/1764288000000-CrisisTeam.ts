// The crisis team (one person per playbook role) and the checklist tasks protocols create when a state is entered.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATES = `'DETECTED','ACKNOWLEDGED','RESPONDING','CONTAINED','RECOVERY','REVIEWED','DISMISSED'`;

export class CrisisTeam1764288000000 implements MigrationInterface {
  name = 'CrisisTeam1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE crisis_assignment (
        organization_id uuid NOT NULL,
        crisis_id uuid NOT NULL,
        role_key text NOT NULL CHECK (role_key ~ '^[A-Z][A-Z0-9_]{1,49}$'),
        assignee text NOT NULL CHECK (length(assignee) BETWEEN 1 AND 200),
        assigned_by text NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (crisis_id, role_key),
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE crisis_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL,
        crisis_id uuid NOT NULL,
        state text NOT NULL CHECK (state IN (${STATES})),
        position int NOT NULL CHECK (position >= 0),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        completed_by text,
        UNIQUE (crisis_id, state, position),
        CHECK ((completed_at IS NULL) = (completed_by IS NULL)),
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crisis_task`);
    await q.query(`DROP TABLE crisis_assignment`);
  }
}

// The post-crisis review: one per crisis (summary, strengths, weaknesses, lessons) and feedback per participant and role.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reviews1765324800000 implements MigrationInterface {
  name = 'Reviews1765324800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE crisis_review (
        crisis_id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        summary text CHECK (length(summary) <= 20000),
        strengths text[] NOT NULL DEFAULT '{}' CHECK (cardinality(strengths) <= 50),
        weaknesses text[] NOT NULL DEFAULT '{}' CHECK (cardinality(weaknesses) <= 50),
        lessons text[] NOT NULL DEFAULT '{}' CHECK (cardinality(lessons) <= 50),
        revision int NOT NULL DEFAULT 1,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE review_feedback (
        organization_id uuid NOT NULL,
        crisis_id uuid NOT NULL,
        author text NOT NULL CHECK (length(author) BETWEEN 1 AND 200),
        role text NOT NULL CHECK (role ~ '^[A-Z][A-Z0-9_]{1,49}$'),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        rating int NOT NULL CHECK (rating BETWEEN 1 AND 5),
        submitted_by text NOT NULL,
        submitted_at timestamptz NOT NULL,
        PRIMARY KEY (crisis_id, author, role),
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE review_feedback`);
    await q.query(`DROP TABLE crisis_review`);
  }
}

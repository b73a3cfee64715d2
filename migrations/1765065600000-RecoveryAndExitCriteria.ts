// Recovery: per-brand recovery settings, recovery actions, playbook exit criteria, and an index for recovery episodes.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RecoveryAndExitCriteria1765065600000 implements MigrationInterface {
  name = 'RecoveryAndExitCriteria1765065600000';

  async up(q: QueryRunner): Promise<void> {
    // A constant default fills existing versions without rewriting them (their immutability trigger is not fired).
    await q.query(`ALTER TABLE playbook_version ADD COLUMN exit_criteria jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(exit_criteria) = 'array')`);
    // Null: the defaults (src/recovery/recovery.settings.ts).
    await q.query(`ALTER TABLE brand ADD COLUMN recovery jsonb CHECK (recovery IS NULL OR jsonb_typeof(recovery) = 'object')`);
    await q.query(`
      CREATE TABLE recovery_action (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        crisis_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('POSITIVE_STORY', 'TESTIMONIAL', 'COMMUNITY_ACTION', 'OTHER')),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        url text CHECK (length(url) <= 2000 AND url ~* '^https?://'),
        logged_by text NOT NULL,
        logged_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, id),
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX recovery_action_crisis_idx ON recovery_action (crisis_id, logged_at, id)`);
    // Every recovery check reads the crisis's last containment and its recovery events after it: a few index entries,
    // however long the timeline grows with replies and notes.
    await q.query(`
      CREATE INDEX crisis_event_recovery_idx ON crisis_event (crisis_id, sequence)
      WHERE type IN ('STATE_CHANGED', 'SENTIMENT_RECOVERED', 'RECOVERY_RELAPSED')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX crisis_event_recovery_idx`);
    await q.query(`DROP TABLE recovery_action`);
    await q.query(`ALTER TABLE brand DROP COLUMN recovery`);
    await q.query(`ALTER TABLE playbook_version DROP COLUMN exit_criteria`);
  }
}

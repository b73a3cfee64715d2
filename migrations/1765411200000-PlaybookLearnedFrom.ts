// A playbook version records the crises whose lessons it takes in (proposePlaybookRevision, then revisePlaybook).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlaybookLearnedFrom1765411200000 implements MigrationInterface {
  name = 'PlaybookLearnedFrom1765411200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE playbook_learned_from (
        organization_id uuid NOT NULL,
        playbook_id uuid NOT NULL,
        version int NOT NULL,
        crisis_id uuid NOT NULL,
        PRIMARY KEY (playbook_id, version, crisis_id),
        FOREIGN KEY (playbook_id, version) REFERENCES playbook_version (playbook_id, version) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX playbook_learned_from_crisis_idx ON playbook_learned_from (crisis_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE playbook_learned_from`);
  }
}

// Crisis plans: playbooks and their immutable versions; brands point at one, crises pin the version they started with.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Playbooks1764201600000 implements MigrationInterface {
  name = 'Playbooks1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE playbook (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        is_default boolean NOT NULL DEFAULT false,
        current_version int NOT NULL DEFAULT 1 CHECK (current_version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, name),
        UNIQUE (organization_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX playbook_one_default_idx ON playbook (organization_id) WHERE is_default`);
    await q.query(`
      CREATE TABLE playbook_version (
        playbook_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        version int NOT NULL CHECK (version >= 1),
        name text NOT NULL,
        revision_reason text CHECK (length(revision_reason) <= 2000),
        roles jsonb NOT NULL CHECK (jsonb_typeof(roles) = 'array'),
        channels text[] NOT NULL,
        protocols jsonb NOT NULL CHECK (jsonb_typeof(protocols) = 'array'),
        sla_policies jsonb NOT NULL CHECK (jsonb_typeof(sla_policies) = 'array'),
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (playbook_id, version),
        FOREIGN KEY (organization_id, playbook_id) REFERENCES playbook (organization_id, id) ON DELETE CASCADE
      )`);
    // Old versions never change: the database refuses, whoever asks.
    await q.query(`
      CREATE FUNCTION playbook_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'playbook versions are immutable: revise the playbook instead' USING ERRCODE = 'check_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER playbook_version_no_update BEFORE UPDATE ON playbook_version
      FOR EACH ROW EXECUTE FUNCTION playbook_version_immutable()`);
    await q.query(`ALTER TABLE brand ADD COLUMN playbook_id uuid`);
    await q.query(`ALTER TABLE brand ADD FOREIGN KEY (organization_id, playbook_id) REFERENCES playbook (organization_id, id)`);
    await q.query(`ALTER TABLE crisis ADD COLUMN playbook_id uuid, ADD COLUMN playbook_version int`);
    await q.query(`ALTER TABLE crisis ADD FOREIGN KEY (playbook_id, playbook_version) REFERENCES playbook_version (playbook_id, version)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crisis DROP COLUMN playbook_id, DROP COLUMN playbook_version`);
    await q.query(`ALTER TABLE brand DROP COLUMN playbook_id`);
    await q.query(`DROP TABLE playbook_version`);
    await q.query(`DROP FUNCTION playbook_version_immutable`);
    await q.query(`DROP TABLE playbook`);
  }
}

// Playbook versions may set their own length limits per channel (an SMS gateway's segments, a forum's post size).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlaybookChannelLimits1764979200000 implements MigrationInterface {
  name = 'PlaybookChannelLimits1764979200000';

  async up(q: QueryRunner): Promise<void> {
    // A constant default fills existing versions without rewriting them (their immutability trigger is not fired).
    await q.query(`ALTER TABLE playbook_version ADD COLUMN channel_limits jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(channel_limits) = 'array')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE playbook_version DROP COLUMN channel_limits`);
  }
}

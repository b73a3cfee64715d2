// The webhook outbox trigger skips an endpoint being deleted instead of waiting for it: a crisis command must never
// wait on an admin's delete (nor fail on the foreign key once the delete commits).
import type { MigrationInterface, QueryRunner } from 'typeorm';

const ENQUEUE = (skipLocked: boolean) => `
  CREATE OR REPLACE FUNCTION webhook_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO webhook_delivery (organization_id, endpoint_id, event_sequence, crisis_id, event_type)
    SELECT NEW.organization_id, e.id, NEW.sequence, NEW.crisis_id, NEW.type
    FROM webhook_endpoint e
    WHERE e.organization_id = NEW.organization_id AND e.enabled
      AND (cardinality(e.event_types) = 0 OR NEW.type = ANY (e.event_types))
      AND (cardinality(e.brand_ids) = 0 OR NEW.brand_id = ANY (e.brand_ids))
    ${skipLocked ? 'FOR KEY SHARE OF e SKIP LOCKED' : ''};
    RETURN NULL;
  END $$`;

export class WebhookEnqueueSkipsDeleted1765929600000 implements MigrationInterface {
  name = 'WebhookEnqueueSkipsDeleted1765929600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(ENQUEUE(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(ENQUEUE(false));
  }
}

// Webhook endpoints and their deliveries: an outbox the timeline feeds in the same transaction (a trigger on
// crisis_event), so a committed event is never missing a delivery, whatever crashes after the commit.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1765843200000 implements MigrationInterface {
  name = 'Webhooks1765843200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoint (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
        url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
        description text CHECK (length(description) <= 500),
        event_types text[] NOT NULL DEFAULT '{}',
        brand_ids uuid[] NOT NULL DEFAULT '{}',
        -- Signing secrets, encrypted (AES-256-GCM, src/webhooks/secrets.ts); the previous one signs too until it expires.
        secret text NOT NULL,
        previous_secret text,
        previous_secret_expires_at timestamptz,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        consecutive_failures int NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, id)
      )`);
    await q.query(`CREATE INDEX webhook_endpoint_by_organization ON webhook_endpoint (organization_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id bigserial PRIMARY KEY,
        organization_id uuid NOT NULL,
        endpoint_id uuid NOT NULL,
        -- The timeline event delivered (null for a test delivery); its crisis orders deliveries per endpoint.
        event_sequence bigint,
        crisis_id uuid,
        event_type text NOT NULL,
        -- The Standard Webhooks message id: the same on every attempt and redelivery, for de-duplication.
        webhook_id text NOT NULL UNIQUE DEFAULT 'msg_' || replace(gen_random_uuid()::text, '-', ''),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        -- A process sending it holds it until then; past it (the process died), any process may claim it again.
        leased_until timestamptz,
        -- The body, rendered at the first attempt and sent unchanged on every later one.
        body text,
        last_status_code int,
        last_error text,
        last_response text,
        last_latency_ms int,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (endpoint_id, event_sequence),
        FOREIGN KEY (organization_id, endpoint_id) REFERENCES webhook_endpoint (organization_id, id) ON DELETE CASCADE
      )`);
    // What workers claim, endpoint by endpoint: its pending deliveries by due time; and the queue's oldest overall.
    await q.query(`CREATE INDEX webhook_delivery_due ON webhook_delivery (endpoint_id, next_attempt_at, id) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX webhook_delivery_age ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING'`);
    // Per-crisis order: the earliest pending delivery of (endpoint, crisis) goes first.
    await q.query(`CREATE INDEX webhook_delivery_order ON webhook_delivery (endpoint_id, crisis_id, event_sequence) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX webhook_delivery_by_endpoint ON webhook_delivery (endpoint_id, id DESC)`);
    // The outbox is written with the event, in its transaction: one row per enabled endpoint whose filters match.
    await q.query(`
      CREATE FUNCTION webhook_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO webhook_delivery (organization_id, endpoint_id, event_sequence, crisis_id, event_type)
        SELECT NEW.organization_id, e.id, NEW.sequence, NEW.crisis_id, NEW.type
        FROM webhook_endpoint e
        WHERE e.organization_id = NEW.organization_id AND e.enabled
          AND (cardinality(e.event_types) = 0 OR NEW.type = ANY (e.event_types))
          AND (cardinality(e.brand_ids) = 0 OR NEW.brand_id = ANY (e.brand_ids));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER crisis_event_webhooks AFTER INSERT ON crisis_event FOR EACH ROW EXECUTE FUNCTION webhook_enqueue()`);
    // The key that encrypts signing secrets when WEBHOOK_SECRET_KEY is not set (one per database, made at first use).
    await q.query(`CREATE TABLE webhook_key (id int PRIMARY KEY CHECK (id = 1), key text NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER crisis_event_webhooks ON crisis_event`);
    await q.query(`DROP FUNCTION webhook_enqueue()`);
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE webhook_endpoint`);
    await q.query(`DROP TABLE webhook_key`);
  }
}

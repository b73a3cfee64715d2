// The lifecycle core: organizations, tokens, brands, crises, their timeline, timers and idempotency keys.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATES = `'DETECTED','ACKNOWLEDGED','RESPONDING','CONTAINED','RECOVERY','REVIEWED','DISMISSED'`;

export class LifecycleCore1764115200000 implements MigrationInterface {
  name = 'LifecycleCore1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organization (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE api_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        role text NOT NULL CHECK (role IN ('VIEWER','RESPONDER','ADMIN')),
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_token_organization_idx ON api_token (organization_id)`);
    await q.query(`
      CREATE TABLE brand (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        keywords text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, name),
        UNIQUE (organization_id, id)
      )`);
    await q.query(`
      CREATE TABLE crisis (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        brand_id uuid NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        description text CHECK (length(description) <= 10000),
        category text NOT NULL CHECK (category IN ('CUSTOMER_COMPLAINT','CONTROVERSIAL_POST','PRODUCT_RECALL','SERVICE_OUTAGE','DATA_BREACH','EXECUTIVE_CONDUCT','OTHER')),
        severity text NOT NULL CHECK (severity IN ('LOW','MEDIUM','HIGH','CRITICAL')),
        state text NOT NULL CHECK (state IN (${STATES})),
        version int NOT NULL CHECK (version >= 1),
        machine jsonb NOT NULL,
        trigger jsonb,
        detected_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        first_public_response_at timestamptz,
        contained_at timestamptz,
        recovery_started_at timestamptz,
        reviewed_at timestamptz,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, id),
        FOREIGN KEY (organization_id, brand_id) REFERENCES brand (organization_id, id)
      )`);
    await q.query(`CREATE INDEX crisis_newest_idx ON crisis (organization_id, detected_at DESC, id DESC)`);
    await q.query(`CREATE INDEX crisis_brand_idx ON crisis (organization_id, brand_id, detected_at DESC)`);
    await q.query(`
      CREATE TABLE crisis_event (
        sequence bigserial PRIMARY KEY,
        organization_id uuid NOT NULL,
        crisis_id uuid NOT NULL,
        brand_id uuid NOT NULL,
        type text NOT NULL,
        from_state text CHECK (from_state IN (${STATES})),
        to_state text CHECK (to_state IN (${STATES})),
        actor text,
        payload jsonb,
        crisis_version int NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX crisis_event_crisis_idx ON crisis_event (crisis_id, sequence)`);
    await q.query(`CREATE INDEX crisis_event_organization_idx ON crisis_event (organization_id, sequence)`);
    await q.query(`
      CREATE TABLE crisis_timer (
        id bigserial PRIMARY KEY,
        organization_id uuid NOT NULL,
        crisis_id uuid NOT NULL,
        send_id text NOT NULL,
        event jsonb NOT NULL,
        due_at timestamptz NOT NULL,
        UNIQUE (crisis_id, send_id),
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX crisis_timer_due_idx ON crisis_timer (due_at)`);
    await q.query(`
      CREATE TABLE idempotency_key (
        organization_id uuid NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        crisis_id uuid NOT NULL,
        request_hash text NOT NULL,
        result jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['idempotency_key', 'crisis_timer', 'crisis_event', 'crisis', 'brand', 'api_token', 'organization']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}

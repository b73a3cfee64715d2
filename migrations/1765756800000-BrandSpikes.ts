// Every spike the detectors found for a brand: the ones that paged (crisis_id set) and the past ones that arrived
// beyond the brand's alert horizon (a historical import), which page no one but stay in the brand's history.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BrandSpikes1765756800000 implements MigrationInterface {
  name = 'BrandSpikes1765756800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE brand_spike (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL,
        brand_id uuid NOT NULL,
        metric text NOT NULL CHECK (metric IN ('NEGATIVE_MENTIONS', 'NEGATIVE_SHARE', 'SENTIMENT', 'REACH_NEGATIVITY',
                                               'NEGATIVE_SHARE_DRIFT', 'NEGATIVE_VOLUME_DRIFT', 'FOLLOWER_SWING')),
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL CHECK (window_end > window_start),
        peak_window_start timestamptz NOT NULL,
        peak_window_end timestamptz NOT NULL,
        observed double precision NOT NULL,
        baseline double precision NOT NULL,
        score double precision NOT NULL,
        strength double precision NOT NULL CHECK (strength >= 0),
        severity text NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        late_by_seconds int NOT NULL CHECK (late_by_seconds >= 0),
        crisis_id uuid,
        FOREIGN KEY (organization_id, brand_id) REFERENCES brand (organization_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organization_id, crisis_id) REFERENCES crisis (organization_id, id) ON DELETE SET NULL (crisis_id)
      )`);
    await q.query(`CREATE INDEX brand_spike_by_brand ON brand_spike (organization_id, brand_id, window_end DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE brand_spike`);
  }
}

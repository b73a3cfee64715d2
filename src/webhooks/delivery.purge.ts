// Webhook deliveries are kept for a while (to see, to redeliver with their ids), not forever: settled ones older than
// WEBHOOK_RETENTION_DAYS go. Pending ones stay whatever their age; redeliverWebhooks re-creates purged ones.
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { PeriodicPurge } from '../db/periodic-purge';

export function webhookDeliveryPurge(dataSource: DataSource, log: Logger, retentionSeconds: number): PeriodicPurge {
  return new PeriodicPurge(dataSource, log, {
    what: 'settled webhook deliveries',
    table: 'webhook_delivery',
    expired: `status <> 'PENDING' AND created_at < now() - make_interval(secs => $1)`,
    ttlSeconds: retentionSeconds,
  });
}

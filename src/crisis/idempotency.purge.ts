// Idempotency keys are kept for a while, not forever: retries within the TTL always replay, older keys go.
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { PeriodicPurge } from '../db/periodic-purge';

export function idempotencyKeyPurge(dataSource: DataSource, log: Logger, ttlSeconds: number): PeriodicPurge {
  return new PeriodicPurge(dataSource, log, { what: 'expired idempotency keys', table: 'idempotency_key', expired: 'created_at < now() - make_interval(secs => $1)', ttlSeconds });
}

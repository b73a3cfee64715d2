// The process's Prometheus metrics: one registry per server, every metric defined here, recorded by one-line calls elsewhere.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const PREFIX = 'crisis_desk_';
/** Operation names used as labels as they are; others are "anonymous". */
export const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Distinct operation names one process labels; clients choose names, so the series they make are capped. */
export const OPERATION_NAME_CAP = 200;

/** What the pg Pool behind TypeORM tells about itself (dataSource.driver.master). */
export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event loop, GC), prefixed; off for metrics made in unit code. */
  defaultMetrics?: boolean;
  /** Read at scrape time; null when the pool is not there (not initialized, another driver). */
  pool?: () => PoolStats | null;
}

/** Results of a crisis command, as `crisis_desk_crisis_commands_total` labels them. */
export type CommandResult = 'ok' | 'INVALID_TRANSITION' | 'GUARD_FAILED' | 'VERSION_CONFLICT' | 'other';
export type DetectionOutcome = 'paged' | 'escalated' | 'recorded';

const COMMAND_REFUSALS = new Set<string>(['INVALID_TRANSITION', 'GUARD_FAILED', 'VERSION_CONFLICT']);

/** The result label of a command that threw: its refusal code when it is one of the command path's, else "other". */
export function commandResult(error: unknown): CommandResult {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' && COMMAND_REFUSALS.has(code) ? (code as CommandResult) : 'other';
}

export class Metrics {
  readonly registry = new Registry();

  readonly graphqlRequests = new Counter({
    name: `${PREFIX}graphql_requests_total`,
    help: 'GraphQL requests over HTTP, by operation name (bounded, see docs/metrics.md), operation type and outcome (ok or the first error code)',
    labelNames: ['operation', 'operation_type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly websocketOperations = new Counter({
    name: `${PREFIX}websocket_operations_total`,
    help: 'GraphQL operations started over websockets (graphql-ws subscribe messages), by operation name, operation type and outcome (ok or the first error code)',
    labelNames: ['operation', 'operation_type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly graphqlRequestDuration = new Histogram({
    name: `${PREFIX}graphql_request_duration_seconds`,
    help: 'Time from Apollo receiving a GraphQL request to its response being sent',
    labelNames: ['operation', 'operation_type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly crisisCommands = new Counter({
    name: `${PREFIX}crisis_commands_total`,
    help: "Commands on crises, by event (sendCrisisEvent's event, or the mutation of another feature's command) and result",
    labelNames: ['event', 'result'] as const,
    registers: [this.registry],
  });

  readonly timerLateness = new Histogram({
    name: `${PREFIX}timer_lateness_seconds`,
    help: 'Seconds between a durable timer being due and this process firing it',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });

  readonly notificationLag = new Histogram({
    name: `${PREFIX}notification_lag_seconds`,
    help: 'Seconds from a crisis write sending its NOTIFY (just before commit, database clock) to this process receiving it on LISTEN',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly websocketConnections = new Gauge({
    name: `${PREFIX}websocket_connections`,
    help: 'Open websocket connections that completed connection_init with a valid token',
    registers: [this.registry],
  });

  readonly websocketSubscriptions = new Gauge({
    name: `${PREFIX}websocket_subscriptions`,
    help: 'Operations running over websockets (subscriptions, and a query or mutation while it runs)',
    registers: [this.registry],
  });

  readonly mentionsIngested = new Counter({
    name: `${PREFIX}mentions_ingested_total`,
    help: 'Mentions received by ingestMentions, by result (accepted: stored; duplicate: already stored or repeated in the batch)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly detectionOutcomes = new Counter({
    name: `${PREFIX}detection_outcomes_total`,
    help: 'Spikes the detector settled, by outcome (paged: a new crisis; escalated: attached to the open one; recorded: kept as a past spike)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: `${PREFIX}webhook_deliveries_total`,
    help: 'Webhook delivery attempts, by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly webhookQueueAgeSeconds = new Gauge({
    name: `${PREFIX}webhook_queue_age_seconds`,
    help: 'Age of the oldest webhook delivery waiting to be sent (0 when none waits)',
    registers: [this.registry],
  });

  /** Distinct operation names seen so far: past OPERATION_NAME_CAP, new names count as "other". */
  private readonly operationNames = new Set<string>();

  constructor(options: MetricsOptions = {}) {
    const pool = options.pool ?? (() => null);
    const poolGauge = (name: string, help: string, read: (stats: PoolStats) => number) =>
      new Gauge({
        name: `${PREFIX}db_pool_${name}`,
        help,
        registers: [this.registry],
        collect() {
          const stats = pool();
          if (stats) this.set(read(stats));
        },
      });
    poolGauge('connections', 'Connections the database pool holds (idle and in use)', (s) => s.totalCount);
    poolGauge('idle_connections', 'Idle connections in the database pool', (s) => s.idleCount);
    poolGauge('waiting_clients', 'Queries waiting for a connection of the database pool', (s) => s.waitingCount);
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
  }

  /** The operation label: a well-formed name, "anonymous" otherwise, "other" once OPERATION_NAME_CAP names were seen. */
  operationLabel(name: string | null | undefined): string {
    if (!name || !OPERATION_NAME.test(name)) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= OPERATION_NAME_CAP) return 'other';
    this.operationNames.add(name);
    return name;
  }

  /**
   * Counts a crisis command by its result, passing its outcome on unchanged. `event` may be known only once the
   * command has decided (another feature's command names itself in its decision): a function is read at the end.
   */
  async countCrisisCommand<T>(event: string | (() => string), command: Promise<T>): Promise<T> {
    const label = () => (typeof event === 'function' ? event() : event);
    try {
      const result = await command;
      this.crisisCommands.inc({ event: label(), result: 'ok' });
      return result;
    } catch (error) {
      this.crisisCommands.inc({ event: label(), result: commandResult(error) });
      throw error;
    }
  }

  countIngest(accepted: number, duplicates: number): void {
    if (accepted > 0) this.mentionsIngested.inc({ result: 'accepted' }, accepted);
    if (duplicates > 0) this.mentionsIngested.inc({ result: 'duplicate' }, duplicates);
  }

  /** Seconds since `at` (ms), never negative (the clock that set it may be another machine's). */
  static secondsSince(at: number, now = Date.now()): number {
    return Math.max(0, (now - at) / 1000);
  }
}

/** The pg Pool TypeORM's postgres driver keeps as `master`, read at scrape time. */
export function typeormPool(dataSource: { driver: unknown }): () => PoolStats | null {
  return () => {
    const pool = (dataSource.driver as { master?: Partial<PoolStats> }).master;
    return pool && typeof pool.totalCount === 'number' ? (pool as PoolStats) : null;
  };
}

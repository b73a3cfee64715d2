// The process's configuration: read from the environment once, validated, then passed down explicitly.
import { z } from 'zod';
import type { Severity } from './crisis/machine';

export interface SlaPolicy {
  acknowledgeWithinSeconds: number;
  firstResponseWithinSeconds: number;
  updateEverySeconds: number;
}

export type SlaDefaults = Record<Severity, SlaPolicy>;

/** Outgoing webhooks (src/webhooks/). */
export interface WebhookConfig {
  /** Allow plain http:// and targets on loopback, private, link-local or metadata addresses (tests, closed networks). */
  allowPrivateTargets: boolean;
  /** Longest one delivery attempt may take, connection to last byte read. */
  timeoutMs: number;
  /** Failed attempts in a row (across deliveries) after which an endpoint is disabled. */
  disableAfterFailures: number;
  /** 32 bytes, base64: encrypts the signing secrets at rest. null: a key kept in the database (made at first use). */
  secretKey: string | null;
  /** Deliveries one process sends at once. */
  concurrency: number;
  /** Multiplies the retry schedule (1: about three days in all); tests shorten it. */
  retryScale: number;
  /** Delivered and failed deliveries older than this are purged. */
  retentionDays: number;
}

export interface Config {
  port: number;
  host: string;
  /** null: start the embedded PostgreSQL under `embeddedDataDir`. */
  databaseUrl: string | null;
  /**
   * A direct connection (not through a pooler) for what needs a session: LISTEN/NOTIFY and the migrations' lock. Set,
   * it also says DATABASE_URL is a transaction pooler (pgbouncer): no named prepared statements go through it.
   */
  databaseListenUrl: string | null;
  embeddedDataDir: string;
  embeddedPort: number;
  production: boolean;
  logLevel: string;
  /** Upper bound of `first` on every connection. */
  maxPageSize: number;
  maxBodyBytes: number;
  /** Body limit for tokens that write (RESPONDER, ADMIN): a batch of 5,000 mentions is several MiB. */
  maxWriteBodyBytes: number;
  /** Longest the timer worker sleeps between looks at the timers table when nothing woke it. */
  timerMaxIdleMs: number;
  /** How long a stopping process waits for requests in flight. */
  shutdownGraceMs: number;
  /** How long a retry with the same idempotency key returns the first result; older keys are purged. */
  idempotencyKeyTtlSeconds: number;
  /** Requests per minute per token (per address without one), in each process; 0: no limit. */
  rateLimitPerMinute: number;
  /** How long a claimMention holds a mention for its agent (claiming again extends it). */
  replyClaimSeconds: number;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For gives the client address (null: none). */
  trustProxy: string | number | null;
  slaDefaults: SlaDefaults;
  /** Bearer token GET /metrics requires; null: /metrics is open (keep it on a private network then). */
  metricsToken: string | null;
  /** MENTION_RETENTION_DAYS: mentions older than this are refused and their months dropped; null keeps them all. */
  mentionRetentionDays: number | null;
  /** Print a ready admin token for the demo organization at start (embedded, non-production only). */
  demoToken: boolean;
  webhooks: WebhookConfig;
}

const policy = z.object({
  acknowledgeWithinSeconds: z.number().int().positive(),
  firstResponseWithinSeconds: z.number().int().positive(),
  updateEverySeconds: z.number().int().positive(),
});

const MINUTE = 60;
/** Defaults per severity, from common crisis-communication practice: acknowledge within the hour, faster when worse. */
export const DEFAULT_SLA: SlaDefaults = {
  CRITICAL: { acknowledgeWithinSeconds: 15 * MINUTE, firstResponseWithinSeconds: 60 * MINUTE, updateEverySeconds: 60 * MINUTE },
  HIGH: { acknowledgeWithinSeconds: 30 * MINUTE, firstResponseWithinSeconds: 120 * MINUTE, updateEverySeconds: 120 * MINUTE },
  MEDIUM: { acknowledgeWithinSeconds: 60 * MINUTE, firstResponseWithinSeconds: 240 * MINUTE, updateEverySeconds: 240 * MINUTE },
  LOW: { acknowledgeWithinSeconds: 240 * MINUTE, firstResponseWithinSeconds: 1440 * MINUTE, updateEverySeconds: 1440 * MINUTE },
};

const env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_LISTEN_URL: z.string().url().optional(),
  EMBEDDED_PG_DIR: z.string().default('.data/postgres'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_PAGE_SIZE: z.coerce.number().int().positive().default(200),
  MAX_WRITE_BODY_BYTES: z.coerce.number().int().positive().default(16 * 1024 * 1024),
  TIMER_MAX_IDLE_MS: z.coerce.number().int().positive().default(5000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10000),
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().positive().max(24 * 365).default(24),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
  REPLY_CLAIM_SECONDS: z.coerce.number().int().positive().max(24 * 3600).default(300),
  TRUST_PROXY: z.string().regex(/^[\w.:/, -]+$/, 'a hop count, or addresses/subnets/names like "loopback, uniquelocal"').optional(),
  SLA_DEFAULTS: z.string().optional(),
  METRICS_TOKEN: z.string().regex(/^[\x21-\x7e]{16,512}$/, '16 to 512 printable ASCII characters, no spaces').optional(),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false'),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(100_000).default(50),
  WEBHOOK_SECRET_KEY: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, '32 bytes in base64 (openssl rand -base64 32)').optional(),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  WEBHOOK_RETRY_SCALE: z.coerce.number().positive().max(1).default(1),
  WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  MENTION_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
});

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  let slaDefaults = DEFAULT_SLA;
  if (e.SLA_DEFAULTS) {
    let given: unknown;
    try {
      given = JSON.parse(e.SLA_DEFAULTS);
    } catch {
      throw new Error('invalid SLA_DEFAULTS: not JSON');
    }
    const sla = z
      .object({ LOW: policy, MEDIUM: policy, HIGH: policy, CRITICAL: policy })
      .partial()
      .safeParse(given);
    if (!sla.success) throw new Error(`invalid SLA_DEFAULTS: ${sla.error.message}`);
    slaDefaults = { ...DEFAULT_SLA, ...sla.data };
  }
  const production = e.NODE_ENV === 'production';
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    databaseListenUrl: e.DATABASE_LISTEN_URL ?? null,
    embeddedDataDir: e.EMBEDDED_PG_DIR,
    embeddedPort: e.EMBEDDED_PG_PORT,
    production,
    logLevel: e.LOG_LEVEL,
    maxPageSize: e.MAX_PAGE_SIZE,
    maxBodyBytes: 1024 * 1024,
    maxWriteBodyBytes: e.MAX_WRITE_BODY_BYTES,
    timerMaxIdleMs: e.TIMER_MAX_IDLE_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    idempotencyKeyTtlSeconds: e.IDEMPOTENCY_KEY_TTL_HOURS * 3600,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    replyClaimSeconds: e.REPLY_CLAIM_SECONDS,
    trustProxy: e.TRUST_PROXY === undefined ? null : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    slaDefaults,
    metricsToken: e.METRICS_TOKEN ?? null,
    mentionRetentionDays: e.MENTION_RETENTION_DAYS ?? null,
    demoToken: !production && !e.DATABASE_URL,
    webhooks: {
      allowPrivateTargets: e.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true',
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      disableAfterFailures: e.WEBHOOK_DISABLE_AFTER_FAILURES,
      secretKey: e.WEBHOOK_SECRET_KEY ?? null,
      concurrency: e.WEBHOOK_CONCURRENCY,
      retryScale: e.WEBHOOK_RETRY_SCALE,
      retentionDays: e.WEBHOOK_RETENTION_DAYS,
    },
  };
}

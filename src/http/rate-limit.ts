// Requests per token (or per address, without a valid token) and per minute: one runaway script cannot starve the
// others. rate-limiter-flexible keeps the counters in PostgreSQL (table rate_limit), so every process behind a proxy
// counts the same minute: a token gets its limit once, however many replicas serve it. A key over its limit is then
// refused from memory until its minute ends (no query), and while the database cannot be reached each process
// counts alone in memory (the library's insurance limiter) instead of failing the request.
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { GraphQLError } from 'graphql';

export interface RateLimited {
  retryAfterSeconds: number;
  limit: number;
}

const DURATION_SECONDS = 60;

export class RateLimit {
  private readonly limiter: RateLimiterAbstract | null;

  /**
   * `perMinute` 0: no limit. With `pool`, counted in the shared table; without, in this process alone. `named: false`
   * behind a transaction pooler: the library names its statements, which such a pooler cannot keep.
   */
  constructor(private readonly perMinute: number, pool?: Pool, { named = true } = {}) {
    if (perMinute <= 0) {
      this.limiter = null;
      return;
    }
    const memory = new RateLimiterMemory({ points: perMinute, duration: DURATION_SECONDS });
    this.limiter = pool
      ? new RateLimiterPostgres({
          storeClient: named ? pool : { query: (q: { text: string; values?: unknown[] }) => pool.query(q.text, q.values) },
          storeType: 'pool', tableName: 'rate_limit', tableCreated: true, points: perMinute, duration: DURATION_SECONDS,
          inMemoryBlockOnConsumed: perMinute, inMemoryBlockDuration: DURATION_SECONDS, insuranceLimiter: memory,
        })
      : memory;
  }

  /** Counts one request of `key`; null when it may go on, else how long to wait. */
  async take(key: string): Promise<RateLimited | null> {
    if (!this.limiter) return null;
    try {
      await this.limiter.consume(key);
      return null;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)), limit: this.perMinute };
    }
  }
}

export function rateLimitedError(limited: RateLimited): GraphQLError {
  return new GraphQLError(`over ${limited.limit} requests per minute: retry in ${limited.retryAfterSeconds} s`, {
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds: limited.retryAfterSeconds, limit: limited.limit },
  });
}

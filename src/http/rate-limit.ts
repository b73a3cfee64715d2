// Requests per token (or per address, without a valid token) and per minute, in each process: one runaway script
// cannot starve the others. rate-limiter-flexible keeps the counters in memory.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { GraphQLError } from 'graphql';

export interface RateLimited {
  retryAfterSeconds: number;
  limit: number;
}

export class RateLimit {
  private readonly limiter: RateLimiterMemory | null;

  /** `perMinute` 0: no limit. */
  constructor(private readonly perMinute: number) {
    this.limiter = perMinute > 0 ? new RateLimiterMemory({ points: perMinute, duration: 60 }) : null;
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

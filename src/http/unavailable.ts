// A database that cannot be reached is answered 503 with Retry-After and the code SERVICE_UNAVAILABLE, on /graphql
// (any error of the answer) and on the routes before it (the token lookup): never INTERNAL_SERVER_ERROR, never a hang.
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/unavailable';
import { ServiceUnavailableError } from '../graphql/errors';
import { DATABASE_RETRY_AFTER_SECONDS } from '../graphql/format-error';

/** Sets 503 and Retry-After on a GraphQL answer holding SERVICE_UNAVAILABLE. */
export function serviceUnavailablePlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const unavailable = response.body.singleResult.errors?.find((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
          if (!unavailable) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(unavailable.extensions?.retryAfterSeconds ?? DATABASE_RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}

/** For express's error handler: answers an unreachable database and returns true, or returns false for any other error. */
export function answerUnavailable(error: unknown, req: Request, res: Response, log: Logger): boolean {
  if (!isDatabaseUnavailable(error)) return false;
  log.warn({ err: error, requestId: req.id }, 'database unavailable');
  const { message, extensions } = new ServiceUnavailableError(DATABASE_RETRY_AFTER_SECONDS);
  res.setHeader('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  res.status(503).json({ errors: [{ message, extensions: { ...extensions, requestId: req.id } }] });
  return true;
}

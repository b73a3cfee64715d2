// Which errors mean "the database is away, retry" (SERVICE_UNAVAILABLE) and which are a failed query (ours to fix).
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from '../../src/db/unavailable';
import { toClientError } from '../../src/graphql/format-error';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

test('refused or dropped connections and restarting servers are unavailability, wherever they are wrapped', () => {
  const refused = withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
  expect(isDatabaseUnavailable(refused)).toBe(true);
  expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], withCode('terminating connection due to administrator command', '57P01')))).toBe(true);
  expect(isDatabaseUnavailable(withCode('the database system is starting up', '57P03'))).toBe(true);
  expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  expect(isDatabaseUnavailable(new AggregateError([refused, withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')]))).toBe(true);
  // graphql-js keeps a value it does not take for an Error (one from another realm) in `thrownValue`.
  expect(isDatabaseUnavailable(new GraphQLError('Unexpected error value', { originalError: Object.assign(new Error('x'), { thrownValue: { code: 'ECONNREFUSED' } }) }))).toBe(true);
});

test('a query that failed on a live server is not', () => {
  expect(isDatabaseUnavailable(new QueryFailedError('SELEC 1', [], withCode('syntax error at or near "SELEC"', '42601')))).toBe(false);
  expect(isDatabaseUnavailable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
  expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  expect(isDatabaseUnavailable(null)).toBe(false);
});

test('the client sees SERVICE_UNAVAILABLE with a retry delay for the first, INTERNAL_SERVER_ERROR for the second', () => {
  const down = toClientError(new GraphQLError('x', { originalError: withCode('connect ECONNREFUSED', 'ECONNREFUSED') }), 'r1');
  expect(down.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
  const bug = toClientError(new GraphQLError('x', { originalError: withCode('syntax error', '42601') }), 'r2');
  expect(bug.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'r2' });
});

// Whether an error means the database cannot be reached right now (down, restarting, refusing connections), as
// opposed to a query that failed: the first is the client's to retry (SERVICE_UNAVAILABLE, 503), the second is ours.

/**
 * PostgreSQL's SQLSTATEs of an unreachable or restarting server: class 08 (connection exception), 57P01–57P03
 * (administrator / crash shutdown, cannot connect now), 53300 (too many connections).
 */
const UNAVAILABLE_STATES = /^(08...|57P0[1-3]|53300)$/;
/** Node's socket errors when the server is not there. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** What `pg` says when a connection dies or cannot be had (it sets no code on these). */
const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Cannot use a pool after calling end on the pool',
  'the database system is starting up',
  'the database system is shutting down',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_STATES.test(code) || SOCKET_CODES.has(code))) return true;
    if (typeof message === 'string' && PG_MESSAGES.some((m) => message.includes(m))) return true;
    // TypeORM wraps the driver's error; GraphQL wraps a resolver's (a value it does not take for an Error in
    // `thrownValue`); AggregateError (net's happy eyeballs) holds several.
    const wrapped = e as { driverError?: unknown; originalError?: unknown; thrownValue?: unknown; cause?: unknown };
    const next = wrapped.driverError ?? wrapped.originalError ?? wrapped.thrownValue ?? wrapped.cause;
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.some((x) => isDatabaseUnavailable(x))) return true;
    e = next;
  }
  return false;
}

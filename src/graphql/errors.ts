// The API's error codes: each a GraphQLError with a literal `extensions.code` and what a client needs to recover.
import { GraphQLError } from 'graphql';
import { isUuid, toGlobalId, type NodeKind } from './global-id';

export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'a valid bearer token is required') {
    super(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

export class ForbiddenError extends GraphQLError {
  /** `required` is an API role (RESPONDER, ADMIN) or a crisis team role (LEGAL); `message` says why when it is not the token's role. */
  constructor(required: string, message = `this needs the ${required} role`, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code: 'FORBIDDEN', requiredRole: required, ...extra } });
  }
}

export class NotFoundError extends GraphQLError {
  /** `id` may be a database id (services) or the id the client sent: the client always sees the latter form. */
  constructor(kind: NodeKind, id: string) {
    const shown = isUuid(id) ? toGlobalId(kind, id) : id;
    super(`${kind} ${shown} not found`, { extensions: { code: 'NOT_FOUND', kind, id: shown } });
  }
}

export class BadUserInputError extends GraphQLError {
  constructor(field: string, message: string, extra: Record<string, unknown> = {}) {
    super(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field, ...extra } });
  }
}

export class InvalidTransitionError extends GraphQLError {
  constructor(state: string, event: string, allowed: string[], extra: Record<string, unknown> = {}) {
    super(`${event} is not allowed in ${state}`, { extensions: { code: 'INVALID_TRANSITION', state, event, allowed, ...extra } });
  }
}

export class GuardFailedError extends GraphQLError {
  constructor(guard: string, reason: string, event: string, state: string, extra: Record<string, unknown> = {}) {
    super(`${event} refused in ${state}: ${reason}`, { extensions: { code: 'GUARD_FAILED', guard, reason, event, state, ...extra } });
  }
}

/** A statement (or other revisioned draft) changed since the revision the client or the server read. */
export class RevisionConflictError extends GraphQLError {
  constructor(kind: NodeKind, id: string, expected: number, currentRevision: number) {
    super(`${kind} changed since revision ${expected}`, {
      extensions: { code: 'VERSION_CONFLICT', kind, id: toGlobalId(kind, id), expectedRevision: expected, currentRevision },
    });
  }
}

export class VersionConflictError extends GraphQLError {
  constructor(expected: number, currentVersion: number) {
    super(`crisis changed since version ${expected}`, { extensions: { code: 'VERSION_CONFLICT', currentVersion, expectedVersion: expected } });
  }
}

export class PayloadTooLargeError extends GraphQLError {
  constructor(message: string, limit: number) {
    super(message, { extensions: { code: 'PAYLOAD_TOO_LARGE', limit } });
  }
}

/** What a client sees of a failure that is ours: the request id to quote, nothing else. */
export class InternalServerError extends GraphQLError {
  constructor(requestId: string | undefined) {
    super('internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
  }
}

/**
 * The database cannot be reached (down, restarting). A read may simply be sent again; a command too (a lost answer to
 * a command that did commit shows as VERSION_CONFLICT, or is answered from its idempotency key).
 */
export class ServiceUnavailableError extends GraphQLError {
  constructor(readonly retryAfterSeconds: number) {
    super(`the database is unavailable; retry in ${retryAfterSeconds} s`, {
      extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds },
    });
  }
}

/** A subscriber whose client reads too slowly fell further behind than its stream remembers: it ends, and may subscribe again. */
export class SubscriberTooSlowError extends GraphQLError {
  constructor(behind: number) {
    super(`this subscription fell ${behind} events behind (its client reads too slowly) and was ended; subscribe again`, {
      extensions: { code: 'SUBSCRIBER_TOO_SLOW', behind },
    });
  }
}

/** Codes our own errors carry; anything else reaching the formatter without one is internal. */
export const CLIENT_ERROR_CODES = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'INVALID_TRANSITION', 'GUARD_FAILED', 'VERSION_CONFLICT',
  'RATE_LIMITED', 'PAYLOAD_TOO_LARGE', 'QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
  'ALREADY_CLAIMED', 'ALREADY_HANDLED', // replies/reply.errors.ts
  'SUBSCRIBER_TOO_SLOW', 'SERVICE_UNAVAILABLE',
]);

/** Human words for the machine's guards, for GUARD_FAILED messages. */
export const GUARD_REASONS: Record<string, string> = {
  hasReason: 'a reason is required',
  hasPublishedStatement: 'a public statement must be published first',
  hasCompletedReview: 'the post-crisis review needs a summary, at least one lesson and feedback from the crisis lead (see missing)',
  hasCrisisLead: 'a CRISIS_LEAD must be assigned first (assignRole)',
};

/** Whether Postgres can store the string: no NUL character, no lone UTF-16 surrogate. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && value.isWellFormed();
}

/** Refuses what Postgres cannot store (NUL, a broken surrogate pair) as BAD_USER_INPUT, not an internal error there. */
export function requireStorableText(value: string, field: string): string {
  if (!isStorableText(value)) throw new BadUserInputError(field, 'contains characters that are not text (NUL or a broken surrogate pair)');
  return value;
}

/** An optional text, trimmed ('' when blank): longer than `max`, or not storable, is BAD_USER_INPUT naming the field. */
export function optionalText(value: string, field: string, max = Infinity): string {
  const trimmed = requireStorableText(value, field).trim();
  if (trimmed.length > max) throw new BadUserInputError(field, `must be at most ${max} characters`);
  return trimmed;
}

/** A required text, trimmed: blank, longer than `max`, or not storable is BAD_USER_INPUT naming the field. */
export function requireText(value: string, field: string, max = Infinity): string {
  requireStorableText(value, field);
  const trimmed = value.trim();
  if (!trimmed) throw new BadUserInputError(field, 'must not be blank');
  if (trimmed.length > max) throw new BadUserInputError(field, `must be at most ${max} characters`);
  return trimmed;
}

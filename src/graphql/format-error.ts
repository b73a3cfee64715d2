// Maps any error to what a client may see: our codes as they are, limits as QUERY_TOO_COMPLEX, the rest masked.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
import { CLIENT_ERROR_CODES, ServiceUnavailableError } from './errors';
import { isDatabaseUnavailable } from '../db/unavailable';

/** What a client is told to wait when the database is away: a restart takes seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * graphql-armor's refusals ("Query depth limit of 12 exceeded", "Aliases limit of 20 exceeded", …) and
 * graphql-js's own token limit ("Document contains more that 2000 tokens. Parsing aborted.", its spelling).
 */
const LIMIT_EXCEEDED = /(limit|Limit) of \d+ exceeded|Document contains more tha[nt] \d+ tokens/;

/**
 * graphql-js's last word after its 50th invalid variable value ("Too many errors processing variables, error limit
 * reached. Execution aborted."): carries no code (Apollo would call it internal) but is about the client's input.
 */
const VARIABLE_ERROR_LIMIT = /^Too many errors processing variables, error limit reached/;

/**
 * graphql-js's hints at names the schema has ("Did you mean \"brands\"?", "Did you mean the enum value \"LOW\"?"),
 * and graphql-armor's mask of some of them: removed, so a misspelling teaches nothing about the schema.
 */
const SUGGESTION = /\s*(Did you mean [^?]*\?|\[Suggestion hidden\]\??)/g;

/**
 * graphql-js's refusal of a variable's value: `Variable "$input" got invalid value 1.5 at "input[2].followers"; …`,
 * or `Variable "$input" of required type … was not provided.` The field is the variable's path ("input[2].followers",
 * the variable's name first): the argument's name when the variable is named after it, as most clients do.
 */
const VARIABLE_VALUE = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" (?:got invalid value .*? at "([^"]+)";|got invalid value|of )/s;

function variableField(message: string): { field: string; index?: number } | null {
  const match = VARIABLE_VALUE.exec(message);
  if (!match) return null;
  const field = match[2] ?? match[1];
  const index = /^[^.[]*\[(\d+)\]/.exec(field);
  return index ? { field, index: Number(index[1]) } : { field };
}

/** The dotted path of the first failing input field, e.g. "input.title". */
function firstField(errors: ValidationError[], prefix = ''): { field: string; message: string } | null {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) return { field, message: Object.values(error.constraints)[0] };
    const nested = firstField(error.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

export function toClientError(error: unknown, requestId: string | undefined, formatted?: GraphQLFormattedError): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const unmasked: GraphQLFormattedError =
    formatted ?? (error instanceof GraphQLError ? error.toJSON() : { message: String((error as Error)?.message ?? error) });
  const base: GraphQLFormattedError = { ...unmasked, message: unmasked.message.replace(SUGGESTION, '') };
  const { stacktrace: _stack, ...extensions } = (base.extensions ?? {}) as Record<string, unknown>;

  if (LIMIT_EXCEEDED.test(base.message)) {
    return { message: base.message.replace(/^Syntax Error: /, ''), extensions: { code: 'QUERY_TOO_COMPLEX' } };
  }
  const validationErrors = (original as { extensions?: { validationErrors?: ValidationError[] } })?.extensions?.validationErrors;
  if (Array.isArray(validationErrors)) {
    const first = firstField(validationErrors);
    return {
      message: first ? `${first.field}: ${first.message}` : base.message,
      locations: base.locations,
      path: base.path,
      extensions: { code: 'BAD_USER_INPUT', field: first?.field },
    };
  }
  if (original instanceof GraphQLError && !original.originalError && VARIABLE_ERROR_LIMIT.test(original.message)) {
    return { message: base.message, locations: base.locations, extensions: { code: 'BAD_USER_INPUT' } };
  }
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  if (code === 'BAD_USER_INPUT' && extensions.field === undefined) {
    const variable = variableField(base.message);
    if (variable) return { ...base, extensions: { ...extensions, ...variable } };
  }
  if (code && CLIENT_ERROR_CODES.has(code)) return { ...base, extensions };
  // A GraphQLError without a code came from graphql-js itself (a malformed request): the client's to fix.
  if (!code && original instanceof GraphQLError && !(original.originalError && !(original.originalError instanceof GraphQLError))) {
    return { ...base, extensions: { ...extensions, code: 'BAD_REQUEST' } };
  }
  if (isDatabaseUnavailable(original)) {
    return { ...new ServiceUnavailableError(DATABASE_RETRY_AFTER_SECONDS).toJSON(), locations: base.locations, path: base.path };
  }
  return { message: 'internal server error', locations: base.locations, path: base.path, extensions: { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) } };
}

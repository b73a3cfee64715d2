// Relay plumbing: opaque global ids, cursors, page arguments and PageInfo.
import { Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { BadUserInputError, NotFoundError } from './errors';
import { isUuid, parseGlobalId, type NodeKind } from './global-id';

export { toGlobalId, parseGlobalId, type NodeKind } from './global-id';

/** The database id of a global id of the given kind; anything else is NOT_FOUND, like an id of another organization. */
export function fromGlobalId(kind: NodeKind, globalId: string): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.kind !== kind) throw new NotFoundError(kind, globalId);
  return parsed.id;
}

/**
 * The list a cursor was given out for: a cursor names it, so one from another list (a crises cursor passed to
 * pastSpikes) is refused instead of paging from a position that means nothing there.
 */
const CURSOR_LISTS = ['crises', 'timeline', 'mentions', 'pastSpikes', 'replies', 'templates', 'tokens', 'webhooks', 'deliveries'] as const;
export type CursorList = (typeof CURSOR_LISTS)[number];

export function encodeCursor(list: CursorList, parts: string[]): string {
  return Buffer.from(JSON.stringify([list, ...parts])).toString('base64url');
}

/** What each part of a cursor must look like, so a forged one is refused before it reaches SQL. */
export const CURSOR_PART = {
  timestamp: (v: string) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v),
  uuid: (v: string) => isUuid(v),
  sequence: (v: string) => isSequence(v),
} as const;

const MAX_BIGINT = 2n ** 63n - 1n;

/** A non-negative bigint as Postgres stores it, given as a string (sequences, cursors). */
export function isSequence(value: string): boolean {
  return /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT;
}

export function decodeCursor(list: CursorList, cursor: string, parts: Array<(value: string) => boolean>): string[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // refused below
  }
  if (!Array.isArray(decoded) || typeof decoded[0] !== 'string') throw new BadUserInputError('after', 'not a cursor this API gave out');
  const [given, ...values] = decoded;
  if (given !== list) {
    if ((CURSOR_LISTS as readonly string[]).includes(given)) throw new BadUserInputError('after', `is a cursor of ${given}, not of ${list}`, { list });
    throw new BadUserInputError('after', 'not a cursor this API gave out');
  }
  if (values.length === parts.length && values.every((p, i) => typeof p === 'string' && parts[i](p))) return values as string[];
  throw new BadUserInputError('after', 'not a cursor this API gave out');
}

/** Validates `first` against the cap: a clear error rather than a silently shortened page. */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0) throw new BadUserInputError('first', 'must be a non-negative integer');
  if (size > max) throw new BadUserInputError('first', `must be at most ${max}`, { max });
  return size;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** Cuts a page fetched with one extra row into edges and PageInfo. */
export function toPage<T>(rows: T[], size: number, cursorOf: (row: T) => string) {
  const hasNextPage = rows.length > size;
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null } };
}

/**
 * The Relay connection of a node type, named `${name}Connection` with `${name}Edge` edges: edges, pageInfo and the
 * filter's totalCount. One shape for every list the API pages.
 */
export function connectionOf<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field() cursor!: string;
    @Field(() => node) node!: T;
  }
  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int) totalCount!: number;
  }
  return Connection;
}

/**
 * Whether the query selects `field` directly on the value this resolver returns (through fragments too): a
 * connection counts its totalCount only when someone reads it.
 */
export function selects(info: GraphQLResolveInfo, field: string): boolean {
  const within = (selections: readonly SelectionNode[]): boolean =>
    selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === field;
      if (s.kind === Kind.INLINE_FRAGMENT) return within(s.selectionSet.selections);
      const fragment = info.fragments[s.name.value];
      return fragment ? within(fragment.selectionSet.selections) : false;
    });
  return info.fieldNodes.some((node) => within(node.selectionSet?.selections ?? []));
}

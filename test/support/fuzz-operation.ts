// Turns a root field and generated argument values into a request: as variables, or the same values written inline.
import {
  getNamedType, isInputObjectType, isInterfaceType, isLeafType, isListType, isNonNullType, isObjectType, isEnumType,
  type GraphQLField, type GraphQLInputType, type GraphQLOutputType,
} from 'graphql';

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Arguments of fields inside the selection, by "Type.field" (e.g. "Crisis.timeline"). */
export type NestedArgs = Record<string, Record<string, unknown>>;

/** How deep the selection goes: leaf fields, and those of object fields one level down, as a client asks. */
const SELECTION_DEPTH = 2;

/** Whether a field can be selected without arguments we would have to make up. */
const needsNoArgs = (field: GraphQLField<unknown, unknown>) => !field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);

/** The fields with arguments inside the selection of `type` ("Type.field" → field): their arguments are fuzzed too. */
export function nestedFieldsOf(type: GraphQLOutputType, depth = SELECTION_DEPTH, out = new Map<string, GraphQLField<unknown, unknown>>()) {
  const named = getNamedType(type);
  if (depth < 1 || (!isObjectType(named) && !isInterfaceType(named))) return out;
  for (const field of Object.values(named.getFields())) {
    const leaf = isLeafType(getNamedType(field.type));
    if (!needsNoArgs(field) || (!leaf && depth < 2)) continue; // as operationOf selects
    if (field.args.length) out.set(`${named.name}.${field.name}`, field);
    if (!leaf) nestedFieldsOf(field.type, depth - 1, out);
  }
  return out;
}

/** A GraphQL literal for `value`, written for `type` where it fits (enum names bare) and structurally where it does not. */
export function literalOf(value: unknown, type: GraphQLInputType | null): string {
  const inner = type && isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => literalOf(v, inner && isListType(inner) ? inner.ofType : null)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = inner && isInputObjectType(inner) ? inner.getFields() : {};
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${literalOf(v, fields[k]?.type ?? null)}`).join(', ')} }`;
  }
  if (typeof value === 'string') return inner && isEnumType(inner) && NAME.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? '1e400' : '-1e400'; // graphql-js reads these as ±Infinity
    return Object.is(value, -0) ? '-0' : String(value);
  }
  return String(value);
}

export interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

/**
 * `mutation($id: ID!) { field(id: $id) { … } }`; every argument is declared, values left undefined are simply not sent
 * (a required one must then be refused). Arguments of fields inside the selection come from `nested` (variables named
 * Type_field_arg). `inline`: the values written into the document instead, left-out ones omitted.
 */
export function operationOf(kind: 'query' | 'mutation', root: GraphQLField<unknown, unknown>, args: Record<string, unknown>, inline: boolean, nested: NestedArgs = {}): Operation {
  const variables: Record<string, unknown> = {};
  const defs: string[] = [];
  const argumentsOf = (prefix: string, field: GraphQLField<unknown, unknown>, values: Record<string, unknown>): string => {
    const given: string[] = [];
    for (const a of field.args) {
      const value = values[a.name];
      if (inline) {
        if (value !== undefined) given.push(`${a.name}: ${literalOf(value, a.type)}`);
        continue;
      }
      const name = `${prefix}${a.name}`;
      if (!(name in variables) && !defs.some((d) => d.startsWith(`$${name}:`))) {
        defs.push(`$${name}: ${String(a.type)}`);
        if (value !== undefined) variables[name] = value;
      }
      given.push(`${a.name}: $${name}`);
    }
    return given.length ? `(${given.join(', ')})` : '';
  };
  const selectionOf = (type: GraphQLOutputType, depth: number): string => {
    const named = getNamedType(type);
    if (isLeafType(named)) return '';
    if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
    const parts = ['__typename'];
    for (const field of Object.values(named.getFields())) {
      if (!needsNoArgs(field)) continue;
      const key = `${named.name}.${field.name}`;
      const call = nested[key] ? `${field.name}${argumentsOf(`${named.name}_${field.name}_`, field, nested[key])}` : field.name;
      if (isLeafType(getNamedType(field.type))) parts.push(call);
      else if (depth > 1) parts.push(`${call} ${selectionOf(field.type, depth - 1)}`);
    }
    return `{ ${parts.join(' ')} }`;
  };
  const call = `${root.name}${argumentsOf('', root, args)}`;
  const selection = selectionOf(root.type, SELECTION_DEPTH);
  return { query: `${kind} Fuzz${defs.length ? `(${defs.join(', ')})` : ''} { ${call} ${selection} }`, variables };
}
/** Whether `value` as JSON would take more than `limit` bytes (at most; UTF-8, escapes counted high), without building it. */
export function isLargerThan(value: unknown, limit: number): boolean {
  let size = 0;
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') size += v.length * 6 + 2;
    else if (Array.isArray(v)) {
      size += 2;
      for (const item of v) if (walk(item)) return true;
    } else if (v && typeof v === 'object') {
      size += 2;
      for (const [k, item] of Object.entries(v)) {
        size += k.length * 6 + 4;
        if (walk(item)) return true;
      }
    } else size += 24;
    return size > limit;
  };
  return walk(value);
}

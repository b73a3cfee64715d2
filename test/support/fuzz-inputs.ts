// Generated arguments for any root field (fast-check), walking the schema's input types: plausible, hostile, or both.
import fc from 'fast-check';
import {
  isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType,
  type GraphQLArgument, type GraphQLField, type GraphQLInputType,
} from 'graphql';
import { hostileScalar, nest, plausibleScalar, wrongType, type FuzzPools } from './fuzz-values';

export type { FuzzPools } from './fuzz-values';

/** Where a value goes: the argument or input field's name, the root field, the ids at hand. */
interface Where {
  name: string;
  owner: string;
  pools: FuzzPools;
}

/**
 * How hostile a case is: `heat` is the percentage of positions (arguments, input fields, list items) given a hostile
 * value, the rest plausible; `spot` is plausible everywhere but for exactly one position, which finds the one field
 * a service forgot to check.
 */
export type Heat = number | 'spot';

function mix(heat: number, plausible: fc.Arbitrary<unknown>, hostile: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const hot = Math.max(1, Math.round(heat * 10)); // per mille: fast-check's weights are integers
  return fc.oneof({ weight: 1000 - hot, arbitrary: plausible }, { weight: hot, arbitrary: hostile });
}

/** `__proto__`, `constructor` and friends as own keys (as JSON.parse on the server makes them), or any unknown field. */
function withExtraKey(object: unknown, key: string, extra: unknown): unknown {
  const copy = { ...(object as object) };
  Object.defineProperty(copy, key, { value: extra, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** Hostile at this very position: the type's own bad values, or a value of the wrong shape; what is inside, plausible. */
function hostileValue(type: GraphQLInputType, where: Where): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(null, undefined) }, { weight: 3, arbitrary: hostileValue(type.ofType, where) });
  let own: fc.Arbitrary<unknown>;
  if (isListType(type)) {
    const one = value(type.ofType, where, 0);
    own = fc.oneof(
      { weight: 2, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(101, 501, 1001, 5001), one).map(([n, v]) => Array.from({ length: n }, () => v)) },
      { weight: 1, arbitrary: fc.tuple(one, fc.integer({ min: 2, max: 200 })).map(([v, d]) => nest(v, d, true)) },
      { weight: 1, arbitrary: one }, // a lone item where a list is expected: GraphQL makes it a list of one
    );
  } else if (isInputObjectType(type)) {
    own = fc.tuple(value(type, where, 0), fc.constantFrom('unknownField', '__proto__', 'constructor', ''), wrongType).map(([o, k, v]) => withExtraKey(o, k, v));
  } else if (isEnumType(type)) {
    const first = type.getValues()[0].name;
    own = fc.constantFrom('NOT_A_VALUE', first.toLowerCase(), '', 0, `${first} `, `${first}\u0000`);
  } else if (isScalarType(type)) {
    own = hostileScalar(type.name, where.pools);
  } else {
    own = fc.constant(null);
  }
  return fc.oneof({ weight: 5, arbitrary: own }, { weight: 1, arbitrary: wrongType });
}

/** A plausible value at this position, whose inner positions are hostile `heat` percent of the time. */
function plausibleValue(type: GraphQLInputType, where: Where, heat: number, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return plausibleValue(type.ofType, where, heat, depth);
  if (depth > 8) return fc.constant(null); // lists and objects this deep: the schema's inputs are far shallower
  if (isListType(type)) return fc.array(value(type.ofType, where, heat, depth + 1), { minLength: 1, maxLength: 3 });
  if (isInputObjectType(type)) {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, field] of Object.entries(type.getFields())) {
      const inner = value(field.type, { ...where, name: key }, heat, depth + 1);
      model[key] = isNonNullType(field.type) ? inner : fc.oneof({ weight: 2, arbitrary: inner }, { weight: 1, arbitrary: fc.constant(undefined) });
    }
    return fc.record(model).map(withoutUndefined);
  }
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
  if (isScalarType(type)) return plausibleScalar(type.name, where.name, where.owner, where.pools);
  return fc.constant(null);
}

function value(type: GraphQLInputType, where: Where, heat: number, depth = 0): fc.Arbitrary<unknown> {
  const plausible = plausibleValue(type, where, heat, depth);
  return heat <= 0 ? plausible : mix(heat, plausible, hostileValue(type, where)); // hostileValue builds plausible ones: not the other way round
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

interface Spot {
  path: Array<string | number>;
  type: GraphQLInputType;
  name: string;
}

/** Every position of a value: itself, each list item, each input field (given or not). */
function spotsOf(value: unknown, type: GraphQLInputType, name: string, path: Spot['path'], out: Spot[]): Spot[] {
  out.push({ path, type, name });
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner) && Array.isArray(value)) value.forEach((item, i) => spotsOf(item, inner.ofType, name, [...path, i], out));
  if (isInputObjectType(inner) && value && typeof value === 'object') {
    for (const [key, field] of Object.entries(inner.getFields())) spotsOf((value as Record<string, unknown>)[key], field.type, key, [...path, key], out);
  }
  return out;
}

/** A copy of `root` with `replacement` at `path` (undefined: left out); generated values are never changed in place. */
function replaceAt(root: unknown, path: Spot['path'], replacement: unknown): unknown {
  if (!path.length) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((item, i) => (i === head ? replaceAt(item, rest, replacement) : item));
  const copy: Record<string, unknown> = { ...(root as Record<string, unknown>) };
  const next = replaceAt(copy[head], rest, replacement);
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

/** The arguments of a root field, by name; `undefined` ones are left out of the request. */
export function argumentValues(field: GraphQLField<unknown, unknown>, pools: FuzzPools, heat: Heat): fc.Arbitrary<Record<string, unknown>> {
  if (heat === 'spot') {
    return argumentValues(field, pools, 0).chain((args) => {
      const spots = (field.args as readonly GraphQLArgument[]).flatMap((a) => spotsOf(args[a.name], a.type, a.name, [a.name], []));
      if (!spots.length) return fc.constant(args);
      return fc.constantFrom(...spots).chain((spot) =>
        hostileValue(spot.type, { name: spot.name, owner: field.name, pools }).map((bad) => replaceAt(args, spot.path, bad) as Record<string, unknown>));
    });
  }
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const arg of field.args as readonly GraphQLArgument[]) {
    const inner = value(arg.type, { name: arg.name, owner: field.name, pools }, heat);
    model[arg.name] = isNonNullType(arg.type) ? inner : fc.oneof({ weight: 2, arbitrary: inner }, { weight: 1, arbitrary: fc.constant(undefined) });
  }
  return fc.record(model);
}

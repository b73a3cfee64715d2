// Subscriptions executed once per event and token, not once per subscriber: a thousand dashboards of one token watching
// the organization's state changes share one execution of each event. graphql-js's own `subscribe`, with a cache.
import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context } from './context';

type Result = ExecutionResult | Promise<ExecutionResult>;

const isPromise = (value: Result): value is Promise<ExecutionResult> => typeof (value as Promise<unknown>).then === 'function';

/**
 * Results per source event object, per subscription (token, document, operation, variables). Streams hand every
 * subscriber of a process the same row object for one event (crisis.streams.ts), so the event's object is the key;
 * a weak one, so nothing outlives the event. The token is in the key: what a field shows may depend on who asks.
 */
const results = new WeakMap<object, Map<string, Result>>();
const documentKeys = new WeakMap<object, string>();

function subscriptionKey(args: ExecutionArgs): string | null {
  const viewer = (args.contextValue as Context | undefined)?.viewer;
  if (!viewer) return null;
  let text = documentKeys.get(args.document);
  if (text === undefined) {
    text = print(args.document);
    documentKeys.set(args.document, text);
  }
  return JSON.stringify([viewer.tokenId, viewer.organizationId, viewer.role, args.operationName ?? null, args.variableValues ?? null, text]);
}

function executeShared(args: ExecutionArgs, key: string | null, payload: unknown): Result {
  if (key === null || typeof payload !== 'object' || payload === null) return execute({ ...args, rootValue: payload });
  let byKey = results.get(payload);
  if (!byKey) results.set(payload, (byKey = new Map()));
  let result = byKey.get(key);
  if (!result) {
    result = execute({ ...args, rootValue: payload });
    byKey.set(key, result);
  }
  return result;
}

/** Like graphql-js's `subscribe`: the source stream, each event executed (shared), `return()` passed straight through. */
export async function sharedSubscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const iterator = source[Symbol.asyncIterator]();
  const key = subscriptionKey(args);
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => mapped,
    // Chained rather than awaited: per subscriber per event, every microtask counts (bench:fanout).
    next() {
      return iterator.next().then((next): IteratorResult<ExecutionResult> | Promise<IteratorResult<ExecutionResult>> => {
        if (next.done) return { done: true, value: undefined };
        const result = executeShared(args, key, next.value);
        return isPromise(result) ? result.then((value) => ({ done: false, value })) : { done: false, value: result };
      });
    },
    // Straight to the source, also while a next() waits for an event: a completed subscription stops at once.
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error) {
      await iterator.return?.();
      throw error;
    },
  };
  return mapped;
}

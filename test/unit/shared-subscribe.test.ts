// Subscriptions executed once per event and token (graphql/shared-subscribe.ts): subscribers of one token share an
// execution, other tokens get their own, errors stay per subscription, and completing one stops it at once.
import { GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from 'graphql';
import { Repeater } from '@repeaterjs/repeater';
import { sharedSubscribe } from '../../src/graphql/shared-subscribe';

let executions = 0;
let push: Array<(event: object) => void> = [];
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      changed: {
        type: GraphQLString,
        subscribe: () => new Repeater<object>(async (next, stop) => {
          push.push(next);
          await stop;
        }),
        resolve: (event: { name: string }) => {
          executions++;
          return event.name;
        },
      },
    },
  }),
});
const viewer = (tokenId: string) => ({ viewer: { tokenId, organizationId: 'org', role: 'VIEWER' } });
const open = async (tokenId: string) => {
  const stream = (await sharedSubscribe({ schema, document: parse('subscription { changed }'), contextValue: viewer(tokenId) })) as AsyncIterableIterator<ExecutionResult>;
  return stream;
};

beforeEach(() => {
  executions = 0;
  push = [];
});

test('three subscribers of one token share one execution per event; another token gets its own', async () => {
  const streams = [await open('t1'), await open('t1'), await open('t1'), await open('t2')];
  const nexts = streams.map((s) => s.next());
  await new Promise((resolve) => setImmediate(resolve));
  const event = { name: 'ACKNOWLEDGED' }; // one object for every subscriber, as the process's streams hand it out
  for (const p of push) p(event);
  const results = await Promise.all(nexts);
  expect(results.map((r) => r.value)).toEqual(Array(4).fill({ data: { changed: 'ACKNOWLEDGED' } }));
  expect(executions).toBe(2);
  // A different event object is a different event: executed again.
  const again = streams.map((s) => s.next());
  await new Promise((resolve) => setImmediate(resolve));
  for (const p of push) p({ name: 'RESPONDING' });
  await Promise.all(again);
  expect(executions).toBe(6);
  await Promise.all(streams.map((s) => s.return!()));
});

test('completing a subscription while it waits for an event ends it at once', async () => {
  const stream = await open('t1');
  const waiting = stream.next();
  const done = await Promise.race([stream.return!().then(() => 'returned'), new Promise((resolve) => setTimeout(() => resolve('hung'), 500))]);
  expect(done).toBe('returned');
  expect(await waiting).toEqual({ done: true, value: undefined });
});

test('a subscription that cannot start answers its errors, like graphql-js', async () => {
  const result = await sharedSubscribe({ schema, document: parse('subscription { nope }'), contextValue: viewer('t1') });
  expect((result as ExecutionResult).errors?.[0].message).toMatch(/nope/);
});

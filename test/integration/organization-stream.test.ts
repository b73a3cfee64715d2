// Organization-wide subscriptions share one reader per process and filter (src/crisis/organization-stream.ts):
// many subscribers, one read per event; catch-up after a lost LISTEN connection; slow subscribers.
import { createHarness, dropListenConnections, eventually, subscribe, wsClient, type Harness, type Subscription, type TestServer } from '../support/harness';
import { createBrand, declareCrisis, sendEvent } from '../factories';
import { organizationEventStream } from '../../src/crisis/organization-stream';
import type { TimelineRow } from '../../src/crisis/crisis.streams';

let harness: Harness;
let a: TestServer;
let b: TestServer;
let admin: string;
let brandId: string;
let organizationId: string;
const queries: string[] = [];
const clients: Array<{ dispose(): void | Promise<void> }> = [];

beforeAll(async () => {
  harness = await createHarness();
  a = await harness.start();
  b = await harness.start({ onQuery: (sql) => void queries.push(sql) });
  admin = await harness.token('acme', 'ADMIN');
  brandId = (await createBrand(a, admin, 'Acme')).id;
  organizationId = (await a.server.services.auth.authenticate(`Bearer ${admin}`))!.organizationId;
});

afterEach(async () => {
  for (const c of clients.splice(0)) await c.dispose();
});

afterAll(() => harness.close());

const STATE_CHANGED = `subscription { crisisStateChanged { sequence type crisisId toState } }`;
/** Listeners on b's hub besides the process's own: each organization filter's reader is one. */
const readersOn = (server: TestServer) => server.server.services.hub.listenerCount;

function subscribers(server: TestServer, count: number): Array<Subscription<any>> {
  return Array.from({ length: count }, () => {
    const client = wsClient(server, admin);
    clients.push(client);
    const sub = subscribe(client, STATE_CHANGED);
    clients.push(sub);
    return sub;
  });
}

test('30 subscribers of one filter on a process: every event to each exactly once, and one read per event, not one per subscriber', async () => {
  const before = readersOn(b);
  const subs = subscribers(b, 30);
  // A subscription goes live a moment after its socket's ack: crises are declared until all 30 have heard one.
  let warmUp = await declareCrisis(a, admin, brandId, { severity: 'LOW' });
  await eventually(async () => {
    if (subs.every((s) => s.values.length > 0)) return true;
    warmUp = await declareCrisis(a, admin, brandId, { severity: 'LOW' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    return false;
  }, 8000, 'every subscriber live');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(readersOn(b)).toBe(before + 1);
  const heard = subs.map((s) => s.values.length);

  queries.length = 0;
  await sendEvent(a, admin, { crisisId: warmUp.id, type: 'ACKNOWLEDGE' });
  const next = await declareCrisis(a, admin, brandId, { severity: 'LOW' });
  await Promise.all(subs.map((s, i) => s.waitFor(heard[i] + 2, 8000)));
  await new Promise((resolve) => setTimeout(resolve, 300)); // a duplicate would be here by now
  for (const [i, s] of subs.entries()) {
    expect(s.errors).toEqual([]);
    expect(s.values.slice(heard[i]).map((v) => [v.crisisStateChanged.crisisId, v.crisisStateChanged.toState])).toEqual([
      [warmUp.id, 'ACKNOWLEDGED'],
      [next.id, 'DETECTED'],
    ]);
  }
  // Two events: the rows each names read once for all 30.
  expect(queries.filter((sql) => sql.includes('FROM crisis_event WHERE sequence = ANY')).length).toBe(2);
});

test('after a lost LISTEN connection the reader catches up: what happened meanwhile arrives once, nothing from before the subscription', async () => {
  // An event of another crisis before anyone subscribes: a catch-up must not bring it.
  const earlier = await declareCrisis(a, admin, brandId, { severity: 'LOW' });
  await sendEvent(a, admin, { crisisId: earlier.id, type: 'ACKNOWLEDGE' });
  const [sub] = subscribers(b, 1);
  let probe = await declareCrisis(a, admin, brandId, { severity: 'LOW' });
  await eventually(async () => {
    if (sub.values.length > 0) return true;
    probe = await declareCrisis(a, admin, brandId, { severity: 'LOW' }); // until the subscription is live
    await new Promise((resolve) => setTimeout(resolve, 100));
    return false;
  }, 8000, 'the subscription live');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const heard = sub.values.length;

  await dropListenConnections(harness);
  await sendEvent(a, admin, { crisisId: probe.id, type: 'ACKNOWLEDGE' });
  await sub.waitFor(heard + 1, 8000);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // anything extra (a duplicate, an old event) would be here by now
  expect(sub.values.slice(heard).map((v) => [v.crisisStateChanged.crisisId, v.crisisStateChanged.toState])).toEqual([[probe.id, 'ACKNOWLEDGED']]);
  expect(sub.values.some((v) => v.crisisStateChanged.crisisId === earlier.id)).toBe(false);
});

describe('a slow subscriber', () => {
  const filter = () => ({ organizationId, brandId: null, types: ['DETECTED'] });
  const limits = { rows: 4, sequences: 16 };
  const stream = () => organizationEventStream(b.server.services.dataSource, b.server.services.hub, filter(), limits);

  test('behind the ring it re-reads what it missed from the table, in the order the others had it, and does not hold them back', async () => {
    const slow = stream();
    const fast = stream();
    const seen: TimelineRow[] = [];
    const reading = (async () => {
      for await (const row of fast) if (seen.push(row) === 10) break;
    })();
    for (let i = 0; i < 10; i++) await declareCrisis(a, admin, brandId, { severity: 'LOW', title: `slow ${i}` });
    await reading; // the fast one had all ten while the slow one read nothing
    const late: TimelineRow[] = [];
    for (let i = 0; i < 10; i++) late.push((await slow.next()).value as TimelineRow);
    expect(late.map((r) => r.sequence)).toEqual(seen.map((r) => r.sequence));
    expect(late.map((r) => r.type)).toEqual(Array(10).fill('DETECTED'));
    await slow.return!();
  });

  test('further behind than its memory it ends with SUBSCRIBER_TOO_SLOW; the reader stops with its last subscriber', async () => {
    const listeners = readersOn(b);
    const slow = stream();
    const fast = stream();
    expect(readersOn(b)).toBe(listeners + 1);
    const events = limits.sequences + 1;
    const reading = (async () => {
      let n = 0;
      for await (const _row of fast) if (++n === events) break;
    })();
    for (let i = 0; i < events; i++) await declareCrisis(a, admin, brandId, { severity: 'LOW', title: `too slow ${i}` });
    await reading; // `break` ended the fast one: the slow one is the reader's last subscriber
    expect(readersOn(b)).toBe(listeners + 1);
    await expect(slow.next()).rejects.toMatchObject({ extensions: { code: 'SUBSCRIBER_TOO_SLOW', behind: events } });
    expect(readersOn(b)).toBe(listeners);
    expect(await slow.next()).toEqual({ done: true, value: undefined });
  });
});

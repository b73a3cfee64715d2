// Subscriptions and timers across processes: two server instances on one database, real websockets, real time.
import WebSocket from 'ws';
import { createHarness, dropListenConnections, eventually, slaOf, subscribe, untilSubscribed, wsClient, type Harness, type TestServer } from '../support/harness';
import { assignLead, createBrand, declareCrisis, sendEvent } from '../factories';

let harness: Harness;
let a: TestServer;
let b: TestServer;
let admin: string;
let brandId: string;
const clients: Array<{ dispose(): void | Promise<void> }> = [];

beforeAll(async () => {
  harness = await createHarness();
  // Acknowledge within 2 s: short enough to watch a breach, long enough to beat it in the "met" test on a slow machine.
  a = await harness.start({ slaDefaults: slaOf({ ack: 2 }) });
  b = await harness.start({ slaDefaults: slaOf({ ack: 2 }) });
  admin = await harness.token('acme', 'ADMIN');
  brandId = (await createBrand(a, admin, 'Acme')).id;
});

afterEach(async () => {
  for (const c of clients.splice(0)) await c.dispose();
});

afterAll(() => harness.close());

const STATE_CHANGED = `subscription($b: ID) { crisisStateChanged(brandId: $b) { type crisisId fromState toState sequence } }`;
const EVENTS = `subscription($c: ID!, $after: String) { crisisEvents(crisisId: $c, afterSequence: $after) { sequence type toState payload } }`;

const timelineOf = async (server: TestServer, id: string) =>
  (await server.gql(admin, `query($id: ID!) { crisis(id: $id) { timeline(first: 200) { edges { node { sequence type actor payload } } } } }`, { id })).data.crisis.timeline.edges.map((e: any) => e.node);

test('a change made through instance A reaches a subscriber connected to instance B', async () => {
  const client = wsClient(b, admin);
  clients.push(client);
  const sub = subscribe(client, STATE_CHANGED, { b: brandId });
  clients.push(sub);
  await untilSubscribed(b, 1); // the subscription listens before the change is made
  const crisis = await declareCrisis(a, admin, brandId);
  await sendEvent(a, admin, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
  const [detected, acknowledged] = await sub.waitFor(2);
  expect(detected.crisisStateChanged).toMatchObject({ type: 'DETECTED', crisisId: crisis.id, toState: 'DETECTED' });
  expect(acknowledged.crisisStateChanged).toMatchObject({ type: 'STATE_CHANGED', fromState: 'DETECTED', toState: 'ACKNOWLEDGED' });
});

test('crisisDetected delivers the new crisis to subscribers of its brand only', async () => {
  const other = (await createBrand(a, admin, 'Quiet brand')).id;
  const client = wsClient(b, admin);
  clients.push(client);
  const mine = subscribe(client, `subscription($b: ID) { crisisDetected(brandId: $b) { id title state } }`, { b: other });
  clients.push(mine);
  await untilSubscribed(b, 1);
  await declareCrisis(a, admin, brandId, { title: 'not for this brand' });
  const crisis = await declareCrisis(a, admin, other, { title: 'for this brand' });
  const [value] = await mine.waitFor(1);
  expect(value.crisisDetected).toEqual({ id: crisis.id, title: 'for this brand', state: 'DETECTED' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(mine.values).toHaveLength(1);
});

test('crisisEvents replays after the cursor, then goes live, with no gap and no duplicate while events arrive', async () => {
  const crisis = await declareCrisis(a, admin, brandId, { severity: 'LOW' });
  const start = await timelineOf(a, crisis.id);
  await sendEvent(a, admin, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
  await assignLead(a, admin, crisis.id);
  const client = wsClient(b, admin);
  clients.push(client);
  // Subscribe from the very first event while more events are being written through the other instance.
  const sub = subscribe(client, EVENTS, { c: crisis.id, after: '0' });
  clients.push(sub);
  const writes = (async () => {
    await sendEvent(a, admin, { crisisId: crisis.id, type: 'START_RESPONSE' });
  })();
  await writes;
  const all = await eventually(async () => {
    const timeline = await timelineOf(a, crisis.id);
    return sub.values.length >= timeline.length && timeline;
  }, 5000, 'the subscriber to catch up');
  const received = sub.values.map((v: any) => v.crisisEvents.sequence);
  expect(received).toEqual(all.map((e: any) => e.sequence));
  expect(new Set(received).size).toBe(received.length);
  expect(received[0]).toBe(start[0].sequence);
  // and a cursor in the middle replays only what follows it
  const tail = subscribe(client, EVENTS, { c: crisis.id, after: received[0] });
  clients.push(tail);
  const replayed = await tail.waitFor(received.length - 1);
  expect(replayed.map((v: any) => v.crisisEvents.sequence)).toEqual(received.slice(1));
});

test('crisisEvents of another organization’s crisis is NOT_FOUND, and its events never arrive', async () => {
  const crisis = await declareCrisis(a, admin, brandId);
  const stranger = await harness.token('globex', 'ADMIN');
  const client = wsClient(b, stranger);
  clients.push(client);
  const sub = subscribe(client, EVENTS, { c: crisis.id, after: '0' });
  clients.push(sub);
  await expect(sub.waitFor(1, 3000)).rejects.toThrow(/NOT_FOUND|not found/);
  const everything = subscribe(client, STATE_CHANGED, {});
  clients.push(everything);
  await untilSubscribed(b, 1);
  await sendEvent(a, admin, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(everything.values).toEqual([]);
});

test('an SLA breach fires once across two instances: one SLA_BREACHED event, by the timer', async () => {
  const crisis = await declareCrisis(a, admin, brandId);
  const breach = await eventually(async () => (await timelineOf(b, crisis.id)).find((e: any) => e.type === 'SLA_BREACHED'), 5000, 'the breach');
  expect(breach).toMatchObject({ actor: 'timer', payload: { sla: 'ACKNOWLEDGE', state: 'DETECTED' } });
  await new Promise((resolve) => setTimeout(resolve, 1500)); // both workers had every chance to fire it again
  expect((await timelineOf(a, crisis.id)).filter((e: any) => e.type === 'SLA_BREACHED')).toHaveLength(1);
  expect(a.server.timers.fired + b.server.timers.fired).toBeGreaterThanOrEqual(1);
});

test('an SLA met in time never fires', async () => {
  const crisis = await declareCrisis(a, admin, brandId);
  await sendEvent(a, admin, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
  await new Promise((resolve) => setTimeout(resolve, 2600)); // past the deadline
  expect((await timelineOf(a, crisis.id)).filter((e: any) => e.type === 'SLA_BREACHED')).toEqual([]);
});

test('a subscriber catches up after its process loses the LISTEN connection', async () => {
  const client = wsClient(b, admin);
  clients.push(client);
  const crisis = await declareCrisis(a, admin, brandId, { severity: 'LOW' });
  const sub = subscribe(client, EVENTS, { c: crisis.id });
  clients.push(sub);
  await untilSubscribed(b, 1);
  // Kill every LISTEN connection of the database (both instances), then change the crisis while they reconnect.
  await dropListenConnections(harness);
  await sendEvent(a, admin, { crisisId: crisis.id, type: 'ACKNOWLEDGE' });
  const [event] = await sub.waitFor(1, 8000);
  expect(event.crisisEvents).toMatchObject({ type: 'STATE_CHANGED', toState: 'ACKNOWLEDGED' });
});

test('a websocket message over the body limit closes the socket (1009) before anything is parsed', async () => {
  const socket = new WebSocket(b.wsUrl, 'graphql-transport-ws');
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${admin}`, pad: 'x'.repeat(2 * 1024 * 1024) } }));
  expect(await closed).toBe(1009);
});

// kill -9 under load: three built servers on one database take commands, mentions and subscriptions; one is SIGKILLed
// mid-load and started again. Every command answered OK is in the timeline exactly once and none answered with an
// error is; every mention accepted is stored once; every SLA timer due meanwhile fires once; the survivors'
// subscribers miss nothing and get nothing twice; the restarted process serves again.
import { Client as PgClient } from 'pg';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { createHarness, eventually, subscribe, type Harness } from '../support/harness';
import { startChildServer, type ChildServer } from '../support/child-server';

jest.setTimeout(120_000);

let harness: Harness;
let admin: string;
const children: ChildServer[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  harness = await createHarness();
  admin = await harness.token('acme', 'ADMIN');
  for (let i = 0; i < 3; i++) children.push(await startChildServer(harness.db.url, { RATE_LIMIT_PER_MINUTE: '0' }));
});

afterAll(async () => {
  for (const client of clients) await client.dispose();
  for (const { child, exited } of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  }
  await harness.close();
});

type Answer = { ok: true; data: any } | { ok: false; answered: boolean; detail: string };

/** One GraphQL request; `answered: false` when the process gave no answer at all (killed with it in flight). */
async function gql(server: ChildServer, query: string, variables: Record<string, unknown>): Promise<Answer> {
  try {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    return body.errors ? { ok: false, answered: true, detail: JSON.stringify(body.errors) } : { ok: true, data: body.data };
  } catch (error) {
    return { ok: false, answered: false, detail: String(error) };
  }
}

const must = async (server: ChildServer, query: string, variables: Record<string, unknown> = {}) => {
  const answer = await gql(server, query, variables);
  if (!answer.ok) throw new Error(answer.detail);
  return answer.data;
};

function wsClientOf(server: ChildServer): Client {
  const client = createClient({
    url: server.url.toString().replace('http:', 'ws:'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${admin}` }, retryAttempts: 0,
  });
  clients.push(client);
  return client;
}

test('SIGKILL of one of three processes mid-load loses nothing acknowledged, fires every timer once, and the survivors’ subscribers miss nothing', async () => {
  const [a, b] = children;
  const brand = (await must(a, `mutation($input: CreateBrandInput!) { createBrand(input: $input) { id } }`, { input: { name: 'Killed', keywords: ['killed'] } })).createBrand;
  const plan = await must(a, `mutation($input: PlaybookInput!) { createPlaybook(input: $input) { id } }`, {
    input: {
      name: 'Acknowledge in 4 s', roles: [{ key: 'CRISIS_LEAD', title: 'Lead', responsibilities: [] }], channels: ['x'], protocols: [],
      slaPolicies: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((severity) => ({ severity, acknowledgeWithinSeconds: 4, firstResponseWithinSeconds: 7200, updateEverySeconds: 7200 })),
    },
  });
  await must(a, `mutation($b: ID!, $p: ID!) { setBrandPlaybook(brandId: $b, playbookId: $p) { id } }`, { b: brand.id, p: plan.createPlaybook.id });

  // Subscribers on the two processes that survive.
  const watchers = [a, b].map((server) => {
    const client = wsClientOf(server);
    return {
      breaches: subscribe(client, `subscription($b: ID) { slaBreached(brandId: $b) { crisisId } }`, { b: brand.id }),
      changes: subscribe(client, `subscription($b: ID) { crisisStateChanged(brandId: $b) { crisisId toState } }`, { b: brand.id }),
    };
  });
  await new Promise((resolve) => setTimeout(resolve, 500)); // the subscriptions are live

  // The load: crises declared, roles assigned and mentions ingested through all three processes, six at a time.
  const crises: string[] = [];
  const assignments: Array<{ crisisId: string; assignee: string; answer: Answer }> = [];
  const ingests: Array<{ ids: string[]; answer: Answer }> = [];
  let step = 0;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const n = step++;
      const server = children[n % 3];
      if ((n % 5 === 0 && crises.length < 40) || crises.length === 0) {
        const answer = await gql(server, `mutation($input: DeclareCrisisInput!) { declareCrisis(input: $input) { id } }`, {
          input: { brandId: brand.id, title: `Crisis ${n}`, category: 'PRODUCT_RECALL', severity: 'HIGH' },
        });
        if (answer.ok) crises.push(answer.data.declareCrisis.id);
      } else if (n % 5 === 1) {
        const ids = Array.from({ length: 20 }, (_, i) => `m-${n}-${i}`);
        const answer = await gql(server, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`, {
          m: ids.map((externalId) => ({ platform: 'twitter', externalId, brandId: brand.id, text: 'killed brand mention', postedAt: new Date().toISOString() })),
        });
        ingests.push({ ids, answer });
      } else {
        const crisisId = crises[n % crises.length];
        const assignee = `agent ${n}`;
        const roleKey = n % 7 === 0 ? 'NOT_IN_THE_PLAN' : 'CRISIS_LEAD'; // some commands are refused: none of them may be stored
        const answer = await gql(server, `mutation($input: AssignRoleInput!) { assignRole(input: $input) { id } }`, { input: { crisisId, roleKey, assignee } });
        assignments.push({ crisisId, assignee, answer });
      }
    }
  };
  const workers = Array.from({ length: 6 }, worker);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  children[2].child.kill('SIGKILL'); // mid-load
  expect(await children[2].exited).toBeNull(); // killed by the signal, no exit code
  await new Promise((resolve) => setTimeout(resolve, 1500));
  children[2] = await startChildServer(harness.db.url, { RATE_LIMIT_PER_MINUTE: '0' });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  stop = true;
  await Promise.all(workers);

  const answeredOk = assignments.filter((x) => x.answer.ok);
  const answeredError = assignments.filter((x) => !x.answer.ok && x.answer.answered);
  const unanswered = assignments.filter((x) => !x.answer.ok && !x.answer.answered);
  expect(answeredOk.length).toBeGreaterThan(50);
  expect(answeredError.length).toBeGreaterThan(5);
  expect(unanswered.length + ingests.filter((x) => !x.answer.ok).length).toBeGreaterThan(0); // the kill did cut requests

  // The restarted process serves again. Every crisis stored (those answered OK, and any whose answer the kill cut).
  expect((await must(children[2], `{ brands { id } }`)).brands).toHaveLength(1);
  const declared = [...crises];
  const listed = await must(children[2], `query($b: ID!) { crises(first: 200, filter: { brandId: $b }) { edges { node { id } } } }`, { b: brand.id });
  crises.splice(0, crises.length, ...listed.crises.edges.map((e: any) => e.node.id));
  for (const id of declared) expect(crises).toContain(id);
  // Every timer due meanwhile fires once: each crisis, one acknowledge breach.
  const TIMELINE = `query($id: ID!) { crisis(id: $id) { timeline(first: 200) { edges { node { type payload } } } } }`;
  const timelines = new Map<string, Array<{ type: string; payload: any }>>();
  await eventually(async () => {
    for (const id of crises) {
      const edges = (await must(a, TIMELINE, { id })).crisis.timeline.edges.map((e: any) => e.node);
      timelines.set(id, edges);
    }
    return crises.every((id) => timelines.get(id)!.some((e) => e.type === 'SLA_BREACHED'));
  }, 20_000, 'every acknowledge SLA to breach');
  await new Promise((resolve) => setTimeout(resolve, 1500)); // time for any second firing to show
  for (const id of crises) {
    const events = (await must(a, TIMELINE, { id })).crisis.timeline.edges.map((e: any) => e.node);
    expect(events.filter((e: any) => e.type === 'SLA_BREACHED')).toHaveLength(1);
    const assigned = events.filter((e: any) => e.type === 'ROLE_ASSIGNED').map((e: any) => e.payload.assignee);
    expect(new Set(assigned).size).toBe(assigned.length); // no command twice
    for (const x of answeredOk.filter((y) => y.crisisId === id)) expect(assigned).toContain(x.assignee);
    for (const x of answeredError.filter((y) => y.crisisId === id)) expect(assigned).not.toContain(x.assignee);
  }

  // Mentions: every accepted batch is stored, once (externalIds are unique per organization and platform).
  const accepted = ingests.filter((x) => x.answer.ok).flatMap((x) => x.ids);
  expect(accepted.length).toBeGreaterThan(1000);
  const pg = new PgClient({ connectionString: harness.db.url });
  await pg.connect();
  const { rows } = await pg.query(`SELECT external_id, count(*)::int AS n FROM mention GROUP BY external_id`);
  await pg.end();
  const counts = new Map(rows.map((r: any) => [r.external_id, r.n]));
  for (const id of accepted) expect(counts.get(id)).toBe(1);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);

  // The survivors' subscribers: every crisis's creation and breach, once each, none missed.
  for (const { breaches, changes } of watchers) {
    await breaches.waitFor(crises.length, 10_000);
    await changes.waitFor(crises.length, 10_000);
    expect(breaches.values.map((v) => v.slaBreached.crisisId).sort()).toEqual([...crises].sort());
    expect(changes.values.filter((v) => v.crisisStateChanged.toState === 'DETECTED').map((v) => v.crisisStateChanged.crisisId).sort()).toEqual([...crises].sort());
    expect(breaches.errors).toEqual([]);
    expect(changes.errors).toEqual([]);
  }
});

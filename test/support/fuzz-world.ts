// What the fuzz test acts on: an organization with one of everything (through the public API), and row counts of its tables.
import { Client } from 'pg';
import type { TestServer } from './harness';
import type { FuzzPools } from './fuzz-inputs';
import type { NodeKind } from '../../src/graphql/global-id';
import { assignLead, createBrand, createStatement, declareCrisis, sendEvent } from '../factories';

/**
 * Tables whose row counts may change without the request under test writing anything. Only one:
 * - rate_limit: the shared rate limiter's counters (UNLOGGED), bumped by every request, refused or not; bookkeeping of
 *   the HTTP edge, not application data (and the fuzz server runs with the limit off, so it should stay empty anyway).
 * Everything else must not change when a mutation answers with an error. Two background writers are kept quiet
 * instead (see fuzz.test.ts): the timer worker is stopped (an SLA breach firing between two requests writes on the
 * clock's behalf) and the webhook worker never disables an endpoint (that writes WEBHOOK_ENDPOINT_DISABLED).
 */
export const COUNT_EXCLUDED_TABLES = new Set(['rate_limit']);

export interface TableCounter {
  tables: string[];
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** Counts every table of the test database's public schema (but the excluded ones) in one round trip. */
export async function tableCounter(databaseUrl: string): Promise<TableCounter> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const { rows } = await pg.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const tables = rows.map((r) => r.name).filter((name) => !COUNT_EXCLUDED_TABLES.has(name));
  const sql = tables.map((t) => `SELECT '${t}' AS name, count(*)::int AS n FROM "${t}"`).join(' UNION ALL ');
  return {
    tables,
    async counts() {
      const result = await pg.query<{ name: string; n: number }>(sql);
      return Object.fromEntries(result.rows.map((r) => [r.name, r.n]));
    },
    close: () => pg.end(),
  };
}

async function must<T = any>(server: TestServer, token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await server.gql(token, query, variables);
  if (res.errors?.length || !res.data) throw new Error(`seeding failed: ${query.slice(0, 80)}: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

/**
 * One of each kind the API knows, for the organization of `admin`, and a brand and crisis of `foreigner`'s: the fuzz
 * aims at real ids as often as at made-up ones. `spareToken` is a token id the fuzz may revoke (never its own).
 */
export async function seedWorld(server: TestServer, admin: string, foreigner: string, spareTokenId: string): Promise<FuzzPools> {
  const brand = await createBrand(server, admin, 'Fuzz Brand');
  const otherBrand = await createBrand(server, admin, 'Second Brand');
  const fresh = await declareCrisis(server, admin, brand.id);
  const active = await declareCrisis(server, admin, brand.id, { severity: 'LOW' });
  await sendEvent(server, admin, { crisisId: active.id, type: 'ACKNOWLEDGE' });
  await assignLead(server, admin, active.id);
  await sendEvent(server, admin, { crisisId: active.id, type: 'START_RESPONSE' });
  const statement = await createStatement(server, admin, active.id);
  const item = await must(server, admin, `mutation($i: AddActionItemInput!) { addActionItem(input: $i) { id } }`, { i: { crisisId: active.id, title: 'Refunds', owner: 'Sam' } });
  const recovery = await must(server, admin, `mutation($i: LogRecoveryActionInput!) { logRecoveryAction(input: $i) { id } }`, {
    i: { crisisId: active.id, kind: 'POSITIVE_STORY', title: 'A good story', url: 'https://example.org/story' },
  });
  const postedAt = new Date(Date.now() - 60_000).toISOString();
  await must(server, admin, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`, {
    m: ['nul, très déçu', 'worst service ever, I am furious', 'broken again, terrible'].map((text, i) => ({
      platform: 'twitter', externalId: `seed-${i}`, brandId: brand.id, text, reach: 100 * (i + 1), postedAt, language: i ? 'en' : 'fr',
    })),
  });
  const mentions = await must(server, admin, `{ mentions(first: 10) { edges { cursor node { id } } } }`);
  const mentionIds: string[] = mentions.mentions.edges.map((e: { node: { id: string } }) => e.node.id);
  await must(server, admin, `mutation($i: LinkMentionsInput!) { linkMentions(input: $i) { linked } }`, { i: { crisisId: active.id, mentionIds } });
  const template = await must(server, admin, `mutation { createReplyTemplate(input: { name: "Sorry", body: "Sorry {{author}}" }) { id } }`);
  const reply = await must(server, admin, `mutation($m: ID!) { replyToMention(input: { mentionId: $m, body: "We are on it" }) { id } }`, { m: mentionIds[0] });
  const endpoint = await must(server, admin, `mutation { createWebhookEndpoint(input: { url: "https://fuzz.invalid/hook" }) { endpoint { id } } }`);
  const read = await must(server, admin, `query($c: ID!) { playbooks { id } crisis(id: $c) { tasks { id } } crises { edges { cursor } } }`, { c: active.id });

  const foreignBrand = await createBrand(server, foreigner, 'Fuzz Brand');
  const foreignCrisis = await declareCrisis(server, foreigner, foreignBrand.id);

  const idsByKind: Partial<Record<NodeKind, string[]>> = {
    Crisis: [fresh.id, active.id],
    Brand: [brand.id, otherBrand.id],
    Playbook: read.playbooks.map((p: { id: string }) => p.id),
    CrisisTask: read.crisis.tasks.map((t: { id: string }) => t.id),
    Mention: mentionIds,
    ApiToken: [spareTokenId],
    Statement: [statement.id],
    ActionItem: [item.addActionItem.id],
    Reply: [reply.replyToMention.id],
    ReplyTemplate: [template.createReplyTemplate.id],
    RecoveryAction: [recovery.logRecoveryAction.id],
    WebhookEndpoint: [endpoint.createWebhookEndpoint.endpoint.id],
  };
  const cursors = [...mentions.mentions.edges, ...read.crises.edges].map((e: { cursor: string }) => e.cursor);
  return { idsByKind, foreignIds: [foreignBrand.id, foreignCrisis.id], cursors };
}

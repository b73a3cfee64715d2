// The reply queue's reads: a crisis's mentions still needing an answer in priority order, and per-mention reply status.
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import type { MentionRow } from '../mentions/mention.resolver';
import type { TemplateRow } from './template.service';

/**
 * `mention.reply_priority` (a stored generated column, see migrations/1764892800000-Replies.ts) is
 * log2((1 + reach) · √(1 + authorFollowers) · negativity) + postedAt / 6 h, negativity = −sentiment (at least 0.05).
 * The priority of a mention at instant `now` is that minus now / 6 h: its weight halves every 6 hours of age. Every
 * mention loses the same amount as time passes, so the order never changes with the clock and the index
 * `mention_reply_queue_idx` serves it, pages included (cursors hold the stored value).
 */
export const PRIORITY_HALF_LIFE_HOURS = 6;

/** The priority at `now` (log2 of the weight, decayed by age) of a stored `reply_priority`. */
export function priorityAt(stored: number, now: number): number {
  return Math.round((stored - now / 1000 / (PRIORITY_HALF_LIFE_HOURS * 3600)) * 1000) / 1000;
}

/** A live claim as read beside a mention (all null when nobody holds it). */
export interface ClaimColumns {
  claim_holder: string | null;
  claim_claimed_at: Date | null;
  claim_expires_at: Date | null;
}

export type QueueRow = MentionRow & ClaimColumns & { reply_priority: number };

export interface QueuePage {
  organizationId: string;
  crisisId: string;
  /** Rows wanted (page size + 1, to know whether there is a next page). */
  limit: number;
  after: { priority: number; id: string } | null;
  /** Leave out mentions another agent holds (this agent's own claims stay). */
  excludeClaimedBy: string | null;
}

/** Linked to the crisis, negative, neither answered nor skipped: the partial index's predicate, word for word. */
const NEEDS_REPLY = `m.organization_id = $1 AND m.crisis_id = $2 AND m.sentiment < 0 AND m.reply_state IS NULL`;
/** Not held by another agent than $3 (written only when asked: as a plain NOT EXISTS the planner makes it an anti-join). */
const NOT_HELD_BY_OTHERS = `NOT EXISTS (SELECT 1 FROM reply_claim o WHERE o.mention_id = m.id AND o.expires_at > now() AND o.holder <> $3)`;

/** One page, most important first: a backward scan of mention_reply_queue_idx, bounded by the cursor when there is one. */
export async function readQueuePage(dataSource: DataSource, page: QueuePage): Promise<QueueRow[]> {
  const params: unknown[] = [page.organizationId, page.crisisId, page.excludeClaimedBy, page.limit];
  const held = page.excludeClaimedBy ? `AND ${NOT_HELD_BY_OTHERS}` : 'AND $3::text IS NULL';
  const cursor = page.after ? `AND (m.reply_priority, m.id) < ($5::float8, $6::uuid)` : '';
  if (page.after) params.push(page.after.priority, page.after.id);
  return query<QueueRow>(
    dataSource,
    `SELECT m.*, c.holder AS claim_holder, c.claimed_at AS claim_claimed_at, c.expires_at AS claim_expires_at
     FROM mention m LEFT JOIN reply_claim c ON c.mention_id = m.id AND c.expires_at > now()
     WHERE ${NEEDS_REPLY} ${held} ${cursor}
     ORDER BY m.reply_priority DESC, m.id DESC LIMIT $4`,
    params,
  );
}

/**
 * How many still need an answer: one row of reply_queue_size, which triggers keep in step with mention (see the
 * migration), less — when asked — the live claims of other agents (a handful of rows, by reply_claim_crisis_idx).
 */
export async function countQueue(dataSource: DataSource, organizationId: string, crisisId: string, excludeClaimedBy: string | null): Promise<number> {
  const pending = `coalesce((SELECT pending FROM reply_queue_size WHERE crisis_id = $2 AND organization_id = $1), 0)`;
  const held = `(SELECT count(*) FROM reply_claim o JOIN mention m ON m.id = o.mention_id AND m.organization_id = o.organization_id
    WHERE o.crisis_id = $2 AND o.organization_id = $1 AND o.expires_at > now() AND o.holder <> $3 AND m.sentiment < 0 AND m.reply_state IS NULL)`;
  const [row] = await query<{ count: number }>(
    dataSource,
    excludeClaimedBy ? `SELECT (${pending} - ${held})::int AS count` : `SELECT ${pending}::int AS count`,
    excludeClaimedBy ? [organizationId, crisisId, excludeClaimedBy] : [organizationId, crisisId],
  );
  return row.count;
}

/** Where one mention stands in its reply queue: its priority, the live claim, the reply or the skip. */
export interface ReplyStatusRow extends ClaimColumns {
  mention_id: string;
  crisis_id: string | null;
  sentiment: number;
  reply_priority: number;
  reply_id: string | null;
  reply_body: string | null;
  reply_author: string | null;
  reply_template_id: string | null;
  reply_variables: Record<string, string> | null;
  reply_sent_at: Date | null;
  skip_reason: string | null;
  skipped_by: string | null;
  skipped_at: Date | null;
}

const STATUS_SQL = `
  SELECT m.id AS mention_id, m.crisis_id, m.sentiment, m.reply_priority,
    c.holder AS claim_holder, c.claimed_at AS claim_claimed_at, c.expires_at AS claim_expires_at,
    r.id AS reply_id, r.body AS reply_body, r.author AS reply_author, r.template_id AS reply_template_id,
    r.variables AS reply_variables, r.sent_at AS reply_sent_at,
    s.reason AS skip_reason, s.skipped_by, s.skipped_at
  FROM mention m
  LEFT JOIN reply_claim c ON c.mention_id = m.id AND c.expires_at > now()
  LEFT JOIN reply r ON r.mention_id = m.id
  LEFT JOIN reply_skip s ON s.mention_id = m.id
  WHERE m.id = ANY($1::uuid[]) AND m.organization_id = $2`;

/** The status of one mention (null: not the organization's). */
export async function readReplyStatus(dataSource: DataSource, organizationId: string, mentionId: string): Promise<ReplyStatusRow | null> {
  const [row] = await query<ReplyStatusRow>(dataSource, STATUS_SQL, [[mentionId], organizationId]);
  return row ?? null;
}

export interface ReplyLoaders {
  status: DataLoader<string, ReplyStatusRow | null>;
  template: DataLoader<string, TemplateRow | null>;
}

const perRequest = new WeakMap<object, ReplyLoaders>();

/** The request's loaders (keyed by its context object): fifty mentions of a queue page cost one statement. */
export function replyLoaders(context: object, dataSource: DataSource, organizationId: string): ReplyLoaders {
  let loaders = perRequest.get(context);
  if (!loaders) {
    loaders = {
      status: new DataLoader(async (ids) => {
        const rows = await query<ReplyStatusRow>(dataSource, STATUS_SQL, [ids, organizationId]);
        const byId = new Map(rows.map((r) => [r.mention_id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      template: new DataLoader(async (ids) => {
        const rows = await query<TemplateRow>(dataSource, `SELECT * FROM reply_template WHERE id = ANY($1::uuid[]) AND organization_id = $2`, [ids, organizationId]);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    };
    perRequest.set(context, loaders);
  }
  return loaders;
}

/** What a queue row already tells about its mention's status (it is in the queue: neither replied nor skipped). */
export function statusOfQueueRow(row: QueueRow): ReplyStatusRow {
  return {
    mention_id: row.id, crisis_id: row.crisis_id, sentiment: row.sentiment, reply_priority: row.reply_priority,
    claim_holder: row.claim_holder, claim_claimed_at: row.claim_claimed_at, claim_expires_at: row.claim_expires_at,
    reply_id: null, reply_body: null, reply_author: null, reply_template_id: null, reply_variables: null, reply_sent_at: null,
    skip_reason: null, skipped_by: null, skipped_at: null,
  };
}

// Claims, replies and skips on a crisis's reply queue; the database decides every race (a keyed upsert, a guarded update).
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { query, type Tx } from '../db/transaction';
import { BadUserInputError, InvalidTransitionError, NotFoundError, requireText } from '../graphql/errors';
import { toGlobalId } from '../graphql/global-id';
import { REPLIES_CHANNEL } from '../pubsub/channels';
import type { Actor, CrisisService } from '../crisis/crisis.service';
import type { TimelineRowInput } from '../crisis/crisis.store';
import type { MentionRow } from '../mentions/mention.resolver';
import { AlreadyClaimedError, AlreadyHandledError, type Handling } from './reply.errors';
import { checkVariables, parseTemplate, renderTemplate, templateVariables, type TemplatePart } from './template';
import { REPLY_BODY_MAX, type ReplyTemplateService } from './template.service';

export interface ClaimRow {
  mention_id: string;
  crisis_id: string;
  holder: string;
  claimed_at: Date;
  expires_at: Date;
}

export interface ReplyRow {
  id: string;
  mention_id: string;
  crisis_id: string;
  body: string;
  author: string;
  template_id: string | null;
  variables: Record<string, string> | null;
  sent_at: Date;
}

export interface ReplyInput {
  mentionId: string;
  body?: string | null;
  templateId?: string | null;
  variables?: unknown;
}

/** A mention with what a reply needs to know about it, read before deciding (the writes decide again). */
interface MentionState {
  id: string;
  crisis_id: string | null;
  author: string | null;
  brand_name: string;
  crisis_title: string | null;
  reply_state: Handling | null;
  claim_holder: string | null;
  claim_expires_at: Date | null;
  handled_by: string | null;
  handled_at: Date | null;
}

const REASON_MAX = 2000;
/** Claims tried again when the holder seen by a failed claim let go before we could name them. */
const CLAIM_ATTEMPTS = 3;

/** The notification of one change (sent on commit of the statement or transaction that runs it). */
const NOTIFY = (org: string, crisis: string, mention: string, kind: string, by: string, at: string, expires: string) =>
  `pg_notify('${REPLIES_CHANNEL}', json_build_object('o', ${org}, 'c', ${crisis}, 'm', ${mention}, 'k', ${kind}, 'by', ${by}, 'at', ${at}, 'x', ${expires})::text)`;

export class ReplyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly crises: CrisisService,
    private readonly templates: ReplyTemplateService,
    private readonly claimSeconds: number,
  ) {}

  /**
   * Gives the mention to the agent for `claimSeconds`; the same agent claiming again extends it. One upsert on the
   * claim's primary key decides racing agents: the loser learns who won (ALREADY_CLAIMED).
   */
  async claim(actor: Actor, mentionId: string): Promise<ClaimRow & { mention: MentionRow }> {
    for (let attempt = 1; ; attempt++) {
      // The mention row is read under FOR SHARE: a reply or skip committing meanwhile is seen (the claim then waits
      // for it and finds the mention handled), and the mention comes back with the claim (no second read).
      const [row] = await query<MentionRow & { reply_state: Handling | null; crisis_closed_at: Date | null; crisis_state: string | null } & Partial<ClaimRow>>(
        this.dataSource,
        `WITH m AS (
           SELECT m.*, c.closed_at AS crisis_closed_at, c.state AS crisis_state
           FROM mention m LEFT JOIN crisis c ON c.id = m.crisis_id AND c.organization_id = m.organization_id
           WHERE m.id = $1 AND m.organization_id = $2
           FOR SHARE OF m
         ), claim AS (
           INSERT INTO reply_claim AS rc (mention_id, organization_id, crisis_id, holder, claimed_at, expires_at)
           SELECT id, organization_id, crisis_id, $3, now(), now() + make_interval(secs => $4)
           FROM m WHERE crisis_id IS NOT NULL AND reply_state IS NULL AND crisis_closed_at IS NULL
           ON CONFLICT (mention_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
             claimed_at = CASE WHEN rc.holder = excluded.holder AND rc.expires_at > now() THEN rc.claimed_at ELSE excluded.claimed_at END
           WHERE rc.holder = excluded.holder OR rc.expires_at <= now()
           RETURNING mention_id, holder, claimed_at, expires_at
         )
         SELECT m.*, claim.mention_id, claim.holder, claim.claimed_at, claim.expires_at,
           (SELECT ${NOTIFY('m.organization_id', 'm.crisis_id', 'm.id', `'CLAIMED'`, 'claim.holder', 'now()', 'claim.expires_at')}
            WHERE claim.mention_id IS NOT NULL) AS notified
         FROM m LEFT JOIN claim ON true`,
        [mentionId, actor.organizationId, actor.name, this.claimSeconds],
        'reply_claim',
      );
      if (!row) throw new NotFoundError('Mention', mentionId);
      if (row.holder) {
        return { mention_id: row.id, crisis_id: row.crisis_id!, holder: row.holder, claimed_at: row.claimed_at!, expires_at: row.expires_at!, mention: row };
      }
      if (!row.crisis_id) throw new BadUserInputError('mentionId', "is not linked to a crisis: only a crisis's mentions are in a reply queue");
      if (row.reply_state) throw await this.handledError(mentionId);
      if (row.crisis_closed_at) throw new InvalidTransitionError(row.crisis_state ?? 'closed', 'claimMention', []);
      const [holder] = await query<{ holder: string; expires_at: Date }>(
        this.dataSource,
        `SELECT holder, expires_at FROM reply_claim WHERE mention_id = $1 AND organization_id = $2 AND expires_at > now()`,
        [mentionId, actor.organizationId],
      );
      if (holder) throw new AlreadyClaimedError(mentionId, holder.holder, new Date(holder.expires_at));
      if (attempt >= CLAIM_ATTEMPTS) throw new AlreadyClaimedError(mentionId, 'another agent', new Date());
    }
  }

  /** Gives the agent's claim back (RELEASED). Releasing what one does not hold is a no-op; another's claim is refused. */
  async release(actor: Actor, mentionId: string): Promise<void> {
    const released = await query(
      this.dataSource,
      `WITH del AS (
         DELETE FROM reply_claim WHERE mention_id = $1 AND organization_id = $2 AND holder = $3
         RETURNING organization_id, crisis_id, mention_id, holder
       )
       SELECT (SELECT ${NOTIFY('del.organization_id', 'del.crisis_id', 'del.mention_id', `'RELEASED'`, 'del.holder', 'now()', 'NULL')}) AS notified FROM del`,
      [mentionId, actor.organizationId, actor.name],
      'reply_release',
    );
    if (released.length) return;
    const state = await this.readMention(actor.organizationId, mentionId);
    if (state.claim_holder && state.claim_holder !== actor.name) throw new AlreadyClaimedError(mentionId, state.claim_holder, state.claim_expires_at!);
  }

  /**
   * Records the reply (the body, or the template filled from the mention, the crisis, the agent and `variables`) and
   * releases the claim, with a REPLY_SENT timeline event, all in one transaction. A missing variable is refused
   * before anything is written.
   */
  async reply(actor: Actor, input: ReplyInput): Promise<ReplyRow> {
    const hasBody = input.body !== null && input.body !== undefined;
    const hasTemplate = input.templateId !== null && input.templateId !== undefined;
    if (hasBody === hasTemplate) throw new BadUserInputError(hasBody ? 'input.templateId' : 'input.body', 'give either a body or a templateId');
    const variables = checkVariables(input.variables, 'input.variables');
    let parts: TemplatePart[];
    if (hasTemplate) {
      const template = await this.templates.find(actor.organizationId, input.templateId!);
      if (!template) throw new NotFoundError('ReplyTemplate', input.templateId!);
      parts = parseTemplate(template.body, 'input.templateId');
    } else {
      parts = parseTemplate(requireText(input.body!, 'input.body', REPLY_BODY_MAX), 'input.body');
    }
    const mention = await this.readQueued(actor, input.mentionId);
    const body = renderTemplate(parts, {
      author: mention.author, brand: mention.brand_name, crisis: mention.crisis_title, agent: actor.name, ...variables,
    }, 'input.variables');
    if (body.length > REPLY_BODY_MAX) throw new BadUserInputError('input.variables', `the filled reply is longer than ${REPLY_BODY_MAX} characters`);
    // Only what the text used is kept with the reply.
    const used = Object.fromEntries(templateVariables(parts).filter((name) => name in variables).map((name) => [name, variables[name]]));

    const replyId = randomUUID();
    const event: TimelineRowInput = {
      type: 'REPLY_SENT', from_state: null, to_state: null, actor: actor.name,
      payload: {
        mentionId: toGlobalId('Mention', mention.id), replyId: toGlobalId('Reply', replyId), author: actor.name,
        templateId: hasTemplate ? toGlobalId('ReplyTemplate', input.templateId!) : null,
      },
    };
    let stored: ReplyRow | undefined;
    await this.crises.appendCrisisEvents(actor, mention.crisis_id!, [event], async (tx) => {
      await this.take(tx, actor, mention, 'REPLIED');
      [stored] = await tx.rows<ReplyRow>(
        `WITH r AS (
           INSERT INTO reply (id, organization_id, mention_id, crisis_id, body, author, template_id, variables)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *
         ), released AS (
           DELETE FROM reply_claim WHERE mention_id = $3
         )
         SELECT r.*, (SELECT ${NOTIFY('r.organization_id', 'r.crisis_id', 'r.mention_id', `'REPLIED'`, 'r.author', 'r.sent_at', 'NULL')}) AS notified FROM r`,
        [replyId, actor.organizationId, mention.id, mention.crisis_id, body, actor.name, hasTemplate ? input.templateId : null,
          Object.keys(used).length ? JSON.stringify(used) : null],
        'reply_insert',
      );
    });
    return stored!;
  }

  /** Takes the mention out of the queue with a reason (MENTION_SKIPPED), releasing the claim. */
  async skip(actor: Actor, input: { mentionId: string; reason: string }): Promise<void> {
    const reason = requireText(input.reason, 'input.reason', REASON_MAX);
    const mention = await this.readQueued(actor, input.mentionId);
    const event: TimelineRowInput = {
      type: 'MENTION_SKIPPED', from_state: null, to_state: null, actor: actor.name,
      payload: { mentionId: toGlobalId('Mention', mention.id), reason, author: actor.name },
    };
    await this.crises.appendCrisisEvents(actor, mention.crisis_id!, [event], async (tx) => {
      await this.take(tx, actor, mention, 'SKIPPED');
      await tx.rows(
        `WITH s AS (
           INSERT INTO reply_skip (mention_id, organization_id, crisis_id, reason, skipped_by) VALUES ($1, $2, $3, $4, $5) RETURNING *
         ), released AS (
           DELETE FROM reply_claim WHERE mention_id = $1
         )
         SELECT (SELECT ${NOTIFY('s.organization_id', 's.crisis_id', 's.mention_id', `'SKIPPED'`, 's.skipped_by', 's.skipped_at', 'NULL')}) AS notified FROM s`,
        [mention.id, actor.organizationId, mention.crisis_id, reason, actor.name],
        'reply_skip_insert',
      );
    });
  }

  /**
   * Inside the command's transaction: marks the mention handled only if it still is not (the row lock orders racing
   * replies; the loser sees the winner's commit and is told who), then refuses if another agent holds it — read
   * after the lock, so a claim that committed meanwhile is seen, and a claim arriving later waits and finds it handled.
   */
  private async take(tx: Tx, actor: Actor, mention: MentionState, handling: Handling): Promise<void> {
    const taken = await tx.rows(
      `UPDATE mention SET reply_state = $4 WHERE id = $1 AND organization_id = $2 AND crisis_id = $3 AND reply_state IS NULL RETURNING id`,
      [mention.id, actor.organizationId, mention.crisis_id, handling],
      'reply_take_mention',
    );
    if (!taken.length) throw await this.handledError(mention.id, tx);
    const [held] = await tx.rows<{ holder: string; expires_at: Date }>(
      `SELECT holder, expires_at FROM reply_claim WHERE mention_id = $1 AND holder <> $2 AND expires_at > now()`,
      [mention.id, actor.name],
      'reply_held_by_other',
    );
    if (held) throw new AlreadyClaimedError(mention.id, held.holder, new Date(held.expires_at));
  }

  /** The mention, refused early when it cannot be answered: unknown, unlinked, handled, or held by someone else. */
  private async readQueued(actor: Actor, mentionId: string): Promise<MentionState> {
    const mention = await this.readMention(actor.organizationId, mentionId);
    if (!mention.crisis_id) throw new BadUserInputError('input.mentionId', "is not linked to a crisis: only a crisis's mentions are in a reply queue");
    if (mention.reply_state) throw new AlreadyHandledError(mention.id, mention.reply_state, mention.handled_by!, new Date(mention.handled_at!));
    if (mention.claim_holder && mention.claim_holder !== actor.name) {
      throw new AlreadyClaimedError(mention.id, mention.claim_holder, new Date(mention.claim_expires_at!));
    }
    return mention;
  }

  private async readMention(organizationId: string, mentionId: string): Promise<MentionState> {
    const [row] = await query<MentionState>(
      this.dataSource,
      `SELECT m.id, m.crisis_id, m.author, b.name AS brand_name, c.title AS crisis_title, m.reply_state,
         cl.holder AS claim_holder, cl.expires_at AS claim_expires_at,
         coalesce(r.author, s.skipped_by) AS handled_by, coalesce(r.sent_at, s.skipped_at) AS handled_at
       FROM mention m
       JOIN brand b ON b.id = m.brand_id AND b.organization_id = m.organization_id
       LEFT JOIN crisis c ON c.id = m.crisis_id AND c.organization_id = m.organization_id
       LEFT JOIN reply_claim cl ON cl.mention_id = m.id AND cl.expires_at > now()
       LEFT JOIN reply r ON r.mention_id = m.id
       LEFT JOIN reply_skip s ON s.mention_id = m.id
       WHERE m.id = $1 AND m.organization_id = $2`,
      [mentionId, organizationId],
      'reply_read_mention',
    );
    if (!row) throw new NotFoundError('Mention', mentionId);
    return row;
  }

  /** Who answered or skipped the mention, and when, as an error (read on `tx` when inside one: it sees the winner). */
  private async handledError(mentionId: string, tx?: Tx): Promise<AlreadyHandledError> {
    const sql = `SELECT 'REPLIED' AS handling, author AS by, sent_at AS at FROM reply WHERE mention_id = $1
                 UNION ALL SELECT 'SKIPPED', skipped_by, skipped_at FROM reply_skip WHERE mention_id = $1`;
    const [row] = tx ? await tx.rows<{ handling: Handling; by: string; at: Date }>(sql, [mentionId]) : await query<{ handling: Handling; by: string; at: Date }>(this.dataSource, sql, [mentionId]);
    return new AlreadyHandledError(mentionId, row?.handling ?? 'REPLIED', row?.by ?? 'another agent', new Date(row?.at ?? Date.now()));
  }
}

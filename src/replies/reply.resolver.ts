// The reply queue over GraphQL: replyQueue, claims, replies and skips (RESPONDER), and the Reply node's fields.
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf, viewerOf, type Context } from '../graphql/context';
import { CURSOR_PART, decodeCursor, encodeCursor, fromGlobalId, pageSize, toGlobalId, toPage } from '../graphql/relay';
import { NotFoundError } from '../graphql/errors';
import { query } from '../db/transaction';
import { findCrisis } from '../crisis/crisis.resolver';
import { findMention, toMention } from '../mentions/mention.resolver';
import { Mention, MentionConnection } from '../mentions/mention.types';
import { Reply, ReplyClaim, ReplyTemplate, ReplyToMentionInput, SkipMentionInput } from './reply.types';
import { countQueue, readQueuePage, replyLoaders, statusOfQueueRow } from './reply.queue';
import type { ReplyRow } from './reply.service';
import { toTemplate } from './template.resolver';

type MentionRecord = ReturnType<typeof toMention>;

/** A reply as the resolvers pass it on: database ids, resolved to nodes by the field resolvers below. */
export interface ReplyRecord {
  id: string;
  mentionId: string;
  body: string;
  author: string;
  sentAt: Date;
  templateId: string | null;
  variables: Record<string, string> | null;
}

export function toReply(row: ReplyRow): ReplyRecord {
  return {
    id: row.id, mentionId: row.mention_id, body: row.body, author: row.author, sentAt: new Date(row.sent_at),
    templateId: row.template_id, variables: row.variables,
  };
}

/** One reply of the viewer's organization, or null (also for another organization's id). */
export async function findReply(ctx: Context, replyId: string): Promise<ReplyRecord | null> {
  const [row] = await query<ReplyRow>(ctx.services.dataSource, `SELECT * FROM reply WHERE id = $1 AND organization_id = $2`, [replyId, viewerOf(ctx).organizationId]);
  return row ? toReply(row) : null;
}

/** A stored float, as the cursor carries it (JavaScript's shortest exact form of the double Postgres gave). */
const isFloat = (v: string) => /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v) && Number.isFinite(Number(v));

async function mentionOrFail(ctx: Context, mentionId: string): Promise<MentionRecord> {
  const mention = await findMention(ctx, mentionId);
  if (!mention) throw new NotFoundError('Mention', mentionId);
  return mention;
}

@Resolver(() => Reply)
export class ReplyResolver {
  @Authorized()
  @Query(() => MentionConnection, {
    description: 'The negative mentions of the crisis not yet replied to or skipped, most important first (README "Personal replies"); '
      + 'claimed ones are listed with their replyClaim unless excludeClaimed',
  })
  async replyQueue(
    @Ctx() ctx: Context,
    @Arg('crisisId', () => ID) crisisId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('excludeClaimed', () => Boolean, { nullable: true, defaultValue: false, description: 'Leave out mentions other agents hold' })
    excludeClaimed: boolean | null,
  ) {
    const size = pageSize(first, 50, ctx.services.config.maxPageSize);
    const id = fromGlobalId('Crisis', crisisId);
    const cursor = after ? decodeCursor('replies', after, [isFloat, CURSOR_PART.uuid]) : null;
    const viewer = viewerOf(ctx);
    const excludeClaimedBy = excludeClaimed ? viewer.tokenName : null;
    const dataSource = ctx.services.dataSource;
    const [crisis, rows, totalCount] = await Promise.all([
      findCrisis(ctx, id),
      readQueuePage(dataSource, {
        organizationId: viewer.organizationId, crisisId: id, limit: size + 1, excludeClaimedBy,
        after: cursor ? { priority: Number(cursor[0]), id: cursor[1] } : null,
      }),
      countQueue(dataSource, viewer.organizationId, id, excludeClaimedBy),
    ]);
    if (!crisis) throw new NotFoundError('Crisis', crisisId);
    const loaders = replyLoaders(ctx, dataSource, viewer.organizationId);
    for (const row of rows) loaders.status.prime(row.id, statusOfQueueRow(row));
    const page = toPage(rows, size, (row) => encodeCursor('replies', [String(row.reply_priority), row.id]));
    return { edges: page.edges.map((e) => ({ cursor: e.cursor, node: toMention(e.node) })), pageInfo: page.pageInfo, totalCount };
  }

  @Authorized('RESPONDER')
  @Mutation(() => ReplyClaim, {
    description: 'Holds the mention for you (REPLY_CLAIM_SECONDS); claiming again extends it. Held by someone else: ALREADY_CLAIMED with holder and expiresAt',
  })
  async claimMention(@Arg('mentionId', () => ID) mentionId: string, @Ctx() ctx: Context): Promise<ReplyClaim> {
    const id = fromGlobalId('Mention', mentionId);
    const claim = await ctx.services.replies.claim(actorOf(ctx), id);
    return { mention: toMention(claim.mention), holder: claim.holder, claimedAt: new Date(claim.claimed_at), expiresAt: new Date(claim.expires_at) };
  }

  @Authorized('RESPONDER')
  @Mutation(() => Mention, { description: "Gives your claim back; a no-op when you hold none; someone else's claim: ALREADY_CLAIMED" })
  async releaseMention(@Arg('mentionId', () => ID) mentionId: string, @Ctx() ctx: Context): Promise<MentionRecord> {
    const id = fromGlobalId('Mention', mentionId);
    await ctx.services.replies.release(actorOf(ctx), id);
    return mentionOrFail(ctx, id);
  }

  @Authorized('RESPONDER')
  @Mutation(() => Reply, {
    description: 'Records your reply (a body, or a template filled in) and releases the claim; REPLY_SENT on the timeline. '
      + 'A missing variable: BAD_USER_INPUT naming it; already answered or skipped: ALREADY_HANDLED',
  })
  async replyToMention(@Arg('input') input: ReplyToMentionInput, @Ctx() ctx: Context): Promise<ReplyRecord> {
    const row = await ctx.services.replies.reply(actorOf(ctx), {
      mentionId: fromGlobalId('Mention', input.mentionId),
      body: input.body,
      templateId: input.templateId == null ? null : fromGlobalId('ReplyTemplate', input.templateId),
      variables: input.variables,
    });
    return toReply(row);
  }

  @Authorized('RESPONDER')
  @Mutation(() => Mention, { description: 'Takes the mention out of the queue with a reason; MENTION_SKIPPED on the timeline' })
  async skipMention(@Arg('input') input: SkipMentionInput, @Ctx() ctx: Context): Promise<MentionRecord> {
    const id = fromGlobalId('Mention', input.mentionId);
    await ctx.services.replies.skip(actorOf(ctx), { mentionId: id, reason: input.reason });
    return mentionOrFail(ctx, id);
  }

  @FieldResolver(() => ID)
  id(@Root() reply: ReplyRecord): string {
    return toGlobalId('Reply', reply.id);
  }

  @FieldResolver(() => Mention, { nullable: true })
  async mention(@Root() reply: ReplyRecord, @Ctx() ctx: Context): Promise<MentionRecord | null> {
    return (await findMention(ctx, reply.mentionId)) ?? null; // past MENTION_RETENTION_DAYS, the reply outlives it
  }

  @FieldResolver(() => ReplyTemplate, { nullable: true })
  async template(@Root() reply: ReplyRecord, @Ctx() ctx: Context): Promise<ReplyTemplate | null> {
    if (!reply.templateId) return null;
    const row = await replyLoaders(ctx, ctx.services.dataSource, viewerOf(ctx).organizationId).template.load(reply.templateId);
    return row && toTemplate(row);
  }
}

// A mention's place in its reply queue, on the Mention type: the live claim, the reply or the skip, the priority now.
import { Ctx, Float, FieldResolver, Resolver, Root } from 'type-graphql';
import { viewerOf, type Context } from '../graphql/context';
import { Mention } from '../mentions/mention.types';
import type { toMention } from '../mentions/mention.resolver';
import { ReplyClaim, ReplySkip, Reply } from './reply.types';
import { priorityAt, replyLoaders, type ReplyStatusRow } from './reply.queue';
import type { ReplyRecord } from './reply.resolver';

type MentionRecord = ReturnType<typeof toMention>;

function statusOf(ctx: Context, mention: MentionRecord): Promise<ReplyStatusRow | null> {
  return replyLoaders(ctx, ctx.services.dataSource, viewerOf(ctx).organizationId).status.load(mention.id);
}

@Resolver(() => Mention)
export class MentionReplyResolver {
  @FieldResolver(() => ReplyClaim, { nullable: true, description: 'Who is answering it right now (null: nobody, or the claim expired)' })
  async replyClaim(@Root() mention: MentionRecord, @Ctx() ctx: Context): Promise<ReplyClaim | null> {
    const status = await statusOf(ctx, mention);
    if (!status?.claim_holder) return null;
    return { mention, holder: status.claim_holder, claimedAt: new Date(status.claim_claimed_at!), expiresAt: new Date(status.claim_expires_at!) };
  }

  @FieldResolver(() => Reply, { nullable: true, description: 'The personal reply it got' })
  async reply(@Root() mention: MentionRecord, @Ctx() ctx: Context): Promise<ReplyRecord | null> {
    const status = await statusOf(ctx, mention);
    if (!status?.reply_id) return null;
    return {
      id: status.reply_id, mentionId: mention.id, body: status.reply_body!, author: status.reply_author!, sentAt: new Date(status.reply_sent_at!),
      templateId: status.reply_template_id, variables: status.reply_variables,
    };
  }

  @FieldResolver(() => ReplySkip, { nullable: true, description: 'Why it needs no reply, when an agent skipped it' })
  async replySkip(@Root() mention: MentionRecord, @Ctx() ctx: Context): Promise<ReplySkip | null> {
    const status = await statusOf(ctx, mention);
    if (!status?.skip_reason) return null;
    return { reason: status.skip_reason, skippedBy: status.skipped_by!, skippedAt: new Date(status.skipped_at!) };
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Its reply queue priority now: log2((1 + reach) · √(1 + authorFollowers) · −sentiment) − age / 6 h (null when not negative)',
  })
  async replyPriority(@Root() mention: MentionRecord, @Ctx() ctx: Context): Promise<number | null> {
    if (mention.sentiment >= 0) return null;
    const status = await statusOf(ctx, mention);
    return status ? priorityAt(status.reply_priority, Date.now()) : null;
  }
}

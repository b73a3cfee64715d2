// Mentions over GraphQL: ingestMentions (RESPONDER) and mentions (newest first, filtered, paginated).
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { viewerOf, type Context } from '../graphql/context';
import { CURSOR_PART, decodeCursor, encodeCursor, fromGlobalId, pageSize, parseGlobalId, selects, toGlobalId, toPage } from '../graphql/relay';
import { NotFoundError, requireStorableText } from '../graphql/errors';
import { query } from '../db/transaction';
import { Brand } from '../brands/brand.types';
import { Crisis } from '../crisis/crisis.types';
import { findCrisis } from '../crisis/crisis.resolver';
import type { BrandRow } from '../graphql/loaders';
import type { CrisisRecord } from '../crisis/crisis.record';
import { IngestMentionsPayload, LinkMentionsInput, LinkMentionsPayload, Mention, MentionConnection, MentionFilter, MentionInput } from './mention.types';
import { skipValidation } from '../graphql/validation';

export interface MentionRow {
  id: string;
  brand_id: string;
  crisis_id: string | null;
  platform: string;
  external_id: string;
  text: string;
  author: string | null;
  author_followers: number | null;
  url: string | null;
  language: string | null;
  sentiment: number;
  sentiment_source: string;
  reach: number | null;
  likes: number | null;
  shares: number | null;
  comments: number | null;
  posted_at: Date;
  ingested_at: Date;
}

export function toMention(row: MentionRow): Mention & { brandId: string; crisisId: string | null } {
  return {
    id: row.id,
    brandId: row.brand_id,
    crisisId: row.crisis_id,
    platform: row.platform,
    externalId: row.external_id,
    text: row.text,
    author: row.author,
    authorFollowers: row.author_followers,
    url: row.url,
    language: row.language,
    sentiment: row.sentiment,
    sentimentSource: row.sentiment_source,
    reach: row.reach,
    likes: row.likes,
    shares: row.shares,
    comments: row.comments,
    postedAt: new Date(row.posted_at),
    ingestedAt: new Date(row.ingested_at),
  };
}

type MentionRecord = ReturnType<typeof toMention>;

/** One mention of the viewer's organization, or null (also for another organization's id). */
export async function findMention(ctx: Context, mentionId: string): Promise<MentionRecord | null> {
  const [row] = await query<MentionRow>(ctx.services.dataSource, `SELECT * FROM mention WHERE id = $1 AND organization_id = $2`, [mentionId, viewerOf(ctx).organizationId]);
  return row ? toMention(row) : null;
}

@Resolver(() => Mention)
export class MentionResolver {
  @Authorized('RESPONDER')
  // class-validator is off for this argument: MentionInput carries no decorators to check, and the service checks every
  // item itself (naming its index); walking 5,000 instances for nothing cost ~7 % of ingest throughput.
  @Mutation(() => IngestMentionsPayload, { description: 'Up to 5000 mentions; a batch with an invalid item is refused whole' })
  async ingestMentions(@Arg('mentions', () => [MentionInput], { validateFn: skipValidation }) mentions: MentionInput[], @Ctx() ctx: Context): Promise<IngestMentionsPayload> {
    return ctx.services.mentions.ingest(viewerOf(ctx).organizationId, mentions);
  }

  @Authorized('RESPONDER')
  @Mutation(() => LinkMentionsPayload, { description: "Links mentions of the crisis's brand to it (its reply queue takes the negative ones)" })
  async linkMentions(@Arg('input') input: LinkMentionsInput, @Ctx() ctx: Context): Promise<LinkMentionsPayload> {
    const organizationId = viewerOf(ctx).organizationId;
    const crisisId = fromGlobalId('Crisis', input.crisisId);
    // Ids that are not mentions of ours cannot be linked: they count as skipped, like another brand's.
    const ids = input.mentionIds.map((id) => parseGlobalId(id)).flatMap((p) => (p?.kind === 'Mention' ? [p.id] : []));
    const result = await ctx.services.mentions.linkMentions(organizationId, crisisId, ids);
    const crisis = await findCrisis(ctx, crisisId);
    return { linked: result.linked, skipped: result.skipped + (input.mentionIds.length - ids.length), crisis };
  }

  @Authorized()
  @Query(() => MentionConnection, { description: 'Newest first (by postedAt)' })
  async mentions(
    @Ctx() ctx: Context,
    @Arg('filter', () => MentionFilter, { nullable: true }) filter: MentionFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    const size = pageSize(first, 50, ctx.services.config.maxPageSize);
    const where = `organization_id = $1 AND ($2::uuid IS NULL OR brand_id = $2) AND ($3::uuid IS NULL OR crisis_id = $3)
      AND ($4::text IS NULL OR platform = $4) AND (NOT $5::boolean OR sentiment < 0)
      AND ($6::timestamptz IS NULL OR posted_at >= $6) AND ($7::timestamptz IS NULL OR posted_at < $7)`;
    const params = [
      viewerOf(ctx).organizationId,
      filter?.brandId ? fromGlobalId('Brand', filter.brandId) : null,
      filter?.crisisId ? fromGlobalId('Crisis', filter.crisisId) : null,
      filter?.platform ? requireStorableText(filter.platform, 'filter.platform').trim().toLowerCase() : null,
      filter?.negativeOnly ?? false,
      filter?.postedAfter ?? null,
      filter?.postedBefore ?? null,
    ];
    const cursor = after ? decodeCursor('mentions', after, [CURSOR_PART.timestamp, CURSOR_PART.uuid]) : null;
    const rows = await query<MentionRow>(
      ctx.services.dataSource,
      `SELECT * FROM mention WHERE ${where} AND ($8::timestamptz IS NULL OR (posted_at, id) < ($8, $9::uuid))
       ORDER BY posted_at DESC, id DESC LIMIT $10`,
      [...params, cursor?.[0] ?? null, cursor?.[1] ?? null, size + 1],
    );
    const page = toPage(rows.map(toMention), size, (m) => encodeCursor('mentions', [m.postedAt.toISOString(), m.id]));
    // Counted only when asked for: with millions of mentions a count costs seconds, the page milliseconds.
    const totalCount = selects(info, 'totalCount')
      ? (await query<{ count: number }>(ctx.services.dataSource, `SELECT count(*)::int AS count FROM mention WHERE ${where}`, params))[0].count
      : 0;
    return { ...page, totalCount };
  }

  @FieldResolver(() => ID)
  id(@Root() mention: MentionRecord): string {
    return toGlobalId('Mention', mention.id);
  }

  @FieldResolver(() => Brand)
  async brand(@Root() mention: MentionRecord, @Ctx() ctx: Context): Promise<BrandRow> {
    const brand = await ctx.loaders.brand.load(mention.brandId);
    if (!brand) throw new NotFoundError('Brand', mention.brandId);
    return brand;
  }

  @FieldResolver(() => Crisis, { nullable: true, description: 'The crisis this mention was linked to by detection' })
  crisis(@Root() mention: MentionRecord, @Ctx() ctx: Context): Promise<CrisisRecord | null> | null {
    return mention.crisisId ? findCrisis(ctx, mention.crisisId) : null;
  }
}

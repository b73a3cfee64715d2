// Reply templates over GraphQL: listed by anyone of the organization, written by RESPONDERs (the agents who use them).
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf, viewerOf, type Context } from '../graphql/context';
import { decodeCursor, encodeCursor, fromGlobalId, pageSize, toGlobalId, toPage, CURSOR_PART } from '../graphql/relay';
import { query } from '../db/transaction';
import { CreateReplyTemplateInput, ReplyTemplate, ReplyTemplateConnection, UpdateReplyTemplateInput } from './reply.types';
import { parseTemplate, templateVariables } from './template';
import type { TemplateRow } from './template.service';

export function toTemplate(row: TemplateRow): ReplyTemplate {
  return {
    id: toGlobalId('ReplyTemplate', row.id), name: row.name, body: row.body, variables: templateVariables(parseTemplate(row.body, 'body')),
    createdBy: row.created_by, createdAt: row.created_at, updatedBy: row.updated_by, updatedAt: row.updated_at,
  };
}

/** One template of the viewer's organization, or null (also for another organization's id). */
export async function findTemplate(ctx: Context, templateId: string): Promise<ReplyTemplate | null> {
  const [row] = await query<TemplateRow>(ctx.services.dataSource, `SELECT * FROM reply_template WHERE id = $1 AND organization_id = $2`, [templateId, viewerOf(ctx).organizationId]);
  return row ? toTemplate(row) : null;
}

const isName = (v: string) => v.length > 0 && v.length <= 200;

@Resolver(() => ReplyTemplate)
export class ReplyTemplateResolver {
  @Authorized()
  @Query(() => ReplyTemplateConnection, { description: "The organization's reply templates, by name" })
  async replyTemplates(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<ReplyTemplateConnection> {
    const size = pageSize(first, 50, ctx.services.config.maxPageSize);
    const cursor = after ? (decodeCursor('templates', after, [isName, CURSOR_PART.uuid]) as [string, string]) : null;
    const { rows, total } = await ctx.services.replyTemplates.list(viewerOf(ctx).organizationId, { limit: size + 1, after: cursor });
    const page = toPage(rows, size, (row) => encodeCursor('templates', [row.name, row.id]));
    return { edges: page.edges.map((e) => ({ cursor: e.cursor, node: toTemplate(e.node) })), pageInfo: page.pageInfo, totalCount: total };
  }

  @Authorized('RESPONDER')
  @Mutation(() => ReplyTemplate, { description: 'A named text with {{placeholders}}; broken braces are refused (BAD_USER_INPUT with the position)' })
  async createReplyTemplate(@Arg('input') input: CreateReplyTemplateInput, @Ctx() ctx: Context): Promise<ReplyTemplate> {
    return toTemplate(await ctx.services.replyTemplates.create(actorOf(ctx), input));
  }

  @Authorized('RESPONDER')
  @Mutation(() => ReplyTemplate, { description: 'Renames it and/or changes its body; replies already sent keep their text' })
  async updateReplyTemplate(@Arg('input') input: UpdateReplyTemplateInput, @Ctx() ctx: Context): Promise<ReplyTemplate> {
    const id = fromGlobalId('ReplyTemplate', input.id);
    return toTemplate(await ctx.services.replyTemplates.update(actorOf(ctx), id, input));
  }

  @Authorized('RESPONDER')
  @Mutation(() => ID, { description: 'Deletes it (the id it had); replies written from it keep their text, their template becomes null' })
  async deleteReplyTemplate(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<string> {
    await ctx.services.replyTemplates.delete(actorOf(ctx), fromGlobalId('ReplyTemplate', id));
    return id;
  }
}

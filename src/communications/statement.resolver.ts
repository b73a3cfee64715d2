// Statements over GraphQL: the workflow mutations (RESPONDER), Crisis.statements, and a statement's derived fields.
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf, type Context } from '../graphql/context';
import { fromGlobalId, toGlobalId } from '../graphql/relay';
import { NotFoundError } from '../graphql/errors';
import { Crisis } from '../crisis/crisis.types';
import { findCrisis } from '../crisis/crisis.resolver';
import type { CrisisRecord } from '../crisis/crisis.record';
import { allowedSteps } from './statement.machine';
import type { StatementRow } from './statement.store';
import { primaryLanguage } from './statement.lint';
import { MetricPoint } from '../detection/metrics';
import { ChannelText, CreateStatementInput, LintFinding, Statement, StatementReview, UpdateStatementInput } from './statement.types';

export function toStatement(row: StatementRow): Statement {
  return {
    id: toGlobalId('Statement', row.id), kind: row.kind, status: row.status, body: row.body, language: row.language, channels: row.channels,
    variants: row.variants, author: row.author, contributors: row.contributors, revision: row.revision, allowedSteps: allowedSteps(row.status),
    createdAt: row.created_at, updatedAt: row.updated_at, submittedAt: row.submitted_at, approvedAt: row.approved_at, approvedBy: row.approved_by,
    publishedAt: row.published_at, publishedBy: row.published_by, row,
  };
}

@Resolver(() => Statement)
export class StatementResolver {
  @Authorized('RESPONDER')
  @Mutation(() => Statement, { description: "A DRAFT for channels of the crisis's playbook; each channel's text must fit it" })
  async createStatement(@Arg('input') input: CreateStatementInput, @Ctx() ctx: Context): Promise<Statement> {
    const { supersedes, crisisId, ...content } = input;
    return toStatement(await ctx.services.statements.createStatement(actorOf(ctx), {
      ...content, crisisId: fromGlobalId('Crisis', crisisId), supersedesId: supersedes ? fromGlobalId('Statement', supersedes) : null,
    }));
  }

  @Authorized('RESPONDER')
  @Mutation(() => Statement, { description: 'Changes a DRAFT (VERSION_CONFLICT if someone else changed it since)' })
  async updateStatement(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateStatementInput, @Ctx() ctx: Context): Promise<Statement> {
    const clean = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
    return toStatement(await ctx.services.statements.updateStatement(actorOf(ctx), fromGlobalId('Statement', id), clean));
  }

  @Authorized('RESPONDER')
  @Mutation(() => Statement, { description: 'DRAFT → IN_REVIEW (STATEMENT_SUBMITTED)' })
  async submitStatement(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Statement> {
    return toStatement(await ctx.services.statements.submitStatement(actorOf(ctx), fromGlobalId('Statement', id)));
  }

  @Authorized('RESPONDER')
  @Mutation(() => Statement, { description: "IN_REVIEW → APPROVED: the crisis's LEGAL when the playbook has one, never an author" })
  async approveStatement(@Arg('id', () => ID) id: string, @Arg('note', () => String, { nullable: true }) note: string | null, @Ctx() ctx: Context): Promise<Statement> {
    return toStatement(await ctx.services.statements.approveStatement(actorOf(ctx), fromGlobalId('Statement', id), note));
  }

  @Authorized('RESPONDER')
  @Mutation(() => Statement, { description: 'IN_REVIEW or APPROVED → DRAFT, with a note (same reviewers as approval)' })
  async rejectStatement(@Arg('id', () => ID) id: string, @Arg('note', () => String, { nullable: true }) note: string | null, @Ctx() ctx: Context): Promise<Statement> {
    return toStatement(await ctx.services.statements.rejectStatement(actorOf(ctx), fromGlobalId('Statement', id), note));
  }

  @Authorized('RESPONDER')
  @Mutation(() => Statement, { description: 'APPROVED → PUBLISHED on its channels; idempotent; an APOLOGY needs an action item' })
  async publishStatement(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Statement> {
    return toStatement(await ctx.services.statements.publishStatement(actorOf(ctx), fromGlobalId('Statement', id)));
  }

  @FieldResolver(() => Crisis)
  async crisis(@Root() s: Statement, @Ctx() ctx: Context): Promise<CrisisRecord> {
    const crisis = await findCrisis(ctx, s.row.crisis_id);
    if (!crisis) throw new NotFoundError('Crisis', s.row.crisis_id);
    return crisis;
  }

  @FieldResolver(() => Statement, { nullable: true, description: 'The published statement this one corrects' })
  async supersedes(@Root() s: Statement, @Ctx() ctx: Context): Promise<Statement | null> {
    if (!s.row.supersedes_id) return null;
    const previous = (await ctx.loaders.statements.load(s.row.crisis_id)).find((r) => r.id === s.row.supersedes_id);
    return previous ? toStatement(previous) : null;
  }

  @FieldResolver(() => [LintFinding], { description: 'On the body and each variant; as they stood at publication once published' })
  async findings(@Root() s: Statement, @Ctx() ctx: Context): Promise<LintFinding[]> {
    return ctx.services.statements.findings(s.row, () => ctx.loaders.lintPhrases.load(primaryLanguage(s.row.language)));
  }

  @FieldResolver(() => [StatementReview], { description: 'Approvals and rejections (decision), oldest first' })
  async approvals(@Root() s: Statement, @Ctx() ctx: Context): Promise<StatementReview[]> {
    return (await ctx.loaders.statementReviews.load(s.row.id)).map((r) => ({ ...r, at: new Date(r.at) }));
  }

  @FieldResolver(() => [ChannelText], { description: 'The text each channel publishes, with its length as that channel counts it' })
  channelTexts(@Root() s: Statement, @Ctx() ctx: Context): Promise<ChannelText[]> {
    return ctx.services.statements.channelTexts(s.row);
  }
}

@Resolver(() => MetricPoint)
export class MetricPointStatementsResolver {
  @FieldResolver(() => [Statement], { description: 'Statements published in this bucket, to see the effect of each message' })
  async statements(@Root() point: MetricPoint, @Ctx() ctx: Context): Promise<Statement[]> {
    const rows = await ctx.loaders.statements.load(point.crisisId);
    return rows
      .filter((r) => r.published_at && r.published_at >= point.bucketStart && r.published_at < point.bucketEnd)
      .map(toStatement);
  }
}

@Resolver(() => Crisis)
export class CrisisStatementsResolver {
  @FieldResolver(() => [Statement], { description: 'Oldest first' })
  async statements(@Root() crisis: CrisisRecord, @Ctx() ctx: Context): Promise<Statement[]> {
    return (await ctx.loaders.statements.load(crisis.id)).map(toStatement);
  }
}

// The review over GraphQL: submitReviewFeedback, updateReview (RESPONDER), Crisis.review and Crisis.kpis.
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf, type Context } from '../graphql/context';
import { fromGlobalId } from '../graphql/relay';
import { Crisis } from '../crisis/crisis.types';
import type { CrisisRecord } from '../crisis/crisis.record';
import type { ReviewState } from './review.service';
import { crisisKpis } from './kpis';
import { CrisisKpis, Review, SubmitReviewFeedbackInput, UpdateReviewInput } from './review.types';

export function toReview(state: ReviewState): Review {
  const r = state.review;
  return {
    summary: r?.summary ?? null, strengths: r?.strengths ?? [], weaknesses: r?.weaknesses ?? [], lessons: r?.lessons ?? [],
    feedback: state.feedback.map((f) => ({ author: f.author, role: f.role, body: f.body, rating: f.rating, submittedBy: f.submitted_by, submittedAt: f.submitted_at })),
    missing: state.missing, complete: state.missing.length === 0, revision: r?.revision ?? 0, updatedAt: r?.updated_at ?? null, updatedBy: r?.updated_by ?? null,
  };
}

@Resolver(() => Crisis)
export class ReviewResolver {
  @Authorized('RESPONDER')
  @Mutation(() => Review, { description: 'One feedback per author and role (again: replaces it); REVIEW_FEEDBACK_SUBMITTED' })
  async submitReviewFeedback(@Arg('input') input: SubmitReviewFeedbackInput, @Ctx() ctx: Context): Promise<Review> {
    return toReview(await ctx.services.reviews.submitReviewFeedback(actorOf(ctx), { ...input, crisisId: fromGlobalId('Crisis', input.crisisId) }));
  }

  @Authorized('RESPONDER')
  @Mutation(() => Review, { description: 'Sets summary, strengths, weaknesses or lessons (REVIEW_UPDATED)' })
  async updateReview(@Arg('input') input: UpdateReviewInput, @Ctx() ctx: Context): Promise<Review> {
    return toReview(await ctx.services.reviews.updateReview(actorOf(ctx), { ...input, crisisId: fromGlobalId('Crisis', input.crisisId) }));
  }

  @FieldResolver(() => Review, { nullable: true, description: 'Null until someone gives feedback or writes the review' })
  async review(@Root() crisis: CrisisRecord, @Ctx() ctx: Context): Promise<Review | null> {
    const state = await ctx.services.reviews.state(crisis.organizationId, crisis.id);
    return state.review || state.feedback.length ? toReview(state) : null;
  }

  @FieldResolver(() => CrisisKpis)
  kpis(@Root() crisis: CrisisRecord, @Ctx() ctx: Context): Promise<CrisisKpis> {
    return crisisKpis(ctx.services.dataSource, crisis);
  }
}

// The post-crisis review: feedback from every participant, the summary and lessons; COMPLETE_REVIEW waits for it.
import type { DataSource } from 'typeorm';
import { query, type Tx } from '../db/transaction';
import { BadUserInputError, ForbiddenError, InvalidTransitionError, requireText } from '../graphql/errors';
import type { Actor, CrisisService, Decision } from '../crisis/crisis.service';
import type { CrisisRow } from '../crisis/crisis.record';
import { isTerminal } from '../crisis/machine';
import { CRISIS_LEAD } from '../playbooks/playbook.content';
import { roleHolder } from '../team/team.store';

export interface ReviewRow {
  crisis_id: string;
  summary: string | null;
  strengths: string[];
  weaknesses: string[];
  lessons: string[];
  revision: number;
  updated_by: string;
  updated_at: Date;
}

export interface FeedbackRow {
  crisis_id: string;
  author: string;
  role: string;
  body: string;
  rating: number;
  submitted_by: string;
  submitted_at: Date;
}

export interface ReviewState {
  review: ReviewRow | null;
  feedback: FeedbackRow[];
  /** What COMPLETE_REVIEW still waits for: summary, lessons, leadFeedback. */
  missing: string[];
}

export interface ReviewInput {
  crisisId: string;
  summary?: string | null;
  strengths?: string[] | null;
  weaknesses?: string[] | null;
  lessons?: string[] | null;
}

export interface FeedbackInput {
  crisisId: string;
  author: string;
  role: string;
  body: string;
  rating: number;
}

const ROLE = /^[A-Z][A-Z0-9_]{1,49}$/;
const MAX_ITEMS = 50;

function items(values: string[] | null | undefined, field: string): string[] | undefined {
  if (values == null) return undefined;
  if (values.length > MAX_ITEMS) throw new BadUserInputError(field, `takes at most ${MAX_ITEMS} items`);
  return values.map((v, i) => requireText(v, `${field}[${i}]`, 2000));
}

/**
 * What the review lacks: a summary, a lesson, and feedback from the crisis lead — submitted with the token of whoever
 * holds CRISIS_LEAD (the token's name is the team member, as for approvals), not merely written in their name.
 */
export function missingForCompletion(review: Pick<ReviewRow, 'summary' | 'lessons'> | null, feedback: FeedbackRow[], lead: string | null): string[] {
  const missing: string[] = [];
  if (!review?.summary) missing.push('summary');
  if (!review?.lessons.length) missing.push('lessons');
  if (lead === null || !feedback.some((f) => f.submitted_by === lead)) missing.push('leadFeedback');
  return missing;
}

export class ReviewService {
  constructor(private readonly dataSource: DataSource, private readonly crises: CrisisService) {}

  async state(organizationId: string, crisisId: string): Promise<ReviewState> {
    const { review, feedback, lead } = await this.read(organizationId, crisisId);
    return { review, feedback, missing: missingForCompletion(review, feedback, lead) };
  }

  private async read(organizationId: string, crisisId: string): Promise<{ review: ReviewRow | null; feedback: FeedbackRow[]; lead: string | null }> {
    const [reviews, feedback, lead] = await Promise.all([
      query<ReviewRow>(this.dataSource, `SELECT crisis_id, summary, strengths, weaknesses, lessons, revision, updated_by, updated_at
        FROM crisis_review WHERE crisis_id = $1 AND organization_id = $2`, [crisisId, organizationId]),
      query<FeedbackRow>(this.dataSource, `SELECT crisis_id, author, role, body, rating, submitted_by, submitted_at
        FROM review_feedback WHERE crisis_id = $1 AND organization_id = $2 ORDER BY submitted_at, author, role`, [crisisId, organizationId]),
      roleHolder(this.dataSource, organizationId, crisisId, CRISIS_LEAD),
    ]);
    return { review: reviews[0] ?? null, feedback, lead };
  }

  /** One feedback per author and role: submitting again replaces it. */
  async submitReviewFeedback(actor: Actor, input: FeedbackInput): Promise<ReviewState> {
    const author = requireText(input.author, 'input.author', 200);
    const role = requireText(input.role, 'input.role', 50).toUpperCase();
    if (!ROLE.test(role)) throw new BadUserInputError('input.role', 'must be a role key such as CRISIS_LEAD, PR_LEAD, LEGAL or CUSTOMER_CARE');
    const body = requireText(input.body, 'input.body', 20000);
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw new BadUserInputError('input.rating', 'must be a whole number from 1 to 5');
    return this.change(actor, input.crisisId, 'submitReviewFeedback', async (crisis, at, current) => {
      const previous = current.feedback.find((f) => f.author === author && f.role === role);
      if (previous && previous.submitted_by !== actor.name) {
        throw new ForbiddenError('RESPONDER', `${author}'s feedback as ${role} was submitted by ${previous.submitted_by}: only they can replace it`, {
          rule: 'ownFeedback', submittedBy: previous.submitted_by,
        });
      }
      const replaced = previous !== undefined;
      const mine: FeedbackRow = { crisis_id: crisis.id, author, role, body, rating: input.rating, submitted_by: actor.name, submitted_at: new Date(at) };
      const feedback = [...current.feedback.filter((f) => !(f.author === author && f.role === role)), mine];
      return {
        after: { review: current.review, feedback },
        timeline: { type: 'REVIEW_FEEDBACK_SUBMITTED', payload: { author, role, rating: input.rating, replaced } },
        write: (tx) => tx.rows(
          `INSERT INTO review_feedback (organization_id, crisis_id, author, role, body, rating, submitted_by, submitted_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (crisis_id, author, role) DO UPDATE SET body = excluded.body, rating = excluded.rating,
             submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at`,
          [actor.organizationId, crisis.id, author, role, body, input.rating, actor.name, new Date(at)],
        ),
      };
    });
  }

  /** Sets what is given of summary, strengths, weaknesses and lessons (the rest stays). */
  async updateReview(actor: Actor, input: ReviewInput): Promise<ReviewState> {
    const summary = input.summary == null ? undefined : requireText(input.summary, 'input.summary', 20000);
    const strengths = items(input.strengths, 'input.strengths');
    const weaknesses = items(input.weaknesses, 'input.weaknesses');
    const lessons = items(input.lessons, 'input.lessons');
    const given = { summary, strengths, weaknesses, lessons };
    const changed = Object.entries(given).filter(([, v]) => v !== undefined).map(([k]) => k);
    if (!changed.length) throw new BadUserInputError('input', 'gives nothing to change (summary, strengths, weaknesses or lessons)');
    return this.change(actor, input.crisisId, 'updateReview', async (crisis, at, current) => {
      const before = current.review;
      const review: ReviewRow = {
        crisis_id: crisis.id, summary: summary ?? before?.summary ?? null, strengths: strengths ?? before?.strengths ?? [],
        weaknesses: weaknesses ?? before?.weaknesses ?? [], lessons: lessons ?? before?.lessons ?? [],
        revision: (before?.revision ?? 0) + 1, updated_by: actor.name, updated_at: new Date(at),
      };
      return {
        after: { review, feedback: current.feedback },
        timeline: { type: 'REVIEW_UPDATED', payload: { changed, revision: review.revision, lessons: review.lessons.length } },
        write: (tx) => tx.rows(
          `INSERT INTO crisis_review (crisis_id, organization_id, summary, strengths, weaknesses, lessons, revision, updated_by, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (crisis_id) DO UPDATE SET summary = excluded.summary, strengths = excluded.strengths, weaknesses = excluded.weaknesses,
             lessons = excluded.lessons, revision = excluded.revision, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
          [crisis.id, actor.organizationId, review.summary, review.strengths, review.weaknesses, review.lessons, review.revision, actor.name, new Date(at)],
        ),
      };
    });
  }

  /**
   * A review change as a crisis command: the timeline event, the machine told what the review still lacks (its guard
   * on COMPLETE_REVIEW), and the write, in one transaction. A closed crisis's review is final.
   */
  private async change(
    actor: Actor, crisisId: string, mutation: string,
    make: (crisis: CrisisRow, at: number, current: Pick<ReviewState, 'review' | 'feedback'>) => Promise<{
      after: Pick<ReviewState, 'review' | 'feedback'>; timeline: { type: string; payload: Record<string, unknown> }; write: (tx: Tx) => Promise<unknown>;
    }>,
  ): Promise<ReviewState> {
    await this.crises.command(actor, crisisId, async (crisis, at): Promise<Decision> => {
      if (isTerminal(crisis.state)) throw new InvalidTransitionError(crisis.state, mutation, []);
      const current = await this.read(actor.organizationId, crisis.id);
      const made = await make(crisis, at, current);
      const missing = missingForCompletion(made.after.review, made.after.feedback, current.lead);
      return {
        event: { type: 'REVIEW_UPDATED', at, missing },
        name: mutation,
        cause: {},
        timeline: [{ type: made.timeline.type, from_state: null, to_state: null, actor: actor.name, payload: { ...made.timeline.payload, missing } }],
        alongside: async (tx) => {
          await made.write(tx);
        },
      };
    });
    return this.state(actor.organizationId, crisisId);
  }
}

// GraphQL types of the post-crisis review and the KPIs.
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, MaxLength } from 'class-validator';
import { SlaKindEnum } from '../crisis/sla.resolver';
import type { SlaKind } from '../crisis/machine';

@ObjectType({ description: 'What one participant says about how the crisis was handled' })
export class ReviewFeedback {
  @Field() author!: string;
  @Field({ description: 'The role they held, e.g. CRISIS_LEAD, LEGAL, CUSTOMER_CARE' }) role!: string;
  @Field() body!: string;
  @Field(() => Int, { description: '1 (badly) to 5 (very well)' }) rating!: number;
  @Field({ description: 'The token that submitted it' }) submittedBy!: string;
  @Field() submittedAt!: Date;
}

@ObjectType()
export class Review {
  @Field(() => String, { nullable: true }) summary!: string | null;
  @Field(() => [String]) strengths!: string[];
  @Field(() => [String]) weaknesses!: string[];
  @Field(() => [String], { description: 'What to do differently: proposePlaybookRevision turns them into protocol steps' }) lessons!: string[];
  @Field(() => [ReviewFeedback]) feedback!: ReviewFeedback[];
  @Field(() => [String], { description: 'What COMPLETE_REVIEW still waits for: summary, lessons, leadFeedback' }) missing!: string[];
  @Field() complete!: boolean;
  @Field(() => Int, { description: '+1 on every updateReview' }) revision!: number;
  @Field(() => Date, { nullable: true }) updatedAt!: Date | null;
  @Field(() => String, { nullable: true }) updatedBy!: string | null;
}

@ObjectType({ description: "An SLA of the crisis's playbook against what happened" })
export class SlaResult {
  @Field(() => SlaKindEnum) sla!: SlaKind;
  @Field() dueAt!: Date;
  @Field(() => Date, { nullable: true }) metAt!: Date | null;
  @Field(() => Date, { nullable: true }) breachedAt!: Date | null;
  @Field(() => Int, { description: 'The SLA, in seconds from detection' }) targetSeconds!: number;
  @Field(() => Int, { nullable: true, description: 'When it was met, in seconds from detection' }) actualSeconds!: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Null while still pending' }) met!: boolean | null;
}

@ObjectType({ description: 'From stored facts, exact to the second; a closed crisis gives the same answer forever' })
export class CrisisKpis {
  @Field(() => Int, { nullable: true }) timeToAcknowledgeSeconds!: number | null;
  @Field(() => Int, { nullable: true }) timeToFirstResponseSeconds!: number | null;
  @Field(() => Int, { nullable: true }) timeToContainSeconds!: number | null;
  @Field(() => Int, { nullable: true, description: 'Detection to closing (while open: to now)' }) durationSeconds!: number | null;
  @Field(() => Int, { nullable: true, description: 'Most negative mentions in any 60 minutes, from 2 h before detection to closing' }) peakNegativeMentionsPerHour!: number | null;
  @Field(() => Int) slaBreaches!: number;
  @Field(() => Int) repliesSent!: number;
  @Field(() => Int, { nullable: true, description: "Median of reply time − the mention's postedAt" }) medianReplySeconds!: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean sentiment over the 24 h before the 2 h lead-in' }) sentimentBaseline!: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean sentiment over the 6 h before closing; null while open' }) sentimentAtClose!: number | null;
  @Field(() => [SlaResult]) slaResults!: SlaResult[];
}

@InputType()
export class SubmitReviewFeedbackInput {
  @Field(() => ID) crisisId!: string;
  @Field() @MaxLength(200) author!: string;
  @Field() @MaxLength(50) role!: string;
  @Field() @MaxLength(20000) body!: string;
  @Field(() => Int) rating!: number;
}

@InputType({ description: 'Only what changes' })
export class UpdateReviewInput {
  @Field(() => ID) crisisId!: string;
  @Field(() => String, { nullable: true }) @MaxLength(20000) summary?: string | null;
  @Field(() => [String], { nullable: true }) @ArrayMaxSize(50) @MaxLength(2000, { each: true }) strengths?: string[] | null;
  @Field(() => [String], { nullable: true }) @ArrayMaxSize(50) @MaxLength(2000, { each: true }) weaknesses?: string[] | null;
  @Field(() => [String], { nullable: true }) @ArrayMaxSize(50) @MaxLength(2000, { each: true }) lessons?: string[] | null;
}

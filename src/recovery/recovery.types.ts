// GraphQL types of recovery: Crisis.recovery, Brand.recovery and its input, recovery actions.
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { enumOf } from '../crisis/crisis.types';
import { Node } from '../graphql/node';
import { RECOVERY_ACTION_KINDS, type RecoveryActionKind } from './recovery.store';
import type { RecoveryStatus } from './recovery-read.service';

export const RecoveryActionKindEnum = enumOf(RECOVERY_ACTION_KINDS);
registerEnumType(RecoveryActionKindEnum, { name: 'RecoveryActionKind', description: 'What was done to rebuild trust' });

const RECOVERY_STATUSES = ['TRACKING', 'RECOVERED', 'RELAPSED', 'PAUSED', 'NOT_RECOVERED'] as const satisfies readonly RecoveryStatus[];
export const RecoveryStatusEnum = enumOf(RECOVERY_STATUSES);
registerEnumType(RecoveryStatusEnum, {
  name: 'RecoveryStatus',
  description: 'TRACKING: contained, not back yet; RECOVERED: SENTIMENT_RECOVERED stands; RELAPSED: RECOVERY_RELAPSED since; PAUSED: re-escalated. '
    + 'A closed crisis keeps RECOVERED or RELAPSED as they stood when it closed, or is NOT_RECOVERED: closed before it was back',
});

@ObjectType({ description: 'The three listening metrics, to 4 decimals; null where they cannot be told (too few mentions in the window, or no baseline)' })
export class RecoveryMetrics {
  @Field(() => Float, { nullable: true, description: 'Negative mentions / mentions' }) negativeShare!: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean sentiment, -1..1' }) sentiment!: number | null;
  @Field(() => Float, { nullable: true }) negativePerHour!: number | null;
}

@ObjectType({ description: "A contained crisis's way back to its brand's pre-crisis baseline, judged minute by minute by mention time" })
export class CrisisRecovery {
  @Field(() => RecoveryStatusEnum) status!: RecoveryStatus;
  @Field(() => Date, { nullable: true, description: 'When the latest SENTIMENT_RECOVERED of this containment was reached (withinToleranceSince + sustainMinutes)' })
  backToBaselineAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'The step that broke tolerance after it (RECOVERY_RELAPSED), while not recovered again' })
  relapsedAt!: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'Start of the unbroken run of minutes within tolerance ending at evaluatedAt, looked for over the last sustainMinutes only: '
      + 'when all of them are within (isSustained), it is evaluatedAt − sustainMinutes and the run began then or earlier',
  })
  withinToleranceSince!: Date | null;
  @Field({ description: 'Every minute of the last sustainMinutes is within tolerance: back, by the data' }) isSustained!: boolean;
  @Field(() => Date, { nullable: true, description: "End of the brand's newest minute with mentions (capped at closing): what current is measured up to" })
  evaluatedAt!: Date | null;
  @Field(() => Int, { description: 'Mentions in the window ending at evaluatedAt' }) windowMentions!: number;
  @Field(() => RecoveryMetrics, { description: 'Over the trailing window ending at evaluatedAt' }) current!: RecoveryMetrics;
  @Field(() => RecoveryMetrics, { description: "The pre-crisis baseline (Crisis.metrics' baseline)" }) target!: RecoveryMetrics;
  @Field(() => RecoveryMetrics, { description: 'The worst values still within tolerance for the window ending at evaluatedAt (never below one negative mention in it)' })
  limit!: RecoveryMetrics;
  @Field(() => Float) tolerancePercent!: number;
  @Field(() => Int) sustainMinutes!: number;
  @Field(() => Int) windowMinutes!: number;
  @Field(() => Int) minMentions!: number;
}

@ObjectType({ description: "How a brand's recovery from a crisis is judged" })
export class BrandRecovery {
  @Field(() => Float, { description: 'How far from the baseline still counts as back (20)' }) tolerancePercent!: number;
  @Field(() => Int, { description: 'How long, by mention time, all three metrics must stay within it (360)' }) sustainMinutes!: number;
  @Field(() => Int, { description: 'The trailing window each minute is measured over (60)' }) windowMinutes!: number;
  @Field(() => Int, { description: 'Mentions a window needs for its share and sentiment to count (10)' }) minMentions!: number;
}

@InputType({ description: 'Fields left out keep their value' })
export class BrandRecoveryInput {
  @Field(() => Float, { nullable: true, description: '0 to 1000' }) tolerancePercent?: number | null;
  @Field(() => Int, { nullable: true, description: '5 to 10080' }) sustainMinutes?: number | null;
  @Field(() => Int, { nullable: true, description: '5 to 1440' }) windowMinutes?: number | null;
  @Field(() => Int, { nullable: true, description: '1 to 100000' }) minMentions?: number | null;
}

@ObjectType({ implements: Node, description: 'Something done to rebuild trust (RECOVERY_ACTION_LOGGED); it shows on the metrics curve' })
export class RecoveryAction extends Node {
  @Field(() => RecoveryActionKindEnum) kind!: RecoveryActionKind;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field({ description: 'Token name that logged it' }) loggedBy!: string;
  @Field() loggedAt!: Date;
}

@InputType()
export class LogRecoveryActionInput {
  @Field(() => ID) crisisId!: string;
  @Field(() => RecoveryActionKindEnum) kind!: RecoveryActionKind;
  @Field({ description: 'At most 500 characters' }) title!: string;
  @Field(() => String, { nullable: true, description: 'http(s), at most 2000 characters' }) url?: string | null;
}

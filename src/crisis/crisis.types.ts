// GraphQL types of the lifecycle: Crisis, its timeline, the enums, inputs and connections.
import { Field, ID, InputType, Int, Float, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { ArrayMaxSize, IsOptional, Length, Min, MaxLength } from 'class-validator';
import { CRISIS_EVENT_TYPES, CRISIS_STATES, SEVERITIES, type CrisisEventType, type CrisisState, type Severity } from './machine';
import { Node } from '../graphql/node';
import { connectionOf } from '../graphql/relay';

export const CRISIS_CATEGORIES = [
  'CUSTOMER_COMPLAINT', 'CONTROVERSIAL_POST', 'PRODUCT_RECALL', 'SERVICE_OUTAGE', 'DATA_BREACH', 'EXECUTIVE_CONDUCT', 'OTHER',
] as const;
export type CrisisCategory = (typeof CRISIS_CATEGORIES)[number];

/** A string-literal union as the enum object type-graphql registers: names and values are the same words. */
export function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const CrisisStateEnum = enumOf(CRISIS_STATES);
export const CrisisEventTypeEnum = enumOf(CRISIS_EVENT_TYPES);
export const SeverityEnum = enumOf(SEVERITIES);
export const CrisisCategoryEnum = enumOf(CRISIS_CATEGORIES);
registerEnumType(CrisisStateEnum, { name: 'CrisisState', description: 'Where a crisis stands in its lifecycle' });
registerEnumType(CrisisEventTypeEnum, { name: 'CrisisEventType', description: 'What moves a crisis from one state to another' });
registerEnumType(SeverityEnum, { name: 'Severity' });
registerEnumType(CrisisCategoryEnum, { name: 'CrisisCategory' });

@ObjectType({ description: 'The signal that opened a crisis' })
export class DetectionSignal {
  @Field() metric!: string;
  @Field() windowStart!: Date;
  @Field() windowEnd!: Date;
  @Field(() => Float) observed!: number;
  @Field(() => Float) baseline!: number;
  @Field(() => Float, { description: "How far above baseline, in the detector's unit" }) score!: number;
  @Field(() => Int, { description: 'How long after the window ended the spike reached us: late-delivered data pages late, and says so (0 when on time)' })
  detectedLateBySeconds!: number;
}

@ObjectType({ description: 'One entry of a crisis timeline: append-only, globally ordered by sequence' })
export class CrisisTimelineEvent {
  @Field(() => ID) id!: string;
  @Field({ description: 'Global, strictly increasing (a bigint as a string)' }) sequence!: string;
  @Field(() => ID) crisisId!: string;
  @Field({ description: 'STATE_CHANGED, DETECTED, SLA_BREACHED, …' }) type!: string;
  @Field(() => CrisisStateEnum, { nullable: true }) fromState!: CrisisState | null;
  @Field(() => CrisisStateEnum, { nullable: true }) toState!: CrisisState | null;
  @Field(() => String, { nullable: true, description: 'Token name, "system" or "timer"' }) actor!: string | null;
  @Field(() => GraphQLJSON, { nullable: true }) payload!: Record<string, unknown> | null;
  @Field() occurredAt!: Date;
}

export const CrisisTimelineConnection = connectionOf('CrisisTimeline', CrisisTimelineEvent);
export type CrisisTimelineConnection = InstanceType<typeof CrisisTimelineConnection>;

@ObjectType({ implements: Node })
export class Crisis extends Node {
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => CrisisCategoryEnum) category!: CrisisCategory;
  @Field(() => SeverityEnum) severity!: Severity;
  @Field(() => CrisisStateEnum) state!: CrisisState;
  @Field(() => Int, { description: '+1 on every change; send it back as expectedVersion' }) version!: number;
  @Field() detectedAt!: Date;
  @Field(() => Date, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => Date, { nullable: true }) firstPublicResponseAt!: Date | null;
  @Field(() => Date, { nullable: true }) containedAt!: Date | null;
  @Field(() => Date, { nullable: true }) recoveryStartedAt!: Date | null;
  @Field(() => Date, { nullable: true }) reviewedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'REVIEWED or DISMISSED' }) closedAt!: Date | null;
}

export const CrisisConnection = connectionOf('Crisis', Crisis);
export type CrisisConnection = InstanceType<typeof CrisisConnection>;

@InputType()
export class CrisisFilter {
  @Field(() => ID, { nullable: true }) brandId?: string | null;
  @Field(() => [CrisisStateEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(CRISIS_STATES.length) states?: CrisisState[] | null;
  @Field(() => [SeverityEnum], { nullable: true }) @IsOptional() @ArrayMaxSize(SEVERITIES.length) severities?: Severity[] | null;
  @Field(() => Date, { nullable: true }) detectedAfter?: Date | null;
  @Field(() => Date, { nullable: true }) detectedBefore?: Date | null;
}

@InputType()
export class DeclareCrisisInput {
  @Field(() => ID) brandId!: string;
  @Field() @Length(1, 300) title!: string;
  @Field(() => CrisisCategoryEnum) category!: CrisisCategory;
  @Field(() => SeverityEnum) severity!: Severity;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10000) description?: string | null;
}

@InputType()
export class SendCrisisEventInput {
  @Field(() => ID) crisisId!: string;
  @Field(() => CrisisEventTypeEnum) type!: CrisisEventType;
  @Field(() => Int, { nullable: true, description: 'Optional optimistic check' }) @IsOptional() @Min(1) expectedVersion?: number | null;
  @Field(() => String, { nullable: true, description: 'A retry with the same key returns the first result' })
  @IsOptional() @Length(1, 200) idempotencyKey?: string | null;
  @Field(() => String, { nullable: true, description: 'Required for DISMISS and REESCALATE' }) @IsOptional() @MaxLength(2000) reason?: string | null;
}

// GraphQL types of crisis plans: a playbook version with its roles, channels, protocols, SLA policies and exit criteria.
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../graphql/node';
import { CrisisEventTypeEnum, CrisisStateEnum, SeverityEnum, enumOf } from '../crisis/crisis.types';
import type { CrisisEventType, CrisisState, Severity } from '../crisis/machine';
import { LISTENING_METRICS, type ListeningMetric } from '../recovery/listening';
import type { ExitCriteriaEvent } from './playbook.content';

export const ListeningMetricEnum = enumOf(LISTENING_METRICS);
registerEnumType(ListeningMetricEnum, {
  name: 'ListeningMetric',
  description: 'A metric of the brand\'s mentions compared with its pre-crisis baseline: negative share, mean sentiment, negative mentions per hour',
});

@ObjectType({ description: 'A listening condition on CONTAIN or COMPLETE_REVIEW: the metric back within a percentage of the pre-crisis baseline for a while' })
export class ExitCriterion {
  @Field(() => CrisisEventTypeEnum, { description: 'CONTAIN or COMPLETE_REVIEW' }) event!: ExitCriteriaEvent;
  @Field(() => ListeningMetricEnum) metric!: ListeningMetric;
  @Field(() => Float) withinPercentOfBaseline!: number;
  @Field(() => Int, { description: 'Minutes, by mention time up to the command, the metric must have stayed within' }) forMinutes!: number;
}

@ObjectType({ description: "The playbook's own limit for a channel, in that channel's unit (LengthUnit), replacing the built-in one" })
export class ChannelLimit {
  @Field() channel!: string;
  @Field(() => Int) maxLength!: number;
}

@ObjectType({ description: 'A role of the crisis team, e.g. CRISIS_LEAD, PR_LEAD, LEGAL' })
export class PlaybookRole {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => [String]) responsibilities!: string[];
}

@ObjectType({ description: 'The ordered steps to take when a crisis enters a state; they become tasks' })
export class Protocol {
  @Field(() => CrisisStateEnum) state!: CrisisState;
  @Field(() => [String]) steps!: string[];
}

@ObjectType({ description: 'Deadlines for a severity, in seconds' })
export class SlaPolicy {
  @Field(() => SeverityEnum) severity!: Severity;
  @Field(() => Int) acknowledgeWithinSeconds!: number;
  @Field(() => Int) firstResponseWithinSeconds!: number;
  @Field(() => Int) updateEverySeconds!: number;
}

@ObjectType({ implements: Node, description: 'One version of a crisis plan; versions never change once written' })
export class Playbook extends Node {
  @Field() name!: string;
  @Field(() => Int) version!: number;
  @Field(() => Int, { description: 'The newest version of this playbook' }) currentVersion!: number;
  @Field(() => String, { nullable: true }) revisionReason!: string | null;
  @Field({ description: "The organization's default plan, used by brands that name none" }) isDefault!: boolean;
  @Field(() => [PlaybookRole]) roles!: PlaybookRole[];
  @Field(() => [String]) channels!: string[];
  @Field(() => [ChannelLimit], { description: 'Limits this plan sets; other channels keep the built-in ones' }) channelLimits!: ChannelLimit[];
  @Field(() => [Protocol]) protocols!: Protocol[];
  @Field(() => [SlaPolicy]) slaPolicies!: SlaPolicy[];
  @Field(() => [ExitCriterion], { description: 'Listening conditions on CONTAIN and COMPLETE_REVIEW; none in versions written before them' })
  exitCriteria!: ExitCriterion[];
  @Field(() => String, { nullable: true, description: 'Token name that wrote this version' }) createdBy!: string | null;
  @Field() createdAt!: Date;
}

@InputType()
export class PlaybookRoleInput {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => [String], { defaultValue: [] }) responsibilities!: string[];
}

@InputType()
export class ProtocolInput {
  @Field(() => CrisisStateEnum) state!: CrisisState;
  @Field(() => [String]) steps!: string[];
}

@InputType()
export class SlaPolicyInput {
  @Field(() => SeverityEnum) severity!: Severity;
  @Field(() => Int) acknowledgeWithinSeconds!: number;
  @Field(() => Int) firstResponseWithinSeconds!: number;
  @Field(() => Int) updateEverySeconds!: number;
}

@InputType()
export class ChannelLimitInput {
  @Field() channel!: string;
  @Field(() => Int) maxLength!: number;
}

@InputType()
export class ExitCriterionInput {
  @Field(() => CrisisEventTypeEnum, { description: 'CONTAIN or COMPLETE_REVIEW' }) event!: CrisisEventType;
  @Field(() => ListeningMetricEnum) metric!: ListeningMetric;
  @Field(() => Float, { description: '0 to 1000' }) withinPercentOfBaseline!: number;
  @Field(() => Int, { description: '1 to 10080' }) forMinutes!: number;
}

@InputType()
export class PlaybookInput {
  @Field() name!: string;
  @Field(() => [PlaybookRoleInput]) roles!: PlaybookRoleInput[];
  @Field(() => [String]) channels!: string[];
  @Field(() => [ChannelLimitInput], { nullable: true }) channelLimits?: ChannelLimitInput[] | null;
  @Field(() => [ProtocolInput]) protocols!: ProtocolInput[];
  @Field(() => [SlaPolicyInput]) slaPolicies!: SlaPolicyInput[];
  @Field(() => [ExitCriterionInput], { nullable: true, description: 'At most 20, one per event and metric' }) exitCriteria?: ExitCriterionInput[] | null;
  @Field(() => [ID], { nullable: true, description: 'revisePlaybook: crises whose lessons this version takes in (Playbook.learnedFrom)' })
  learnedFrom?: string[] | null;
}


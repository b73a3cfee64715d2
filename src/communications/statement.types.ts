// GraphQL types of statements: the statement, its variants, findings, reviews, and the inputs of the workflow.
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, MaxLength, Min } from 'class-validator';
import { Node } from '../graphql/node';
import { enumOf } from '../crisis/crisis.types';
import { STATEMENT_KINDS, STATEMENT_STATUSES, STATEMENT_STEPS, type StatementKind, type StatementStatus, type StatementStep } from './statement.machine';
import type { StatementRow } from './statement.store';
import type { LengthUnit } from './channels';

export const StatementKindEnum = enumOf(STATEMENT_KINDS);
registerEnumType(StatementKindEnum, { name: 'StatementKind' });
export const StatementStatusEnum = enumOf(STATEMENT_STATUSES);
registerEnumType(StatementStatusEnum, { name: 'StatementStatus', description: 'DRAFT → IN_REVIEW → APPROVED → PUBLISHED (rejection: back to DRAFT)' });
export const StatementStepEnum = enumOf(STATEMENT_STEPS);
registerEnumType(StatementStepEnum, { name: 'StatementStep', description: 'A step of the workflow; each is one mutation' });
const LintSeverityEnum = enumOf(['WARNING', 'INFO'] as const);
registerEnumType(LintSeverityEnum, { name: 'LintSeverity' });
const LengthUnitEnum = enumOf(['X_WEIGHTED', 'SMS_SEGMENTS', 'CHARACTERS'] as const);
registerEnumType(LengthUnitEnum, { name: 'LengthUnit', description: 'X_WEIGHTED: as X counts (URLs 23, most emoji 2); SMS_SEGMENTS; CHARACTERS: code points' });

@ObjectType()
export class ChannelVariant {
  @Field() channel!: string;
  @Field() body!: string;
}

@ObjectType({ description: 'What one channel publishes (its variant, or the canonical body), measured as that channel counts' })
export class ChannelText {
  @Field() channel!: string;
  @Field() body!: string;
  @Field({ description: 'True when the canonical body is used (no variant for this channel)' }) canonical!: boolean;
  @Field(() => Int, { nullable: true }) length!: number | null;
  @Field(() => Int, { nullable: true, description: 'Null: no limit beyond the body limit' }) limit!: number | null;
  @Field(() => LengthUnitEnum, { nullable: true }) unit!: LengthUnit | null;
}

@ObjectType({ description: 'Phrasing to reconsider: an excuse, blame, a non-apology, minimising, passive evasion, a legal risk' })
export class LintFinding {
  @Field() rule!: string;
  @Field() message!: string;
  @Field(() => Int, { description: 'Offset of the first UTF-16 code unit (JavaScript string index) in the text it was found in' }) start!: number;
  @Field(() => Int, { description: 'Offset just after the match: text.slice(start, end) is the phrase' }) end!: number;
  @Field(() => LintSeverityEnum) severity!: 'WARNING' | 'INFO';
  @Field({ description: 'The matched text' }) match!: string;
  @Field(() => String, { nullable: true, description: 'The variant it was found in; null for the canonical body' }) channel!: string | null;
}

@ObjectType()
export class StatementReview {
  @Field() decision!: 'APPROVED' | 'REJECTED';
  @Field() approver!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => Int, { description: 'The revision of the text reviewed' }) revision!: number;
  @Field() at!: Date;
}

@ObjectType({ implements: Node })
export class Statement extends Node {
  @Field(() => StatementKindEnum) kind!: StatementKind;
  @Field(() => StatementStatusEnum) status!: StatementStatus;
  @Field({ description: 'The canonical text, exactly as sent' }) body!: string;
  @Field() language!: string;
  @Field(() => [String], { description: 'Where it is (or will be) published' }) channels!: string[];
  @Field(() => [ChannelVariant]) variants!: ChannelVariant[];
  @Field() author!: string;
  @Field(() => [String], { description: 'Everyone who wrote its text; none of them may approve it' }) contributors!: string[];
  @Field(() => Int, { description: '+1 on every edit of the draft' }) revision!: number;
  @Field(() => [StatementStepEnum], { description: 'Steps its status allows now' }) allowedSteps!: StatementStep[];
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
  @Field(() => Date, { nullable: true }) submittedAt!: Date | null;
  @Field(() => Date, { nullable: true }) approvedAt!: Date | null;
  @Field(() => String, { nullable: true }) approvedBy!: string | null;
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
  @Field(() => String, { nullable: true }) publishedBy!: string | null;
  /** The row, for field resolvers. */
  row!: StatementRow;
}

@InputType()
export class ChannelVariantInput {
  @Field() @MaxLength(50) channel!: string;
  @Field() body!: string;
}

@InputType()
export class CreateStatementInput {
  @Field(() => ID) crisisId!: string;
  @Field(() => StatementKindEnum) kind!: StatementKind;
  @Field() body!: string;
  @Field() @MaxLength(35) language!: string;
  @Field(() => [String]) @ArrayMaxSize(50) @MaxLength(50, { each: true }) channels!: string[];
  @Field(() => [ChannelVariantInput], { nullable: true }) @IsOptional() @ArrayMaxSize(50) variants?: ChannelVariantInput[] | null;
  @Field(() => ID, { nullable: true, description: 'A published statement this one corrects' }) @IsOptional() supersedes?: string | null;
}

@InputType({ description: 'Only what changes; the rest stays' })
export class UpdateStatementInput {
  @Field(() => StatementKindEnum, { nullable: true }) kind?: StatementKind | null;
  @Field(() => String, { nullable: true }) body?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(35) language?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @MaxLength(50, { each: true }) channels?: string[] | null;
  @Field(() => [ChannelVariantInput], { nullable: true }) @IsOptional() @ArrayMaxSize(50) variants?: ChannelVariantInput[] | null;
  @Field(() => Int, { nullable: true, description: 'The revision you read: an edit made since is VERSION_CONFLICT, not overwritten' })
  @IsOptional() @Min(1) expectedRevision?: number | null;
}

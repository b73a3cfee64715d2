// GraphQL types of personal replies: claims, replies, skips, templates, queue changes, and their inputs.
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Node } from '../graphql/node';
import { connectionOf } from '../graphql/relay';
import { enumOf } from '../crisis/crisis.types';
import { Mention } from '../mentions/mention.types';

export const REPLY_QUEUE_CHANGES = ['CLAIMED', 'RELEASED', 'REPLIED', 'SKIPPED'] as const;
export type ReplyQueueChangeKind = (typeof REPLY_QUEUE_CHANGES)[number];
export const ReplyQueueChangeKindEnum = enumOf(REPLY_QUEUE_CHANGES);
registerEnumType(ReplyQueueChangeKindEnum, { name: 'ReplyQueueChangeKind', description: 'What happened to a mention of a reply queue' });

@ObjectType({ description: 'An agent working on a mention: others cannot claim it or answer it until it expires or is released' })
export class ReplyClaim {
  @Field(() => Mention) mention!: object;
  @Field({ description: "The agent (the token's name)" }) holder!: string;
  @Field() claimedAt!: Date;
  @Field({ description: 'Claiming again before then extends it (REPLY_CLAIM_SECONDS)' }) expiresAt!: Date;
}

@ObjectType({ implements: Node, description: "A prepared answer of the organization, filled in for each mention it answers" })
export class ReplyTemplate extends Node {
  @Field() name!: string;
  @Field({ description: 'Text with {{placeholders}}: author, brand, crisis, agent, or any key of a reply\'s variables' }) body!: string;
  @Field(() => [String], { description: 'The placeholders the body uses, in order of first use' }) variables!: string[];
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
  @Field() updatedBy!: string;
  @Field() updatedAt!: Date;
}

@ObjectType({ implements: Node, description: 'A personal answer to a mention, as it was sent' })
export class Reply extends Node {
  @Field(() => Mention, { nullable: true, description: 'The mention answered; null once its month is past MENTION_RETENTION_DAYS (the reply stays)' })
  mention!: object | null;
  @Field({ description: 'The text sent, placeholders filled' }) body!: string;
  @Field({ description: 'The agent who sent it' }) author!: string;
  @Field() sentAt!: Date;
  @Field(() => ReplyTemplate, { nullable: true, description: 'The template it was written from (null: none, or deleted since)' }) template!: object | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The variables given with the template' }) variables!: Record<string, string> | null;
}

@ObjectType({ description: 'Why a mention needs no answer' })
export class ReplySkip {
  @Field() reason!: string;
  @Field() skippedBy!: string;
  @Field() skippedAt!: Date;
}

@ObjectType({ description: 'A change to a reply queue, heard by every agent of the organization on any server process' })
export class ReplyQueueChange {
  @Field(() => ID) crisisId!: string;
  @Field(() => ID) mentionId!: string;
  @Field(() => ReplyQueueChangeKindEnum) change!: ReplyQueueChangeKind;
  @Field({ description: 'The agent' }) by!: string;
  @Field() at!: Date;
  @Field(() => Date, { nullable: true, description: 'When the claim expires (CLAIMED only)' }) expiresAt!: Date | null;
}

@InputType()
export class ReplyToMentionInput {
  @Field(() => ID) mentionId!: string;
  @Field(() => String, { nullable: true, description: 'The text; {{placeholders}} are filled like a template\'s. Give this or templateId' }) body?: string | null;
  @Field(() => ID, { nullable: true, description: 'A template of the organization; give this or body' }) templateId?: string | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Values for placeholders, e.g. {"ticket": "A-1234"}; they win over the built-in ones' })
  variables?: unknown;
}

@InputType()
export class SkipMentionInput {
  @Field(() => ID) mentionId!: string;
  @Field({ description: 'Why no answer is needed (spam, already answered elsewhere, …)' }) reason!: string;
}

@InputType()
export class CreateReplyTemplateInput {
  @Field() name!: string;
  @Field() body!: string;
}

@InputType()
export class UpdateReplyTemplateInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) body?: string | null;
}

export const ReplyTemplateConnection = connectionOf('ReplyTemplate', ReplyTemplate);
export type ReplyTemplateConnection = InstanceType<typeof ReplyTemplateConnection>;

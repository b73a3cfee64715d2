// GraphQL types of mentions: the input social listening sends, the stored mention, filters, connection, payload.
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from '../graphql/node';
import { ArrayMaxSize } from 'class-validator';
import { connectionOf } from '../graphql/relay';
import { Crisis } from '../crisis/crisis.types';

@InputType()
export class MentionInput {
  @Field({ description: 'twitter, facebook, instagram, tiktok, reddit, youtube, reviews, news, …: a short name (letters, digits, ".", "_", "-"; at most 50), stored trimmed and lowercase' }) platform!: string;
  @Field({ description: "The platform's id; (platform, externalId) is unique per organization" }) externalId!: string;
  @Field(() => ID) brandId!: string;
  @Field() text!: string;
  @Field(() => String, { nullable: true }) author?: string | null;
  @Field(() => Int, { nullable: true }) authorFollowers?: number | null;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 639-1; guessed when absent' }) language?: string | null;
  @Field(() => Float, { nullable: true, description: '-1..1; computed when absent' }) sentiment?: number | null;
  @Field(() => Int, { nullable: true }) reach?: number | null;
  @Field(() => Int, { nullable: true }) likes?: number | null;
  @Field(() => Int, { nullable: true }) shares?: number | null;
  @Field(() => Int, { nullable: true }) comments?: number | null;
  @Field() postedAt!: Date;
}

@ObjectType({ implements: Node })
export class Mention extends Node {
  @Field() platform!: string;
  @Field() externalId!: string;
  @Field() text!: string;
  @Field(() => String, { nullable: true }) author!: string | null;
  @Field(() => Int, { nullable: true }) authorFollowers!: number | null;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true }) language!: string | null;
  @Field(() => Float) sentiment!: number;
  @Field({ description: 'GIVEN by the source, COMPUTED here, or UNSCORED (a language we cannot score: neutral)' }) sentimentSource!: string;
  @Field(() => Int, { nullable: true }) reach!: number | null;
  @Field(() => Int, { nullable: true }) likes!: number | null;
  @Field(() => Int, { nullable: true }) shares!: number | null;
  @Field(() => Int, { nullable: true }) comments!: number | null;
  @Field() postedAt!: Date;
  @Field() ingestedAt!: Date;
}

export const MentionConnection = connectionOf('Mention', Mention);
export type MentionConnection = InstanceType<typeof MentionConnection>;

@InputType()
export class MentionFilter {
  @Field(() => ID, { nullable: true }) brandId?: string | null;
  @Field(() => ID, { nullable: true }) crisisId?: string | null;
  @Field(() => String, { nullable: true }) platform?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Only sentiment < 0' }) negativeOnly?: boolean | null;
  @Field(() => Date, { nullable: true }) postedAfter?: Date | null;
  @Field(() => Date, { nullable: true }) postedBefore?: Date | null;
}

@ObjectType()
export class IngestMentionsPayload {
  @Field(() => Int, { description: 'New rows stored' }) accepted!: number;
  @Field(() => Int, { description: 'Already known (platform, externalId), in the store or earlier in the batch' }) duplicates!: number;
  @Field(() => [Crisis], { description: 'Crises this batch opened or escalated' }) detectedCrises!: unknown[];
}

@InputType()
export class LinkMentionsInput {
  @Field(() => ID) crisisId!: string;
  @Field(() => [ID], { description: "Mentions of the crisis's brand, at most 1000" }) @ArrayMaxSize(1000) mentionIds!: string[];
}

@ObjectType()
export class LinkMentionsPayload {
  @Field(() => Int, { description: 'Mentions now linked to the crisis' }) linked!: number;
  @Field(() => Int, { description: 'Left as they were: of another brand, already linked to a crisis, or unknown' }) skipped!: number;
  @Field(() => Crisis) crisis!: unknown;
}

// GraphQL types of account metrics: the follower counts a listening connector sends per brand account, and the payload.
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Crisis } from '../crisis/crisis.types';

@InputType({ description: "One count of a brand account's followers at an instant; (brandId, platform, at) is unique" })
export class AccountMetricInput {
  @Field(() => ID) brandId!: string;
  @Field({ description: 'The account\'s platform, a short name (letters, digits, ".", "_", "-"; at most 50): twitter, instagram, tiktok, …; stored trimmed and lowercase, so "Instagram" is the account "instagram"' }) platform!: string;
  @Field(() => Int, { description: 'Followers of the account at `at`, a non-negative integer' }) followers!: number;
  @Field({ description: 'When the count was taken; at most 5 minutes ahead of the server, not before 2000' }) at!: Date;
}

@ObjectType()
export class IngestAccountMetricsPayload {
  @Field(() => Int, { description: 'New samples stored' }) accepted!: number;
  @Field(() => Int, {
    description: 'Samples whose (brand, platform, at) was already known, in the store or earlier in the batch: the first count wins, a different one is not an update',
  })
  duplicates!: number;
  @Field(() => [Crisis], { description: 'Crises this batch opened or escalated (FOLLOWER_SWING)' }) detectedCrises!: unknown[];
}

// Account metrics over GraphQL: ingestAccountMetrics (RESPONDER), and the followers of the brand on a crisis's curve.
import { Arg, Authorized, Ctx, FieldResolver, Float, Mutation, Resolver, Root } from 'type-graphql';
import { viewerOf, type Context } from '../graphql/context';
import { skipValidation } from '../graphql/validation';
import { MetricPoint } from '../detection/metrics';
import { AccountMetricInput, IngestAccountMetricsPayload } from './account-metrics.types';
import { followerLoader } from './followers.curve';

@Resolver()
export class AccountMetricsResolver {
  @Authorized('RESPONDER')
  // Like ingestMentions: the service checks every item itself, naming its index, so class-validator is not run.
  @Mutation(() => IngestAccountMetricsPayload, {
    description: "Up to 5000 follower counts of the brands' accounts; a batch with an invalid item is refused whole. An unusual gain or loss opens or escalates a crisis (FOLLOWER_SWING)",
  })
  async ingestAccountMetrics(@Arg('input', () => [AccountMetricInput], { validateFn: skipValidation }) input: AccountMetricInput[], @Ctx() ctx: Context): Promise<IngestAccountMetricsPayload> {
    return ctx.services.accountMetrics.ingest(viewerOf(ctx).organizationId, input);
  }
}

@Resolver(() => MetricPoint)
export class MetricPointFollowersResolver {
  // Float like reach: a sum over the brand's accounts, each up to 2^31 - 1, outgrows GraphQL's 32-bit Int.
  @FieldResolver(() => Float, { nullable: true, description: "Followers of the brand's accounts at the bucket's end (each account's latest count); null before any count" })
  async followers(@Root() point: MetricPoint, @Ctx() ctx: Context): Promise<number | null> {
    return (await followerLoader(ctx).load(point)).followers;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Change of those followers over the bucket, for the accounts counted at its start; null when none was' })
  async followerChange(@Root() point: MetricPoint, @Ctx() ctx: Context): Promise<number | null> {
    return (await followerLoader(ctx).load(point)).followerChange;
  }
}

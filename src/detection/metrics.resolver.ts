// Crisis.metrics over GraphQL.
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { Crisis } from '../crisis/crisis.types';
import type { CrisisRecord } from '../crisis/crisis.record';
import { crisisMetrics, defaultBucketMinutes, MetricPoint } from './metrics';

@Resolver(() => Crisis)
export class MetricsResolver {
  @FieldResolver(() => [MetricPoint], { description: "The brand's mentions per bucket from 2 h before detection to now (or closing)" })
  metrics(
    @Root() crisis: CrisisRecord,
    @Ctx() ctx: Context,
    @Arg('bucketMinutes', () => Int, { nullable: true, description: '15 by default, wider for long crises (at most 2000 points)' }) bucketMinutes: number | null,
  ): Promise<MetricPoint[]> {
    return crisisMetrics(ctx.services.dataSource, crisis, bucketMinutes ?? defaultBucketMinutes(crisis));
  }
}

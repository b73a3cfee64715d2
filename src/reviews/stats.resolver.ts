// Organization analytics over GraphQL: crisisStats, any role, the caller's organization only.
import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { viewerOf, type Context } from '../graphql/context';
import { fromGlobalId } from '../graphql/relay';
import { NotFoundError } from '../graphql/errors';
import { crisisStats, checkPeriod, type PeriodStatsData } from './stats';
import { CrisisPeriodStats, CrisisStats } from './stats.types';

function toPeriod(p: PeriodStatsData): CrisisPeriodStats {
  return {
    ...p,
    byCategory: p.byCategory.map((c) => ({ category: c.key, count: c.count })),
    bySeverity: p.bySeverity.map((c) => ({ severity: c.key, count: c.count })),
    byState: p.byState.map((c) => ({ state: c.key, count: c.count })),
  };
}

@Resolver()
export class CrisisStatsResolver {
  @Authorized()
  @Query(() => CrisisStats, { description: 'Crises detected in [from, to) (at most 366 days), against the period of equal length before it' })
  async crisisStats(
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Arg('brandId', () => ID, { nullable: true }) brandId: string | null,
    @Ctx() ctx: Context,
  ): Promise<CrisisStats> {
    checkPeriod(from, to);
    const brand = brandId ? fromGlobalId('Brand', brandId) : null;
    if (brand && !(await ctx.loaders.brand.load(brand))) throw new NotFoundError('Brand', brandId!);
    const stats = await crisisStats(ctx.services.dataSource, viewerOf(ctx).organizationId, { from, to, brandId: brand });
    return { brandId, current: toPeriod(stats.current), previous: toPeriod(stats.previous), trend: stats.trend };
  }
}

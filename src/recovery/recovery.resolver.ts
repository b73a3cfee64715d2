// Recovery over GraphQL: Crisis.recovery and recoveryActions, logRecoveryAction (RESPONDER), the actions on the metrics
// curve, and the brand's recovery settings (Brand.recovery, updateBrandRecovery for ADMIN).
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf, viewerOf, type Context } from '../graphql/context';
import { fromGlobalId, toGlobalId } from '../graphql/relay';
import { NotFoundError } from '../graphql/errors';
import { Brand } from '../brands/brand.types';
import type { BrandRow } from '../graphql/loaders';
import { Crisis } from '../crisis/crisis.types';
import type { CrisisRecord } from '../crisis/crisis.record';
import { MetricPoint } from '../detection/metrics';
import type { RecoveryActionRow } from './recovery.store';
import { recoveryLoaders } from './recovery.loaders';
import { recoveryStatus } from './recovery-read.service';
import { BrandRecovery, BrandRecoveryInput, CrisisRecovery, LogRecoveryActionInput, RecoveryAction } from './recovery.types';

export function toRecoveryAction(row: RecoveryActionRow): RecoveryAction {
  return { id: toGlobalId('RecoveryAction', row.id), kind: row.kind, title: row.title, url: row.url, loggedBy: row.logged_by, loggedAt: new Date(row.logged_at) };
}

@Resolver(() => Crisis)
export class CrisisRecoveryResolver {
  @FieldResolver(() => CrisisRecovery, { nullable: true, description: 'Null for a crisis never contained' })
  async recovery(@Root() crisis: CrisisRecord, @Ctx() ctx: Context): Promise<CrisisRecovery | null> {
    const data = await recoveryLoaders(ctx).recovery.load(crisis);
    if (!data) return null;
    const { settings, isClosed: _closed, ...rest } = data;
    return { ...rest, ...settings, status: recoveryStatus(data) };
  }

  @FieldResolver(() => [RecoveryAction], { description: 'What was done to rebuild trust, oldest first' })
  async recoveryActions(@Root() crisis: CrisisRecord, @Ctx() ctx: Context): Promise<RecoveryAction[]> {
    return (await recoveryLoaders(ctx).actions.load(crisis.id)).map(toRecoveryAction);
  }
}

@Resolver(() => RecoveryAction)
export class RecoveryActionResolver {
  @Authorized('RESPONDER')
  @Mutation(() => RecoveryAction, { description: 'Records what was done to rebuild trust on an open crisis (RECOVERY_ACTION_LOGGED)' })
  async logRecoveryAction(@Arg('input') input: LogRecoveryActionInput, @Ctx() ctx: Context): Promise<RecoveryAction> {
    const row = await ctx.services.recovery.actions.logRecoveryAction(actorOf(ctx), { ...input, crisisId: fromGlobalId('Crisis', input.crisisId) });
    return toRecoveryAction(row);
  }
}

@Resolver(() => MetricPoint)
export class MetricPointRecoveryActionsResolver {
  @FieldResolver(() => [RecoveryAction], { description: 'Recovery actions logged in this bucket, to see the effect of each' })
  async recoveryActions(@Root() point: MetricPoint, @Ctx() ctx: Context): Promise<RecoveryAction[]> {
    const rows = await recoveryLoaders(ctx).actions.load(point.crisisId);
    return rows.filter((r) => r.logged_at >= point.bucketStart && r.logged_at < point.bucketEnd).map(toRecoveryAction);
  }
}

@Resolver(() => Brand)
export class BrandRecoveryResolver {
  @Authorized('ADMIN')
  @Mutation(() => Brand, { description: "Changes how the brand's recovery from a crisis is judged; fields left out keep their value" })
  async updateBrandRecovery(@Arg('brandId', () => ID) brandId: string, @Arg('input') input: BrandRecoveryInput, @Ctx() ctx: Context): Promise<BrandRow> {
    const id = fromGlobalId('Brand', brandId);
    if (!(await ctx.services.recovery.updateBrandRecovery(viewerOf(ctx).organizationId, id, input))) throw new NotFoundError('Brand', brandId);
    recoveryLoaders(ctx).settings.clear(id);
    return (await ctx.loaders.brand.load(id))!;
  }

  @FieldResolver(() => BrandRecovery, { description: "How the brand's recovery is judged (defaults: within 20 % for 360 minutes, 60-minute windows, 10 mentions)" })
  recovery(@Root() brand: BrandRow, @Ctx() ctx: Context): Promise<BrandRecovery> {
    return recoveryLoaders(ctx).settings.load(brand.id);
  }
}

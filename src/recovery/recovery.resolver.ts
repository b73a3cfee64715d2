// Recovery over GraphQL: Crisis.recovery and recoveryActions, logRecoveryAction (RESPONDER), the actions on the metrics
// curve, and the brand's recovery settings (Brand.recovery, updateBrandRecovery for ADMIN).
import DataLoader from 'dataloader';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf, viewerOf, type Context } from '../graphql/context';
import { fromGlobalId, toGlobalId } from '../graphql/relay';
import { NotFoundError } from '../graphql/errors';
import { query } from '../db/transaction';
import { Brand } from '../brands/brand.types';
import type { BrandRow } from '../graphql/loaders';
import { Crisis } from '../crisis/crisis.types';
import type { CrisisRecord } from '../crisis/crisis.record';
import { MetricPoint } from '../detection/metrics';
import { readRecoveryActions, type RecoveryActionRow } from './recovery.store';
import { DEFAULT_RECOVERY, recoverySettings, updatedRecoverySettings, type RecoverySettings } from './recovery.settings';
import { BrandRecovery, BrandRecoveryInput, CrisisRecovery, LogRecoveryActionInput, RecoveryAction } from './recovery.types';

export function toRecoveryAction(row: RecoveryActionRow): RecoveryAction {
  return { id: toGlobalId('RecoveryAction', row.id), kind: row.kind, title: row.title, url: row.url, loggedBy: row.logged_by, loggedAt: new Date(row.logged_at) };
}

/** Per-request loaders of this feature (keyed by the request's context, so they die with it). */
const loadersOf = new WeakMap<Context, { actions: DataLoader<string, RecoveryActionRow[]>; settings: DataLoader<string, RecoverySettings> }>();

function loaders(ctx: Context) {
  let found = loadersOf.get(ctx);
  if (!found) {
    const organizationId = viewerOf(ctx).organizationId;
    found = {
      actions: new DataLoader(async (crisisIds) => {
        const rows = await readRecoveryActions(ctx.services.dataSource, organizationId, crisisIds);
        return crisisIds.map((id) => rows.filter((r) => r.crisis_id === id));
      }),
      settings: new DataLoader(async (brandIds) => {
        const rows = await query<{ id: string; recovery: Partial<RecoverySettings> | null }>(
          ctx.services.dataSource, `SELECT id, recovery FROM brand WHERE id = ANY($1) AND organization_id = $2`, [brandIds, organizationId],
        );
        return brandIds.map((id) => recoverySettings(rows.find((r) => r.id === id)?.recovery));
      }),
    };
    loadersOf.set(ctx, found);
  }
  return found;
}

@Resolver(() => Crisis)
export class CrisisRecoveryResolver {
  @FieldResolver(() => CrisisRecovery, { nullable: true, description: 'Null for a crisis never contained' })
  async recovery(@Root() crisis: CrisisRecord, @Ctx() ctx: Context): Promise<CrisisRecovery | null> {
    const data = await ctx.services.recovery.crisisRecovery(crisis);
    if (!data) return null;
    const { settings, ...rest } = data;
    return { ...rest, ...settings };
  }

  @FieldResolver(() => [RecoveryAction], { description: 'What was done to rebuild trust, oldest first' })
  async recoveryActions(@Root() crisis: CrisisRecord, @Ctx() ctx: Context): Promise<RecoveryAction[]> {
    return (await loaders(ctx).actions.load(crisis.id)).map(toRecoveryAction);
  }
}

@Resolver(() => RecoveryAction)
export class RecoveryActionResolver {
  @Authorized('RESPONDER')
  @Mutation(() => RecoveryAction, { description: 'Records what was done to rebuild trust on an open crisis (RECOVERY_ACTION_LOGGED)' })
  async logRecoveryAction(@Arg('input') input: LogRecoveryActionInput, @Ctx() ctx: Context): Promise<RecoveryAction> {
    const row = await ctx.services.recovery.logRecoveryAction(actorOf(ctx), { ...input, crisisId: fromGlobalId('Crisis', input.crisisId) });
    return toRecoveryAction(row);
  }
}

@Resolver(() => MetricPoint)
export class MetricPointRecoveryActionsResolver {
  @FieldResolver(() => [RecoveryAction], { description: 'Recovery actions logged in this bucket, to see the effect of each' })
  async recoveryActions(@Root() point: MetricPoint, @Ctx() ctx: Context): Promise<RecoveryAction[]> {
    const rows = await loaders(ctx).actions.load(point.crisisId);
    return rows.filter((r) => r.logged_at >= point.bucketStart && r.logged_at < point.bucketEnd).map(toRecoveryAction);
  }
}

@Resolver(() => Brand)
export class BrandRecoveryResolver {
  @Authorized('ADMIN')
  @Mutation(() => Brand, { description: "Changes how the brand's recovery from a crisis is judged; fields left out keep their value" })
  async updateBrandRecovery(@Arg('brandId', () => ID) brandId: string, @Arg('input') input: BrandRecoveryInput, @Ctx() ctx: Context): Promise<BrandRow> {
    const organizationId = viewerOf(ctx).organizationId;
    const id = fromGlobalId('Brand', brandId);
    // Only the fields given are stored, merged in the UPDATE itself: two admins changing different fields both win.
    const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
    updatedRecoverySettings(given, DEFAULT_RECOVERY); // refuses a value out of range, naming its field
    const [row] = await query<{ id: string }>(
      ctx.services.dataSource,
      `UPDATE brand SET recovery = coalesce(recovery, '{}'::jsonb) || $3::jsonb WHERE id = $1 AND organization_id = $2 RETURNING id`,
      [id, organizationId, JSON.stringify(given)],
    );
    if (!row) throw new NotFoundError('Brand', id);
    loaders(ctx).settings.clear(id);
    return (await ctx.loaders.brand.load(id))!;
  }

  @FieldResolver(() => BrandRecovery, { description: "How the brand's recovery is judged (defaults: within 20 % for 360 minutes, 60-minute windows, 10 mentions)" })
  recovery(@Root() brand: BrandRow, @Ctx() ctx: Context): Promise<BrandRecovery> {
    return loaders(ctx).settings.load(brand.id);
  }
}

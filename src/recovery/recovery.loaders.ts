// Per-request loaders of recovery (keyed by the request's context, so they die with it): a page of crises reads its
// recovery, recovery actions and brand settings in a constant number of statements.
import DataLoader from 'dataloader';
import { viewerOf, type Context } from '../graphql/context';
import type { CrisisRecord } from '../crisis/crisis.record';
import type { CrisisRecoveryData } from './recovery-read.service';
import type { RecoverySettings } from './recovery.settings';
import { readRecoveryActions, type RecoveryActionRow } from './recovery.store';

export interface RecoveryLoaders {
  actions: DataLoader<string, RecoveryActionRow[]>;
  /** By brand id, in the viewer's organization. */
  settings: DataLoader<string, RecoverySettings>;
  /** Crisis.recovery, by crisis. */
  recovery: DataLoader<CrisisRecord, CrisisRecoveryData | null, string>;
}

const loadersOf = new WeakMap<Context, RecoveryLoaders>();

export function recoveryLoaders(ctx: Context): RecoveryLoaders {
  const found = loadersOf.get(ctx);
  if (found) return found;
  const organizationId = viewerOf(ctx).organizationId;
  const { dataSource, recovery } = ctx.services;
  const settings = new DataLoader<string, RecoverySettings>((brandIds) => recovery.settingsOf(organizationId, brandIds));
  const loaders: RecoveryLoaders = {
    actions: new DataLoader(async (crisisIds) => {
      const rows = await readRecoveryActions(dataSource, organizationId, crisisIds);
      return crisisIds.map((id) => rows.filter((r) => r.crisis_id === id));
    }),
    settings,
    recovery: new DataLoader(
      (crises) => recovery.crisisRecoveries(crises, async (org, brandIds) => (org === organizationId ? loadAll(settings, brandIds) : recovery.settingsOf(org, brandIds))),
      { cacheKeyFn: (crisis) => crisis.id },
    ),
  };
  loadersOf.set(ctx, loaders);
  return loaders;
}

async function loadAll<K, V>(loader: DataLoader<K, V>, keys: readonly K[]): Promise<V[]> {
  return Promise.all(keys.map((k) => loader.load(k)));
}

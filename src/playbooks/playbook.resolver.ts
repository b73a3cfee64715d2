// Crisis plans over GraphQL: ADMIN writes them, everyone reads; brands follow one, crises show the version they pinned.
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { viewerOf, type Context } from '../graphql/context';
import { fromGlobalId, toGlobalId } from '../graphql/relay';
import { Brand } from '../brands/brand.types';
import type { BrandRow } from '../graphql/loaders';
import { Crisis } from '../crisis/crisis.types';
import type { CrisisRecord } from '../crisis/crisis.record';
import { findCrisis } from '../crisis/crisis.resolver';
import { Playbook, PlaybookInput } from './playbook.types';
import { validatePlaybook } from './playbook.content';
import type { PlaybookRecord } from './playbook.service';

/** A playbook id that is not one reads as "no such playbook" (null), like one of another organization. */
function safePlaybookId(id: string): string | null {
  try {
    return fromGlobalId('Playbook', id);
  } catch {
    return null;
  }
}

/** The input with learnedFrom's global crisis ids read (one that is not a crisis id is NOT_FOUND). */
function withCrisisIds(input: PlaybookInput): PlaybookInput {
  return { ...input, learnedFrom: input.learnedFrom?.map((id) => fromGlobalId('Crisis', id)) ?? null };
}

/** A version as stored, or a draft proposePlaybookRevision made (not saved: it carries its proposal and crises). */
export type PlaybookView = PlaybookRecord & { proposal?: unknown; draftLearnedFrom?: string[] };

@Resolver(() => Playbook)
export class PlaybookResolver {
  @Authorized()
  @Query(() => [Playbook], { description: 'The current version of every playbook, the default first' })
  playbooks(@Ctx() ctx: Context): Promise<PlaybookRecord[]> {
    return ctx.services.playbooks.list(viewerOf(ctx).organizationId);
  }

  @Authorized()
  @Query(() => Playbook, { nullable: true, description: 'One version of a playbook; the current one without `version`' })
  async playbook(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: Context,
  ): Promise<PlaybookRecord | null> {
    const playbookId = safePlaybookId(id);
    return playbookId ? ctx.services.playbooks.find(viewerOf(ctx).organizationId, playbookId, version) : null;
  }

  @Authorized('ADMIN')
  @Mutation(() => Playbook, { description: 'A new playbook, at version 1' })
  createPlaybook(@Arg('input') input: PlaybookInput, @Ctx() ctx: Context): Promise<PlaybookRecord> {
    const viewer = viewerOf(ctx);
    return ctx.services.playbooks.create(viewer.organizationId, viewer.tokenName, validatePlaybook(withCrisisIds(input)));
  }

  @Authorized('ADMIN')
  @Mutation(() => Playbook, { description: 'A new version of the playbook; older versions and the crises pinned to them do not change' })
  revisePlaybook(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: PlaybookInput,
    @Arg('reason') reason: string,
    @Ctx() ctx: Context,
  ): Promise<PlaybookRecord> {
    const viewer = viewerOf(ctx);
    const content = validatePlaybook(withCrisisIds(input));
    return ctx.services.playbooks.revise(viewer.organizationId, viewer.tokenName, fromGlobalId('Playbook', id), content, reason);
  }

  @Authorized('ADMIN')
  @Mutation(() => Brand, { description: 'Crises of the brand declared from now on follow this playbook' })
  async setBrandPlaybook(
    @Arg('brandId', () => ID) brandId: string,
    @Arg('playbookId', () => ID) playbookId: string,
    @Ctx() ctx: Context,
  ): Promise<BrandRow> {
    const organizationId = viewerOf(ctx).organizationId;
    const brand = fromGlobalId('Brand', brandId);
    await ctx.services.playbooks.setBrandPlaybook(organizationId, brand, fromGlobalId('Playbook', playbookId));
    return (await ctx.loaders.brand.load(brand))!;
  }

  @FieldResolver(() => ID)
  id(@Root() playbook: PlaybookRecord): string {
    return toGlobalId('Playbook', playbook.id);
  }

  @FieldResolver(() => [Crisis], { description: 'The crises whose lessons this version took in (revisePlaybook learnedFrom)' })
  async learnedFrom(@Root() playbook: PlaybookView, @Ctx() ctx: Context): Promise<CrisisRecord[]> {
    const ids = playbook.draftLearnedFrom ?? (await ctx.services.playbooks.learnedFrom(playbook.organizationId, playbook.id, playbook.version));
    const crises = await Promise.all(ids.map((id) => findCrisis(ctx, id)));
    return crises.filter((c): c is CrisisRecord => c !== null);
  }
}

@Resolver(() => Brand)
export class BrandPlaybookResolver {
  @FieldResolver(() => Playbook, { nullable: true, description: "The plan the brand's new crises follow: its own, or the default" })
  async playbook(@Root() brand: BrandRow, @Ctx() ctx: Context): Promise<PlaybookRecord | null> {
    const playbook = await ctx.services.playbooks.forBrand(viewerOf(ctx).organizationId, brand.id);
    return playbook === 'no-brand' ? null : playbook;
  }
}

@Resolver(() => Crisis)
export class CrisisPlaybookResolver {
  @FieldResolver(() => Playbook, { nullable: true, description: 'The playbook version pinned when the crisis opened' })
  playbook(@Root() crisis: CrisisRecord, @Ctx() ctx: Context): Promise<PlaybookRecord | null> | null {
    if (!crisis.playbookId || !crisis.playbookVersion) return null;
    return ctx.services.playbooks.find(viewerOf(ctx).organizationId, crisis.playbookId, crisis.playbookVersion);
  }
}

// The action plan over GraphQL: addActionItem, updateActionItem (RESPONDER) and Crisis.actionItems.
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf, type Context } from '../graphql/context';
import { fromGlobalId, toGlobalId } from '../graphql/relay';
import { Crisis } from '../crisis/crisis.types';
import type { CrisisRecord } from '../crisis/crisis.record';
import type { ActionItemRow } from './action-item.service';
import { ActionItem, AddActionItemInput, UpdateActionItemInput } from './action-item.types';

export function toActionItem(row: ActionItemRow): ActionItem {
  return {
    id: toGlobalId('ActionItem', row.id), title: row.title, owner: row.owner, dueAt: row.due_at, status: row.status, note: row.note,
    createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at, closedAt: row.closed_at, overdueAt: row.overdue_at, crisisId: row.crisis_id,
  };
}

@Resolver(() => ActionItem)
export class ActionItemResolver {
  @Authorized('RESPONDER')
  @Mutation(() => ActionItem, { description: 'Adds an item to the crisis action plan (ACTION_ITEM_ADDED)' })
  async addActionItem(@Arg('input') input: AddActionItemInput, @Ctx() ctx: Context): Promise<ActionItem> {
    const row = await ctx.services.actionItems.addActionItem(actorOf(ctx), { ...input, crisisId: fromGlobalId('Crisis', input.crisisId) });
    return toActionItem(row);
  }

  @Authorized('RESPONDER')
  @Mutation(() => ActionItem, { description: 'Changes status, note, title, owner or due time (ACTION_ITEM_UPDATED)' })
  async updateActionItem(@Arg('input') input: UpdateActionItemInput, @Ctx() ctx: Context): Promise<ActionItem> {
    const row = await ctx.services.actionItems.updateActionItem(actorOf(ctx), { ...input, id: fromGlobalId('ActionItem', input.id) });
    return toActionItem(row);
  }
}

@Resolver(() => Crisis)
export class CrisisActionItemsResolver {
  @FieldResolver(() => [ActionItem], { description: 'The action plan, oldest first' })
  async actionItems(@Root() crisis: CrisisRecord, @Ctx() ctx: Context): Promise<ActionItem[]> {
    return (await ctx.loaders.actionItems.load(crisis.id)).map(toActionItem);
  }
}

// The crisis team and checklist over GraphQL: assignRole, completeTask, Crisis.team, Crisis.tasks.
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf, type Context } from '../graphql/context';
import { fromGlobalId, toGlobalId } from '../graphql/relay';
import { NotFoundError } from '../graphql/errors';
import { Crisis } from '../crisis/crisis.types';
import type { CrisisRecord } from '../crisis/crisis.record';
import type { AssignmentRow, TaskRow } from '../graphql/loaders';
import { Assignment, AssignRoleInput, CrisisTask } from './team.types';

function toTask(row: TaskRow): CrisisTask {
  return {
    id: toGlobalId('CrisisTask', row.id),
    state: row.state as CrisisTask['state'],
    title: row.title,
    position: row.position,
    completedAt: row.completed_at && new Date(row.completed_at),
    completedBy: row.completed_by,
  };
}

@Resolver(() => Crisis)
export class TeamResolver {
  @Authorized('RESPONDER')
  @Mutation(() => Crisis, { description: "Puts someone in a role of the crisis's playbook (replacing whoever held it)" })
  assignRole(@Arg('input') input: AssignRoleInput, @Ctx() ctx: Context): Promise<CrisisRecord> {
    return ctx.services.crisis.assignRole(
      actorOf(ctx),
      { ...input, crisisId: fromGlobalId('Crisis', input.crisisId) },
    );
  }

  @Authorized('RESPONDER')
  @Mutation(() => CrisisTask, { description: 'Records who completed a protocol task, and when' })
  async completeTask(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<CrisisTask> {
    const taskId = fromGlobalId('CrisisTask', id);
    const { crisis } = await ctx.services.crisis.completeTask(actorOf(ctx), taskId);
    const task = (await ctx.loaders.tasks.load(crisis.id)).find((t) => t.id === taskId);
    if (!task) throw new NotFoundError('CrisisTask', taskId);
    return toTask(task);
  }

  @FieldResolver(() => [Assignment], { description: 'Who holds which role, oldest assignment first' })
  async team(@Root() crisis: CrisisRecord, @Ctx() ctx: Context): Promise<Assignment[]> {
    const rows: AssignmentRow[] = await ctx.loaders.team.load(crisis.id);
    return rows.map((r) => ({ roleKey: r.role_key, assignee: r.assignee, assignedBy: r.assigned_by, assignedAt: new Date(r.assigned_at) }));
  }

  @FieldResolver(() => [CrisisTask], { description: 'Protocol tasks, in lifecycle order then step order' })
  async tasks(@Root() crisis: CrisisRecord, @Ctx() ctx: Context): Promise<CrisisTask[]> {
    return (await ctx.loaders.tasks.load(crisis.id)).map(toTask);
  }
}

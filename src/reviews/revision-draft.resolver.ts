// proposePlaybookRevision (ADMIN): the draft of a playbook's next version learned from one crisis, ready for revisePlaybook.
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { isInputObjectType, isListType, isNonNullType, type GraphQLInputType, type GraphQLResolveInfo } from 'graphql';
import { viewerOf, type Context } from '../graphql/context';
import { fromGlobalId, toGlobalId } from '../graphql/relay';
import { GuardFailedError, NotFoundError } from '../graphql/errors';
import { query } from '../db/transaction';
import { CrisisStateEnum, SeverityEnum, enumOf } from '../crisis/crisis.types';
import { SlaKindEnum } from '../crisis/sla.resolver';
import { findCrisis } from '../crisis/crisis.resolver';
import type { CrisisRecord } from '../crisis/crisis.record';
import type { CrisisState, Severity, SlaKind } from '../crisis/machine';
import { validatePlaybook } from '../playbooks/playbook.content';
import { Playbook } from '../playbooks/playbook.types';
import type { PlaybookView } from '../playbooks/playbook.resolver';
import { crisisKpis } from './kpis';
import { draftPlaybookRevision, type PlaybookChangeKind, type SlaOutcome } from './revision-draft';

export const PlaybookChangeKindEnum = enumOf<PlaybookChangeKind>(['PROTOCOL_STEP_ADDED', 'SLA_CHANGED']);
registerEnumType(PlaybookChangeKindEnum, { name: 'PlaybookChangeKind' });

@ObjectType({ description: 'One change of a draft against the version it starts from' })
export class PlaybookChange {
  @Field(() => PlaybookChangeKindEnum) kind!: PlaybookChangeKind;
  @Field(() => CrisisStateEnum, { nullable: true, description: 'PROTOCOL_STEP_ADDED: the protocol' }) state!: CrisisState | null;
  @Field(() => String, { nullable: true }) step!: string | null;
  @Field(() => String, { nullable: true, description: 'The review lesson the step came from' }) lesson!: string | null;
  @Field(() => SeverityEnum, { nullable: true, description: 'SLA_CHANGED: the policy changed' }) severity!: Severity | null;
  @Field(() => SlaKindEnum, { nullable: true, description: 'The SLA changed, or whose miss the step is about' }) sla!: SlaKind | null;
  @Field(() => Int, { nullable: true, description: 'SLA_CHANGED: seconds before' }) from!: number | null;
  @Field(() => Int, { nullable: true, description: 'SLA_CHANGED: seconds after' }) to!: number | null;
  @Field() why!: string;
}

@ObjectType()
export class SkippedLesson {
  @Field() lesson!: string;
  @Field(() => CrisisStateEnum) state!: CrisisState;
  @Field() why!: string;
}

@ObjectType({ description: "What proposePlaybookRevision changed and why; nothing is saved until revisePlaybook(playbookId, input, reason)" })
export class PlaybookDraft {
  @Field(() => ID) playbookId!: string;
  @Field(() => Int, { description: 'The version the draft starts from: the current one, so saving it keeps later revisions' }) baseVersion!: number;
  @Field(() => Int, { description: 'The version the crisis ran with' }) pinnedVersion!: number;
  @Field(() => GraphQLJSON, { description: 'A PlaybookInput, exactly: pass it to revisePlaybook as is' }) input!: unknown;
  @Field({ description: 'A revision reason naming the crisis' }) reason!: string;
  @Field(() => [PlaybookChange]) changes!: PlaybookChange[];
  @Field(() => [SkippedLesson], { description: 'Lessons not turned into steps, and why' }) skippedLessons!: SkippedLesson[];
  @Field(() => ID) learnedFromCrisisId!: string;
}

/** `value` cut to the fields `type` declares, recursively: a stored version becomes exactly what the input type takes. */
export function toInputShape(value: unknown, type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return toInputShape(value, type.ofType);
  if (value === null || value === undefined) return null;
  if (isListType(type)) return (value as unknown[]).map((item) => toInputShape(item, type.ofType));
  if (!isInputObjectType(type)) return value;
  const source = value as Record<string, unknown>;
  const shaped: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(type.getFields())) {
    if (source[name] !== undefined && source[name] !== null) shaped[name] = toInputShape(source[name], field.type);
  }
  return shaped;
}

/** How each SLA went: Crisis.kpis's results, and the SLA_BREACHED events per SLA. */
async function slaOutcomes(ctx: Context, crisis: CrisisRecord): Promise<SlaOutcome[]> {
  const [kpis, breaches] = await Promise.all([
    crisisKpis(ctx.services.dataSource, crisis),
    query<{ sla: SlaKind; n: number }>(ctx.services.dataSource,
      `SELECT payload->>'sla' AS sla, count(*)::int AS n FROM crisis_event WHERE crisis_id = $1 AND organization_id = $2 AND type = 'SLA_BREACHED' GROUP BY 1`,
      [crisis.id, crisis.organizationId]),
  ]);
  const count = (sla: SlaKind) => breaches.find((b) => b.sla === sla)?.n ?? 0;
  return [
    ...kpis.slaResults.map((r) => ({ sla: r.sla, targetSeconds: r.targetSeconds, actualSeconds: r.actualSeconds, met: r.met, breaches: count(r.sla) })),
    { sla: 'UPDATE', targetSeconds: Math.floor(crisis.machine.context.sla.updateEveryMs / 1000), actualSeconds: null, met: null, breaches: count('UPDATE') },
  ];
}

@Resolver(() => Playbook)
export class RevisionDraftResolver {
  @Authorized('ADMIN')
  @Mutation(() => Playbook, {
    description: "Drafts the next version of the crisis's playbook: review lessons as protocol steps, SLAs changed where breached. " +
      'Saves nothing: the answer is the unsaved version, with its `proposal` (pass proposal.input and proposal.reason to revisePlaybook)',
  })
  async proposePlaybookRevision(@Arg('crisisId', () => ID) crisisId: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<PlaybookView> {
    const crisis = await findCrisis(ctx, fromGlobalId('Crisis', crisisId));
    if (!crisis) throw new NotFoundError('Crisis', crisisId);
    const event = 'proposePlaybookRevision';
    const lessons = (await ctx.services.reviews.state(crisis.organizationId, crisis.id)).review?.lessons ?? [];
    if (!lessons.length) throw new GuardFailedError('hasReviewLessons', 'the review has no lessons to learn from (updateReview lessons)', event, crisis.state);
    if (!crisis.playbookId || !crisis.playbookVersion) throw new GuardFailedError('hasPinnedPlaybook', 'the crisis follows no playbook version', event, crisis.state);
    const base = await ctx.services.playbooks.find(viewerOf(ctx).organizationId, crisis.playbookId);
    if (!base) throw new NotFoundError('Playbook', crisis.playbookId);

    const draft = draftPlaybookRevision(base, {
      crisisName: `crisis "${crisis.title}" (${toGlobalId('Crisis', crisis.id)})`, severity: crisis.severity, lessons, slas: await slaOutcomes(ctx, crisis),
    });
    const shaped = toInputShape({ ...draft.content, learnedFrom: undefined }, info.schema.getType('PlaybookInput') as GraphQLInputType) as Record<string, unknown>;
    const input = { ...shaped, learnedFrom: [toGlobalId('Crisis', crisis.id)] };
    // What revisePlaybook will check: never offer what it would refuse.
    const content = validatePlaybook({ ...(input as unknown as Parameters<typeof validatePlaybook>[0]), learnedFrom: [crisis.id] }, 'draft');
    const proposal: PlaybookDraft = {
      playbookId: toGlobalId('Playbook', base.id), baseVersion: base.version, pinnedVersion: crisis.playbookVersion, input, reason: draft.reason,
      changes: draft.changes, skippedLessons: draft.skippedLessons, learnedFromCrisisId: toGlobalId('Crisis', crisis.id),
    };
    return {
      ...base, ...content, version: base.currentVersion + 1, revisionReason: draft.reason, createdBy: null, createdAt: new Date(),
      proposal, draftLearnedFrom: [crisis.id],
    };
  }

  @FieldResolver(() => PlaybookDraft, { nullable: true, description: 'On the answer of proposePlaybookRevision only: what changed and why, and the input to save it' })
  proposal(@Root() playbook: PlaybookView): unknown {
    return playbook.proposal ?? null;
  }
}

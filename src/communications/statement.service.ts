// Statements: drafted, reviewed (legal, four eyes) and published through the crisis command path, so the machine counts them.
import type { DataSource } from 'typeorm';
import {
  BadUserInputError, ForbiddenError, GuardFailedError, InvalidTransitionError, NotFoundError, optionalText, RevisionConflictError,
} from '../graphql/errors';
import { toGlobalId } from '../graphql/global-id';
import type { Actor, CrisisService, Decision } from '../crisis/crisis.service';
import { readCrisis } from '../crisis/crisis.store';
import type { CrisisRow } from '../crisis/crisis.record';
import { isTerminal } from '../crisis/machine';
import type { PlaybookService } from '../playbooks/playbook.service';
import { defaultPlaybook } from '../playbooks/default-playbook';
import { DEFAULT_SLA } from '../config';
import { checkFit, validateStatementContent, type ChannelPlan, type StatementContentInput } from './statement.content';
import { limitOf, measure, type LengthUnit } from './channels';
import { allowedSteps, nextStatus, STEP_MUTATIONS, type StatementStatus, type StatementStep } from './statement.machine';
import {
  changeStatus, countActionPlan, insertStatement, readStatement, updateDraft, type StatementRow,
} from './statement.store';
import { roleHolder } from '../team/team.store';
import { readOrganizationSettings } from '../organizations/settings.store';
import { customPhrases, lintStatementTexts, type StatementFindingData } from './statement.lint';

/** The crisis team role that must approve statements when the playbook has it. */
export const LEGAL = 'LEGAL';
const DEFAULT_CHANNELS = defaultPlaybook(DEFAULT_SLA).channels;
const MAX_NOTE = 5000;

function note(value: string | null | undefined): string | null {
  return optionalText(value ?? '', 'note', MAX_NOTE) || null;
}

export class StatementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly crises: CrisisService,
    private readonly playbooks: PlaybookService,
  ) {}

  async find(organizationId: string, id: string): Promise<StatementRow | null> {
    return (await readStatement(this.dataSource, organizationId, id)) ?? null;
  }

  /** A DRAFT with one canonical body and optional per-channel variants, for channels of the crisis's pinned playbook. */
  async createStatement(actor: Actor, input: StatementContentInput & { crisisId: string; supersedesId?: string | null }): Promise<StatementRow> {
    const crisis = await this.openCrisis(actor, input.crisisId, 'createStatement');
    const content = validateStatementContent(input, await this.planOf(crisis));
    if (input.supersedesId) {
      const previous = await this.find(actor.organizationId, input.supersedesId);
      if (!previous || previous.crisis_id !== crisis.id) throw new NotFoundError('Statement', input.supersedesId);
      if (previous.status !== 'PUBLISHED') throw new BadUserInputError('input.supersedes', 'only a published statement can be superseded (a draft can still be edited)');
    }
    return insertStatement(this.dataSource, {
      organizationId: actor.organizationId, crisisId: crisis.id, ...content, supersedesId: input.supersedesId ?? null, author: actor.name,
    });
  }

  /**
   * A new text while DRAFT; the editor joins the statement's contributors, who may not approve it. With
   * `expectedRevision`, an edit made since that revision is VERSION_CONFLICT instead of being overwritten.
   */
  async updateStatement(actor: Actor, id: string, input: Partial<StatementContentInput> & { expectedRevision?: number | null }): Promise<StatementRow> {
    const current = await this.require(actor, id);
    this.checkStep(current, 'UPDATE');
    const expected = input.expectedRevision ?? current.revision;
    if (expected !== current.revision) throw new RevisionConflictError('Statement', id, expected, current.revision);
    const crisis = await this.openCrisis(actor, current.crisis_id, 'updateStatement');
    const content = validateStatementContent(
      {
        kind: input.kind ?? current.kind, body: input.body ?? current.body, language: input.language ?? current.language,
        channels: input.channels ?? current.channels, variants: input.variants ?? current.variants,
      },
      await this.planOf(crisis),
    );
    // Nothing new: no revision, and the caller does not become a contributor (which would bar them from approving).
    const same = content.kind === current.kind && content.body === current.body && content.language === current.language
      && JSON.stringify([content.channels, content.variants]) === JSON.stringify([current.channels, current.variants]);
    if (same) return current;
    const updated = await updateDraft(this.dataSource, actor.organizationId, id, expected, actor.name, content);
    if (updated) return updated;
    const now = await this.require(actor, id);
    this.checkStep(now, 'UPDATE');
    throw new RevisionConflictError('Statement', id, expected, now.revision);
  }

  submitStatement(actor: Actor, id: string): Promise<StatementRow> {
    return this.step(actor, id, 'SUBMIT', async (s) => ({ timeline: { type: 'STATEMENT_SUBMITTED', payload: {} } }));
  }

  approveStatement(actor: Actor, id: string, approvalNote?: string | null): Promise<StatementRow> {
    const text = note(approvalNote);
    return this.step(actor, id, 'APPROVE', async (s, crisis) => {
      await this.checkReviewer(actor, s, crisis, 'approve');
      return { timeline: { type: 'STATEMENT_APPROVED', payload: { note: text } }, review: { decision: 'APPROVED', note: text } };
    });
  }

  /** Back to DRAFT with a note (from IN_REVIEW, or withdrawing an approval before publication). */
  rejectStatement(actor: Actor, id: string, rejectionNote?: string | null): Promise<StatementRow> {
    const text = note(rejectionNote);
    return this.step(actor, id, 'REJECT', async (s, crisis) => {
      await this.checkReviewer(actor, s, crisis, 'reject');
      return { timeline: { type: 'STATEMENT_REJECTED', payload: { note: text } }, review: { decision: 'REJECTED', note: text } };
    });
  }

  /**
   * Publishes an APPROVED statement on its channels: a crisis command (STATEMENT_PUBLISHED reaches the machine, so the
   * first publication meets FIRST_RESPONSE, each restarts the update cadence, CONTAIN's guard passes). Publishing a
   * published statement answers it again, with no second event.
   */
  async publishStatement(actor: Actor, id: string): Promise<StatementRow> {
    const first = await this.require(actor, id);
    await this.crises.command(actor, first.crisis_id, async (crisis, at): Promise<Decision | 'unchanged'> => {
      const s = await this.require(actor, id);
      if (s.status === 'PUBLISHED') return 'unchanged';
      this.checkStep(s, 'PUBLISH');
      if (isTerminal(crisis.state)) throw new InvalidTransitionError(crisis.state, 'publishStatement', [], { statementId: toGlobalId('Statement', id) });
      checkFit(s, (await this.planOf(crisis)).channelLimits);
      if (s.kind === 'APOLOGY' && (await countActionPlan(this.dataSource, actor.organizationId, crisis.id)) === 0) {
        throw new GuardFailedError('actionPlanRequired', 'an apology needs an action plan: add an action item first (addActionItem)', 'publishStatement', crisis.state);
      }
      const findings = lintStatementTexts(s, await customPhrases(this.dataSource, actor.organizationId, s.language));
      if (findings.length && (await this.blocksOnFindings(actor.organizationId))) {
        throw new GuardFailedError(
          'statementLint', `the statement has ${findings.length} lint finding${findings.length === 1 ? '' : 's'} and the organization blocks on findings`,
          'publishStatement', crisis.state, { findings },
        );
      }
      return {
        event: { type: 'STATEMENT_PUBLISHED', at },
        name: 'publishStatement',
        cause: { statementId: toGlobalId('Statement', id) },
        timeline: [{
          type: 'STATEMENT_PUBLISHED', from_state: null, to_state: null, actor: actor.name,
          payload: {
            statementId: toGlobalId('Statement', id), kind: s.kind, channels: s.channels, language: s.language,
            supersedes: s.supersedes_id ? toGlobalId('Statement', s.supersedes_id) : null, findings: findings.length,
          },
        }],
        alongside: async (tx) => {
          const moved = await changeStatus(tx, { id, organizationId: actor.organizationId, from: 'APPROVED', revision: s.revision, to: 'PUBLISHED', at: new Date(at), by: actor.name, findings });
          if (!moved) await this.raced(actor, s);
        },
      };
    });
    return this.require(actor, id);
  }

  /** One workflow step other than publication: a timeline event on the crisis and the status change, in one command. */
  private async step(
    actor: Actor, id: string, step: StatementStep,
    decide: (s: StatementRow, crisis: CrisisRow) => Promise<{ timeline: { type: string; payload: Record<string, unknown> }; review?: { decision: 'APPROVED' | 'REJECTED'; note: string | null } }>,
  ): Promise<StatementRow> {
    const first = await this.require(actor, id);
    this.checkStep(first, step);
    await this.crises.command(actor, first.crisis_id, async (crisis, at): Promise<Decision> => {
      const s = await this.require(actor, id);
      const to = this.checkStep(s, step);
      if (isTerminal(crisis.state)) throw new InvalidTransitionError(crisis.state, STEP_MUTATIONS[step], []);
      const made = await decide(s, crisis);
      return {
        event: null,
        name: STEP_MUTATIONS[step],
        cause: {},
        timeline: [{
          type: made.timeline.type, from_state: null, to_state: null, actor: actor.name,
          payload: { statementId: toGlobalId('Statement', id), kind: s.kind, from: s.status, to, revision: s.revision, ...made.timeline.payload },
        }],
        alongside: async (tx) => {
          const moved = await changeStatus(tx, { id, organizationId: actor.organizationId, from: s.status, revision: s.revision, to, at: new Date(at), by: actor.name, review: made.review });
          if (!moved) await this.raced(actor, s);
        },
      };
    });
    return this.require(actor, id);
  }

  /**
   * With a LEGAL role in the pinned playbook, only the crisis's LEGAL holder reviews; without one, any responder. Never
   * someone who wrote the statement (four eyes).
   */
  private async checkReviewer(actor: Actor, s: StatementRow, crisis: CrisisRow, verb: string): Promise<void> {
    const playbook = await this.playbooks.pinnedBy(crisis);
    const hasLegal = (playbook?.roles ?? []).some((r) => r.key === LEGAL);
    if (hasLegal) {
      const holder = await roleHolder(this.dataSource, actor.organizationId, crisis.id, LEGAL);
      if (holder !== actor.name) {
        throw new ForbiddenError(LEGAL, `only the crisis's ${LEGAL} (${holder ?? 'nobody yet: assignRole'}) may ${verb} statements; you are ${actor.name}`, { holder });
      }
    }
    if (s.contributors.includes(actor.name)) {
      throw new ForbiddenError(hasLegal ? LEGAL : 'RESPONDER', `four eyes: ${actor.name} wrote this statement and may not ${verb} it`, { rule: 'fourEyes' });
    }
  }

  /** The statement changed between the decision and the write (an edit, another step): say how it stands now. */
  private async raced(actor: Actor, read: StatementRow): Promise<never> {
    const now = await this.require(actor, read.id);
    throw new RevisionConflictError('Statement', read.id, read.revision, now.revision);
  }

  /** The status `step` leads to, or INVALID_TRANSITION with the steps the statement's status allows. */
  private checkStep(s: StatementRow, step: StatementStep): StatementStatus {
    const to = nextStatus(s.status, step);
    if (to) return to;
    const allowed = allowedSteps(s.status);
    throw new InvalidTransitionError(s.status, STEP_MUTATIONS[step], allowed, {
      statementId: toGlobalId('Statement', s.id), allowedMutations: allowed.map((a) => STEP_MUTATIONS[a]),
    });
  }

  private async require(actor: Actor, id: string): Promise<StatementRow> {
    const s = await this.find(actor.organizationId, id);
    if (!s) throw new NotFoundError('Statement', id);
    return s;
  }

  private async openCrisis(actor: Actor, crisisId: string, mutation: string): Promise<CrisisRow> {
    const crisis = await readCrisis(this.dataSource, actor.organizationId, crisisId, null);
    if (!crisis) throw new NotFoundError('Crisis', crisisId);
    if (isTerminal(crisis.state)) throw new InvalidTransitionError(crisis.state, mutation, []);
    return crisis;
  }

  private async planOf(crisis: Pick<CrisisRow, 'organization_id' | 'playbook_id' | 'playbook_version'>): Promise<ChannelPlan> {
    const playbook = await this.playbooks.pinnedBy(crisis);
    return playbook ? { channels: playbook.channels, channelLimits: playbook.channelLimits ?? [] } : { channels: DEFAULT_CHANNELS, channelLimits: [] };
  }

  /** The text each channel publishes (its variant or the body), measured as that channel counts, against its limit. */
  async channelTexts(s: StatementRow): Promise<Array<{ channel: string; body: string; canonical: boolean; length: number; limit: number | null; unit: LengthUnit }>> {
    const crisis = await readCrisis(this.dataSource, s.organization_id, s.crisis_id, null);
    const overrides = crisis ? (await this.planOf(crisis)).channelLimits : [];
    return s.channels.map((channel) => {
      const variant = s.variants.find((v) => v.channel === channel);
      const body = variant?.body ?? s.body;
      const rule = limitOf(channel, overrides);
      const unit = rule?.unit ?? 'CHARACTERS';
      return { channel, body, canonical: !variant, length: measure(body, unit), limit: rule?.limit ?? null, unit };
    });
  }

  private async blocksOnFindings(organizationId: string): Promise<boolean> {
    return (await readOrganizationSettings(this.dataSource, organizationId)).blockOnFindings;
  }

  /** The findings a reader sees: as published, or computed now from the draft's text and the organization's phrases. */
  async findings(s: StatementRow, custom: () => Promise<Parameters<typeof lintStatementTexts>[1]>): Promise<StatementFindingData[]> {
    if (s.status === 'PUBLISHED' && s.published_findings) return s.published_findings;
    return lintStatementTexts(s, await custom());
  }
}

// The crisis's action plan: items with an owner and a due time; an item still OPEN when due is ACTION_ITEM_OVERDUE, once.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { query } from '../db/transaction';
import { BadUserInputError, InvalidTransitionError, NotFoundError, optionalText, requireText } from '../graphql/errors';
import { toGlobalId } from '../graphql/global-id';
import type { Actor, CrisisService, Decision } from '../crisis/crisis.service';
import type { TimerChanges } from '../crisis/crisis.store';
import { isTerminal } from '../crisis/machine';

export const ACTION_ITEM_STATUSES = ['OPEN', 'DONE', 'DROPPED'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** The durable timer an item's due time becomes (one per item: a new due time replaces it). */
export const ACTION_ITEM_DUE = 'ACTION_ITEM_DUE';
const timerId = (itemId: string) => `actionItem:${itemId}`;

export interface ActionItemRow {
  id: string;
  organization_id: string;
  crisis_id: string;
  title: string;
  owner: string;
  due_at: Date | null;
  status: ActionItemStatus;
  note: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  overdue_at: Date | null;
}

const COLUMNS = 'id, organization_id, crisis_id, title, owner, due_at, status, note, created_by, created_at, updated_at, closed_at, overdue_at';

function dueTimer(itemId: string, dueAt: Date): TimerChanges {
  return { cancel: [], schedule: [{ send_id: timerId(itemId), event: { type: ACTION_ITEM_DUE, actionItemId: itemId } as { type: string }, due_at: dueAt.toISOString() }] };
}

function payloadOf(item: Pick<ActionItemRow, 'id' | 'title' | 'owner' | 'due_at' | 'status'>): Record<string, unknown> {
  return { actionItemId: toGlobalId('ActionItem', item.id), title: item.title, owner: item.owner, dueAt: item.due_at && new Date(item.due_at).toISOString(), status: item.status };
}

export class ActionItemService {
  constructor(private readonly dataSource: DataSource, private readonly crises: CrisisService, private readonly now: () => number = Date.now) {
    crises.timers.handle(ACTION_ITEM_DUE, async (crisis, timer) => {
      const item = await this.find(crisis.organization_id, String((timer.event as { actionItemId?: unknown }).actionItemId));
      const due = item?.due_at ? new Date(item.due_at).getTime() : null;
      // Done, dropped, already reported, moved later (the timer then is rescheduled), or the crisis is over: nothing to say.
      if (!item || item.status !== 'OPEN' || item.overdue_at || due === null || due > new Date(timer.due_at).getTime()) return 'drop';
      if (isTerminal(crisis.state)) return 'drop';
      return {
        event: null, name: ACTION_ITEM_DUE, cause: {},
        timeline: [{ type: 'ACTION_ITEM_OVERDUE', from_state: null, to_state: null, actor: 'timer', payload: payloadOf(item) }],
        alongside: async (tx) => {
          await tx.rows(`UPDATE action_item SET overdue_at = $2 WHERE id = $1 AND overdue_at IS NULL`, [item.id, timer.due_at]);
        },
      };
    });
  }

  async find(organizationId: string, id: string): Promise<ActionItemRow | null> {
    const [row] = await query<ActionItemRow>(this.dataSource, `SELECT ${COLUMNS} FROM action_item WHERE id = $1 AND organization_id = $2`, [id, organizationId]);
    return row ?? null;
  }

  async addActionItem(actor: Actor, input: { crisisId: string; title: string; owner: string; dueAt?: Date | null }): Promise<ActionItemRow> {
    const title = requireText(input.title, 'input.title', 500);
    const owner = requireText(input.owner, 'input.owner', 200);
    const dueAt = this.checkDue(input.dueAt ?? null);
    const id = randomUUID();
    await this.crises.command(actor, input.crisisId, (crisis, at): Decision => {
      if (isTerminal(crisis.state)) throw new InvalidTransitionError(crisis.state, 'addActionItem', []);
      return {
        event: null, name: 'addActionItem', cause: {},
        timeline: [{ type: 'ACTION_ITEM_ADDED', from_state: null, to_state: null, actor: actor.name, payload: payloadOf({ id, title, owner, due_at: dueAt, status: 'OPEN' }) }],
        timers: dueAt ? dueTimer(id, dueAt) : undefined,
        alongside: async (tx) => {
          await tx.rows(
            `INSERT INTO action_item (id, organization_id, crisis_id, title, owner, due_at, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
            [id, actor.organizationId, crisis.id, title, owner, dueAt, actor.name, new Date(at)],
          );
        },
      };
    });
    return (await this.find(actor.organizationId, id))!;
  }

  /** Changes status (OPEN, DONE, DROPPED), note, title, owner or due time; a closed item's timer goes, a new due time replaces it. */
  async updateActionItem(
    actor: Actor, input: { id: string; status?: ActionItemStatus | null; note?: string | null; title?: string | null; owner?: string | null; dueAt?: Date | null },
  ): Promise<ActionItemRow> {
    const first = await this.find(actor.organizationId, input.id);
    if (!first) throw new NotFoundError('ActionItem', input.id);
    if (input.status != null && !ACTION_ITEM_STATUSES.includes(input.status)) throw new BadUserInputError('input.status', `unknown status ${String(input.status)}`);
    const note = input.note == null ? undefined : optionalText(input.note, 'input.note', 5000);
    const title = input.title == null ? undefined : requireText(input.title, 'input.title', 500);
    const owner = input.owner == null ? undefined : requireText(input.owner, 'input.owner', 200);
    const dueAt = input.dueAt == null ? undefined : this.checkDue(input.dueAt);
    await this.crises.command(actor, first.crisis_id, async (crisis, at): Promise<Decision | 'unchanged'> => {
      const item = (await this.find(actor.organizationId, input.id))!;
      if (isTerminal(crisis.state)) throw new InvalidTransitionError(crisis.state, 'updateActionItem', []);
      const next = {
        ...item, status: input.status ?? item.status, note: note === undefined ? item.note : note || null,
        title: title ?? item.title, owner: owner ?? item.owner, due_at: dueAt ?? item.due_at,
      };
      const changed: string[] = (['status', 'note', 'title', 'owner'] as const).filter((k) => next[k] !== item[k]);
      const newDue = dueAt && (item.due_at === null || new Date(item.due_at).getTime() !== dueAt.getTime()) ? dueAt : null;
      if (newDue) changed.push('dueAt');
      if (!changed.length) return 'unchanged';
      // Closed: its timer goes. Open with a new due time, or reopened: it is due again (at once if that time has passed).
      const reopened = item.status !== 'OPEN' && next.status === 'OPEN' && next.due_at !== null && !item.overdue_at;
      const timers: TimerChanges = next.status !== 'OPEN'
        ? { cancel: [timerId(item.id)], schedule: [] }
        : newDue ? dueTimer(item.id, newDue)
        : reopened ? dueTimer(item.id, new Date(Math.max(at, new Date(next.due_at!).getTime())))
        : { cancel: [], schedule: [] };
      return {
        event: null, name: 'updateActionItem', cause: {},
        timeline: [{
          type: 'ACTION_ITEM_UPDATED', from_state: null, to_state: null, actor: actor.name,
          payload: { ...payloadOf(next), changed, from: item.status, note: next.note },
        }],
        timers,
        alongside: async (tx) => {
          await tx.rows(
            `UPDATE action_item SET status = $3, note = $4, title = $5, owner = $6, due_at = $7, updated_at = $8,
               closed_at = CASE WHEN $3 = 'OPEN' THEN NULL WHEN status = 'OPEN' THEN $8 ELSE closed_at END,
               overdue_at = CASE WHEN $9 THEN NULL ELSE overdue_at END
             WHERE id = $1 AND organization_id = $2`,
            [item.id, actor.organizationId, next.status, next.note, next.title, next.owner, next.due_at, new Date(at), newDue !== null],
          );
        },
      };
    });
    return (await this.find(actor.organizationId, input.id))!;
  }

  private checkDue(dueAt: Date | null): Date | null {
    if (dueAt === null) return null;
    if (Number.isNaN(dueAt.getTime())) throw new BadUserInputError('input.dueAt', 'is not a valid time');
    if (dueAt.getTime() <= this.now()) throw new BadUserInputError('input.dueAt', 'must be in the future');
    return dueAt;
  }
}

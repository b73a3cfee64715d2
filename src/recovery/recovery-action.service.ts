// Recovery actions: what was done to rebuild trust (logRecoveryAction), a RECOVERY_ACTION_LOGGED event and the
// action written together on an open crisis; its title and optional link validated once, here.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BadUserInputError, requireStorableText, requireText } from '../graphql/errors';
import { toGlobalId } from '../graphql/global-id';
import type { Actor, CrisisService } from '../crisis/crisis.service';
import {
  ACTION_LOGGED, RECOVERY_ACTION_KINDS, countRecoveryActions, findRecoveryAction, insertRecoveryAction,
  type RecoveryActionKind, type RecoveryActionRow,
} from './recovery.store';

/** A crisis keeps at most this many recovery actions (Crisis.recoveryActions is a plain list). */
export const MAX_RECOVERY_ACTIONS = 500;

export interface LogRecoveryActionData {
  crisisId: string;
  kind: RecoveryActionKind;
  title: string;
  url?: string | null;
}

export class RecoveryActionService {
  constructor(private readonly dataSource: DataSource, private readonly crises: CrisisService) {}

  /** Records what was done to rebuild trust: a RECOVERY_ACTION_LOGGED event and the action, together, on an open crisis. */
  async logRecoveryAction(actor: Actor, input: LogRecoveryActionData): Promise<RecoveryActionRow> {
    if (!RECOVERY_ACTION_KINDS.includes(input.kind)) throw new BadUserInputError('input.kind', `must be one of ${RECOVERY_ACTION_KINDS.join(', ')}`);
    const title = requireText(input.title, 'input.title', 500);
    const url = checkUrl(input.url ?? null);
    const id = randomUUID();
    const payload = { recoveryActionId: toGlobalId('RecoveryAction', id), kind: input.kind, title, url };
    await this.crises.appendCrisisEvents(actor, input.crisisId, [{ type: ACTION_LOGGED, from_state: null, to_state: null, actor: actor.name, payload }], async (tx) => {
      if ((await countRecoveryActions(tx, input.crisisId)) >= MAX_RECOVERY_ACTIONS) {
        throw new BadUserInputError('input.crisisId', `a crisis keeps at most ${MAX_RECOVERY_ACTIONS} recovery actions`);
      }
      await insertRecoveryAction(tx, { id, organizationId: actor.organizationId, crisisId: input.crisisId, kind: input.kind, title, url, loggedBy: actor.name });
    });
    return (await findRecoveryAction(this.dataSource, actor.organizationId, id))!;
  }
}

/** An optional link: http(s) with a host, no spaces, at most 2000 characters. */
export function checkUrl(value: string | null): string | null {
  if (value === null) return null;
  const url = requireStorableText(value, 'input.url').trim();
  if (!url) return null;
  if (url.length > 2000) throw new BadUserInputError('input.url', 'must be at most 2000 characters');
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // refused below
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || !parsed.hostname || /\s/.test(url) || !/^https?:\/\//i.test(url)) {
    throw new BadUserInputError('input.url', 'must be an http(s) URL');
  }
  return url;
}

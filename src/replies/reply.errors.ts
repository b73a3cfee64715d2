// The reply queue's own refusals: a mention someone else holds, and a mention already answered or skipped.
import { GraphQLError } from 'graphql';
import { toGlobalId } from '../graphql/global-id';

/** Another agent holds the mention: who, and until when (claim it after that, or ask them). */
export class AlreadyClaimedError extends GraphQLError {
  constructor(mentionId: string, holder: string, expiresAt: Date) {
    super(`mention ${toGlobalId('Mention', mentionId)} is claimed by ${holder} until ${expiresAt.toISOString()}`, {
      extensions: { code: 'ALREADY_CLAIMED', mentionId: toGlobalId('Mention', mentionId), holder, expiresAt: expiresAt.toISOString() },
    });
  }
}

export type Handling = 'REPLIED' | 'SKIPPED';

/** The mention left the queue already: replied to or skipped, by whom and when. */
export class AlreadyHandledError extends GraphQLError {
  constructor(mentionId: string, handling: Handling, by: string, at: Date) {
    const what = handling === 'REPLIED' ? 'was already replied to' : 'was already skipped';
    super(`mention ${toGlobalId('Mention', mentionId)} ${what} by ${by} at ${at.toISOString()}`, {
      extensions: { code: 'ALREADY_HANDLED', mentionId: toGlobalId('Mention', mentionId), handling, by, at: at.toISOString() },
    });
  }
}

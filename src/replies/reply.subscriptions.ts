// replyQueueChanged over graphql-ws: claims, releases, replies and skips of one crisis, heard from any process via NOTIFY.
import { Arg, Authorized, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import { viewerOf, type Context } from '../graphql/context';
import { fromGlobalId, toGlobalId } from '../graphql/relay';
import { NotFoundError } from '../graphql/errors';
import { findCrisis } from '../crisis/crisis.resolver';
import type { EventHub } from '../pubsub/hub';
import type { ReplyQueueNotification } from '../pubsub/channels';
import { ReplyQueueChange } from './reply.types';

type Data = SubscribeResolverData<unknown, Record<string, string | null | undefined>, Context>;

/** Changes a slow subscriber may have waiting; past that the oldest are dropped (the queue itself is the truth). */
const MAX_QUEUED = 1000;

/**
 * The changes of one crisis's queue, live, in commit order (the order notifications arrive). Nothing is replayed:
 * claims are not kept as history, so after a reconnect a client reads replyQueue again.
 */
export function replyQueueStream(hub: EventHub, organizationId: string, crisisId: string): AsyncIterableIterator<ReplyQueueNotification> {
  return new Repeater<ReplyQueueNotification>(async (push, stop) => {
    const unlisten = hub.listen({
      onReplyQueue: (n) => {
        if (n.o === organizationId && n.c === crisisId) push(n).catch(() => undefined);
      },
    });
    await stop;
    unlisten();
  }, new SlidingBuffer(MAX_QUEUED));
}

@Resolver()
export class ReplySubscriptionResolver {
  @Authorized()
  @Subscription(() => ReplyQueueChange, {
    description: "Every claim, release, reply and skip on the crisis's reply queue, from any server process (live only)",
    subscribe: async ({ args, context }: Data) => {
      const crisisId = fromGlobalId('Crisis', args.crisisId ?? '');
      if (!(await findCrisis(context, crisisId))) throw new NotFoundError('Crisis', args.crisisId ?? '');
      return replyQueueStream(context.services.hub, viewerOf(context).organizationId, crisisId);
    },
  })
  replyQueueChanged(@Root() n: ReplyQueueNotification, @Arg('crisisId', () => ID) _crisisId: string): ReplyQueueChange {
    return {
      crisisId: toGlobalId('Crisis', n.c), mentionId: toGlobalId('Mention', n.m), change: n.k, by: n.by, at: new Date(n.at),
      expiresAt: n.x ? new Date(n.x) : null,
    };
  }
}

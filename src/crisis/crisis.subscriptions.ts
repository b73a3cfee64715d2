// Crisis subscriptions over graphql-ws: each is a stream over the timeline table, woken through LISTEN/NOTIFY.
import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { Repeater } from '@repeaterjs/repeater';
import { viewerOf, type Context } from '../graphql/context';
import { fromGlobalId, isSequence } from '../graphql/relay';
import { BadUserInputError, NotFoundError } from '../graphql/errors';
import { Crisis, CrisisTimelineEvent } from './crisis.types';
import { crisisEventStream, type TimelineRow } from './crisis.streams';
import { organizationEventStream } from './organization-stream';
import { findCrisis, toTimelineEvent } from './crisis.resolver';
import type { CrisisRecord } from './crisis.record';

type Data = SubscribeResolverData<unknown, Record<string, string | null | undefined>, Context>;

function brandFilter(brandId: string | null | undefined): string | null {
  return brandId ? fromGlobalId('Brand', brandId) : null;
}

@Resolver()
export class CrisisSubscriptionResolver {
  @Authorized()
  @Subscription(() => CrisisTimelineEvent, {
    description: "Every STATE_CHANGED and DETECTED in the caller's organization",
    subscribe: ({ args, context }: Data) =>
      organizationEventStream(context.services.dataSource, context.services.hub, {
        organizationId: viewerOf(context).organizationId,
        brandId: brandFilter(args.brandId),
        types: ['STATE_CHANGED', 'DETECTED'],
      }),
  })
  crisisStateChanged(@Root() row: TimelineRow, @Arg('brandId', () => ID, { nullable: true }) _brandId: string | null): CrisisTimelineEvent {
    return toTimelineEvent(row);
  }

  @Authorized()
  @Subscription(() => CrisisTimelineEvent, {
    description: "Every SLA_BREACHED in the caller's organization (payload.sla names the SLA)",
    subscribe: ({ args, context }: Data) =>
      organizationEventStream(context.services.dataSource, context.services.hub, {
        organizationId: viewerOf(context).organizationId,
        brandId: brandFilter(args.brandId),
        types: ['SLA_BREACHED'],
      }),
  })
  slaBreached(@Root() row: TimelineRow, @Arg('brandId', () => ID, { nullable: true }) _brandId: string | null): CrisisTimelineEvent {
    return toTimelineEvent(row);
  }

  @Authorized()
  @Subscription(() => CrisisTimelineEvent, {
    description: 'Replays the timeline after the cursor (a sequence), then goes live; without a cursor, live only',
    subscribe: async ({ args, context }: Data) => {
      const crisisId = fromGlobalId('Crisis', args.crisisId ?? '');
      const after = args.afterSequence ?? null;
      if (after !== null && !isSequence(after)) throw new BadUserInputError('afterSequence', 'must be a sequence number');
      if (!(await findCrisis(context, crisisId))) throw new NotFoundError('Crisis', args.crisisId ?? '');
      return crisisEventStream(context.services.dataSource, context.services.hub, viewerOf(context).organizationId, crisisId, after);
    },
  })
  crisisEvents(
    @Root() row: TimelineRow,
    @Arg('crisisId', () => ID) _crisisId: string,
    @Arg('afterSequence', () => String, { nullable: true }) _afterSequence: string | null,
  ): CrisisTimelineEvent {
    return toTimelineEvent(row);
  }

  @Authorized()
  @Subscription(() => Crisis, {
    description: 'Every crisis opened in the caller\'s organization, declared or detected',
    subscribe: ({ args, context }: Data) => {
      const events = organizationEventStream(context.services.dataSource, context.services.hub, {
        organizationId: viewerOf(context).organizationId,
        brandId: brandFilter(args.brandId),
        types: ['DETECTED'],
      });
      return new Repeater<CrisisRecord>(async (push, stop) => {
        void stop.then(() => events.return?.());
        for await (const event of events) {
          const crisis = await findCrisis(context, event.crisis_id);
          if (crisis) await push(crisis);
        }
        stop();
      });
    },
  })
  crisisDetected(@Root() crisis: CrisisRecord, @Arg('brandId', () => ID, { nullable: true }) _brandId: string | null): CrisisRecord {
    return crisis;
  }
}

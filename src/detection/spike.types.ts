// GraphQL types of a brand's spikes: what the detectors found, when, how late it reached us, and the crisis it paged.
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Node } from '../graphql/node';
import { connectionOf } from '../graphql/relay';
import { SeverityEnum } from '../crisis/crisis.types';
import type { Severity } from '../crisis/machine';

@ObjectType({ implements: Node, description: "A spike the detectors found for a brand: one row per episode, however many batches or windows showed it" })
export class BrandSpike extends Node {
  @Field({ description: 'The signal of the strongest window (a SignalMetric value)' }) metric!: string;
  @Field({ description: 'The episode: from the first window that showed it to the last' }) windowStart!: Date;
  @Field() windowEnd!: Date;
  @Field({ description: 'The strongest window' }) peakWindowStart!: Date;
  @Field() peakWindowEnd!: Date;
  @Field(() => Float) observed!: number;
  @Field(() => Float) baseline!: number;
  @Field(() => Float) score!: number;
  @Field(() => SeverityEnum) severity!: Severity;
  @Field({ description: 'When a batch first showed it' }) firstSeenAt!: Date;
  @Field(() => Int, { description: 'How long after its window ended it reached us' }) detectedLateBySeconds!: number;
  /** Read by the crisis field resolver. */
  crisisId!: string | null;
}

export const BrandSpikeConnection = connectionOf('BrandSpike', BrandSpike);

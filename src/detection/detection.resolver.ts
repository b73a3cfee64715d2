// Per-brand detection settings over GraphQL: Brand.detection and updateBrandDetection (ADMIN).
import { Arg, Authorized, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import { viewerOf, type Context } from '../graphql/context';
import { fromGlobalId } from '../graphql/relay';
import { BadUserInputError, NotFoundError } from '../graphql/errors';
import { query } from '../db/transaction';
import { Brand } from '../brands/brand.types';
import { enumOf } from '../crisis/crisis.types';
import type { BrandRow } from '../graphql/loaders';
import { SIGNALS, type DetectionSettings, type SignalMetric } from './detector';
import { detectionSettings } from './detection.service';

const SignalMetricEnum = enumOf(SIGNALS);
registerEnumType(SignalMetricEnum, { name: 'SignalMetric', description: 'What the detector compares with the baseline' });

@ObjectType({ description: 'How spikes are detected for a brand' })
export class BrandDetection {
  @Field(() => Int) windowMinutes!: number;
  @Field(() => Int) baselineDays!: number;
  @Field(() => Int) minNegativeMentions!: number;
  @Field(() => Float, { description: 'Negative reach a window needs before REACH_NEGATIVITY fires' }) minNegativeReach!: number;
  @Field(() => Float, { description: 'Robust z-score a signal must reach' }) threshold!: number;
  @Field(() => Int, { description: 'A spike whose window ended longer ago than this when it reached us (late data, a historical import) is recorded in Brand.pastSpikes and pages no one' })
  alertHorizonMinutes!: number;
  @Field(() => [SignalMetricEnum]) signals!: SignalMetric[];
}

@InputType()
export class BrandDetectionInput {
  @Field(() => Int, { nullable: true }) windowMinutes?: number | null;
  @Field(() => Int, { nullable: true }) baselineDays?: number | null;
  @Field(() => Int, { nullable: true }) minNegativeMentions?: number | null;
  @Field(() => Float, { nullable: true }) minNegativeReach?: number | null;
  @Field(() => Float, { nullable: true }) threshold?: number | null;
  @Field(() => Int, { nullable: true, description: '1 minute to 30 days' }) alertHorizonMinutes?: number | null;
  @Field(() => [SignalMetricEnum], { nullable: true, description: 'The signals on; the others are off' }) signals?: SignalMetric[] | null;
}

function toGraphQL(settings: DetectionSettings): BrandDetection {
  return { ...settings, signals: SIGNALS.filter((s) => settings.signals[s]) };
}

function checked(input: BrandDetectionInput, current: DetectionSettings): DetectionSettings {
  const int = (value: number | null | undefined, field: string, min: number, max: number, fallback: number) => {
    if (value === null || value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min || value > max) throw new BadUserInputError(`input.${field}`, `must be a whole number from ${min} to ${max}`);
    return value;
  };
  const threshold = input.threshold ?? current.threshold;
  if (!(threshold >= 2 && threshold <= 50)) throw new BadUserInputError('input.threshold', 'must be between 2 and 50');
  if (input.signals && input.signals.length === 0) throw new BadUserInputError('input.signals', 'keep at least one signal on');
  return {
    windowMinutes: int(input.windowMinutes, 'windowMinutes', 1, 240, current.windowMinutes),
    baselineDays: int(input.baselineDays, 'baselineDays', 1, 28, current.baselineDays),
    minNegativeMentions: int(input.minNegativeMentions, 'minNegativeMentions', 1, 100_000, current.minNegativeMentions),
    minNegativeReach: int(input.minNegativeReach, 'minNegativeReach', 1, 1_000_000_000, current.minNegativeReach),
    threshold,
    alertHorizonMinutes: int(input.alertHorizonMinutes, 'alertHorizonMinutes', 1, 43_200, current.alertHorizonMinutes),
    signals: input.signals ? Object.fromEntries(SIGNALS.map((s) => [s, input.signals!.includes(s)])) as DetectionSettings['signals'] : current.signals,
  };
}

@Resolver(() => Brand)
export class DetectionResolver {
  @Authorized('ADMIN')
  @Mutation(() => Brand, { description: 'Changes how spikes are detected for the brand; fields left out keep their value' })
  async updateBrandDetection(@Arg('brandId', () => ID) brandId: string, @Arg('input') input: BrandDetectionInput, @Ctx() ctx: Context): Promise<BrandRow> {
    const organizationId = viewerOf(ctx).organizationId;
    const id = fromGlobalId('Brand', brandId);
    const [row] = await query<{ detection: Partial<DetectionSettings> | null }>(ctx.services.dataSource, `SELECT detection FROM brand WHERE id = $1 AND organization_id = $2`, [id, organizationId]);
    if (!row) throw new NotFoundError('Brand', id);
    const settings = checked(input, detectionSettings(row.detection));
    await query(ctx.services.dataSource, `UPDATE brand SET detection = $3 WHERE id = $1 AND organization_id = $2`, [id, organizationId, JSON.stringify(settings)]);
    return (await ctx.loaders.brand.load(id))!;
  }

  @FieldResolver(() => BrandDetection)
  detection(@Root() brand: BrandRow): BrandDetection {
    return toGraphQL(detectionSettings(brand.detection as Partial<DetectionSettings> | null));
  }
}

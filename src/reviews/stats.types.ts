// GraphQL types of organization analytics: a period's counts, KPI medians and SLA compliance, and the trend.
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { CrisisCategoryEnum, CrisisStateEnum, SeverityEnum, type CrisisCategory } from '../crisis/crisis.types';
import { SlaKindEnum } from '../crisis/sla.resolver';
import type { CrisisState, Severity } from '../crisis/machine';
import type { ComplianceSla } from './stats';

@ObjectType()
export class CrisisCategoryCount {
  @Field(() => CrisisCategoryEnum) category!: CrisisCategory;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class SeverityCount {
  @Field(() => SeverityEnum) severity!: Severity;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class CrisisStateCount {
  @Field(() => CrisisStateEnum) state!: CrisisState;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: "The median of the crises' values, leaving out crises without one" })
export class KpiMedian {
  @Field(() => Float, { nullable: true, description: 'The mean of the two middle values for an even count; null over no crisis' }) median!: number | null;
  @Field(() => Int, { description: 'The crises the median is over' }) count!: number;
}

@ObjectType({ description: "Medians of the crises' KPIs (CrisisKpis, same definitions)" })
export class CrisisKpiMedians {
  @Field(() => KpiMedian) timeToAcknowledgeSeconds!: KpiMedian;
  @Field(() => KpiMedian) timeToFirstResponseSeconds!: KpiMedian;
  @Field(() => KpiMedian) timeToContainSeconds!: KpiMedian;
  @Field(() => KpiMedian, { description: 'Detection to closing, over closed crises only' }) durationSeconds!: KpiMedian;
  @Field(() => KpiMedian) peakNegativeMentionsPerHour!: KpiMedian;
  @Field(() => KpiMedian, { description: 'Every crisis has a count (0 when none was sent)' }) repliesSent!: KpiMedian;
  @Field(() => KpiMedian, { description: "The median of each crisis's median reply time" }) medianReplySeconds!: KpiMedian;
}

@ObjectType({ description: 'Met or missed as in CrisisKpis.slaResults: missed once breached, met late or closed unmet' })
export class SlaComplianceTotal {
  @Field(() => Int) met!: number;
  @Field(() => Int) missed!: number;
  @Field(() => Int, { description: 'Open and not yet due: left out of the rate' }) pending!: number;
  @Field(() => Float, { nullable: true, description: 'met / (met + missed); null when none was decided' }) rate!: number | null;
}

@ObjectType()
export class SlaKindCompliance extends SlaComplianceTotal {
  @Field(() => SlaKindEnum) sla!: ComplianceSla;
}

@ObjectType()
export class PeriodSlaCompliance {
  @Field(() => [SlaKindCompliance], { description: 'ACKNOWLEDGE and FIRST_RESPONSE' }) bySla!: SlaKindCompliance[];
  @Field(() => SlaComplianceTotal, { description: 'ACKNOWLEDGE and FIRST_RESPONSE together' }) overall!: SlaComplianceTotal;
  @Field(() => Int, { description: 'Missed updates (UPDATE recurs while RESPONDING, so it is counted, not rated)' }) updateBreaches!: number;
}

@ObjectType({ description: 'The crises detected in [from, to)' })
export class CrisisPeriodStats {
  @Field() from!: Date;
  @Field() to!: Date;
  @Field(() => Int) total!: number;
  @Field(() => Int, { description: 'Not yet REVIEWED or DISMISSED' }) open!: number;
  @Field(() => [CrisisCategoryCount], { description: 'Every category, zeros included' }) byCategory!: CrisisCategoryCount[];
  @Field(() => [SeverityCount], { description: 'Every severity (the current one of each crisis), zeros included' }) bySeverity!: SeverityCount[];
  @Field(() => [CrisisStateCount], { description: 'Every state, zeros included: the final state of closed crises, the current one of open crises' })
  byState!: CrisisStateCount[];
  @Field(() => CrisisKpiMedians) medians!: CrisisKpiMedians;
  @Field(() => PeriodSlaCompliance) sla!: PeriodSlaCompliance;
}

@ObjectType({ description: 'Current − previous median; null when either is null' })
export class CrisisKpiMedianDeltas {
  @Field(() => Float, { nullable: true }) timeToAcknowledgeSeconds!: number | null;
  @Field(() => Float, { nullable: true }) timeToFirstResponseSeconds!: number | null;
  @Field(() => Float, { nullable: true }) timeToContainSeconds!: number | null;
  @Field(() => Float, { nullable: true }) durationSeconds!: number | null;
  @Field(() => Float, { nullable: true }) peakNegativeMentionsPerHour!: number | null;
  @Field(() => Float, { nullable: true }) repliesSent!: number | null;
  @Field(() => Float, { nullable: true }) medianReplySeconds!: number | null;
}

@ObjectType()
export class SlaRateDelta {
  @Field(() => SlaKindEnum) sla!: ComplianceSla;
  @Field(() => Float, { nullable: true, description: 'Current − previous rate; null when either is null' }) delta!: number | null;
}

@ObjectType({ description: 'The current period against the previous one: current − previous' })
export class CrisisStatsTrend {
  @Field(() => Int) total!: number;
  @Field(() => CrisisKpiMedianDeltas) medians!: CrisisKpiMedianDeltas;
  @Field(() => [SlaRateDelta]) slaRates!: SlaRateDelta[];
  @Field(() => Float, { nullable: true }) overallRate!: number | null;
  @Field(() => Int) updateBreaches!: number;
}

@ObjectType({ description: "The organization's crises of a period, and of the period of equal length just before it" })
export class CrisisStats {
  @Field(() => ID, { nullable: true, description: 'The brand asked for; null for the whole organization' }) brandId!: string | null;
  @Field(() => CrisisPeriodStats, { description: '[from, to)' }) current!: CrisisPeriodStats;
  @Field(() => CrisisPeriodStats, { description: '[from − (to − from), from)' }) previous!: CrisisPeriodStats;
  @Field(() => CrisisStatsTrend) trend!: CrisisStatsTrend;
}

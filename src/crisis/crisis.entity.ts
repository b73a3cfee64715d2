// Crisis rows, their append-only timeline, and the idempotency keys of the commands that changed them.
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { CrisisState, PersistedMachine, Severity } from './machine';
import type { CrisisCategory } from './crisis.types';
import type { RootCauseData } from './crisis.record';

export interface DetectionSignalData {
  metric: string;
  windowStart: string;
  windowEnd: string;
  observed: number;
  baseline: number;
  score: number;
  /** How long after the window ended the spike reached us (late data); absent on crises detected before it was kept. */
  detectedLateBySeconds?: number;
}

@Entity('crisis')
export class CrisisEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('text') title!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('text') category!: CrisisCategory;
  @Column('text') severity!: Severity;
  @Column('text') state!: CrisisState;
  @Column('int') version!: number;
  @Column('jsonb') machine!: PersistedMachine;
  @Column('jsonb', { nullable: true }) trigger!: DetectionSignalData | null;
  @Column('timestamptz', { name: 'detected_at' }) detectedAt!: Date;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt!: Date | null;
  @Column('timestamptz', { name: 'first_public_response_at', nullable: true }) firstPublicResponseAt!: Date | null;
  @Column('timestamptz', { name: 'contained_at', nullable: true }) containedAt!: Date | null;
  @Column('timestamptz', { name: 'recovery_started_at', nullable: true }) recoveryStartedAt!: Date | null;
  @Column('timestamptz', { name: 'reviewed_at', nullable: true }) reviewedAt!: Date | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('uuid', { name: 'playbook_id', nullable: true }) playbookId!: string | null;
  @Column('int', { name: 'playbook_version', nullable: true }) playbookVersion!: number | null;
  @Column('jsonb', { name: 'root_cause', nullable: true }) rootCause!: RootCauseData | null;
}

@Entity('crisis_event')
export class CrisisEventEntity {
  /** Global, strictly increasing; per crisis it follows commit order because rows are written while the guarded UPDATE holds the crisis row lock. */
  @PrimaryGeneratedColumn({ type: 'bigint' }) sequence!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('uuid', { name: 'crisis_id' }) crisisId!: string;
  @Column('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('text') type!: string;
  @Column('text', { name: 'from_state', nullable: true }) fromState!: CrisisState | null;
  @Column('text', { name: 'to_state', nullable: true }) toState!: CrisisState | null;
  @Column('text', { nullable: true }) actor!: string | null;
  @Column('jsonb', { nullable: true }) payload!: Record<string, unknown> | null;
  @Column('int', { name: 'crisis_version' }) crisisVersion!: number;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
}

@Entity('idempotency_key')
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid', { name: 'organization_id' }) organizationId!: string;
  @PrimaryColumn('text') key!: string;
  @Column('uuid', { name: 'crisis_id' }) crisisId!: string;
  /** What was asked, so a key reused for another request is refused rather than answered wrongly. */
  @Column('text', { name: 'request_hash' }) requestHash!: string;
  /** The crisis as the first call returned it. */
  @Column('jsonb') result!: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}

// Durable timers: the machine's delayed events, stored until due, fired once by whichever process claims them.
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('crisis_timer')
export class CrisisTimerEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('uuid', { name: 'crisis_id' }) crisisId!: string;
  /** XState's send id (e.g. xstate.after.acknowledgeSla.crisis.DETECTED), unique per crisis. */
  @Column('text', { name: 'send_id' }) sendId!: string;
  @Column('jsonb') event!: { type: string };
  @Column('timestamptz', { name: 'due_at' }) dueAt!: Date;
}

// The crisis team (one holder per playbook role) and the protocol tasks of each state entered.
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { CrisisState } from '../crisis/machine';

@Entity('crisis_assignment')
export class CrisisAssignmentEntity {
  @PrimaryColumn('uuid', { name: 'crisis_id' }) crisisId!: string;
  @PrimaryColumn('text', { name: 'role_key' }) roleKey!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('text') assignee!: string;
  @Column('text', { name: 'assigned_by' }) assignedBy!: string;
  @Column('timestamptz', { name: 'assigned_at' }) assignedAt!: Date;
}

@Entity('crisis_task')
export class CrisisTaskEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('uuid', { name: 'crisis_id' }) crisisId!: string;
  @Column('text') state!: CrisisState;
  @Column('int') position!: number;
  @Column('text') title!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
  @Column('text', { name: 'completed_by', nullable: true }) completedBy!: string | null;
}

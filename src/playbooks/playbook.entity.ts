// Playbooks (the identity and which version is current) and their versions (immutable once written).
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { PlaybookRoleData, ProtocolData, SlaPolicyData } from './playbook.content';

@Entity('playbook')
export class PlaybookEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('text') name!: string;
  @Column('boolean', { name: 'is_default' }) isDefault!: boolean;
  @Column('int', { name: 'current_version' }) currentVersion!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('playbook_version')
export class PlaybookVersionEntity {
  @PrimaryColumn('uuid', { name: 'playbook_id' }) playbookId!: string;
  @PrimaryColumn('int') version!: number;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'revision_reason', nullable: true }) revisionReason!: string | null;
  @Column('jsonb') roles!: PlaybookRoleData[];
  @Column('text', { array: true }) channels!: string[];
  @Column('jsonb') protocols!: ProtocolData[];
  @Column('jsonb', { name: 'sla_policies' }) slaPolicies!: SlaPolicyData[];
  @Column('text', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

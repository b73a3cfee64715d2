// A brand the organization watches; crises and mentions belong to one.
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('brand')
export class BrandEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('text') name!: string;
  @Column('text', { array: true }) keywords!: string[];
  /** Null: the organization's default playbook. */
  @Column('uuid', { name: 'playbook_id', nullable: true }) playbookId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

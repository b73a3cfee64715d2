// GraphQL types of the crisis team and its checklist: who holds which role, and the protocol tasks.
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CrisisStateEnum } from '../crisis/crisis.types';
import type { CrisisState } from '../crisis/machine';

@ObjectType({ description: 'Someone holding a role of the playbook on one crisis' })
export class Assignment {
  @Field() roleKey!: string;
  @Field() assignee!: string;
  @Field({ description: 'Token name that made the assignment' }) assignedBy!: string;
  @Field() assignedAt!: Date;
}

@ObjectType({ description: "A step of a state's protocol, created when the crisis entered that state" })
export class CrisisTask {
  @Field(() => ID) id!: string;
  @Field(() => CrisisStateEnum) state!: CrisisState;
  @Field() title!: string;
  @Field(() => Int) position!: number;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field(() => String, { nullable: true }) completedBy!: string | null;
}

@InputType()
export class AssignRoleInput {
  @Field(() => ID) crisisId!: string;
  @Field({ description: 'A role key of the pinned playbook, e.g. CRISIS_LEAD' }) roleKey!: string;
  @Field({ description: 'Who holds the role: a name or an address' }) assignee!: string;
}

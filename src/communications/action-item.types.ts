// GraphQL types of the action plan: ActionItem and the inputs of addActionItem / updateActionItem.
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { Node } from '../graphql/node';
import { enumOf } from '../crisis/crisis.types';
import { ACTION_ITEM_STATUSES, type ActionItemStatus } from './action-item.service';

export const ActionItemStatusEnum = enumOf(ACTION_ITEM_STATUSES);
registerEnumType(ActionItemStatusEnum, { name: 'ActionItemStatus', description: 'OPEN and DONE items make an action plan; DROPPED ones do not' });

@ObjectType({ implements: Node })
export class ActionItem extends Node {
  @Field() title!: string;
  @Field() owner!: string;
  @Field(() => Date, { nullable: true }) dueAt!: Date | null;
  @Field(() => ActionItemStatusEnum) status!: ActionItemStatus;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it became DONE or DROPPED' }) closedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it fell due while still OPEN (ACTION_ITEM_OVERDUE)' }) overdueAt!: Date | null;
  crisisId!: string;
}

@InputType()
export class AddActionItemInput {
  @Field(() => ID) crisisId!: string;
  @Field() @MaxLength(500) title!: string;
  @Field() @MaxLength(200) owner!: string;
  @Field(() => Date, { nullable: true, description: 'In the future; an item still OPEN then becomes ACTION_ITEM_OVERDUE' }) dueAt?: Date | null;
}

@InputType({ description: 'Only what changes' })
export class UpdateActionItemInput {
  @Field(() => ID) id!: string;
  @Field(() => ActionItemStatusEnum, { nullable: true }) status?: ActionItemStatus | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) note?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) title?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) owner?: string | null;
  @Field(() => Date, { nullable: true }) dueAt?: Date | null;
}

// GraphQL types of brands.
import { Field, InputType, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length } from 'class-validator';
import { Node } from '../graphql/node';

@ObjectType({ implements: Node })
export class Brand extends Node {
  @Field() name!: string;
  @Field(() => [String]) keywords!: string[];
}

@InputType()
export class CreateBrandInput {
  @Field() @Length(1, 200) name!: string;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(100) @Length(1, 200, { each: true }) keywords?: string[] | null;
}

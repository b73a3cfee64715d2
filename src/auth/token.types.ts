// GraphQL types of API tokens: what an organization's admins see and send.
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Length } from 'class-validator';
import { Node } from '../graphql/node';
import { connectionOf } from '../graphql/relay';
import { enumOf } from '../crisis/crisis.types';
import { ROLES, type Role } from './roles';

export const RoleEnum = enumOf(ROLES);
registerEnumType(RoleEnum, { name: 'Role', description: 'VIEWER reads; RESPONDER also acts on crises; ADMIN also manages brands, plans and tokens' });

@ObjectType({ implements: Node, description: 'An API token (the secret itself is shown once, when created)' })
export class ApiToken extends Node {
  @Field({ description: 'What the timeline shows as the actor' }) name!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Set once revoked: the token no longer works anywhere' }) revokedAt!: Date | null;
}

@ObjectType()
export class CreatedApiToken {
  @Field({ description: 'The bearer token, shown this once: only its hash is stored' }) token!: string;
  @Field(() => ApiToken) apiToken!: ApiToken;
}

@InputType()
export class CreateApiTokenInput {
  @Field() @Length(1, 200) name!: string;
  @Field(() => RoleEnum) role!: Role;
}

export const ApiTokenConnection = connectionOf('ApiToken', ApiToken);
export type ApiTokenConnection = InstanceType<typeof ApiTokenConnection>;

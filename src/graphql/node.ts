// The Relay Node interface every addressable type implements.
import { Field, ID, InterfaceType } from 'type-graphql';

@InterfaceType({ resolveType: (value: { __typename?: string }) => value.__typename })
export abstract class Node {
  @Field(() => ID) id!: string;
}

// GraphQL types of webhooks: endpoints (the secret shown once), their deliveries, and the inputs admins send.
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../graphql/node';
import { connectionOf } from '../graphql/relay';
import { enumOf } from '../crisis/crisis.types';
import { DELIVERY_STATUSES, type DeliveryStatus } from './webhook.store';

export const WebhookDeliveryStatusEnum = enumOf(DELIVERY_STATUSES);
registerEnumType(WebhookDeliveryStatusEnum, { name: 'WebhookDeliveryStatus', description: 'PENDING (queued or retrying), DELIVERED (a 2xx), FAILED (given up, or refused for good)' });

@ObjectType({ description: 'One event (or test) queued for one endpoint, with its latest attempt' })
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field({ description: 'The webhook-id header: the same on every attempt and redelivery, for de-duplication' }) webhookId!: string;
  @Field(() => String, { nullable: true, description: 'The timeline sequence delivered (null for a test)' }) eventSequence!: string | null;
  @Field({ description: 'The timeline event type, or webhook.test' }) eventType!: string;
  @Field(() => WebhookDeliveryStatusEnum) status!: DeliveryStatus;
  @Field(() => Int) attempts!: number;
  @Field(() => Int, { nullable: true, description: 'HTTP status of the latest attempt (null: no answer)' }) lastStatusCode!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the latest attempt failed without an answer (timeout, connection, refused address)' }) lastError!: string | null;
  @Field(() => String, { nullable: true, description: 'The first bytes (up to 1 KiB) of the latest answer' }) lastResponse!: string | null;
  @Field(() => Int, { nullable: true }) lastLatencyMs!: number | null;
  @Field(() => Date, { nullable: true, description: 'When the next attempt is due (PENDING only)' }) nextAttemptAt!: Date | null;
  @Field(() => Date, { nullable: true }) deliveredAt!: Date | null;
  @Field() createdAt!: Date;
}

export const WebhookDeliveryConnection = connectionOf('WebhookDelivery', WebhookDelivery);
export type WebhookDeliveryConnection = InstanceType<typeof WebhookDeliveryConnection>;

@ObjectType({ implements: Node, description: 'Where the organization\'s timeline events are pushed, signed per Standard Webhooks' })
export class WebhookEndpoint extends Node {
  @Field() url!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => [String], { description: 'Timeline event types delivered; empty: all of them' }) eventTypes!: string[];
  @Field(() => [ID], { description: 'Brands whose crises are delivered; empty: all brands' }) brandIds!: string[];
  @Field({ description: 'false once disabled (410 Gone, a run of failures, or by an admin): nothing is queued for it' }) enabled!: boolean;
  @Field(() => String, { nullable: true }) disabledReason!: string | null;
  @Field(() => Int, { description: 'Failed attempts in a row; disabled at WEBHOOK_DISABLE_AFTER_FAILURES' }) consecutiveFailures!: number;
  @Field(() => Date, { nullable: true, description: 'Until then the previous secret signs too (after rotateWebhookSecret)' }) previousSecretExpiresAt!: Date | null;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

export const WebhookEndpointConnection = connectionOf('WebhookEndpoint', WebhookEndpoint);
export type WebhookEndpointConnection = InstanceType<typeof WebhookEndpointConnection>;

@ObjectType()
export class WebhookEndpointWithSecret {
  @Field({ description: 'The signing secret (whsec_…), shown this once' }) secret!: string;
  @Field(() => WebhookEndpoint) endpoint!: WebhookEndpoint;
}

@InputType()
export class CreateWebhookEndpointInput {
  @Field({ description: 'https:// (http:// and private addresses only with WEBHOOK_ALLOW_PRIVATE_TARGETS=true)' }) url!: string;
  @Field(() => [String], { nullable: true, description: 'Timeline event types; empty or absent: all' }) eventTypes?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Brands; empty or absent: all' }) brandIds?: string[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType()
export class UpdateWebhookEndpointInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => [String], { nullable: true }) eventTypes?: string[] | null;
  @Field(() => [ID], { nullable: true }) brandIds?: string[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true enables it again (and ends its failure run); events of the disabled time can be sent with redeliverWebhooks' }) enabled?: boolean | null;
}

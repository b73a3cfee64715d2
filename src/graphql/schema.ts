// Builds the executable schema from the resolvers; the printed copy lives in schema/schema.graphql.
import 'reflect-metadata';
import { buildSchema, type AuthChecker } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { printSchema, type GraphQLSchema } from 'graphql';
import { hasRole, type Role } from '../auth/roles';
import { BrandResolver } from '../brands/brand.resolver';
import { CrisisResolver } from '../crisis/crisis.resolver';
import { CrisisSubscriptionResolver } from '../crisis/crisis.subscriptions';
import { NodeResolver } from './node.resolver';
import { ApiTokenResolver } from '../auth/token.resolver';
import { TeamResolver } from '../team/team.resolver';
import { RootCauseResolver } from '../crisis/root-cause.resolver';
import { SlaResolver } from '../crisis/sla.resolver';
import { MentionResolver } from '../mentions/mention.resolver';
import { AccountMetricsResolver, MetricPointFollowersResolver } from '../audience/account-metrics.resolver';
import { MetricsResolver } from '../detection/metrics.resolver';
import { DetectionResolver } from '../detection/detection.resolver';
import { BrandPlaybookResolver, CrisisPlaybookResolver, PlaybookResolver } from '../playbooks/playbook.resolver';
import { CrisisStatementsResolver, MetricPointStatementsResolver, StatementResolver } from '../communications/statement.resolver';
import { ActionItemResolver, CrisisActionItemsResolver } from '../communications/action-item.resolver';
import { LintRulesResolver } from '../communications/lint-rules.resolver';
import { OrganizationSettingsResolver } from '../organizations/settings.resolver';
import { SentimentLexiconResolver } from '../sentiment/sentiment.resolver';
import { BrandSpikeResolver, BrandSpikesResolver } from '../detection/spike.resolver';
import { ReviewResolver } from '../reviews/review.resolver';
import { BrandRecoveryResolver, CrisisRecoveryResolver, MetricPointRecoveryActionsResolver, RecoveryActionResolver } from '../recovery/recovery.resolver';
import { CrisisStatsResolver } from '../reviews/stats.resolver';
import { RevisionDraftResolver } from '../reviews/revision-draft.resolver';
import { CrisisReportResolver } from '../reviews/report.resolver';
import { ReplyResolver } from '../replies/reply.resolver';
import { MentionReplyResolver } from '../replies/mention-reply.resolver';
import { ReplyTemplateResolver } from '../replies/template.resolver';
import { ReplySubscriptionResolver } from '../replies/reply.subscriptions';
import { WebhookResolver } from '../webhooks/webhook.resolver';
import { ForbiddenError, UnauthenticatedError } from './errors';
import type { Context } from './context';
import { validateArgument } from './validation';

/** Every operation needs a token; `@Authorized('RESPONDER')` and `@Authorized('ADMIN')` need that role or higher. */
const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  if (!context.viewer) throw new UnauthenticatedError();
  const required = roles[0];
  if (required && !hasRole(context.viewer.role, required)) throw new ForbiddenError(required);
  return true;
};

/**
 * type-graphql insists on a PubSub, but every subscription here brings its own `subscribe` (streams over the
 * timeline table woken by LISTEN/NOTIFY, see crisis/crisis.streams.ts): topic-based pub/sub is not used.
 */
const noTopicPubSub = {
  publish(): never {
    throw new Error('topic pub/sub is not used: subscriptions declare their own subscribe()');
  },
  subscribe(): never {
    throw new Error('topic pub/sub is not used: subscriptions declare their own subscribe()');
  },
};

let built: Promise<GraphQLSchema> | null = null;

/** Built once per process: type-graphql's metadata is global, and the schema does not depend on configuration. */
export function buildCrisisSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [BrandResolver, CrisisResolver, CrisisSubscriptionResolver, NodeResolver, PlaybookResolver, BrandPlaybookResolver, CrisisPlaybookResolver,
      TeamResolver, RootCauseResolver, SlaResolver, MentionResolver, MetricsResolver, DetectionResolver, ApiTokenResolver,
      StatementResolver, CrisisStatementsResolver, MetricPointStatementsResolver, ActionItemResolver, CrisisActionItemsResolver, LintRulesResolver, OrganizationSettingsResolver, SentimentLexiconResolver,
      ReplyResolver, MentionReplyResolver, ReplyTemplateResolver, ReplySubscriptionResolver, ReviewResolver, CrisisReportResolver,
      CrisisStatsResolver, RevisionDraftResolver,
      CrisisRecoveryResolver, RecoveryActionResolver, MetricPointRecoveryActionsResolver, BrandRecoveryResolver, BrandSpikesResolver, BrandSpikeResolver,
      AccountMetricsResolver, MetricPointFollowersResolver, WebhookResolver,
    ],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    authChecker,
    authMode: 'error',
    validateFn: validateArgument,
    pubSub: noTopicPubSub,
  });
  return built;
}

export async function printCrisisSchema(): Promise<string> {
  return `${printSchema(await buildCrisisSchema())}\n`;
}

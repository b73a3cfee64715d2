// What every resolver gets: who is asking, the request id, per-request loaders and the process's services.
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth/auth.service';
import type { CrisisService } from '../crisis/crisis.service';
import type { PlaybookService } from '../playbooks/playbook.service';
import type { MentionService } from '../mentions/mention.service';
import type { EventHub } from '../pubsub/hub';
import type { WebhookService } from '../webhooks/webhook.service';
import type { Config } from '../config';
import type { Metrics } from '../metrics/metrics';
import { createLoaders, type Loaders } from './loaders';
import { UnauthenticatedError } from './errors';
import type { AuthService } from '../auth/auth.service';
import type { StatementService } from '../communications/statement.service';
import type { ActionItemService } from '../communications/action-item.service';
import type { ReplyService } from '../replies/reply.service';
import type { ReplyTemplateService } from '../replies/template.service';
import type { Actor } from '../crisis/crisis.command';
import type { ReviewService } from '../reviews/review.service';
import type { RecoveryService } from '../recovery/recovery.service';
import type { DetectionService } from '../detection/detection.service';
import type { AccountMetricsService } from '../audience/account-metrics.service';

export interface Services {
  dataSource: DataSource;
  auth: AuthService;
  crisis: CrisisService;
  playbooks: PlaybookService;
  detection: DetectionService;
  mentions: MentionService;
  accountMetrics: AccountMetricsService;
  statements: StatementService;
  actionItems: ActionItemService;
  replies: ReplyService;
  replyTemplates: ReplyTemplateService;
  reviews: ReviewService;
  recovery: RecoveryService;
  hub: EventHub;
  config: Config;
  webhooks: WebhookService;
  /** The process's Prometheus metrics (src/metrics/metrics.ts). */
  metrics: Metrics;
}

export interface Context {
  viewer: Viewer | null;
  requestId: string;
  log: Logger;
  loaders: Loaders;
  services: Services;
}

export function createContext(services: Services, viewer: Viewer | null, requestId: string, log: Logger): Context {
  return { viewer, requestId, log, services, loaders: createLoaders(services.dataSource, viewer?.organizationId ?? null) };
}

/** The viewer of an authenticated request (resolvers run behind @Authorized, so this only guards the type). */
export function viewerOf(context: Context): Viewer {
  if (!context.viewer) throw new UnauthenticatedError();
  return context.viewer;
}

/** Who acts, as the timeline shows it: the token's name, in the token's organization. */
export function actorOf(context: Context): Actor {
  const viewer = viewerOf(context);
  return { organizationId: viewer.organizationId, name: viewer.tokenName };
}

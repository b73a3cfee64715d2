// Webhook settings for tests: a receiver on loopback allowed, short timeouts, the retry schedule a thousand times faster.
import type { WebhookConfig } from '../../src/config';

export const DEFAULT_WEBHOOKS: WebhookConfig = {
  allowPrivateTargets: true,
  timeoutMs: 400,
  disableAfterFailures: 4,
  secretKey: null,
  concurrency: 8,
  retryScale: 0.001,
  retentionDays: 30,
};

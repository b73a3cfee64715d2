// Sends due webhook deliveries from every process: claims with SKIP LOCKED, sends up to `concurrency` at once
// (a slow endpoint holds at most a few slots), records each outcome, backs off and disables per schedule.ts.
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { WebhookConfig } from '../config';
import type { EventHub } from '../pubsub/hub';
import { toGlobalId } from '../graphql/global-id';
import { toTimelineEvent } from '../crisis/crisis.resolver';
import { judgeAttempt } from './schedule';
import { targetProblem } from './targets';
import { sendSigned, type AttemptResult } from './webhook.sender';
import type { SecretBox } from './secrets';
import {
  claimDeliveries, keepBody, queueAgeSeconds, recordDelivered, recordFailed, type ClaimedDelivery, type EventForBody,
} from './webhook.store';

/** At most this many of one endpoint's deliveries are in flight at once, across all processes. */
export const PER_ENDPOINT_IN_FLIGHT = 4;
/** Longest the worker sleeps between looks at the table when nothing woke it (retries come due on their own). */
const IDLE_POLL_MS = 500;
const USER_AGENT = 'CrisisDesk-Webhooks/1';
/** A claim outlives one attempt by this much; a process that died mid-send frees its deliveries this long after. */
const LEASE_MARGIN_MS = 5000;

export interface DeliveryOutcome {
  result: 'delivered' | 'retry' | 'failed' | 'disabled';
  endpointId: string;
  latencyMs: number;
}

/** The Standard Webhooks body of a timeline event: its type, when it happened, the event as subscriptions give it and the crisis. */
export function eventBody(row: EventForBody): string {
  const event = toTimelineEvent(row);
  return JSON.stringify({
    type: row.type,
    timestamp: new Date(row.occurred_at).toISOString(),
    data: {
      event: { ...event, occurredAt: event.occurredAt.toISOString() },
      crisis: { id: toGlobalId('Crisis', row.crisis_id), brandId: toGlobalId('Brand', row.brand_id), title: row.title, state: row.state, severity: row.severity, version: row.version },
    },
  });
}

/** What the worker reports (metrics): every attempt's outcome, and now and then how old the oldest due delivery is. */
export interface WorkerObserver {
  onOutcome?(outcome: DeliveryOutcome): void;
  onQueueAge?(seconds: number): void;
}

/** How often the age of the queue is measured for onQueueAge. */
const QUEUE_AGE_EVERY_MS = 5000;

export class WebhookWorker {
  private queueAgeAt = 0;
  private running = false;
  private inFlight = new Set<Promise<void>>();
  private wake: (() => void) | null = null;
  /** A poke that came while the loop was busy (claiming): it looks again before sleeping. */
  private woken = false;
  private loop: Promise<void> | null = null;
  private unlisten: (() => void) | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly hub: EventHub,
    private readonly config: WebhookConfig,
    private readonly log: Logger,
    private readonly observe: WorkerObserver = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    // A committed event may have queued deliveries: look now rather than at the next poll.
    this.unlisten = this.hub.listen({ onEvents: () => this.poke(), onResync: () => this.poke() });
    this.loop = this.run();
  }

  /** Looks at the table now (a test delivery or a redelivery was just queued). */
  poke(): void {
    this.woken = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unlisten?.();
    this.poke();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      const free = this.config.concurrency - this.inFlight.size;
      let claimed: ClaimedDelivery[] = [];
      if (this.observe.onQueueAge && Date.now() - this.queueAgeAt >= QUEUE_AGE_EVERY_MS) {
        this.queueAgeAt = Date.now();
        await queueAgeSeconds(this.dataSource).then((age) => this.observe.onQueueAge?.(age), (error) => this.log.warn({ err: error }, 'could not measure the webhook queue'));
      }
      if (free > 0) {
        try {
          claimed = await claimDeliveries(this.dataSource, free, PER_ENDPOINT_IN_FLIGHT, this.config.timeoutMs + LEASE_MARGIN_MS);
        } catch (error) {
          this.log.warn({ err: error }, 'could not claim webhook deliveries');
        }
      }
      for (const delivery of claimed) {
        const sending: Promise<void> = this.deliver(delivery)
          .catch((error) => this.log.error({ err: error, deliveryId: delivery.id }, 'could not record a webhook delivery'))
          .finally(() => {
            this.inFlight.delete(sending);
            this.poke(); // a slot is free
          });
        this.inFlight.add(sending);
      }
      // Claimed a full batch: there may be more at once. Otherwise sleep until woken or the poll.
      if (claimed.length > 0 && claimed.length === free) continue;
      if (this.woken && this.inFlight.size < this.config.concurrency) {
        this.woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, IDLE_POLL_MS);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
      this.woken = false;
    }
  }

  /** Sends one delivery and records the outcome; anything unexpected is recorded as a failed attempt, never left leased. */
  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    try {
      await this.attempt(delivery);
    } catch (error) {
      this.log.error({ err: error, deliveryId: delivery.id }, 'webhook delivery failed unexpectedly');
      const message = `could not be sent: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
      const verdict = judgeAttempt({ kind: 'network', message }, delivery.attempts, Date.now(), Math.random, this.config.retryScale);
      const retryAt = verdict.action === 'retry' ? new Date(Date.now() + verdict.delayMs) : null;
      await recordFailed(this.dataSource, delivery, { body: null, statusCode: null, error: message, response: null, latencyMs: 0 }, retryAt, false, this.config.disableAfterFailures);
    }
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const failNow = (error: string) =>
      recordFailed(this.dataSource, delivery, { body: null, statusCode: null, error, response: null, latencyMs: 0 }, null, false, this.config.disableAfterFailures, false);
    // Judged again at every send: an endpoint made while private targets were allowed is not reached once they are not.
    const problem = targetProblem(delivery.url, this.config.allowPrivateTargets);
    if (problem) return void (await failNow(`the URL ${problem}`));
    let body = delivery.body;
    if (body === null) {
      if (!delivery.event) return void (await failNow('the event no longer exists'));
      // Kept before the first send: a process killed mid-send leaves the same bytes for the next attempt.
      body = await keepBody(this.dataSource, delivery.id, eventBody(delivery.event));
    }
    const secrets = [this.secrets.open(delivery.secret)];
    if (delivery.previous_secret && delivery.previous_secret_expires_at && new Date(delivery.previous_secret_expires_at).getTime() > Date.now()) {
      secrets.push(this.secrets.open(delivery.previous_secret));
    }
    const attempt: AttemptResult = await sendSigned({ url: delivery.url, webhookId: delivery.webhook_id, body, secrets }, this.config.timeoutMs, this.config.allowPrivateTargets, USER_AGENT);
    const verdict = judgeAttempt(attempt.outcome, delivery.attempts, Date.now(), Math.random, this.config.retryScale);
    const record = {
      body,
      statusCode: attempt.outcome.kind === 'answered' ? attempt.outcome.status : null,
      error: attempt.outcome.kind === 'timeout' ? `no answer within ${this.config.timeoutMs} ms` : attempt.outcome.kind === 'network' ? attempt.outcome.message : null,
      response: attempt.response,
      latencyMs: attempt.latencyMs,
    };
    if (verdict.action === 'delivered') {
      await recordDelivered(this.dataSource, delivery, record);
      this.observe.onOutcome?.({ result: 'delivered', endpointId: delivery.endpoint_id, latencyMs: attempt.latencyMs });
      return;
    }
    const retryAt = verdict.action === 'retry' ? new Date(Date.now() + verdict.delayMs) : null;
    const disabled = await recordFailed(this.dataSource, delivery, record, retryAt, verdict.action === 'disable', this.config.disableAfterFailures);
    if (disabled) this.log.warn({ endpointId: delivery.endpoint_id, reason: disabled }, 'webhook endpoint disabled');
    this.observe.onOutcome?.({ result: disabled ? 'disabled' : retryAt ? 'retry' : 'failed', endpointId: delivery.endpoint_id, latencyMs: attempt.latencyMs });
  }
}

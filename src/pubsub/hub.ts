// One LISTEN connection per process: wakes this process's subscribers and timer worker when any process commits.
import { Client } from 'pg';
import type { Logger } from 'pino';
import { Metrics } from '../metrics/metrics';
import {
  EVENTS_CHANNEL, REPLIES_CHANNEL, TOKENS_CHANNEL, type EventsNotification, type ReplyQueueNotification, type TokenRevokedNotification,
} from './channels';

export interface HubListener {
  /** A committed timeline write, in commit order. */
  onEvents?(notification: EventsNotification): void;
  /** Timers were scheduled; the earliest is due at this time (ms). */
  onTimers?(dueAt: number): void;
  /** An API token was revoked (in any process). */
  onTokenRevoked?(notification: TokenRevokedNotification): void;
  /** A mention of a reply queue was claimed, released, replied to or skipped (in any process). */
  onReplyQueue?(notification: ReplyQueueNotification): void;
  /**
   * The LISTEN connection was re-established: notifications may have been lost while it was down,
   * so listeners catch up from the tables.
   */
  onResync?(): void;
}

const PING_EVERY_MS = 30_000;

export class EventHub {
  private client: Client | null = null;
  private readonly listeners = new Set<HubListener>();
  private stopped = false;
  private ping: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private retryDelayMs = 100;

  constructor(private readonly url: string, readonly log: Logger, private readonly metrics: Metrics | null = null) {}

  async start(): Promise<void> {
    await this.connect();
    // A LISTEN connection only receives: a ping now and then proves it is alive, and a failed one reconnects.
    this.ping = setInterval(() => {
      const client = this.client;
      client?.query('SELECT 1').catch((error) => {
        this.log.warn({ err: error }, 'LISTEN connection failed its ping');
        this.reconnect(client);
      });
    }, PING_EVERY_MS);
    this.ping.unref();
  }

  listen(listener: HubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ping) clearInterval(this.ping);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.connecting ??= (async () => {
      // keepAlive: a half-open connection (a proxy's idle timeout, a failover) must end in an error, not silence.
      const client = new Client({ connectionString: this.url, application_name: 'crisis-desk-listen', keepAlive: true });
      client.on('notification', (message) => this.dispatch(message.channel, message.payload ?? ''));
      client.on('error', (error) => {
        this.log.warn({ err: error }, 'LISTEN connection failed');
        this.reconnect(client);
      });
      client.on('end', () => this.reconnect(client));
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}; LISTEN ${TOKENS_CHANNEL}; LISTEN ${REPLIES_CHANNEL}`);
      this.client = client;
      this.retryDelayMs = 100;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private reconnect(failed: Client): void {
    if (this.stopped || this.client !== failed) return;
    this.client = null;
    failed.end().catch(() => undefined);
    const retry = async (): Promise<void> => {
      if (this.stopped) return;
      try {
        await this.connect();
        this.log.info('LISTEN connection re-established; catching up from the tables');
        for (const listener of this.listeners) listener.onResync?.();
      } catch (error) {
        this.retryDelayMs = Math.min(this.retryDelayMs * 2, 5000);
        this.log.warn({ err: error, retryInMs: this.retryDelayMs }, 'LISTEN reconnect failed');
        setTimeout(retry, this.retryDelayMs).unref();
      }
    };
    setTimeout(retry, this.retryDelayMs).unref();
  }

  private dispatch(channel: string, payload: string): void {
    if (channel !== EVENTS_CHANNEL && channel !== TOKENS_CHANNEL && channel !== REPLIES_CHANNEL) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      this.log.warn({ channel, payload }, 'unreadable notification ignored');
      return;
    }
    if (channel === TOKENS_CHANNEL) {
      for (const listener of this.listeners) {
        try {
          listener.onTokenRevoked?.(parsed as TokenRevokedNotification);
        } catch (error) {
          this.log.error({ err: error }, 'listener failed on a token revocation');
        }
      }
      return;
    }
    if (channel === REPLIES_CHANNEL) {
      for (const listener of this.listeners) {
        try {
          listener.onReplyQueue?.(parsed as ReplyQueueNotification);
        } catch (error) {
          this.log.error({ err: error }, 'listener failed on a reply queue change');
        }
      }
      return;
    }
    const notification = parsed as EventsNotification;
    if (typeof notification.w === 'number') this.metrics?.notificationLag.observe(Metrics.secondsSince(notification.w));
    const dueAt = notification.d ? Date.parse(notification.d) : NaN;
    for (const listener of this.listeners) {
      try {
        listener.onEvents?.(notification);
        if (!Number.isNaN(dueAt)) listener.onTimers?.(dueAt);
      } catch (error) {
        this.log.error({ err: error }, 'subscriber failed on a notification');
      }
    }
  }
}

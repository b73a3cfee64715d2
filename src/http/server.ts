// The HTTP + WebSocket server of one process: Apollo on express 5, graphql-ws on the same port, health, drain.
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { specifiedRules, validate, type GraphQLFormattedError } from 'graphql';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { AuthService, type Viewer } from '../auth/auth.service';
import { hasRole } from '../auth/roles';
import { StatementService } from '../communications/statement.service';
import { ActionItemService } from '../communications/action-item.service';
import { ReplyService } from '../replies/reply.service';
import { ReviewService } from '../reviews/review.service';
import { keepKpisAtClose } from '../reviews/kpis';
import { crisisReportDownload } from '../reviews/report.http';
import { ReplyTemplateService } from '../replies/template.service';
import { CrisisService } from '../crisis/crisis.service';
import { PlaybookService } from '../playbooks/playbook.service';
import { MentionService } from '../mentions/mention.service';
import { DetectionService } from '../detection/detection.service';
import { AccountMetricsService } from '../audience/account-metrics.service';
import { RecoveryService } from '../recovery/recovery.service';
import { EventHub } from '../pubsub/hub';
import { TimerWorker } from '../timers/timer.worker';
import { idempotencyKeyPurge } from '../crisis/idempotency.purge';
import { webhookDeliveryPurge } from '../webhooks/delivery.purge';
import { RateLimit, rateLimitedError } from './rate-limit';
import { answerUnavailable, serviceUnavailablePlugin } from './unavailable';
import { poolOf } from '../db/transaction';
import { WebhookService } from '../webhooks/webhook.service';
import { WebhookWorker } from '../webhooks/webhook.worker';
import { Metrics, typeormPool } from '../metrics/metrics';
import { metricsPlugin } from '../metrics/apollo-plugin';
import { metricsEndpoint } from '../metrics/metrics.http';
import { explorerRoutes } from './explorer';
import { graphqlWebsockets } from './websocket';
import { buildCrisisSchema } from '../graphql/schema';
import { createContext, type Context, type Services } from '../graphql/context';
import { toClientError } from '../graphql/format-error';
import { isSchemaCurrent } from '../db/migrate';
import type { Database } from '../db/database';

export interface CrisisDeskServer {
  httpServer: Server;
  services: Services;
  timers: TimerWorker;
  /** The port actually bound (useful with PORT=0). */
  port: number;
  stop(): Promise<void>;
}

/**
 * Most tokens one document may have. Enforced by graphql-js's parser (`parseOptions`), not graphql-armor's
 * max-tokens plugin: that plugin parses in Apollo's parsingDidStart hook, outside Apollo's error handling,
 * so every syntax error (and the limit itself) came back as an HTTP 500.
 */
const MAX_TOKENS = 2000;

/** Limits on what one query may ask for; a query over them is refused with QUERY_TOO_COMPLEX. */
function armor() {
  return new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 20 },
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    costLimit: { maxCost: 20000 },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

/** Logs our own failures once with the request id, and puts that id into what the client sees. */
function requestIdPlugin(log: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (toClientError(error, contextValue.requestId).extensions?.code === 'INTERNAL_SERVER_ERROR') {
              log.error({ err: error.originalError ?? error, requestId: contextValue.requestId }, 'internal error');
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
            e.extensions?.code === 'INTERNAL_SERVER_ERROR' ? { ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } } : e,
          );
        },
      };
    },
  };
}

export async function startServer(config: Config, database: Database, log: Logger): Promise<CrisisDeskServer> {
  const schema = await buildCrisisSchema();
  const dataSource = database.dataSource;
  // This server's own registry (tests run several servers in one process): served at GET /metrics.
  const metrics = new Metrics({ defaultMetrics: true, pool: typeormPool(dataSource) });
  const hub = new EventHub(database.listenUrl, log, metrics);
  await hub.start();
  const playbooks = new PlaybookService(dataSource, config.slaDefaults);
  const crisis = new CrisisService(dataSource, playbooks, config.slaDefaults, Date.now, metrics);
  const auth = new AuthService(dataSource);
  const replyTemplates = new ReplyTemplateService(dataSource);
  const recovery = new RecoveryService(dataSource, crisis, playbooks, log);
  const detection = new DetectionService(dataSource, crisis, playbooks, log);
  const services: Services = {
    dataSource, auth, hub, config, playbooks, crisis, recovery, detection, metrics,
    mentions: new MentionService(dataSource, detection, Date.now, recovery, metrics, config.mentionRetentionDays),
    accountMetrics: new AccountMetricsService(dataSource, detection, log),
    statements: new StatementService(dataSource, crisis, playbooks),
    actionItems: new ActionItemService(dataSource, crisis),
    replies: new ReplyService(dataSource, crisis, replyTemplates, config.replyClaimSeconds),
    replyTemplates,
    reviews: new ReviewService(dataSource, crisis),
    webhooks: new WebhookService(dataSource, config.webhooks),
  };
  keepKpisAtClose(dataSource, crisis);
  const timers = new TimerWorker(services.crisis.timers, hub, log, config.timerMaxIdleMs);
  // Webhook deliveries from the outbox the timeline fills (src/webhooks/); every process sends.
  const webhookWorker = new WebhookWorker(dataSource, await services.webhooks.secrets(), hub, config.webhooks, log, {
    onOutcome: (o) => metrics.webhookDeliveries.inc({ result: o.result }),
    onQueueAge: (seconds) => metrics.webhookQueueAgeSeconds.set(seconds),
  });
  services.webhooks.onQueued = () => webhookWorker.poke();
  const keyPurge = idempotencyKeyPurge(dataSource, log, config.idempotencyKeyTtlSeconds);
  const deliveryPurge = webhookDeliveryPurge(dataSource, log, config.webhooks.retentionDays * 86400);
  const rateLimit = new RateLimit(config.rateLimitPerMinute, poolOf(dataSource), { named: !config.databaseListenUrl });

  const app = express();
  app.disable('x-powered-by');
  // Behind a proxy (docker/compose.yaml's nginx), the client's address comes from X-Forwarded-For.
  if (config.trustProxy !== null) app.set('trust proxy', config.trustProxy);
  const httpServer = createServer(app);
  let draining = false;

  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
      serializers: { req: (req) => ({ id: req.id, method: req.method, url: req.url }), res: (res) => ({ statusCode: res.statusCode }) },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Prometheus text format; behind METRICS_TOKEN when one is set (src/metrics/metrics.http.ts).
  app.get('/metrics', metricsEndpoint(metrics, config.metricsToken));
  app.get('/readyz', async (_req, res) => {
    try {
      if (draining) throw new Error('draining');
      await dataSource.query('SELECT 1');
      if (!(await isSchemaCurrent(dataSource))) throw new Error('migrations pending');
      res.json({ status: 'ready' });
    } catch (error) {
      // The detail is for the logs; an unauthenticated caller learns only which check failed.
      const reason = draining ? 'draining' : error instanceof Error && error.message === 'migrations pending' ? 'migrations pending' : 'database unavailable';
      if (reason === 'database unavailable') log.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', reason });
    }
  });
  // Before Apollo's /graphql: a browser's GET /graphql gets the explorer; / and /schema.graphql (src/http/explorer.ts).
  app.use(explorerRoutes(schema));

  const protection = armor();
  const validationRules = [...specifiedRules, ...(protection.validationRules ?? [])] as Parameters<typeof validate>[2];
  const websockets = graphqlWebsockets({ httpServer, schema, services, rateLimit, validationRules, maxTokens: MAX_TOKENS, log });
  hub.listen({
    // Every process's commits (with the version they reached) drop this process's outdated crisis snapshots.
    onEvents: (n) => n.v !== undefined && crisis.snapshots.announce(n.c, n.v),
    // A token revoked through any process stops working here at once.
    onTokenRevoked: (n) => {
      auth.markRevoked(n.t);
      websockets.closeSocketsOf(n.t);
    },
    // Notifications may have been missed: nothing remembered is trusted, and open websockets' tokens are checked again.
    onResync: () => {
      crisis.snapshots.clear();
      auth.forget();
      const tokenIds = websockets.tokenIds();
      auth.liveTokens(tokenIds).then(
        (live) => tokenIds.filter((id) => !live.has(id)).forEach(websockets.closeSocketsOf),
        (error) => log.warn({ err: error }, 'could not check open websockets after a resync'),
      );
    },
  });

  const apollo = new ApolloServer<Context>({
    schema,
    ...protection,
    parseOptions: { maxTokens: MAX_TOKENS },
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // The process owns its shutdown (main.ts): Apollo's own signal handlers would race it and re-raise SIGTERM.
    stopOnTerminationSignals: false,
    formatError: (formatted: GraphQLFormattedError, error: unknown) => toClientError(error, undefined, formatted),
    plugins: [
      ...protection.plugins,
      metricsPlugin(metrics),
      requestIdPlugin(log),
      serviceUnavailablePlugin(),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching of GraphQL answers here: the plugin's per-field hook only cost CPU (~1.5 % of a mutation).
      ApolloServerPluginCacheControlDisabled(),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await websockets.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // Anyone may send up to maxBodyBytes; tokens that write (RESPONDER, ADMIN) up to maxWriteBodyBytes, which a batch
  // of 5,000 mentions needs. The token is looked up once (cached) before the body is read.
  const readBody = express.json({ limit: config.maxBodyBytes });
  const readWriterBody = express.json({ limit: config.maxWriteBodyBytes });
  /**
   * Counts the request against its token (or its address) and looks the token up once: 429 over the limit, otherwise
   * `res.locals.viewer` (null without a valid token) for what follows. /graphql and /reports go through it.
   */
  const admitRequest = (req: Request, res: Response, next: NextFunction) => {
    const admit = async () => {
      // Counted before the body is read: a refused request costs no parsing. A token this process does not know
      // yet costs a database lookup, so such requests count against their address first: a flood of made-up
      // tokens is stopped before it reaches the database.
      const address = `address:${req.ip}`;
      const known = auth.isCached(req.headers.authorization);
      const limitedAddress = known ? null : await rateLimit.take(address);
      if (limitedAddress) return { viewer: null, limited: limitedAddress };
      const viewer = await auth.authenticate(req.headers.authorization);
      if (viewer) return { viewer, limited: await rateLimit.take(`token:${viewer.tokenId}`) };
      return { viewer, limited: known ? await rateLimit.take(address) : null }; // not counted twice
    };
    admit().then(({ viewer, limited }) => {
      if (limited) {
        res.setHeader('retry-after', String(limited.retryAfterSeconds));
        const { message, extensions } = rateLimitedError(limited);
        res.status(429).json({ errors: [{ message, extensions: { ...extensions, requestId: req.id } }] });
        return;
      }
      res.locals.viewer = viewer; // the request's context uses it: one lookup per request
      next();
    }).catch(next);
  };
  app.use(
    '/graphql',
    admitRequest,
    (req: Request, res: Response, next: NextFunction) => {
      const viewer = res.locals.viewer as Viewer | null;
      (viewer && hasRole(viewer.role, 'RESPONDER') ? readWriterBody : readBody)(req, res, next);
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => createContext(services, (res.locals.viewer as Viewer | null) ?? null, String(req.id), req.log ?? log),
    }),
  );

  // The crisis report as a download (reviews/report.http.ts), admitted like /graphql.
  app.get('/reports/:file', admitRequest, crisisReportDownload(services));

  // Bodies over the limit and unreadable JSON: answered in the GraphQL error shape, never with a stack.
  app.use((error: Error & { status?: number; type?: string }, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (answerUnavailable(error, req, res, log)) return;
    const status = error.status ?? 500;
    const code = error.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    const limit = (error as { limit?: number }).limit ?? config.maxBodyBytes;
    const message = code === 'PAYLOAD_TOO_LARGE' ? `request body over ${limit} bytes` : status < 500 ? error.message : 'internal server error';
    res.status(status).json({ errors: [{ message, extensions: { code, requestId: req.id } }] });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  timers.start();
  keyPurge.start();
  deliveryPurge.start();
  services.mentions.partitions.start(log);
  webhookWorker.start();
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;

  let stopping: Promise<void> | null = null;
  return {
    httpServer,
    services,
    timers,
    port,
    stop() {
      stopping ??= (async () => {
        draining = true;
        await timers.stop();
        await keyPurge.stop();
        await deliveryPurge.stop();
        await services.mentions.partitions.stop();
        await webhookWorker.stop();
        await apollo.stop(); // stops accepting, waits for requests in flight, closes websockets
        websockets.close();
        await hub.stop();
      })();
      return stopping;
    },
  };
}


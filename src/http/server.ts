// The HTTP + WebSocket server of one process: Apollo on express 5, graphql-ws on the same port, health, drain.
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { validate, type GraphQLFormattedError } from 'graphql';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { AuthService, type Viewer } from '../auth/auth.service';
import { CrisisService } from '../crisis/crisis.service';
import { EventHub } from '../pubsub/hub';
import { TimerWorker } from '../timers/timer.worker';
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

const WS_PATH = '/graphql';

/** Limits on what one query may ask for; a query over them is refused with QUERY_TOO_COMPLEX. */
function armor() {
  return new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 20 },
    maxTokens: { n: 2000 },
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
  const hub = new EventHub(database.url, log);
  await hub.start();
  const services: Services = { dataSource, hub, config, crisis: new CrisisService(dataSource, config.slaDefaults) };
  const auth = new AuthService(dataSource);
  const timers = new TimerWorker(services.crisis, hub, log, config.timerMaxIdleMs);

  const app = express();
  app.disable('x-powered-by');
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
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      serializers: { req: (req) => ({ id: req.id, method: req.method, url: req.url }), res: (res) => ({ statusCode: res.statusCode }) },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      if (draining) throw new Error('draining');
      await dataSource.query('SELECT 1');
      if (!(await isSchemaCurrent(dataSource))) throw new Error('migrations pending');
      res.json({ status: 'ready' });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: error instanceof Error ? error.message : String(error) });
    }
  });

  // WebSocket: graphql-transport-ws on the same port; the token comes in connection_init.
  const wsServer = new WebSocketServer({ server: httpServer, path: WS_PATH });
  const protection = armor();
  const wsCleanup = useServer<{ authorization?: string }, { viewer?: Viewer }>(
    {
      schema,
      connectionInitWaitTimeout: 3000,
      onConnect: async (ctx) => {
        const viewer = await auth.authenticate(ctx.connectionParams?.authorization);
        if (!viewer) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.viewer = viewer;
        return true;
      },
      context: (ctx) => createContext(services, ctx.extra.viewer ?? null, randomUUID(), log),
      validate: (s, document) => validate(s, document, [...(protection.validationRules ?? [])] as never),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => toClientError(e, undefined)) as never,
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    ...protection,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted: GraphQLFormattedError, error: unknown) => toClientError(error, undefined, formatted),
    plugins: [
      ...protection.plugins,
      requestIdPlugin(log),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      ApolloServerPluginLandingPageDisabled(),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: config.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const viewer = await auth.authenticate(req.headers.authorization);
        return createContext(services, viewer, String(req.id), req.log ?? log);
      },
    }),
  );

  // Bodies over the limit and unreadable JSON: answered in the GraphQL error shape, never with a stack.
  app.use((error: Error & { status?: number; type?: string }, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error.status ?? 500;
    const code = error.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    const message = code === 'PAYLOAD_TOO_LARGE' ? `request body over ${config.maxBodyBytes} bytes` : status < 500 ? error.message : 'internal server error';
    res.status(status).json({ errors: [{ message, extensions: { code, requestId: req.id } }] });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  timers.start();
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
        await apollo.stop(); // stops accepting, waits for requests in flight, closes websockets
        wsServer.close();
        await hub.stop();
      })();
      return stopping;
    },
  };
}


// GraphQL over websockets (graphql-transport-ws, graphql-ws's server) on the HTTP server's port: the token comes in
// connection_init; documents are parsed and validated with the same limits as over HTTP; operations are counted; the
// open sockets are kept per token, so a revoked token's can be closed.
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, getOperationAST, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Viewer } from '../auth/auth.service';
import { outcomeOf } from '../metrics/apollo-plugin';
import { createContext, type Context, type Services } from '../graphql/context';
import { toClientError } from '../graphql/format-error';
import { sharedSubscribe } from '../graphql/shared-subscribe';
import { rateLimitedError, type RateLimit } from './rate-limit';

const WS_PATH = '/graphql';

export interface GraphqlWebsockets {
  /** Closes a revoked token's open websockets (4403). */
  closeSocketsOf(tokenId: string): void;
  /** The tokens that have open websockets here. */
  tokenIds(): string[];
  /** Completes every subscription and closes every socket (graphql-ws's own shutdown). */
  dispose(): Promise<void>;
  /** Stops accepting websockets. */
  close(): void;
}

export function graphqlWebsockets(options: {
  httpServer: Server; schema: GraphQLSchema; services: Services; rateLimit: RateLimit;
  validationRules: Parameters<typeof validate>[2]; maxTokens: number; log: Logger;
}): GraphqlWebsockets {
  const { httpServer, schema, services, rateLimit, validationRules, maxTokens, log } = options;
  /** Open websockets per token id: a revoked token's are closed. */
  const socketsByToken = new Map<string, Set<WebSocket>>();
  // Messages are held to the HTTP body limit: ws would otherwise parse up to 100 MiB before authentication.
  const wsServer = new WebSocketServer({ server: httpServer, path: WS_PATH, maxPayload: services.config.maxBodyBytes });
  /** Coded like Apollo codes them over HTTP; errors that already carry a code (armor's limits) keep it. */
  const withCode = (error: GraphQLError, code: string) =>
    error.extensions.code ? error : new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
  const cleanup = useServer<{ authorization?: string }, { viewer?: Viewer }>(
    {
      schema,
      connectionInitWaitTimeout: 3000,
      onConnect: async (ctx) => {
        const viewer = await services.auth.authenticate(ctx.connectionParams?.authorization);
        if (!viewer) return false; // graphql-ws closes with 4403 Forbidden
        // The client may have gone, or the token been revoked, while it was looked up: then nothing to register.
        if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN || services.auth.isRevoked(viewer.tokenId)) return false;
        ctx.extra.viewer = viewer;
        const sockets = socketsByToken.get(viewer.tokenId) ?? new Set();
        socketsByToken.set(viewer.tokenId, sockets.add(ctx.extra.socket));
        services.metrics.websocketConnections.inc();
        return true;
      },
      onClose: (ctx) => {
        if (ctx.extra.viewer) services.metrics.websocketConnections.dec(); // set only where onConnect counted it
        const tokenId = ctx.extra.viewer?.tokenId;
        const sockets = tokenId ? socketsByToken.get(tokenId) : undefined;
        sockets?.delete(ctx.extra.socket);
        if (tokenId && sockets?.size === 0) socketsByToken.delete(tokenId);
      },
      // Parsed and validated here rather than by graphql-ws: with the token limit and the spec's rules plus the
      // limits (a `validate` option replaces the spec's rules), and a syntax error answered as an error message
      // instead of graphql-ws closing the whole socket with 4500.
      onSubscribe: async (ctx, _id, payload) => {
        // Each subscription counts as a request of its token (a replay from a cursor reads the table).
        const refused = (errors: GraphQLError[], type = 'unknown') => {
          services.metrics.websocketOperations.inc({ operation: services.metrics.operationLabel(payload.operationName), operation_type: type, outcome: outcomeOf(errors) });
          return errors;
        };
        const limited = ctx.extra.viewer ? await rateLimit.take(`token:${ctx.extra.viewer.tokenId}`) : null;
        if (limited) return refused([rateLimitedError(limited)]);
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens });
        } catch (error) {
          return refused([error instanceof GraphQLError ? withCode(error, 'GRAPHQL_PARSE_FAILED') : new GraphQLError('unreadable query', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
        }
        const errors = validate(schema, document, validationRules);
        const operation = getOperationAST(document, payload.operationName);
        if (errors.length) return refused(errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED')), operation?.operation);
        if (operation) services.metrics.websocketSubscriptions.inc(); // graphql-ws runs it; onComplete ends it
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      // Counted once it has run (a subscription's stream opened, or a query's result; errors by their first code).
      onOperation: async (_ctx, _id, payload, args, result) => {
        const settled = await result;
        const errors = Symbol.asyncIterator in settled ? undefined : settled.errors;
        const operation = getOperationAST(args.document, args.operationName);
        services.metrics.websocketOperations.inc({
          operation: services.metrics.operationLabel(payload.operationName ?? operation?.name?.value),
          operation_type: operation?.operation ?? 'unknown',
          outcome: outcomeOf(errors?.map((e) => toClientError(e, undefined))),
        });
      },
      onComplete: () => void services.metrics.websocketSubscriptions.dec(),
      context: (ctx) => createContext(services, ctx.extra.viewer ?? null, randomUUID(), log),
      // One execution per event and token, shared by that token's subscribers (graphql/shared-subscribe.ts).
      subscribe: sharedSubscribe,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => toClientError(e, undefined)) as never,
      // Results' errors get what HTTP errors get: our codes kept, internal ones logged and masked with the request id.
      onNext: (_ctx, _id, _payload, args, result) => {
        if (!result.errors?.length) return;
        const requestId = (args.contextValue as Context | undefined)?.requestId;
        const errors = result.errors.map((error) => {
          const client = toClientError(error, requestId);
          if (client.extensions?.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error.originalError ?? error, requestId }, 'internal error');
          return client;
        });
        return { ...result, errors };
      },
    },
    wsServer,
  );
  return {
    closeSocketsOf(tokenId) {
      for (const socket of socketsByToken.get(tokenId) ?? []) socket.close(4403, 'Forbidden: token revoked');
      socketsByToken.delete(tokenId);
    },
    tokenIds: () => [...socketsByToken.keys()],
    dispose: async () => {
      await cleanup.dispose();
    },
    close: () => wsServer.close(),
  };
}

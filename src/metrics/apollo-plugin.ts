// An Apollo plugin that counts and times GraphQL requests over HTTP, with low-cardinality labels only.
import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from './metrics';

/** Error codes become labels as they are when they look like ours (they are, after formatError); anything else is "other". */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

/** The request's outcome: "ok", or the code of its first error. */
export function outcomeOf(errors: ReadonlyArray<{ extensions?: Record<string, unknown> }> | undefined): string {
  if (!errors?.length) return 'ok';
  const code = errors[0].extensions?.code;
  return typeof code === 'string' && ERROR_CODE.test(code) ? code : 'other';
}

export function metricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operation, operationName, request }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const labels = {
            // A request that did not parse has no operation: the name the client gave still labels it (bounded).
            operation: metrics.operationLabel(operationName ?? request.operationName),
            operation_type: operation?.operation ?? 'unknown',
          };
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          metrics.graphqlRequests.inc({ ...labels, outcome: outcomeOf(errors) });
          metrics.graphqlRequestDuration.observe(labels, seconds);
        },
      };
    },
  };
}

// The browser's way in: a GraphiQL explorer (ruru) at GET /graphql, its assets, a front page at / and the printed schema, all served offline.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { Router, type Request, type Response } from 'express';
import { printSchema, type GraphQLSchema } from 'graphql';
import { ruruHTML, type RuruClientConfig } from 'ruru/server';

/** ruru's version is in the asset path, so a new version is a new URL and its assets may be cached for a year. */
const RURU_ROOT = path.join(path.dirname(require.resolve('ruru')), '..');
const RURU_VERSION = (JSON.parse(readFileSync(path.join(RURU_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const RURU_STATIC = path.join(RURU_ROOT, 'static');
export const EXPLORER_ASSETS = `/graphql/explorer/${RURU_VERSION}/`;

const NONCE = '{{nonce}}';

/**
 * GraphiQL (and Monaco, emotion) write inline styles, so styles are 'unsafe-inline'; ruru's inline scripts carry the
 * request's nonce. The websocket is the page's own host: 'self' covers ws(s) only in recent browsers, hence ws: wss:.
 */
const explorerPolicy = (nonce: string) =>
  [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self'",
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

const DEFAULT_QUERY = `# Crisis Desk explorer. Paste a token in Headers:
#   {"authorization": "Bearer cd_..."}
# Docs: the book icon. Subscriptions run too.
{
  brands {
    id
    name
  }
}
`;

// Partial, then cast: ruru-types picks these from graphiql's props, which resolve to `any` here and so come out all required.
const clientConfig: Partial<RuruClientConfig> = { debugTools: [], defaultQuery: DEFAULT_QUERY, isHeadersEditorEnabled: true };

/**
 * Runs before GraphiQL: what it writes to localStorage (tabs, history) keeps no request headers, so a pasted token
 * lives in the page only and is gone on reload — a shared machine keeps no token behind.
 */
const FORGET_HEADERS = `<script nonce="${NONCE}">(function () {
  var setItem = Storage.prototype.setItem;
  function scrub(value) {
    if (Array.isArray(value)) return value.map(scrub);
    if (value && typeof value === 'object') {
      var out = {};
      for (var key in value) out[key] = key === 'headers' && typeof value[key] === 'string' ? '' : scrub(value[key]);
      return out;
    }
    return value;
  }
  Storage.prototype.setItem = function (key, value) {
    if (typeof key === 'string' && key.indexOf('graphiql:') === 0) {
      if (key === 'graphiql:headers') return;
      try { value = JSON.stringify(scrub(JSON.parse(value))); } catch (e) { /* not JSON: kept as it is */ }
    }
    return setItem.call(this, key, value);
  };
})();</script>`;

/** Built once with a placeholder; each request gets its own nonce. No token, no host: the page derives ws(s)://host/graphql itself. */
const explorerPage = ruruHTML({
  staticPath: EXPLORER_ASSETS,
  endpoint: '/graphql',
  clientConfig: clientConfig as RuruClientConfig,
  htmlParts: {
    titleTag: '<title>Crisis Desk — GraphQL explorer</title>',
    ...Object.fromEntries(
      (['configScript', 'headerScripts', 'bodyScripts', 'bodyInitScript'] as const).map((part) => [part, (original: string) => original.replaceAll('<script', `<script nonce="${NONCE}"`)]),
    ),
    headerScripts: (original: string) => FORGET_HEADERS + original.replaceAll('<script', `<script nonce="${NONCE}"`),
  },
});

const FRONT_STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em}code{font-size:.9em}';
const frontPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Crisis Desk</title>
<style>${FRONT_STYLE}</style>
</head>
<body>
<h1>Crisis Desk</h1>
<p>A GraphQL API that runs a company's social-media crises.</p>
<ul>
<li><a href="/graphql">Explorer</a>: query the API in the browser; paste a token as <code>{"authorization": "Bearer cd_..."}</code> under Headers.</li>
<li><a href="/schema.graphql">Schema</a>: the GraphQL schema this server runs.</li>
<li><a href="/healthz">/healthz</a>: the process is up.</li>
<li><a href="/readyz">/readyz</a>: the database answers and no migration is pending.</li>
<li><a href="/metrics">/metrics</a>: Prometheus metrics (behind <code>METRICS_TOKEN</code> when it is set).</li>
</ul>
</body>
</html>
`;
const frontPolicy = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(FRONT_STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

function sendPage(res: Response, html: string, policy: string) {
  res
    .set({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': policy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    })
    .send(html);
}

// A browser asks for HTML first; curl, Apollo clients and `Accept: */*` go on to Apollo exactly as before.
const wantsHtml = (req: Request) => req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';

/** Routes to mount before the /graphql Apollo middleware (which would otherwise answer GET /graphql and its sub-paths). */
export function explorerRoutes(schema: GraphQLSchema): Router {
  const router = Router();
  let printed: string | null = null;

  router.get('/', (_req, res) => sendPage(res, frontPage, frontPolicy));

  // The running schema itself, printed like schema/schema.graphql (graphql/schema.ts printCrisisSchema): it cannot drift.
  router.get('/schema.graphql', (_req, res) => {
    printed ??= `${printSchema(schema)}\n`;
    res.set({ 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).send(printed);
  });

  router.get('/graphql', (req, res, next) => {
    if (!wantsHtml(req)) return next();
    res.vary('Accept');
    const nonce = randomBytes(16).toString('base64');
    sendPage(res, explorerPage.replaceAll(NONCE, nonce), explorerPolicy(nonce));
  });

  // ruru's published static/ folder as it is on disk (node_modules/ruru/static). Not ruru's own serveStatic: it loads
  // its bundle with a dynamic import() that Jest's module sandbox refuses, so tests could not exercise it.
  // Source maps (37 MB of the folder) are not served.
  const notFound = (_req: Request, res: Response) => void res.status(404).type('text/plain').send('not found');
  // Compressed on the way (gzip/brotli as the browser asks): the bundle is 7.7 MB as files, about a quarter of
  // that on the wire; a browser keeps it a year (immutable), so a process compresses it once per new browser.
  router.use(
    EXPLORER_ASSETS,
    (req, res, next) => (req.path.endsWith('.map') ? notFound(req, res) : next()),
    compression(),
    express.static(RURU_STATIC, {
      immutable: true,
      maxAge: '365d',
      index: false,
      redirect: false,
      setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff'),
    }),
  );
  // Anything else under the asset path is ours to refuse, not Apollo's.
  router.use('/graphql/explorer', notFound);
  return router;
}

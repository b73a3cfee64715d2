// The wire protocols over real HTTP and websockets: GraphQL-over-HTTP audit, abuse limits, CSRF, no stacks, request ids, graphql-ws close codes, health.
import WebSocket from 'ws';
import { auditServer } from 'graphql-http';
import { createHarness, eventually, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis } from '../factories';
import { Client as PgClient } from 'pg';

let harness: Harness;
/** Started with NODE_ENV=development, where libraries are most inclined to show stacks. */
let server: TestServer;
let admin: string;
let responder: string;
let viewer: string;
let brandId: string;

/** Starts a server with NODE_ENV set as given while it is built (Apollo, express and graphql-ws read it then). */
async function startWithNodeEnv(nodeEnv: string, production: boolean): Promise<TestServer> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = nodeEnv;
  try {
    return await harness.start({ production });
  } finally {
    process.env.NODE_ENV = previous;
  }
}

beforeAll(async () => {
  harness = await createHarness();
  server = await startWithNodeEnv('development', false);
  admin = await harness.token('acme', 'ADMIN');
  responder = await harness.token('acme', 'RESPONDER');
  viewer = await harness.token('acme', 'VIEWER');
  brandId = (await createBrand(server, admin, 'Acme')).id;
});

afterAll(() => harness.close());

// ---------------------------------------------------------------------------------------------
// HTTP helpers: every response read here is checked for stack traces.

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

function assertNoStack(text: string, where: string): void {
  if (/stacktrace/i.test(text) || text.includes('    at ')) throw new Error(`${where} answered with a stack trace: ${text.slice(0, 600)}`);
}

async function request(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, init);
  const text = await res.text();
  assertNoStack(text, `${init.method ?? 'GET'} ${url}`);
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

function post(target: TestServer, payload: unknown, options: { token?: string | null; headers?: Record<string, string>; raw?: string } = {}) {
  return request(target.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.raw ?? JSON.stringify(payload),
  });
}

function gql(token: string | null, query: string, variables?: Record<string, unknown>, target: TestServer = server) {
  return post(target, { query, variables }, { token });
}

function getUrl(target: TestServer, query: string): string {
  const url = new URL(target.url);
  url.searchParams.set('query', query);
  return url.toString();
}

const origin = (target: TestServer) => target.url.replace(/\/graphql$/, '');

async function brandNames(token: string = viewer): Promise<string[]> {
  const res = await gql(token, `{ brands { name } }`);
  return res.body.data.brands.map((b: { name: string }) => b.name);
}

/** Makes every SQL statement matching `pattern` fail (on any connection of this test process) until the returned function is called. */
function failQueries(_target: TestServer, pattern: RegExp): () => void {
  const original = PgClient.prototype.query;
  const spy = jest.spyOn(PgClient.prototype, 'query').mockImplementation(function (this: PgClient, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const sql = typeof first === 'string' ? first : (first?.text ?? '');
    if (pattern.test(sql)) {
      return Promise.reject(new Error('connection to 10.1.2.3 lost: secret-password\n    at Pool.connect (/app/node_modules/pg-pool/index.js:45:11)'));
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as never);
  return () => spy.mockRestore();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// ---------------------------------------------------------------------------------------------
// WebSocket helpers: raw graphql-transport-ws, so close codes are seen exactly.

const openSockets = new Set<WebSocket>();

afterEach(() => {
  for (const socket of openSockets) socket.terminate();
  openSockets.clear();
});

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

interface RawSocket {
  socket: WebSocket;
  inbox: any[];
  send(message: unknown): void;
  /** The next message not yet taken, within `ms`. */
  next(ms?: number): Promise<any>;
  closed(ms?: number): Promise<{ code: number; reason: string }>;
}

async function rawSocket(target: TestServer = server): Promise<RawSocket> {
  const socket = new WebSocket(target.wsUrl, 'graphql-transport-ws');
  openSockets.add(socket);
  const inbox: any[] = [];
  let taken = 0;
  let wake: () => void = () => undefined;
  const texts: string[] = [];
  socket.on('message', (data) => {
    texts.push(String(data));
    inbox.push(JSON.parse(String(data)));
    wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      wake();
    });
  }).then((close) => {
    assertNoStack(close.reason, 'a websocket close reason');
    return close;
  });
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    }),
    5000,
    'the websocket to open',
  );
  expect(socket.protocol).toBe('graphql-transport-ws');
  return {
    socket,
    inbox,
    send: (message) => socket.send(JSON.stringify(message)),
    next(ms = 5000) {
      return within(
        new Promise<any>((resolve, reject) => {
          const check = () => {
            if (inbox.length > taken) {
              try {
                assertNoStack(texts[taken], 'a websocket message');
                resolve(inbox[taken++]);
              } catch (error) {
                reject(error);
              }
            }
            else if (socket.readyState === WebSocket.CLOSED) reject(new Error('the socket closed before the next message'));
            else return;
            wake = () => undefined; // settled: later messages wait for the next call
          };
          wake = check;
          check();
        }),
        ms,
        `websocket message #${taken + 1} (so far: ${JSON.stringify(inbox).slice(0, 500)})`,
      );
    },
    closed: (ms = 5000) => within(closed, ms, 'the websocket to close'),
  };
}

async function acknowledged(token: string, target: TestServer = server): Promise<RawSocket> {
  const raw = await rawSocket(target);
  raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
  expect(await raw.next()).toEqual({ type: 'connection_ack' });
  return raw;
}

// ---------------------------------------------------------------------------------------------

describe('GraphQL over HTTP', () => {
  test('the server passes every MUST audit of the GraphQL-over-HTTP spec, and no audit response carries a stack', async () => {
    const bodies: string[] = [];
    const fetchFn = async (input: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${viewer}`);
      // CSRF prevention asks GETs for a header no browser form can set.
      if ((init.method ?? 'GET').toUpperCase() === 'GET') headers.set('apollo-require-preflight', 'true');
      const res = await fetch(input, { ...init, headers });
      bodies.push(await res.clone().text());
      return res;
    };
    const results = await auditServer({ url: server.url, fetchFn });
    const must = results.filter((r) => r.name.startsWith('MUST'));
    expect(must.length).toBeGreaterThanOrEqual(10);
    const failing = results
      .filter((r) => r.status === 'error' || (r.name.startsWith('MUST') && r.status !== 'ok'))
      .map((r) => `${r.id} ${r.name}: ${r.status !== 'ok' ? r.reason : ''}`);
    expect(failing).toEqual([]);
    // SHOULDs left, all Apollo's choice of 400 for request errors under application/json: 572B, FDE2, 7B9B.
    bodies.forEach((body, i) => assertNoStack(body, `audit request ${i}`));
  });

  test('a document that does not parse is a 400 GRAPHQL_PARSE_FAILED, in either response media type, without data', async () => {
    const json = await post(server, { query: '{ brands { ' }, { token: viewer, headers: { accept: 'application/json' } });
    expect(json.status).toBe(400);
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(json.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(json.body).not.toHaveProperty('data');

    const graphqlResponse = await post(server, { query: '{ 8f31 }' }, { token: viewer, headers: { accept: 'application/graphql-response+json' } });
    expect(graphqlResponse.status).toBe(400);
    expect(graphqlResponse.headers.get('content-type')).toContain('application/graphql-response+json');
    expect(graphqlResponse.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(graphqlResponse.body).not.toHaveProperty('data');
  });

  test('content negotiation: graphql-response+json is answered in kind, application/json and */* as application/json', async () => {
    for (const [accept, type] of [
      ['application/graphql-response+json', 'application/graphql-response+json'],
      ['application/json', 'application/json'],
      ['*/*', 'application/json'],
    ]) {
      const res = await post(server, { query: '{ brands { name } }' }, { token: viewer, headers: { accept } });
      expect({ accept, status: res.status, type: res.headers.get('content-type')?.split(';')[0] }).toEqual({ accept, status: 200, type });
      expect(res.body.data.brands).toContainEqual({ name: 'Acme' });
    }
  });
});

describe('abuse limits', () => {
  /** `__type { fields { type { ofType… { name } } } } }`: depth 4 + the number of ofType levels. */
  const deep = (ofTypes: number) => `{ __type(name: "Query") { fields { type { ${'ofType { '.repeat(ofTypes)}name${' }'.repeat(ofTypes)} } } } }`;

  test('a query one level deeper than the limit of 12 is QUERY_TOO_COMPLEX; one at the limit runs', async () => {
    const atLimit = await gql(viewer, deep(8));
    expect(atLimit.body.errors).toBeUndefined();
    expect(atLimit.body.data.__type.fields.length).toBeGreaterThan(0);
    const tooDeep = await gql(viewer, deep(9));
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.data).toBeUndefined();
    expect(tooDeep.body.errors[0]).toMatchObject({ message: expect.stringContaining('depth'), extensions: { code: 'QUERY_TOO_COMPLEX' } });
  });

  test('more than 20 aliases is QUERY_TOO_COMPLEX; 20 run', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `b${i}: brands { name }`).join(' ')} }`;
    const twenty = await gql(viewer, aliases(20));
    expect(twenty.body.errors).toBeUndefined();
    expect(Object.keys(twenty.body.data)).toHaveLength(20);
    const many = await gql(viewer, aliases(21));
    expect(many.status).toBe(400);
    expect(many.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  test('a document of more than 2000 tokens is refused as QUERY_TOO_COMPLEX with a 400, not a server error', async () => {
    const res = await gql(viewer, `{ ${'__typename '.repeat(2001)}}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  test('a body over 1 MiB is a 413 PAYLOAD_TOO_LARGE in the GraphQL error shape', async () => {
    const res = await post(server, { query: '{ brands { name } }', variables: { pad: 'x'.repeat(1024 * 1024) } }, { token: viewer });
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('a variable with more than 50 invalid values (graphql-js stops counting) is a 400 of BAD_USER_INPUT throughout, not an internal error', async () => {
    const res = await gql(responder, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`, { m: Array.from({ length: 60 }, () => ({})) });
    expect(res.status).toBe(400);
    expect(res.body.errors.length).toBeGreaterThan(50);
    expect(new Set(res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(res.body.errors.at(-1).message).toMatch(/error limit reached/);
  });

  test('first: 201 on crises is BAD_USER_INPUT naming the field', async () => {
    const res = await gql(viewer, `{ crises(first: 201) { totalCount } }`);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(res.body.data).toBeNull();
  });

  test('misspelled fields, arguments and enum values are refused without suggesting the right names', async () => {
    const cases: Array<[string, Record<string, unknown> | undefined, string]> = [
      [`{ brandz { id } }`, undefined, 'Cannot query field "brandz"'],
      [`{ brands { nam } }`, undefined, 'Cannot query field "nam"'],
      [`{ crises(frist: 2) { totalCount } }`, undefined, 'Unknown argument "frist"'],
      [`{ crises(filter: { severities: [CRITICALL] }) { totalCount } }`, undefined, 'CRITICALL'],
      [`query($s: [Severity!]) { crises(filter: { severities: $s }) { totalCount } }`, { s: ['CRITICALL'] }, 'CRITICALL'],
    ];
    for (const [query, variables, expected] of cases) {
      const res = await gql(viewer, query, variables);
      expect(res.status).toBe(400);
      const message: string = res.body.errors[0].message;
      expect(message).toContain(expected);
      expect(message).not.toMatch(/did you mean|suggestion|"brands"|"name"|"first"|"CRITICAL"/i);
    }
  });
});

describe('CSRF prevention', () => {
  const mutation = (name: string) => `mutation { createBrand(input: { name: "${name}" }) { id } }`;

  test('a mutation over GET is refused, with or without the preflight header, and creates nothing', async () => {
    const plain = await request(getUrl(server, mutation('Via GET')), { headers: { authorization: `Bearer ${admin}` } });
    expect(plain.status).toBeGreaterThanOrEqual(400);
    expect(plain.status).toBeLessThan(500);
    const preflighted = await request(getUrl(server, mutation('Via GET preflighted')), {
      headers: { authorization: `Bearer ${admin}`, 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(405);
    expect(await brandNames()).toEqual(expect.not.arrayContaining(['Via GET', 'Via GET preflighted']));
    // A query over GET with the header works, so the refusal above is about the mutation.
    const query = await request(getUrl(server, '{ brands { name } }'), { headers: { authorization: `Bearer ${viewer}`, 'apollo-require-preflight': 'true' } });
    expect(query.status).toBe(200);
  });

  test('POSTs in the content types a form can send are refused and create nothing', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await post(server, { query: mutation(`Via ${contentType}`) }, { token: admin, headers: { 'content-type': contentType } });
      expect({ contentType, refused: res.status >= 400 && res.status < 500 }).toEqual({ contentType, refused: true });
    }
    expect((await brandNames()).filter((n) => n.startsWith('Via '))).toEqual([]);
  });
});

describe('no stack traces', () => {
  /** Requests that go wrong in every way a client can make them go wrong; each must answer without a stack. */
  async function badRequests(target: TestServer): Promise<Array<{ label: string; reply: Reply }>> {
    const crisisQuery = `query($id: ID!) { crisis(id: $id) { id } }`;
    const mutation = `mutation { createBrand(input: { name: "never" }) { id } }`;
    const cases: Array<[string, () => Promise<Reply>]> = [
      ['parse error', () => gql(viewer, '{ brands {', undefined, target)],
      ['unknown field', () => gql(viewer, '{ nope }', undefined, target)],
      ['bad variable', () => gql(viewer, 'query($n: Int) { crises(first: $n) { totalCount } }', { n: 'many' }, target)],
      ['no token', () => gql(null, '{ brands { name } }', undefined, target)],
      ['bogus token', () => gql('cd_bogus', '{ brands { name } }', undefined, target)],
      ['forbidden', () => gql(viewer, mutation, undefined, target)],
      ['bad input', () => gql(viewer, '{ crises(after: "garbage") { totalCount } }', undefined, target)],
      ['not found', () => gql(responder, `mutation { sendCrisisEvent(input: { crisisId: "Q3Jpc2lzOjA=", type: ACKNOWLEDGE }) { id } }`, undefined, target)],
      ['missing variable', () => gql(viewer, crisisQuery, {}, target)],
      ['too deep', () => gql(viewer, `{ __type(name: "Query") { fields { type { ${'ofType { '.repeat(12)}name${' }'.repeat(12)} } } } }`, undefined, target)],
      ['unreadable JSON', () => post(target, null, { token: viewer, raw: '{"query": ' })],
      ['JSON that is not an object', () => post(target, null, { token: viewer, raw: '[1, 2' })],
      ['query not a string', () => post(target, { query: 42 }, { token: viewer })],
      ['too large', () => post(target, { query: 'x'.repeat(1024 * 1024 + 1) }, { token: viewer })],
      ['csrf', () => post(target, { query: '{ brands { name } }' }, { token: viewer, headers: { 'content-type': 'text/plain' } })],
      ['PUT', () => request(target.url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })],
      ['unknown path', () => request(`${origin(target)}/nope`)],
    ];
    const replies: Array<{ label: string; reply: Reply }> = [];
    for (const [label, run] of cases) replies.push({ label, reply: await run() });
    return replies;
  }

  function expectCodedErrors(replies: Array<{ label: string; reply: Reply }>): void {
    for (const { label, reply } of replies) {
      if (label === 'unknown path') {
        expect(reply.status).toBe(404);
        continue;
      }
      const codes = (reply.body?.errors ?? []).map((e: { extensions?: { code?: unknown } }) => typeof e.extensions?.code);
      expect({ label, hasErrors: codes.length > 0, everyErrorCoded: codes.every((c: string) => c === 'string') }).toEqual({
        label,
        hasErrors: true,
        everyErrorCoded: true,
      });
    }
  }

  test('client mistakes of every kind answer with coded errors and no stack (NODE_ENV=development)', async () => {
    expectCodedErrors(await badRequests(server));
  });

  test('an internal failure reaches the client as INTERNAL_SERVER_ERROR with the request id, masked, no stack', async () => {
    const restore = failQueries(server, /FROM brand WHERE organization_id/);
    try {
      const res = await post(server, { query: '{ brands { name } }' }, { token: viewer, headers: { 'x-request-id': 'internal-1' } });
      expect(res.headers.get('x-request-id')).toBe('internal-1');
      expect(res.body.errors).toEqual([expect.objectContaining({ message: 'internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'internal-1' } })]);
      expect(res.text).not.toMatch(/10\.1\.2\.3|secret-password|pg-pool/);
    } finally {
      restore();
    }
  });

  test('with the production configuration too, errors carry codes and never a stack', async () => {
    const production = await startWithNodeEnv('production', true);
    try {
      expectCodedErrors(await badRequests(production));
      const restore = failQueries(production, /FROM brand WHERE organization_id/);
      try {
        const res = await gql(viewer, '{ brands { name } }', undefined, production);
        expect(res.body.errors[0]).toEqual(expect.objectContaining({ message: 'internal server error', extensions: expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' }) }));
        expect(res.body.errors[0].extensions.requestId).toBe(res.headers.get('x-request-id'));
      } finally {
        restore();
      }
    } finally {
      await production.stop();
    }
  });

  test('over websockets, invalid and failing subscriptions get coded error messages without stacks or internals, and the socket stays up', async () => {
    const crisis = await declareCrisis(server, responder, brandId);
    const raw = await acknowledged(viewer);
    raw.send({ id: 'misspelled', type: 'subscribe', payload: { query: 'subscription { crisisStateChangd { type } }' } });
    const misspelled = await raw.next();
    expect(misspelled).toMatchObject({ id: 'misspelled', type: 'error' });
    expect(misspelled.payload[0].message).toContain('crisisStateChangd');
    expect(misspelled.payload[0].message).not.toMatch(/did you mean|suggestion|"crisisStateChanged"/i);
    expect(typeof misspelled.payload[0].extensions?.code).toBe('string');

    raw.send({ id: 'unparsable', type: 'subscribe', payload: { query: 'subscription {' } });
    const unparsable = await raw.next();
    expect(unparsable).toMatchObject({ id: 'unparsable', type: 'error', payload: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_PARSE_FAILED' }) })] });

    const restore = failQueries(server, /FROM crisis WHERE id = \$1/);
    try {
      raw.send({ id: 'failing', type: 'subscribe', payload: { query: 'subscription($id: ID!) { crisisEvents(crisisId: $id) { type } }', variables: { id: crisis.id } } });
      const failing = await raw.next();
      expect(failing.id).toBe('failing');
      const errors = failing.payload.errors ?? failing.payload;
      expect(errors[0]).toMatchObject({ message: 'internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.stringMatching(UUID) } });
      expect(JSON.stringify(failing)).not.toMatch(/10\.1\.2\.3|secret-password|pg-pool/);
    } finally {
      restore();
    }
    expect(raw.socket.readyState).toBe(WebSocket.OPEN);
  });
});

describe('request ids', () => {
  test('every response carries an x-request-id, a fresh UUID when none was given', async () => {
    const replies = [
      await gql(viewer, '{ brands { name } }'),
      await gql(viewer, '{ nope }'),
      await post(server, { query: 'x'.repeat(1024 * 1024 + 1) }, { token: viewer }),
      await request(`${origin(server)}/healthz`),
      await request(`${origin(server)}/readyz`),
    ];
    const ids = replies.map((r) => r.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('a well-formed x-request-id is echoed back, a malformed one is replaced', async () => {
    const given = await post(server, { query: '{ brands { name } }' }, { token: viewer, headers: { 'x-request-id': 'client-req.42_a' } });
    expect(given.headers.get('x-request-id')).toBe('client-req.42_a');
    const tooLarge = await post(server, { query: 'x'.repeat(1024 * 1024 + 1) }, { token: viewer, headers: { 'x-request-id': 'big-1' } });
    expect(tooLarge.headers.get('x-request-id')).toBe('big-1');
    expect(tooLarge.body.errors[0].extensions.requestId).toBe('big-1');
    for (const bad of ['has space', 'a'.repeat(101), 'semi;colon', '../etc/passwd']) {
      const res = await post(server, { query: '{ brands { name } }' }, { token: viewer, headers: { 'x-request-id': bad } });
      expect(res.headers.get('x-request-id')).toMatch(UUID);
    }
  });
});

describe('graphql-transport-ws', () => {
  const STATE_CHANGED = 'subscription($b: ID) { crisisStateChanged(brandId: $b) { type } }';

  test('connection_init without a token, with an empty payload or with a bad token is closed with 4403', async () => {
    for (const init of [
      { type: 'connection_init' },
      { type: 'connection_init', payload: {} },
      { type: 'connection_init', payload: { authorization: 'Bearer cd_not-a-real-token' } },
      { type: 'connection_init', payload: { authorization: viewer } },
    ]) {
      const raw = await rawSocket();
      raw.send(init);
      expect({ init, closed: await raw.closed() }).toEqual({ init, closed: { code: 4403, reason: 'Forbidden' } });
      expect(raw.inbox).toEqual([]);
    }
  });

  test('a subscribe before connection_init is closed with 4401', async () => {
    const raw = await rawSocket();
    raw.send({ id: '1', type: 'subscribe', payload: { query: STATE_CHANGED } });
    expect((await raw.closed()).code).toBe(4401);
  });

  test('a socket that sends no connection_init within 3 s is closed with 4408', async () => {
    const raw = await rawSocket();
    const opened = Date.now();
    const closed = await raw.closed(6000);
    expect(closed.code).toBe(4408);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(2500);
    expect(raw.inbox).toEqual([]);
  });

  test('two subscribe messages with the same id close the socket with 4409', async () => {
    const raw = await acknowledged(viewer);
    raw.send({ id: 'same', type: 'subscribe', payload: { query: STATE_CHANGED } });
    raw.send({ id: 'same', type: 'subscribe', payload: { query: STATE_CHANGED } });
    expect(await raw.closed()).toEqual({ code: 4409, reason: 'Subscriber for same already exists' });
  });

  test('the HTTP limits hold over websockets too: too deep, too many aliases, too many tokens are QUERY_TOO_COMPLEX', async () => {
    const raw = await acknowledged(viewer);
    const operations: Record<string, string> = {
      deep: `{ __type(name: "Query") { fields { type { ${'ofType { '.repeat(9)}name${' }'.repeat(9)} } } } }`,
      aliases: `{ ${Array.from({ length: 21 }, (_, i) => `b${i}: brands { name }`).join(' ')} }`,
      tokens: `{ ${'__typename '.repeat(2001)}}`,
    };
    for (const [id, query] of Object.entries(operations)) {
      raw.send({ id, type: 'subscribe', payload: { query } });
      const reply = await raw.next();
      expect({ id: reply.id, type: reply.type, code: reply.payload?.[0]?.extensions?.code }).toEqual({ id, type: 'error', code: 'QUERY_TOO_COMPLEX' });
    }
    raw.send({ id: 'fine', type: 'subscribe', payload: { query: '{ brands { name } }' } });
    expect(await raw.next()).toEqual({ id: 'fine', type: 'next', payload: { data: { brands: [{ name: 'Acme' }] } } });
    expect(await raw.next()).toEqual({ id: 'fine', type: 'complete' });
  });

  test('an acknowledged subscriber hears nothing until a crisis is declared over HTTP, then its DETECTED event', async () => {
    const wsAdmin = await harness.token('ws-org', 'ADMIN');
    const wsResponder = await harness.token('ws-org', 'RESPONDER');
    const wsViewer = await harness.token('ws-org', 'VIEWER');
    const wsBrand = (await createBrand(server, wsAdmin, 'Wire Brand')).id;
    const hub = server.server.services.hub;
    const listenersBefore = hub.listenerCount;

    const raw = await acknowledged(wsViewer);
    raw.send({ id: 'live', type: 'subscribe', payload: { query: STATE_CHANGED, variables: { b: wsBrand } } });
    await eventually(async () => hub.listenerCount > listenersBefore, 5000, 'the subscription to listen');
    expect(raw.inbox).toHaveLength(1); // only the ack

    const crisis = await declareCrisis(server, wsResponder, wsBrand);
    expect(await raw.next()).toEqual({ id: 'live', type: 'next', payload: { data: { crisisStateChanged: { type: 'DETECTED' } } } });
    expect(crisis.state).toBe('DETECTED');

    raw.send({ id: 'live', type: 'complete' });
    await eventually(async () => hub.listenerCount === listenersBefore, 5000, 'the subscription to stop listening');
    raw.socket.close(1000);
    expect((await raw.closed()).code).toBe(1000);
  });
});

describe('health', () => {
  test('/healthz answers 200 without a token', async () => {
    const res = await request(`${origin(server)}/healthz`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  test('/readyz answers 200 {status: "ready"} without a token', async () => {
    const res = await request(`${origin(server)}/readyz`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
  });
});

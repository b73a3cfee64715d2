// The browser's way in: the explorer at GET /graphql served offline from our own routes, the front page, the printed schema.
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { parse } from 'node-html-parser';
import { printCrisisSchema } from '../../src/graphql/schema';
import { createHarness, eventually, type Harness, type TestServer } from '../support/harness';
import { createBrand, declareCrisis } from '../factories';

let harness: Harness;
let server: TestServer;
let origin: string;
let admin: string;

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  origin = new URL(server.url).origin;
  admin = await harness.token('acme', 'ADMIN');
});

afterAll(() => harness.close());

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const getHtml = (path: string) => fetch(`${origin}${path}`, { headers: { accept: BROWSER_ACCEPT } });

/** Every URL the page names: src and href attributes, module imports, and Monaco's workers (a folder + file names). */
function referencedUrls(html: string, base: string): URL[] {
  const page = parse(html);
  const attributes = page.querySelectorAll('[src], [href]').map((e) => e.getAttribute('src') ?? e.getAttribute('href')!);
  const scripts = page.querySelectorAll('script').map((s) => s.text).join('\n');
  const imports = [...scripts.matchAll(/(?:from |import\()\s*"([^"]+)"/g)].map((m) => m[1]);
  const workerFolders = [...scripts.matchAll(/new URL\(\s*"([^"]+)"/g)].map((m) => m[1]);
  const workers = workerFolders.flatMap((folder) => [...scripts.matchAll(/worker\("([^"]+)"\)/g)].map((m) => folder + m[1]));
  expect(workers.length).toBe(3);
  return [...attributes, ...imports, ...workers].map((u) => new URL(u, base));
}

test('a browser asking GET /graphql gets the explorer page: same-origin assets only, each answered with its content type, no token', async () => {
  const response = await getHtml('/graphql');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  const policy = response.headers.get('content-security-policy')!;
  expect(policy).toContain("default-src 'self'");
  expect(policy).toMatch(/script-src 'self' 'nonce-[\w+/=]+'(;|$)/);
  expect(policy).toContain("connect-src 'self' ws: wss:");
  const html = await response.text();
  expect(html).not.toMatch(/https?:\/\/|\/\/unpkg|cdn/i);
  expect(html).not.toMatch(/cd_[\w-]{20,}/); // the default query shows the header's shape, never a token
  expect(html).not.toContain(admin);
  // Every script carries this response's nonce, and the next page gets another.
  const nonce = /'nonce-([^']+)'/.exec(policy)![1];
  const scripts = parse(html).querySelectorAll('script');
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((s) => s.getAttribute('nonce') === nonce)).toBe(true);
  expect((await getHtml('/graphql')).headers.get('content-security-policy')).not.toContain(nonce);

  const urls = referencedUrls(html, `${origin}/graphql`);
  const kinds = new Set(urls.map((u) => u.pathname.split('.').pop()));
  expect(kinds).toEqual(new Set(['js', 'css']));
  for (const url of urls) {
    expect(url.origin).toBe(origin);
    const asset = await fetch(url);
    expect({ url: url.pathname, status: asset.status }).toEqual({ url: url.pathname, status: 200 });
    expect(asset.headers.get('content-type')).toBe(url.pathname.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await asset.text()).length).toBeGreaterThan(0);
  }
  const main = urls.find((u) => u.pathname.endsWith('/ruru.js'))!;
  expect(main.pathname).toMatch(/^\/graphql\/explorer\/\d+\.\d+\.\d+\/ruru\.js$/);
  for (const missing of ['nothing-here.js', 'ruru.js.map', '..%2Fpackage.json', '%2E%2E/package.json']) {
    const unknown = await fetch(`${origin}${main.pathname.replace('ruru.js', missing)}`);
    expect({ missing, status: unknown.status }).toEqual({ missing, status: 404 });
  }
});

/** The raw bytes of a GET as they came over the wire (fetch would decompress them), with the response headers. */
function rawGet(url: URL, headers: Record<string, string>): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('the explorer assets go compressed to a browser that accepts gzip (about a third of their size), plain to one that does not', async () => {
  const urls = referencedUrls(await (await getHtml('/graphql')).text(), `${origin}/graphql`);
  let plain = 0;
  let wire = 0;
  for (const url of urls) {
    const zipped = await rawGet(url, { 'accept-encoding': 'gzip' });
    const asIs = await rawGet(url, {});
    expect(asIs.headers['content-encoding']).toBeUndefined();
    plain += asIs.body.length;
    if (asIs.body.length < 1024) continue; // below compression's threshold: sent as is either way
    expect({ url: url.pathname, encoding: zipped.headers['content-encoding'] }).toEqual({ url: url.pathname, encoding: 'gzip' });
    expect(gunzipSync(zipped.body).equals(asIs.body)).toBe(true);
    wire += zipped.body.length;
  }
  expect(plain).toBeGreaterThan(1_000_000);
  expect(wire).toBeLessThan(plain * 0.4); // 4.5 MB → 1.5 MB when measured
});

test('GET /graphql without text/html in Accept is answered by Apollo as before: CSRF refusal, queries with a preflight header', async () => {
  for (const accept of ['application/json', '*/*', 'application/graphql-response+json']) {
    const refused = await fetch(`${server.url}?query=%7B__typename%7D`, { headers: { accept } });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).not.toMatch(/html/);
    expect(await refused.text()).toMatch(/Cross-Site Request Forgery/);
  }
  const answered = await fetch(`${server.url}?query=%7B__typename%7D`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
  expect(answered.status).toBe(200);
  expect(await answered.json()).toEqual({ data: { __typename: 'Query' } });
  const posted = await server.gql(null, '{ __typename }');
  expect(posted).toEqual({ status: 200, data: { __typename: 'Query' } });
});

test('GET / links the explorer, the schema, /healthz, /readyz and /metrics; GET /schema.graphql is the running schema', async () => {
  const response = await getHtml('/');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  const html = await response.text();
  expect(html).not.toMatch(/https?:\/\//);
  const links = parse(html).querySelectorAll('a').map((a) => a.getAttribute('href'));
  expect(links).toEqual(['/graphql', '/schema.graphql', '/healthz', '/readyz', '/metrics']);
  expect(parse(html).querySelectorAll('script, link, img')).toHaveLength(0);

  const schema = await fetch(`${origin}/schema.graphql`);
  expect(schema.status).toBe(200);
  expect(schema.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  expect(await schema.text()).toBe(await printCrisisSchema());
});

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
if (!CHROMIUM) console.warn('explorer.test: no Chromium (/usr/bin/chromium or CHROMIUM_PATH): the explorer is not opened in a browser; `apt-get install chromium` to run that test');

(CHROMIUM ? test : test.skip)('in headless Chromium with only loopback reachable, the explorer loads the schema docs and runs a query and a subscription with a pasted token', async () => {
  const brand = await createBrand(server, admin, 'Explorer Brand');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  const elsewhere: string[] = [];
  page.setDefaultTimeout(8000);
  /** GraphiQL reads an editor's text a moment after typing, then stores it: waiting for the store is waiting for that. */
  const stored = (key: string, prefix: string) =>
    page.waitForFunction(([k, p]) => ((globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem(k) ?? '').startsWith(p), [key, prefix]);
  try {
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    // Anything the Content-Security-Policy refuses (an inline script without the nonce, a worker, a font) is a problem.
    await page.exposeFunction('reportViolation', (v: string) => problems.push(`CSP: ${v}`));
    await page.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => reportViolation(e.violatedDirective + ' ' + e.blockedURI))" });
    await page.route('**/*', (route) => {
      const { hostname, protocol } = new URL(route.request().url());
      if (protocol === 'data:' || protocol === 'blob:' || ['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) return route.continue();
      elsewhere.push(route.request().url());
      return route.abort();
    });
    const introspection = page.waitForResponse((r) => r.url() === server.url && r.request().method() === 'POST' && /IntrospectionQuery/.test(r.request().postData() ?? ''));
    await page.goto(server.url, { waitUntil: 'load' });
    expect(await page.title()).toBe('Crisis Desk — GraphQL explorer');
    expect((await introspection).status()).toBe(200);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 10000 });

    // The docs come from that introspection: the root types, then a field of ours.
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Subscription', { exact: true }).waitFor();
    await docs.getByText('Subscription', { exact: true }).click();
    await docs.getByText('crisisStateChanged').waitFor();

    // Paste a token into the header editor, run the default query (brands) with it.
    await page.getByRole('button', { name: /^headers$/i }).click();
    await page.locator('.graphiql-editor-tool .monaco-editor').last().click();
    await page.keyboard.insertText(`{"authorization": "Bearer ${admin}"}`);
    const run = page.waitForResponse((r) => r.url() === server.url && /brands/.test(r.request().postData() ?? ''));
    await page.getByRole('button', { name: /execute query/i }).click();
    const answer = await run;
    expect(answer.request().headers().authorization).toBe(`Bearer ${admin}`);
    expect((await answer.json()).data.brands).toContainEqual({ id: brand.id, name: 'Explorer Brand' });
    await page.locator('.result-window').getByText('Explorer Brand').waitFor();

    // A subscription runs over graphql-ws on this host, the pasted token in connection_init.
    // The process's own listeners (timers, tokens…) before; the explorer's subscription adds one.
    const hub = server.server.services.hub;
    const listening = hub.listenerCount;
    const framesSent: string[] = [];
    page.on('websocket', (w) => w.on('framesent', (f) => framesSent.push(String(f.payload))));
    const socket = page.waitForEvent('websocket');
    await page.locator('.graphiql-query-editor .monaco-editor').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('subscription { crisisDetected { title } }');
    // GraphiQL picks websocket or HTTP from the document it parsed, so it must have read the new one.
    await stored('graphiql:query', 'subscription');
    await page.getByRole('button', { name: /execute query/i }).click();
    const ws = await socket;
    expect(ws.url()).toBe(server.wsUrl);
    const init = await eventually(async () => framesSent.find((f) => f.includes('"connection_init"')), 5000, 'connection_init');
    expect(JSON.parse(init).payload).toEqual({ authorization: `Bearer ${admin}` });
    await eventually(async () => hub.listenerCount > listening, 5000, 'the explorer subscription to listen');
    await declareCrisis(server, admin, brand.id, { title: 'Seen in the explorer' });
    await page.locator('.result-window').getByText('Seen in the explorer').waitFor();

    // GraphiQL kept tabs and history in localStorage, but no header: the token is not left behind in the browser.
    const kept = await page.evaluate(() => {
      const storage = (globalThis as unknown as { localStorage: { length: number; key(i: number): string | null; getItem(k: string): string | null } }).localStorage;
      return Array.from({ length: storage.length }, (_, i) => `${storage.key(i)}=${storage.getItem(storage.key(i) ?? '')}`);
    });
    expect(kept.some((entry) => entry.startsWith('graphiql:'))).toBe(true);
    expect(kept.filter((entry) => entry.includes(admin))).toEqual([]);

    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
  } catch (error) {
    // A step that timed out usually has its cause here (a refused script or worker, a failed request).
    throw new Error(`${(error as Error).message}\npage problems: ${JSON.stringify(problems)}; requests elsewhere: ${JSON.stringify(elsewhere)}`);
  } finally {
    await browser.close();
  }
}, 25_000);

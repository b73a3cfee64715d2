// The crisis report: a whole crisis built through the public API, then documented as JSON (against its schema), Markdown
// and HTML (parsed, escaped, rendered in headless Chromium when there is one), over GraphQL and as an HTTP download.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse, type HTMLElement } from 'node-html-parser';
import { createHarness, eventually, type Harness, type TestServer } from '../support/harness';
import { assignRoleTo, createBrand, createStatement, declareCrisis, driveToRecovery, sendEvent, statementStep } from '../factories';

let harness: Harness;
let server: TestServer;
let tokens: { admin: string; writer: string; legal: string; viewer: string; foreign: string };
let crisisId: string;
const ids: { holding?: string; apology?: string; draft?: string } = {};

const NASTY = `<script>alert(1)</script> "'&<>`;
const TITLE = `Recall ${NASTY} | # batch 42`;
const APOLOGY = `We are sorry. ${NASTY} Mistakes were made with batch 42.\nHere is our plan: a full recall today, and a refund for everyone.`;
const X_VARIANT = 'Sorry | batch 42 <b>recalled</b> today — full refunds, details on our site';

const REPORT = `query($id: ID!, $format: ReportFormat) { crisisReport(crisisId: $id, format: $format) }`;
const report = (token: string | null, format?: string, id = crisisId) => server.gql(token, REPORT, { id, format });
const ok = (res: { data?: any; errors?: unknown }, field: string) => {
  if (!res.data?.[field]) throw new Error(`${field} failed: ${JSON.stringify(res.errors)}`);
  return res.data[field];
};

beforeAll(async () => {
  harness = await createHarness();
  server = await harness.start();
  tokens = {
    admin: await harness.token('report', 'ADMIN', 'admin'),
    writer: await harness.token('report', 'RESPONDER', 'dana'),
    legal: await harness.token('report', 'RESPONDER', 'sam'),
    viewer: await harness.token('report', 'VIEWER', 'trainee'),
    foreign: await harness.token('report-other', 'VIEWER', 'outsider'),
  };
  const { admin, writer, legal } = tokens;
  const brand = await createBrand(server, admin, 'Acme Foods');
  crisisId = (await declareCrisis(server, writer, brand.id, { title: TITLE, category: 'PRODUCT_RECALL', severity: 'HIGH' })).id;

  // A calm baseline 10 h earlier, then two hours of rising anger up to the crisis: the curve the chart draws.
  const now = Date.now();
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const mention = (id: string, minutes: number, sentiment: number) => ({ platform: 'x', externalId: id, brandId: brand.id, text: `post ${id} about acme`, author: `@user_${id}`, sentiment, postedAt: at(minutes) });
  const mentions = [
    ...Array.from({ length: 8 }, (_, i) => mention(`calm-${i}`, -600 + i * 7, 0.4)),
    ...Array.from({ length: 22 }, (_, k) => [
      mention(`n-${k}-a`, -110 + k * 5, 0.3),
      ...Array.from({ length: Math.floor(k / 3) }, (_, j) => mention(`n-${k}-${j}`, -110 + k * 5, -0.3 - k * 0.03)),
    ]).flat(),
  ];
  expect(ok(await server.gql(writer, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`, { m: mentions }), 'ingestMentions').accepted).toBe(mentions.length);

  await driveToRecovery(server, writer, legal, crisisId, { lead: 'dana', legal: 'sam' });
  ok(await server.gql(writer, `mutation($input: UpdateRootCauseInput!) { updateRootCause(input: $input) { id } }`, {
    input: { crisisId, nature: 'Supplier mislabelled <i>batch 42</i>', stakeholders: ['Customers', 'Stores & partners'], impact: 'Trust | sales' },
  }), 'updateRootCause');
  await assignRoleTo(server, writer, crisisId, 'CUSTOMER_CARE', 'Lee <care@acme.example>');

  // The action plan: one item done, one left open past its due time (the timer reports it overdue).
  const add = (title: string, dueAt: string) => server.gql(writer, `mutation($input: AddActionItemInput!) { addActionItem(input: $input) { id } }`, { input: { crisisId, title, owner: 'Operations', dueAt } });
  const recall = ok(await add('Recall batch 42 from <every> store', at(24 * 60)), 'addActionItem');
  ok(await server.gql(writer, `mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { id } }`, { input: { id: recall.id, status: 'DONE', note: 'All stores | confirmed' } }), 'updateActionItem');
  ok(await add('Call every affected customer', new Date(Date.now() + 1500).toISOString()), 'addActionItem');

  const apology = await createStatement(server, writer, crisisId, { kind: 'APOLOGY', channels: ['x', 'website'], body: APOLOGY, variants: [{ channel: 'x', body: X_VARIANT }] });
  await statementStep(server, writer, 'submitStatement', apology.id);
  ok(await statementStep(server, legal, 'approveStatement', apology.id, 'ok "legal" & <fine>'), 'approveStatement');
  ok(await statementStep(server, writer, 'publishStatement', apology.id), 'publishStatement');
  ids.apology = apology.id;
  ids.draft = (await createStatement(server, writer, crisisId, { kind: 'UPDATE', body: 'Draft never sent.' })).id;

  // Personal replies: every negative mention linked; one answered, one skipped, the rest still waiting.
  const found = await server.gql(writer, `query($b: ID!) { mentions(filter: { brandId: $b, negativeOnly: true }, first: 200) { edges { node { id } } } }`, { b: brand.id });
  ok(await server.gql(writer, `mutation($input: LinkMentionsInput!) { linkMentions(input: $input) { linked } }`, { input: { crisisId, mentionIds: found.data.mentions.edges.map((e: any) => e.node.id) } }), 'linkMentions');
  const queue = ok(await server.gql(writer, `query($c: ID!) { replyQueue(crisisId: $c, first: 2) { edges { node { id } } } }`, { c: crisisId }), 'replyQueue');
  ok(await server.gql(writer, `mutation($input: ReplyToMentionInput!) { replyToMention(input: $input) { id } }`, { input: { mentionId: queue.edges[0].node.id, body: 'Sorry {{author}}, a refund is on its way' } }), 'replyToMention');
  ok(await server.gql(writer, `mutation($input: SkipMentionInput!) { skipMention(input: $input) { id } }`, { input: { mentionId: queue.edges[1].node.id, reason: 'bot | spam' } }), 'skipMention');

  await eventually(async () => {
    const t = await server.gql(writer, `query($id: ID!) { crisis(id: $id) { actionItems { overdueAt } } }`, { id: crisisId });
    return t.data.crisis.actionItems.some((i: any) => i.overdueAt);
  }, 10_000, 'the open action item to become overdue');

  ok(await server.gql(writer, `mutation($input: UpdateReviewInput!) { updateReview(input: $input) { complete } }`, {
    input: {
      crisisId, summary: `Contained within a day.\n\n${NASTY}`, strengths: ['One voice on every channel'], weaknesses: ['Replies were slow & patchy'],
      lessons: ['Publish the holding line within 30 minutes', '# not a heading | not a cell'],
    },
  }), 'updateReview');
  const feedback = (token: string, input: Record<string, unknown>) => server.gql(token, `mutation($input: SubmitReviewFeedbackInput!) { submitReviewFeedback(input: $input) { complete } }`, { input: { crisisId, ...input } });
  ok(await feedback(writer, { author: 'dana', role: 'CRISIS_LEAD', body: `We were slow to reply ${NASTY}`, rating: 4 }), 'submitReviewFeedback');
  ok(await feedback(legal, { author: 'sam', role: 'LEGAL', body: 'Approvals were quick.', rating: 5 }), 'submitReviewFeedback');
  expect(ok(await sendEvent(server, writer, { crisisId, type: 'COMPLETE_REVIEW' }), 'sendCrisisEvent').state).toBe('REVIEWED');
  const statements = await server.gql(writer, `query($id: ID!) { crisis(id: $id) { statements { id kind } } }`, { id: crisisId });
  ids.holding = statements.data.crisis.statements.find((s: any) => s.kind === 'HOLDING').id;
}, 60_000);

afterAll(() => harness.close());

test('the JSON report validates against schema/crisis-report.schema.json and says what the API says, the same every time', async () => {
  const body = ok(await report(tokens.viewer, 'JSON'), 'crisisReport');
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('date-time', (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v) && !Number.isNaN(Date.parse(v)));
  const validate = ajv.compile(JSON.parse(readFileSync(join(__dirname, '../../schema/crisis-report.schema.json'), 'utf8')));
  const r = JSON.parse(body);
  const valid = validate(r);
  expect(validate.errors).toBeNull();
  expect(valid).toBe(true);

  const api = (await server.gql(tokens.viewer, `query($id: ID!) { crisis(id: $id) { id title state severity closedAt brand { name } playbook { name version }
      timeline(first: 200) { totalCount edges { node { sequence type } } }
      kpis { timeToAcknowledgeSeconds timeToFirstResponseSeconds timeToContainSeconds durationSeconds peakNegativeMentionsPerHour slaBreaches
        repliesSent medianReplySeconds sentimentBaseline sentimentAtClose slaResults { sla targetSeconds actualSeconds met } }
    } replyQueue(crisisId: $id, first: 1) { totalCount } }`, { id: crisisId })).data;
  const c = api.crisis;
  expect(r).toMatchObject({
    reportVersion: 1,
    crisis: { id: crisisId, title: TITLE, state: 'REVIEWED', severity: c.severity, closedAt: c.closedAt, brand: { name: 'Acme Foods' }, trigger: null,
      rootCause: { nature: 'Supplier mislabelled <i>batch 42</i>', stakeholders: ['Customers', 'Stores & partners'], revision: 1, updatedBy: 'dana' } },
    playbook: { name: 'Default crisis plan', version: 1, slaPolicy: { severity: c.severity } },
    replies: { sent: 1, skipped: 1, waiting: api.replyQueue.totalCount },
    learnedRevisions: [],
  });
  expect(api.replyQueue.totalCount).toBeGreaterThan(0);
  expect(r.timeline.map((e: any) => [e.sequence, e.type])).toEqual(c.timeline.edges.map((e: any) => [e.node.sequence, e.node.type]));
  expect(r.timeline).toHaveLength(c.timeline.totalCount);
  expect(r.timeline.find((e: any) => e.type === 'STATE_CHANGED' && e.toState === 'REVIEWED')).toMatchObject({ fromState: 'RECOVERY', actor: 'dana', summary: 'RECOVERY → REVIEWED (COMPLETE_REVIEW)' });
  expect(r.team.filter((t: any) => t.assignee).map((t: any) => [t.roleKey, t.assignee])).toEqual([['CRISIS_LEAD', 'dana'], ['CUSTOMER_CARE', 'Lee <care@acme.example>'], ['LEGAL', 'sam']]);

  const [holding, apology] = r.statements.published;
  expect(r.statements.published.map((s: any) => [s.id, s.kind])).toEqual([[ids.holding, 'HOLDING'], [ids.apology, 'APOLOGY']]);
  expect(holding.channels.map((ch: any) => [ch.channel, ch.canonical])).toEqual([['x', true], ['facebook', true]]);
  expect(apology.channels).toEqual([
    { channel: 'x', text: X_VARIANT, canonical: false, length: expect.any(Number), limit: 280, unit: 'X_WEIGHTED' },
    { channel: 'website', text: APOLOGY, canonical: true, length: APOLOGY.length, limit: null, unit: 'CHARACTERS' },
  ]);
  expect(apology).toMatchObject({ author: 'dana', approvedBy: 'sam', publishedBy: 'dana' });
  expect(apology.findings).toEqual([expect.objectContaining({ channel: null, rule: 'passive-evasion', match: 'Mistakes were made' })]);
  expect(r.statements.unpublished).toEqual([expect.objectContaining({ id: ids.draft, kind: 'UPDATE', status: 'DRAFT', author: 'dana' })]);
  expect(r.actionItems).toEqual([
    expect.objectContaining({ title: 'Recall batch 42 from <every> store', status: 'DONE', overdue: false, note: 'All stores | confirmed' }),
    expect.objectContaining({ title: 'Call every affected customer', status: 'OPEN', overdue: true, closedAt: null }),
  ]);
  const { slaResults, ...kpis } = c.kpis;
  expect(r.kpis).toMatchObject({ ...kpis, updateBreaches: 0 });
  expect(r.kpis.slaResults.map(({ sla, targetSeconds, actualSeconds, met }: any) => ({ sla, targetSeconds, actualSeconds, met }))).toEqual(slaResults);
  expect(r.chart.publications.map((p: any) => [p.statementId, p.kind])).toEqual([[ids.holding, 'HOLDING'], [ids.apology, 'APOLOGY']]);
  expect(r.chart.points.reduce((n: number, p: any) => n + p.negativeMentions, 0)).toBe(70);
  expect(r.review).toMatchObject({ summary: `Contained within a day.\n\n${NASTY}`, lessons: ['Publish the holding line within 30 minutes', '# not a heading | not a cell'] });
  expect(r.review.feedback.map((f: any) => [f.author, f.role, f.rating])).toEqual([['dana', 'CRISIS_LEAD', 4], ['sam', 'LEGAL', 5]]);

  expect(ok(await report(tokens.admin, 'JSON'), 'crisisReport')).toBe(body); // a closed crisis: the same bytes for anyone, any time
});

test('the Markdown report has its sections in order, one timeline row per event, and user text that cannot break its structure', async () => {
  const md: string = ok(await report(tokens.viewer), 'crisisReport'); // MARKDOWN is the default
  expect(md.split('\n')[0]).toBe('# Crisis report: Recall \\<script\\>alert(1)\\</script\\> "\'&\\<\\> \\| # batch 42');
  const headings = md.split('\n').filter((l) => l.startsWith('## '));
  expect(headings).toEqual([
    '## Summary', '## Timeline', '## Team and roles', '## Statements as published', '## Action items', '## Personal replies',
    "## KPIs against the playbook's SLAs", '## Sentiment and volume', '## Feedback', '## Lessons', '## Plan revisions learned from this crisis',
  ]);
  expect(md).not.toMatch(/(^|[^\\])</); // every < of user text is escaped, so no renderer sees a tag
  const timeline = md.slice(md.indexOf('## Timeline'), md.indexOf('## Team and roles'));
  const json = JSON.parse(ok(await report(tokens.viewer, 'JSON'), 'crisisReport'));
  expect(timeline.split('\n').filter((l) => l.startsWith('| 2'))).toHaveLength(json.timeline.length);
  // Every table row keeps its table's column count: pipes in user text are escaped.
  const lines = md.split('\n');
  let columns = 0;
  lines.forEach((line, i) => {
    if (!line.startsWith('|')) return void (columns = 0);
    if (/^\|( --- \|)+$/.test(line)) columns = line.split('|').length;
    const next = lines[i + 1] ?? '';
    const width = /^\|( --- \|)+$/.test(next) ? next.split('|').length : columns; // a header row: its separator follows
    expect([line, line.replace(/\\\|/g, '').split('|').length]).toEqual([line, width]);
  });
  expect(md).toContain('- \\# not a heading \\| not a cell');
  expect(md).toContain('| dana holds CRISIS_LEAD |'); // an underscore inside a word stays as it is
  expect(md).toContain(`> We are sorry. \\<script\\>alert(1)\\</script\\> "'&\\<\\> Mistakes were made with batch 42.  \n> Here is our plan`);
  expect(md).toContain('`passive-evasion` (info) in the body: “Mistakes were made”');
  expect(md).toContain('- Sent: 1\n- Skipped (with a reason): 1\n');
  expect(ok(await report(tokens.admin, 'MARKDOWN'), 'crisisReport')).toBe(md);
});

/** Attribute values that would fetch something from elsewhere. */
function externalReferences(root: HTMLElement): string[] {
  return root.querySelectorAll('*').flatMap((el) => Object.entries(el.attributes)
    .filter(([name, value]) => /^(src|href|xlink:href|srcset|action|poster|data)$/i.test(name) && /^\s*(https?:)?\/\//i.test(value))
    .map(([name, value]) => `${el.tagName} ${name}=${value}`));
}

test('the HTML report is one page with no script and no external reference, user text escaped, and an SVG marking each publication', async () => {
  const page: string = ok(await report(tokens.viewer, 'HTML'), 'crisisReport');
  const root = parse(page);
  expect(root.querySelectorAll('script')).toHaveLength(0);
  expect(root.querySelector('title')!.text).toBe(`Crisis report: ${TITLE}`);
  expect(root.querySelector('h1')!.text).toBe(`Crisis report: ${TITLE}`);
  expect(page).not.toMatch(/<script/i);
  expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;&#39;&amp;&lt;&gt;');
  const texts = root.querySelectorAll('.text').map((el) => el.text);
  expect(texts).toContain(APOLOGY);
  expect(texts).toContain(X_VARIANT);
  expect(texts).toContain(`We were slow to reply ${NASTY}`);
  expect(externalReferences(root)).toEqual([]);
  expect(root.querySelectorAll('link, iframe, img, object, embed, base, form')).toHaveLength(0);
  expect(root.querySelector('style')!.text).not.toMatch(/@import|url\(/);
  expect(root.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; img-src data:/);

  const svg = root.querySelector('section#chart svg')!;
  expect(svg).toBeTruthy();
  expect(svg.querySelectorAll('g.publication').map((g) => g.getAttribute('data-statement'))).toEqual([ids.holding, ids.apology]);
  expect(svg.querySelectorAll('rect.volume').length).toBeGreaterThan(3);
  expect(svg.querySelector('path.sentiment')).toBeTruthy();
  expect(svg.querySelector('.axis-volume')).toBeTruthy();
  expect(svg.querySelector('.axis-time')!.querySelectorAll('text').length).toBeGreaterThan(2);
  expect(ok(await report(tokens.admin, 'HTML'), 'crisisReport')).toBe(page);
});

test('crisisReport: another organization, an unknown id or no token is refused; a format that does not exist is a validation error', async () => {
  expect((await report(tokens.foreign, 'JSON')).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', kind: 'Crisis', id: crisisId });
  expect((await report(tokens.viewer, 'JSON', 'not-an-id')).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', kind: 'Crisis' });
  expect((await report(null, 'JSON')).errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  const pdf = await report(tokens.viewer, 'PDF');
  expect(pdf.data).toBeUndefined();
  expect(pdf.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
});

test('GET /reports/<id>.md|.json|.html: 401 without a token, 404 for another organization or an unknown id, the file for a viewer', async () => {
  const base = server.url.replace(/\/graphql$/, '');
  const get = (path: string, token?: string) => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const anonymous = await get(`/reports/${crisisId}.md`);
  expect(anonymous.status).toBe(401);
  expect(((await anonymous.json()) as any).errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: expect.any(String) });
  expect((await get(`/reports/${crisisId}.md`, 'cd_not-a-token')).status).toBe(401);
  const foreign = await get(`/reports/${crisisId}.html`, tokens.foreign);
  expect(foreign.status).toBe(404);
  expect(((await foreign.json()) as any).errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', kind: 'Crisis', id: crisisId });
  expect((await get('/reports/nonsense.json', tokens.viewer)).status).toBe(404);
  const pdf = await get(`/reports/${crisisId}.pdf`, tokens.viewer);
  expect(pdf.status).toBe(400);
  expect(((await pdf.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'format', formats: ['md', 'json', 'html'] });

  const detected = JSON.parse(ok(await report(tokens.viewer, 'JSON'), 'crisisReport')).crisis.detectedAt.slice(0, 10);
  for (const [ext, format, type] of [['md', 'MARKDOWN', 'text/markdown; charset=utf-8'], ['json', 'JSON', 'application/json; charset=utf-8'], ['html', 'HTML', 'text/html; charset=utf-8']]) {
    const res = await get(`/reports/${crisisId}.${ext}`, tokens.viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="crisis-recall-script-alert-1-script-batch-42-${detected}.${ext}"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe(ext === 'html' ? "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'" : null);
    expect(await res.text()).toBe(ok(await report(tokens.viewer, format), 'crisisReport'));
  }
});

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
if (!CHROMIUM) console.warn('report.test: no Chromium (/usr/bin/chromium or CHROMIUM_PATH): the HTML report is not rendered; `apt-get install chromium` to run that test');

(CHROMIUM ? test : test.skip)('the HTML report renders in headless Chromium with no console error and no network request', async () => {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    page.on('request', (r) => requests.push(r.url()));
    const dir = process.env.REPORT_SCREENSHOT_DIR ?? tmpdir();
    const document = ok(await report(tokens.viewer, 'HTML'), 'crisisReport');
    writeFileSync(join(dir, 'crisis-report.html'), document); // beside the screenshots, to look at what they show
    await page.setContent(document, { waitUntil: 'load' });
    expect(await page.title()).toBe(`Crisis report: ${TITLE}`);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('svg.chart g.publication').count()).toBe(2);
    const box = await page.locator('svg.chart').boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    await page.screenshot({ path: join(dir, 'crisis-report.png'), fullPage: true });
    await page.locator('section#chart').screenshot({ path: join(dir, 'crisis-report-chart.png') });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  } finally {
    await browser.close();
  }
});

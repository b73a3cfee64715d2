// The crisis report: a whole crisis built through the public API, then documented as JSON (against its schema), Markdown
// and HTML (parsed, escaped, rendered in headless Chromium when there is one), over GraphQL and as an HTTP download; and
// a crisis with thousands of events, whose report stays within its bound.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse, type HTMLElement } from 'node-html-parser';
import { createHarness, eventually, type Harness, type TestServer } from '../support/harness';
import { assignRoleTo, createBrand, createStatement, declareCrisis, driveToRecovery, sendEvent, statementStep } from '../factories';
import { fromGlobalId } from '../../src/graphql/relay';
import { hasOwnSummary } from '../../src/reviews/report.timeline';

let harness: Harness;
let server: TestServer;
let tokens: { admin: string; writer: string; legal: string; viewer: string; foreign: string };
let crisisId: string;
const ids: { holding?: string; apology?: string; draft?: string } = {};

const NASTY = `<script>alert(1)</script> "'&<>`;
const TITLE = `Recall ${NASTY} | # batch 42`;
const APOLOGY = `We are sorry. ${NASTY} Mistakes were made with batch 42.\nHere is our plan: a full recall today, and a refund for everyone.`;
const X_VARIANT = 'Sorry | batch 42 <b>recalled</b> today — full refunds, details on our site';
const STORY_URL = `https://acme.example/recall?batch=42&note=<script>alert(1)</script>|"x"`;
const STORY_TITLE = `Customers' stories ${NASTY} on https://acme.example/stories and www.acme.example`;
/** Every event type the product writes today: each has a line of its own in the report, none falls to key: value pairs. */
const EVENT_TYPES = [
  'DETECTED', 'STATE_CHANGED', 'SLA_BREACHED', 'ROLE_ASSIGNED', 'TASK_COMPLETED', 'SEVERITY_CHANGED', 'ROOT_CAUSE_UPDATED', 'SPIKE_DETECTED',
  'STATEMENT_SUBMITTED', 'STATEMENT_APPROVED', 'STATEMENT_REJECTED', 'STATEMENT_PUBLISHED', 'ACTION_ITEM_ADDED', 'ACTION_ITEM_UPDATED', 'ACTION_ITEM_OVERDUE',
  'REPLY_SENT', 'MENTION_SKIPPED', 'REVIEW_UPDATED', 'REVIEW_FEEDBACK_SUBMITTED', 'RECOVERY_ACTION_LOGGED', 'SENTIMENT_RECOVERED', 'RECOVERY_RELAPSED',
];
const RECOVERY_FIELDS = `recovery { status backToBaselineAt relapsedAt withinToleranceSince evaluatedAt current { negativeShare sentiment negativePerHour }
  target { negativeShare sentiment negativePerHour } tolerancePercent sustainMinutes }`;

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
  // Recovery judged over 5-minute windows of 3 mentions or more, back when within 20 % for 5 minutes: a short story to tell.
  ok(await server.gql(admin, `mutation($b: ID!, $i: BrandRecoveryInput!) { updateBrandRecovery(brandId: $b, input: $i) { id } }`, {
    b: brand.id, i: { tolerancePercent: 20, sustainMinutes: 5, windowMinutes: 5, minMentions: 3 },
  }), 'updateBrandRecovery');
  crisisId = (await declareCrisis(server, writer, brand.id, { title: TITLE, category: 'PRODUCT_RECALL', severity: 'HIGH' })).id;

  // A calm baseline 10 h earlier, then an hour of rising anger, ending 47 minutes ago: the curve the chart draws.
  const now = Date.now();
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const mention = (id: string, minutes: number, sentiment: number) => ({ platform: 'x', externalId: id, brandId: brand.id, text: `post ${id} about acme`, author: `@user_${id}`, sentiment, postedAt: at(minutes) });
  const mentions = [
    ...Array.from({ length: 8 }, (_, i) => mention(`calm-${i}`, -600 + i * 7, 0.4)),
    ...Array.from({ length: 22 }, (_, k) => [
      mention(`n-${k}-a`, -110 + k * 3, 0.3),
      ...Array.from({ length: Math.floor(k / 3) }, (_, j) => mention(`n-${k}-${j}`, -110 + k * 3, -0.3 - k * 0.03)),
    ]).flat(),
  ];
  const ingest = async (batch: unknown[]) =>
    expect(ok(await server.gql(writer, `mutation($m: [MentionInput!]!) { ingestMentions(mentions: $m) { accepted } }`, { m: batch }), 'ingestMentions').accepted).toBe(batch.length);
  await ingest(mentions);

  await driveToRecovery(server, writer, legal, crisisId, { lead: 'dana', legal: 'sam' });
  // Contained: calm again for twenty minutes (SENTIMENT_RECOVERED), then three angry posts (RECOVERY_RELAPSED).
  await ingest(Array.from({ length: 20 }, (_, i) => mention(`back-${i}`, -40 + i, 0.4)));
  await ingest(Array.from({ length: 3 }, (_, i) => mention(`relapse-${i}`, -18, -0.6)));
  await eventually(async () => {
    const t = await server.gql(writer, `query($id: ID!) { crisis(id: $id) { recovery { status } } }`, { id: crisisId });
    return t.data.crisis.recovery?.status === 'RELAPSED';
  }, 5000, 'the recovery to relapse');
  const logAction = (input: Record<string, unknown>) => server.gql(writer, `mutation($input: LogRecoveryActionInput!) { logRecoveryAction(input: $input) { id } }`, { input: { crisisId, ...input } });
  ok(await logAction({ kind: 'TESTIMONIAL', title: STORY_TITLE, url: STORY_URL }), 'logRecoveryAction');
  ok(await logAction({ kind: 'COMMUNITY_ACTION', title: 'Free lunch at every store' }), 'logRecoveryAction');
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
      timeline(first: 200) { totalCount edges { node { sequence type } } } ${RECOVERY_FIELDS} recoveryActions { id kind title url loggedBy loggedAt }
      kpis { timeToAcknowledgeSeconds timeToFirstResponseSeconds timeToContainSeconds durationSeconds peakNegativeMentionsPerHour slaBreaches
        repliesSent medianReplySeconds sentimentBaseline sentimentAtClose slaResults { sla targetSeconds actualSeconds met } }
    } replyQueue(crisisId: $id, first: 1) { totalCount } }`, { id: crisisId })).data;
  const c = api.crisis;
  expect(r).toMatchObject({
    reportVersion: 2,
    crisis: { id: crisisId, title: TITLE, state: 'REVIEWED', severity: c.severity, closedAt: c.closedAt, brand: { name: 'Acme Foods' }, trigger: null,
      rootCause: { nature: 'Supplier mislabelled <i>batch 42</i>', stakeholders: ['Customers', 'Stores & partners'], revision: 1, updatedBy: 'dana' } },
    playbook: { name: 'Default crisis plan', version: 1, slaPolicy: { severity: c.severity } },
    replies: { sent: 1, skipped: 1, waiting: api.replyQueue.totalCount },
    learnedRevisions: [],
  });
  expect(api.replyQueue.totalCount).toBeGreaterThan(0);
  // Replies, skips and spikes are counted per hour; every other event is listed, in order; nothing is left out.
  const counted = ['REPLY_SENT', 'MENTION_SKIPPED', 'SPIKE_DETECTED'];
  const events: Array<{ sequence: string; type: string }> = c.timeline.edges.map((e: any) => e.node);
  expect(events).toHaveLength(c.timeline.totalCount);
  expect(r.timeline.map((e: any) => [e.sequence, e.type])).toEqual(events.filter((e) => !counted.includes(e.type)).map((e) => [e.sequence, e.type]));
  for (const type of counted) {
    const rows = r.timelineSummaries.filter((s: any) => s.type === type);
    expect([type, rows.reduce((n: number, s: any) => n + s.count, 0)]).toEqual([type, events.filter((e) => e.type === type).length]);
    for (const row of rows) expect(Date.parse(row.to) - Date.parse(row.from)).toBe(3600_000);
  }
  expect(r.timelineSummaries).toContainEqual({ type: 'REPLY_SENT', from: expect.stringMatching(/T\d\d:00:00\.000Z$/), to: expect.any(String), count: 1, actors: 1, summary: '1 personal reply sent by 1 agent' });
  expect(r.timelineSummaries).toContainEqual({ type: 'MENTION_SKIPPED', from: expect.any(String), to: expect.any(String), count: 1, actors: 1, summary: '1 mention left unanswered by 1 agent' });
  expect(r.timelineOmitted).toBe(0);
  // Each event type has a readable line: recovery, review, statements, action items and the rest.
  for (const type of new Set([...EVENT_TYPES, ...events.map((e) => e.type)])) expect([type, hasOwnSummary(type)]).toEqual([type, true]);
  const lines = (type: string) => r.timeline.filter((e: any) => e.type === type).map((e: any) => e.summary);
  const metrics = 'negative share 0 %, sentiment 0.4, 0 negative an hour';
  expect(lines('SENTIMENT_RECOVERED')).toEqual([expect.stringMatching(new RegExp(
    `^back to baseline at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:00 UTC: within 20 % of the pre-crisis baseline since .+ UTC for 5 min; ${metrics} \\(baseline: ${metrics}\\)$`))]);
  expect(lines('RECOVERY_RELAPSED')).toEqual([expect.stringMatching(/^relapse at .+ UTC: out of the 20 % tolerance again after being back at .+ UTC; negative share [1-9]\d* %, .+ \(baseline: negative share 0 %/)]);
  expect(lines('RECOVERY_ACTION_LOGGED')).toEqual([`recovery action logged (TESTIMONIAL): ${STORY_TITLE}`, 'recovery action logged (COMMUNITY_ACTION): Free lunch at every store']);
  expect(lines('REVIEW_UPDATED')).toEqual(['review updated: summary, strengths, weaknesses, lessons (revision 1); still missing the crisis lead\'s feedback']);
  expect(lines('REVIEW_FEEDBACK_SUBMITTED')).toEqual(['feedback from dana (CRISIS_LEAD), rated 4/5; complete', 'feedback from sam (LEGAL), rated 5/5; complete']);
  expect(lines('STATEMENT_APPROVED')).toContain('APOLOGY statement approved; note: ok "legal" & <fine>');

  // Recovery as Crisis.recovery says it: back, then a relapse; the actions as logged, on the curve too.
  expect(r.recovery).toEqual(c.recovery);
  expect(r.recovery).toMatchObject({ status: 'RELAPSED', backToBaselineAt: expect.any(String), relapsedAt: expect.any(String), tolerancePercent: 20, sustainMinutes: 5 });
  expect(r.recoveryActions).toEqual(c.recoveryActions);
  expect(r.recoveryActions.map((a: any) => [a.kind, a.title, a.url, a.loggedBy])).toEqual([['TESTIMONIAL', STORY_TITLE, STORY_URL, 'dana'], ['COMMUNITY_ACTION', 'Free lunch at every store', null, 'dana']]);
  expect(r.chart.recoveryActions).toEqual(c.recoveryActions.map((a: any) => ({ recoveryActionId: a.id, kind: a.kind, loggedAt: a.loggedAt })));
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
  expect(r.chart.points.reduce((n: number, p: any) => n + p.negativeMentions, 0)).toBe(73);
  expect(r.review).toMatchObject({ summary: `Contained within a day.\n\n${NASTY}`, lessons: ['Publish the holding line within 30 minutes', '# not a heading | not a cell'] });
  expect(r.review.feedback.map((f: any) => [f.author, f.role, f.rating])).toEqual([['dana', 'CRISIS_LEAD', 4], ['sam', 'LEGAL', 5]]);

  expect(ok(await report(tokens.admin, 'JSON'), 'crisisReport')).toBe(body); // a closed crisis: the same bytes for anyone, any time
});

test('the Markdown report has its sections in order, one timeline row per event or count, user text that cannot break its structure, and links as text', async () => {
  const md: string = ok(await report(tokens.viewer), 'crisisReport'); // MARKDOWN is the default
  expect(md.split('\n')[0]).toBe('# Crisis report: Recall \\<script\\>alert(1)\\</script\\> "\'&\\<\\> \\| # batch 42');
  const headings = md.split('\n').filter((l) => l.startsWith('## '));
  expect(headings).toEqual([
    '## Summary', '## Timeline', '## Team and roles', '## Statements as published', '## Action items', '## Personal replies',
    "## KPIs against the playbook's SLAs", '## Sentiment and volume', '## Recovery', '## Feedback', '## Lessons', '## Plan revisions learned from this crisis',
  ]);
  expect(md).not.toMatch(/(^|[^\\])</); // every < of user text is escaped, so no renderer sees a tag
  const timeline = md.slice(md.indexOf('## Timeline'), md.indexOf('## Team and roles'));
  const json = JSON.parse(ok(await report(tokens.viewer, 'JSON'), 'crisisReport'));
  expect(timeline.split('\n').filter((l) => l.startsWith('| 2'))).toHaveLength(json.timeline.length + json.timelineSummaries.length);
  expect(timeline).toMatch(/^\| \d{4}-\d\d-\d\d \d\d:00–\d\d:00 UTC \| `REPLY_SENT` × 1 \| 1 actor \|  \| 1 personal reply sent by 1 agent \|$/m);
  expect(timeline).not.toContain('more events not shown');
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
  // Recovery: the URL is inline code (never a link; < and > percent-encoded), a URL in user text is not linked by GFM either.
  const recovery = md.slice(md.indexOf('## Recovery'), md.indexOf('## Feedback'));
  expect(recovery).toContain('| Status | RELAPSED (relapsed after being back) |');
  expect(recovery).toContain('| Judged by | within 20 % of the baseline for 5 min |');
  expect(recovery).toContain('| R1 | ');
  expect(recovery).toContain(' | `TESTIMONIAL` | Customers\' stories \\<script\\>alert(1)\\</script\\> "\'&\\<\\> on https\\://acme.example/stories and www\\.acme.example | `https://acme.example/recall?batch=42&note=%3Cscript%3Ealert(1)%3C/script%3E\\|"x"` | dana |');
  expect(recovery).toContain('| `COMMUNITY_ACTION` | Free lunch at every store | — | dana |');
  expect(md).not.toMatch(/\]\(|<https?:|(^|[^\\`])https?:\/\/(?![^`]*`)/m);
  expect(md).toContain('D detection, ^ publication, R recovery action');
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
  expect(root.querySelectorAll('a, link, iframe, img, object, embed, base, form')).toHaveLength(0);
  expect(page).not.toMatch(/href=/i);
  expect(root.querySelector('style')!.text).not.toMatch(/@import|url\(/);
  expect(root.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; img-src data:/);

  const svg = root.querySelector('section#chart svg')!;
  expect(svg).toBeTruthy();
  expect(svg.querySelectorAll('g.publication').map((g) => g.getAttribute('data-statement'))).toEqual([ids.holding, ids.apology]);
  const json = JSON.parse(ok(await report(tokens.viewer, 'JSON'), 'crisisReport'));
  expect(svg.querySelectorAll('g.recovery-action').map((g) => g.getAttribute('data-recovery-action'))).toEqual(json.recoveryActions.map((a: any) => a.id));
  expect(svg.querySelector('g.legend')!.text).toContain('recovery action (R1, R2…)');

  // Recovery: the section, the link as escaped text in <code>, never an anchor.
  const recovery = root.querySelector('section#recovery')!;
  expect(recovery.querySelector('h2')!.text).toBe('Recovery');
  expect(recovery.querySelectorAll('td.url code').map((el) => el.text)).toEqual([STORY_URL]);
  expect(recovery.querySelectorAll('tr.recovery-action').map((tr) => tr.querySelectorAll('td').map((td) => td.text)[3])).toEqual([STORY_TITLE, 'Free lunch at every store']);
  expect(page).toContain('<code>https://acme.example/recall?batch=42&amp;note=&lt;script&gt;alert(1)&lt;/script&gt;|&quot;x&quot;</code>');
  expect(root.querySelectorAll('section#timeline tr.count').map((tr) => tr.querySelectorAll('td')[4].text)).toEqual(json.timelineSummaries.map((s: any) => s.summary));
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

test('a crisis with thousands of events: replies counted per hour, the listed events capped and what is left out said, each format under 1 MB', async () => {
  const brand = await createBrand(server, tokens.admin, 'Volume Foods');
  const volume = await declareCrisis(server, tokens.writer, brand.id, { title: 'Volume', category: 'SERVICE_OUTAGE', severity: 'HIGH' });
  ok(await sendEvent(server, tokens.writer, { crisisId: volume.id, type: 'ACKNOWLEDGE' }), 'sendCrisisEvent');
  // Plain SQL, in this one test only: it measures the report's bound, not the reply path (3,000 replies through
  // linkMentions and replyToMention would take minutes). The rows have the shape reply.service and the others write.
  // 3,000 replies by 6 agents over the three hours after the detection's hour (a quarter from a template); 1,600 protocol
  // steps, more than the report lists one by one; 250 events of a type the report does not know, counted for their number.
  await server.database.dataSource.query(
    `WITH c AS (SELECT id, organization_id, brand_id, version, date_trunc('hour', detected_at, 'UTC') + interval '1 hour' AS h FROM crisis WHERE id = $1)
     INSERT INTO crisis_event (organization_id, crisis_id, brand_id, type, actor, payload, crisis_version, occurred_at)
     SELECT organization_id, id, brand_id, 'REPLY_SENT', 'agent-' || (g % 6),
            jsonb_build_object('mentionId', 'm' || g, 'replyId', 'r' || g, 'author', 'agent-' || (g % 6), 'templateId', CASE WHEN g % 4 = 0 THEN 't' END),
            version, h + (g / 1000) * interval '1 hour' + (g % 60) * interval '1 minute' FROM c, generate_series(0, 2999) g
     UNION ALL
     SELECT organization_id, id, brand_id, 'TASK_COMPLETED', 'dana', jsonb_build_object('title', 'Checklist step ' || g, 'state', 'ACKNOWLEDGED'),
            version, h + g * interval '1 second' FROM c, generate_series(1, 1600) g
     UNION ALL
     SELECT organization_id, id, brand_id, 'PARTNER_NOTE', 'partner-bot', jsonb_build_object('note', 'note ' || g), version, h + g * interval '2 seconds'
     FROM c, generate_series(1, 250) g`,
    [fromGlobalId('Crisis', volume.id)],
  );
  const total = ok(await server.gql(tokens.viewer, `query($id: ID!) { crisis(id: $id) { timeline(first: 1) { totalCount } } }`, { id: volume.id }), 'crisis').timeline.totalCount;
  expect(total).toBeGreaterThan(4850);

  const bodies: Record<string, string> = Object.fromEntries(await Promise.all(['JSON', 'MARKDOWN', 'HTML'].map(async (f) => [f, ok(await report(tokens.viewer, f, volume.id), 'crisisReport') as string])));
  for (const [format, body] of Object.entries(bodies)) expect([format, Buffer.byteLength(body) < 1_000_000]).toEqual([format, true]);
  const r = JSON.parse(bodies.JSON);
  const hour = Date.parse(r.crisis.detectedAt) - (Date.parse(r.crisis.detectedAt) % 3600_000) + 3600_000;
  const replies = [1, 2, 3].map((k) => ({
    type: 'REPLY_SENT', from: new Date(hour + (k - 1) * 3600_000).toISOString(), to: new Date(hour + k * 3600_000).toISOString(),
    count: 1000, actors: 6, summary: '1,000 personal replies sent by 6 agents (250 from a template)',
  }));
  expect(r.timelineSummaries).toEqual([
    { type: 'PARTNER_NOTE', from: replies[0].from, to: replies[0].to, count: 250, actors: 1, summary: '250 PARTNER_NOTE events by 1 actor' }, ...replies,
  ]);
  // 1,500 events listed at most, the lifecycle's turning points first: DETECTED and ACKNOWLEDGE are there, steps fill the rest.
  expect(r.timeline).toHaveLength(1500);
  expect(r.timeline.slice(0, 2).map((e: any) => e.type)).toEqual(['DETECTED', 'STATE_CHANGED']);
  expect(r.timeline.filter((e: any) => e.type === 'TASK_COMPLETED').length).toBeGreaterThan(1400);
  expect(r.timelineOmitted).toBe(total - 1500 - 3000 - 250);
  expect(r.timelineOmitted).toBeGreaterThan(100);

  const omitted = `${r.timelineOmitted} more events not shown; the full timeline is Crisis.timeline in the API.`;
  const md = bodies.MARKDOWN.slice(bodies.MARKDOWN.indexOf('## Timeline'), bodies.MARKDOWN.indexOf('## Team and roles'));
  expect(md.split('\n').filter((l: string) => l.startsWith('| 2'))).toHaveLength(1504);
  expect(md).toContain(`| ${replies[1].from.slice(0, 10)} ${replies[1].from.slice(11, 16)}–${replies[1].to.slice(11, 16)} UTC | \`REPLY_SENT\` × 1,000 | 6 actors |  | 1,000 personal replies sent by 6 agents (250 from a template) |`);
  expect(md).toContain(`**${omitted}**`);
  const page = parse(bodies.HTML);
  expect(page.querySelectorAll('section#timeline tbody tr')).toHaveLength(1504);
  expect(page.querySelectorAll('section#timeline tr.count').map((tr) => tr.querySelectorAll('td')[4].text)).toEqual(r.timelineSummaries.map((s: any) => s.summary));
  expect(page.querySelector('section#timeline p.omitted')!.text).toBe(omitted);
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
    expect(await page.locator('svg.chart g.recovery-action').count()).toBe(2);
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

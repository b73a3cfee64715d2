// The crisis report as Markdown: readable as plain text, and user-written text escaped only where it would break the structure.
import {
  foldPoints, formatDuration, formatNumber, formatPeriod, formatTime, isEventCount, kpiRows, milestones, omittedLine, recoveryMetricRows, recoveryRows,
  SECTIONS, SLA_NAMES, slaOutcome, timelineRows, unitWords,
} from './report.text';
import type { CrisisReport } from './report.types';

/**
 * One line of user text: whitespace folded, Markdown's inline syntax (emphasis, code, links, raw HTML, table pipes)
 * backslash-escaped, entity-like `&…;` kept literal, what would open a block at the start (heading, list, quote), and
 * what GitHub-flavoured Markdown would turn into a link by itself (`https://…`, `www.…`).
 */
export function mdInline(value: string): string {
  return value.replace(/\s+/g, ' ').trim()
    .replace(/[\\`*[\]<>|~]/g, '\\$&')
    .replace(/\b(https?|ftp):(?=\/\/)/gi, '$1\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_') // an underscore inside a word (CRISIS_LEAD) never emphasises
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Multi-line user text as a blockquote: its lines (hard breaks: two trailing spaces) and paragraphs kept, each line escaped as above. */
export function mdQuote(value: string): string {
  const lines = value.replace(/\r\n?/g, '\n').trim().split('\n').map((line) => line.trim());
  return lines.map((line, i) => (line ? `> ${mdInline(line)}${lines[i + 1] ? '  ' : ''}` : '>')).join('\n');
}

const cell = (value: string | null | undefined): string => (value ? mdInline(value) : '—');
const code = (value: string): string => `\`${value.replace(/`/g, '')}\``;

/**
 * A URL as inline code, so no renderer makes it a link: exact but for `<` and `>` (percent-encoded, as browsers send
 * them anyway), pipes escaped for a table cell, and a fence longer than any backtick run in it.
 */
export function mdUrl(url: string): string {
  const text = url.replace(/[<>]/g, (c) => encodeURIComponent(c)).replace(/\|/g, '\\|');
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = text.endsWith('`') ? ' ' : '';
  return `${fence}${text}${pad}${fence}`;
}

function table(head: string[], rows: string[][]): string {
  if (!rows.length) return '_None._';
  return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function list(items: string[], empty = '_None._'): string {
  return items.length ? items.map((i) => `- ${mdInline(i)}`).join('\n') : empty;
}

const BLOCKS = ' ▁▂▃▄▅▆▇█';

/** A text chart of the curve: negative volume and mean sentiment as block characters, a caret under each publication. */
function sparkline(report: CrisisReport): string {
  const columns = foldPoints(report, 96);
  if (!columns.length) return '_No mentions were recorded around this crisis._';
  const max = Math.max(1, ...columns.map((c) => c.negative));
  const volume = columns.map((c) => (c.negative ? BLOCKS[Math.max(1, Math.round((c.negative / max) * 8))] : ' ')).join('');
  const mood = columns.map((c) => (c.sentiment === null ? ' ' : BLOCKS[Math.max(1, Math.round(((c.sentiment + 1) / 2) * 8))])).join('');
  const width = columns.length > 1 ? columns[1].start - columns[0].start : report.chart.bucketMinutes * 60_000;
  const marks = columns.map((c) => {
    const at = (t: string) => Date.parse(t) >= c.start && Date.parse(t) < c.start + width;
    if (report.chart.publications.some((p) => at(p.publishedAt))) return '^';
    if (report.chart.recoveryActions.some((a) => at(a.loggedAt))) return 'R';
    return at(report.crisis.detectedAt) ? 'D' : ' ';
  }).join('').replace(/\s+$/, '');
  const from = formatTime(new Date(columns[0].start).toISOString());
  const to = formatTime(report.chart.end);
  return [
    '```text',
    `negative  ${volume}   max ${max} per ${formatDuration(width / 1000)}`,
    `sentiment ${mood}   ▁ = −1 … █ = +1`,
    `          ${marks}`,
    `          ${from} → ${to}; D detection, ^ publication${report.chart.recoveryActions.length ? ', R recovery action' : ''}`,
    '```',
  ].join('\n');
}

export function renderMarkdown(r: CrisisReport): string {
  const c = r.crisis;
  const out: string[] = [];
  const section = (title: string, ...body: string[]) => out.push(`## ${title}`, '', ...body.flatMap((b) => [b, '']));

  out.push(`# Crisis report: ${mdInline(c.title)}`, '');
  section(SECTIONS.summary,
    table(['Crisis', mdInline(c.title)], [
      ['Brand', cell(c.brand.name)], ['Category', code(c.category)], ['Severity', code(c.severity)], ['State', code(c.state)],
      ['Playbook', r.playbook ? `${mdInline(r.playbook.name)}, version ${r.playbook.version}` : '—'],
      ...milestones(r).map(([k, v]) => [k, v]),
    ]),
    ...(c.description ? [mdQuote(c.description)] : []),
    c.trigger
      ? `**Trigger:** ${code(c.trigger.metric)} at ${formatNumber(c.trigger.observed)} against a baseline of ${formatNumber(c.trigger.baseline)} (score ${formatNumber(c.trigger.score)}), window ${formatTime(c.trigger.windowStart)} → ${formatTime(c.trigger.windowEnd)}.`
      : '**Trigger:** declared by hand.',
    c.rootCause
      ? [`**Root cause** (revision ${c.rootCause.revision}, ${mdInline(c.rootCause.updatedBy)}, ${formatTime(c.rootCause.updatedAt)}):`, '',
        `- Nature: ${mdInline(c.rootCause.nature)}`, `- Stakeholders: ${c.rootCause.stakeholders.map(mdInline).join(', ') || '—'}`, `- Impact: ${mdInline(c.rootCause.impact)}`].join('\n')
      : '**Root cause:** not recorded.',
  );
  const omitted = omittedLine(r);
  section(SECTIONS.timeline, table(['Time', 'Event', 'Actor', 'State', 'What happened'], timelineRows(r).map((e) => (isEventCount(e)
    ? [formatPeriod(e.from, e.to), `${code(e.type)} × ${e.count.toLocaleString('en-US')}`, `${e.actors} ${e.actors === 1 ? 'actor' : 'actors'}`, '', cell(e.summary)]
    : [formatTime(e.occurredAt), code(e.type), cell(e.actor), e.toState ? `${e.fromState ? `${e.fromState} → ` : ''}${e.toState}` : '', cell(e.summary)]))),
  ...(omitted ? [`**${omitted}**`] : []));
  section(SECTIONS.team,
    table(['Role', 'Held by', 'Assigned', 'Responsibilities'], r.team.map((t) => [
      `${cell(t.title)} (${code(t.roleKey)})`, cell(t.assignee), t.assignedAt ? `${formatTime(t.assignedAt)} by ${cell(t.assignedBy)}` : '—',
      t.responsibilities.map(mdInline).join('; ') || '—',
    ])),
    '**Protocol checklist**',
    table(['State', 'Task', 'Done'], r.tasks.map((t) => [code(t.state), cell(t.title), t.completedAt ? `${formatTime(t.completedAt)} by ${cell(t.completedBy)}` : 'not done'])),
  );
  section(SECTIONS.statements,
    ...(r.statements.published.length ? r.statements.published.map((s, i) => [
      `### ${i + 1}. ${s.kind} (${s.language}), published ${formatTime(s.publishedAt)}`, '',
      `By ${cell(s.publishedBy)}; written by ${cell(s.author)}; approved by ${cell(s.approvedBy)}${s.supersedes ? '; corrects an earlier statement' : ''}.`, '',
      ...s.channels.flatMap((ch) => [
        `**${mdInline(ch.channel)}**${ch.canonical ? '' : ' (its own variant)'}, ${ch.length}${ch.limit === null ? '' : ` of ${ch.limit}`} ${unitWords(ch.unit)}:`, '', mdQuote(ch.text), '',
      ]),
      s.findings.length
        ? `Lint findings:\n\n${s.findings.map((f) => `- ${code(f.rule)} (${f.severity.toLowerCase()}) in ${f.channel ? mdInline(f.channel) : 'the body'}: “${mdInline(f.match)}” — ${mdInline(f.message)}`).join('\n')}`
        : 'Lint findings: none.',
    ].join('\n')) : ['_Nothing was published._']),
    r.statements.unpublished.length
      ? `**Never published:**\n\n${r.statements.unpublished.map((d) => `- ${d.kind}, left ${d.status} by ${mdInline(d.author)} (last change ${formatTime(d.updatedAt)})`).join('\n')}`
      : '**Never published:** none.',
  );
  section(SECTIONS.actionItems, table(['Action', 'Owner', 'Due', 'Status', 'Overdue', 'Note'], r.actionItems.map((a) => [
    cell(a.title), cell(a.owner), formatTime(a.dueAt), `${code(a.status)}${a.closedAt ? ` ${formatTime(a.closedAt)}` : ''}`, a.overdue ? '**yes**' : 'no', cell(a.note),
  ])));
  section(SECTIONS.replies, `- Sent: ${r.replies.sent}\n- Skipped (with a reason): ${r.replies.skipped}\n- Still waiting for an answer: ${r.replies.waiting}`);
  const policy = r.playbook?.slaPolicy;
  section(SECTIONS.kpis,
    table(['SLA', 'Target', 'Actual', 'Outcome'], [
      ...r.kpis.slaResults.map((s) => [SLA_NAMES[s.sla], formatDuration(s.targetSeconds), formatDuration(s.actualSeconds), `**${slaOutcome(s)}**`]),
      ...(policy ? [[SLA_NAMES.UPDATE, `every ${formatDuration(policy.updateEverySeconds)}`, `${r.kpis.updateBreaches} missed`, `**${r.kpis.updateBreaches ? 'missed' : 'met'}**`]] : []),
    ]),
    table(['KPI', 'Value'], kpiRows(r)),
  );
  section(SECTIONS.chart, sparkline(r),
    r.chart.publications.length ? r.chart.publications.map((p) => `- ^ ${formatTime(p.publishedAt)}: ${p.kind}`).join('\n') : '_No publication._',
    ...(r.chart.recoveryActions.length ? [r.chart.recoveryActions.map((a, i) => `- R${i + 1} ${formatTime(a.loggedAt)}: ${a.kind}`).join('\n')] : []));
  section(SECTIONS.recovery,
    r.recovery
      ? [table(['Recovery', 'Value'], recoveryRows(r.recovery).map(([k, v]) => [k, v])), '', table(['Metric', 'Now', 'Pre-crisis baseline'], recoveryMetricRows(r.recovery))].join('\n')
      : '_Never contained: recovery was not tracked._',
    '**Recovery actions**',
    table(['#', 'Logged', 'Kind', 'What was done', 'Link (as text)', 'By'], r.recoveryActions.map((a, i) => [
      `R${i + 1}`, formatTime(a.loggedAt), code(a.kind), cell(a.title), a.url ? mdUrl(a.url) : '—', cell(a.loggedBy),
    ])));
  section(SECTIONS.feedback, ...(r.review.feedback.length
    ? r.review.feedback.map((f) => `**${mdInline(f.author)}** (${code(f.role)}), ${'★'.repeat(f.rating)}${'☆'.repeat(5 - f.rating)} ${f.rating}/5, ${formatTime(f.submittedAt)}:\n\n${mdQuote(f.body)}`)
    : ['_No feedback._']));
  section(SECTIONS.lessons, r.review.summary ? mdQuote(r.review.summary) : '_No summary yet._',
    `**Strengths**\n\n${list(r.review.strengths)}`, `**Weaknesses**\n\n${list(r.review.weaknesses)}`, `**Lessons**\n\n${list(r.review.lessons)}`);
  section(SECTIONS.learned, r.learnedRevisions.length
    ? r.learnedRevisions.map((v) => `- Playbook ${code(v.playbookId)}, version ${v.version} (${formatTime(v.createdAt)})`).join('\n')
    : '_No playbook version has learned from this crisis yet._');
  return `${out.join('\n').trimEnd()}\n`;
}

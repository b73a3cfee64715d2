// The crisis report as one self-contained HTML page: inline style and SVG, no script, no external asset, all user text escaped.
import { html, type Interpolation, type Markup } from './report.markup';
import { renderChart } from './report.chart';
import {
  formatDuration, formatNumber, formatPeriod, formatTime, isEventCount, kpiRows, milestones, omittedLine, recoveryMetricRows, recoveryRows,
  SECTIONS, SLA_NAMES, slaOutcome, timelineRows, unitWords,
} from './report.text';
import type { CrisisReport } from './report.types';

/** What the page may load: nothing but its own inline style (and data: images). Also sent as a header over HTTP. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; max-width: 1040px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid #e4e7eb; padding-bottom: .2rem; margin-top: 2.2rem; } h3 { font-size: 1.05rem; }
.meta { color: #52606d; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .92rem; }
th, td { border: 1px solid #d9dee3; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f5f7fa; } td.num { text-align: right; white-space: nowrap; } td.time { white-space: nowrap; }
code { font-size: .85em; background: #f0f2f5; padding: 0 .25em; border-radius: 3px; }
.text { white-space: pre-wrap; background: #f8fafc; border-left: 4px solid #9aa5b1; padding: .5rem .8rem; margin: .4rem 0 .8rem; }
.met { color: #15803d; font-weight: 600; } .missed { color: #b42318; font-weight: 600; } .pending { color: #92400e; }
.finding { color: #92400e; } .empty { color: #7b8794; font-style: italic; }
.chart { max-width: 100%; height: auto; border: 1px solid #e4e7eb; }
td.url { word-break: break-all; } tr.count td { background: #f8fafc; color: #3e4c59; } .omitted { font-weight: 600; color: #92400e; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dl.summary dt { font-weight: 600; } dl.summary dd { margin: 0; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table, .chart { break-inside: avoid; } }
`;

const empty = (text: string) => html`<p class="empty">${text}</p>`;
const text = (value: string) => html`<div class="text">${value}</div>`;
const time = (iso: string | null) => html`<td class="time">${formatTime(iso)}</td>`;

function table(head: string[], rows: Markup[], none = 'None.'): Markup {
  if (!rows.length) return empty(none);
  return html`<table><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

function list(items: string[], none = 'None.'): Markup {
  return items.length ? html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>` : empty(none);
}

function section(id: string, title: string, ...body: Interpolation[]): Markup {
  return html`<section id="${id}"><h2>${title}</h2>${body}</section>\n`;
}

function summary(r: CrisisReport): Markup {
  const c = r.crisis;
  const t = c.trigger;
  return section('summary', SECTIONS.summary,
    html`<dl class="summary"><dt>Brand</dt><dd>${c.brand.name}</dd><dt>Category</dt><dd><code>${c.category}</code></dd><dt>Severity</dt><dd><code>${c.severity}</code></dd>
<dt>State</dt><dd><code>${c.state}</code></dd><dt>Playbook</dt><dd>${r.playbook ? `${r.playbook.name}, version ${r.playbook.version}` : '—'}</dd>
${milestones(r).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`,
    c.description ? text(c.description) : '',
    t ? html`<p><strong>Trigger:</strong> <code>${t.metric}</code> at ${formatNumber(t.observed)} against a baseline of ${formatNumber(t.baseline)} (score ${formatNumber(t.score)}), window ${formatTime(t.windowStart)} → ${formatTime(t.windowEnd)}.</p>`
      : html`<p><strong>Trigger:</strong> declared by hand.</p>`,
    c.rootCause
      ? html`<p><strong>Root cause</strong> (revision ${c.rootCause.revision}, ${c.rootCause.updatedBy}, ${formatTime(c.rootCause.updatedAt)}):</p>
<ul><li>Nature: ${c.rootCause.nature}</li><li>Stakeholders: ${c.rootCause.stakeholders.join(', ') || '—'}</li><li>Impact: ${c.rootCause.impact}</li></ul>`
      : html`<p><strong>Root cause:</strong> not recorded.</p>`,
  );
}

function statements(r: CrisisReport): Markup {
  const published = r.statements.published.map((s, i) => html`<article class="statement" id="statement-${i + 1}">
<h3>${i + 1}. ${s.kind} (${s.language}), published ${formatTime(s.publishedAt)}</h3>
<p>By ${s.publishedBy ?? '—'}; written by ${s.author}; approved by ${s.approvedBy ?? '—'}${s.supersedes ? '; corrects an earlier statement' : ''}.</p>
${s.channels.map((ch) => html`<h4>${ch.channel}${ch.canonical ? '' : ' (its own variant)'} <small>${ch.length}${ch.limit === null ? '' : ` of ${ch.limit}`} ${unitWords(ch.unit)}</small></h4>${text(ch.text)}`)}
${s.findings.length
    ? html`<p>Lint findings:</p><ul>${s.findings.map((f) => html`<li class="finding"><code>${f.rule}</code> (${f.severity.toLowerCase()}) in ${f.channel ?? 'the body'}: “${f.match}” — ${f.message}</li>`)}</ul>`
    : html`<p>Lint findings: none.</p>`}
</article>`);
  return section('statements', SECTIONS.statements,
    published.length ? published : empty('Nothing was published.'),
    html`<h3>Never published</h3>`,
    list(r.statements.unpublished.map((d) => `${d.kind}, left ${d.status} by ${d.author} (last change ${formatTime(d.updatedAt)})`)),
  );
}

function kpis(r: CrisisReport): Markup {
  const policy = r.playbook?.slaPolicy;
  const outcome = (o: string) => html`<td class="${o}">${o}</td>`;
  return section('kpis', SECTIONS.kpis,
    table(['SLA', 'Target', 'Actual', 'Outcome'], [
      ...r.kpis.slaResults.map((s) => html`<tr><td>${SLA_NAMES[s.sla]}</td><td class="num">${formatDuration(s.targetSeconds)}</td><td class="num">${formatDuration(s.actualSeconds)}</td>${outcome(slaOutcome(s))}</tr>`),
      ...(policy ? [html`<tr><td>${SLA_NAMES.UPDATE}</td><td class="num">every ${formatDuration(policy.updateEverySeconds)}</td><td class="num">${r.kpis.updateBreaches} missed</td>${outcome(r.kpis.updateBreaches ? 'missed' : 'met')}</tr>`] : []),
    ]),
    table(['KPI', 'Value'], kpiRows(r).map(([k, v]) => html`<tr><td>${k}</td><td class="num">${v}</td></tr>`)),
  );
}

function timeline(r: CrisisReport): Markup {
  const omitted = omittedLine(r);
  return section('timeline', SECTIONS.timeline,
    table(['Time', 'Event', 'Actor', 'State', 'What happened'], timelineRows(r).map((e) => (isEventCount(e)
      ? html`<tr class="count"><td class="time">${formatPeriod(e.from, e.to)}</td><td><code>${e.type}</code> × ${e.count.toLocaleString('en-US')}</td><td>${e.actors} ${e.actors === 1 ? 'actor' : 'actors'}</td><td></td><td>${e.summary}</td></tr>`
      : html`<tr>${time(e.occurredAt)}<td><code>${e.type}</code></td><td>${e.actor ?? '—'}</td><td>${e.toState ? `${e.fromState ? `${e.fromState} → ` : ''}${e.toState}` : ''}</td><td>${e.summary}</td></tr>`))),
    omitted ? html`<p class="omitted">${omitted}</p>` : '');
}

/** Crisis.recovery and the recovery actions; a link is shown as text (escaped), never as an anchor. */
function recovery(r: CrisisReport): Markup {
  const rec = r.recovery;
  return section('recovery', SECTIONS.recovery,
    rec
      ? [html`<dl class="summary">${recoveryRows(rec).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`,
        table(['Metric', 'Now', 'Pre-crisis baseline'], recoveryMetricRows(rec).map(([k, now, target]) => html`<tr><td>${k}</td><td class="num">${now}</td><td class="num">${target}</td></tr>`))]
      : empty('Never contained: recovery was not tracked.'),
    html`<h3>Recovery actions</h3>`,
    table(['#', 'Logged', 'Kind', 'What was done', 'Link (as text)', 'By'], r.recoveryActions.map((a, i) => html`<tr class="recovery-action"><td>R${i + 1}</td>${time(a.loggedAt)}<td><code>${a.kind}</code></td><td>${a.title}</td><td class="url">${a.url ? html`<code>${a.url}</code>` : '—'}</td><td>${a.loggedBy}</td></tr>`)),
  );
}

function review(r: CrisisReport): Markup[] {
  const stars = (n: number) => `${'★'.repeat(n)}${'☆'.repeat(5 - n)}`;
  return [
    section('feedback', SECTIONS.feedback, r.review.feedback.length
      ? r.review.feedback.map((f) => html`<article class="feedback"><p><strong>${f.author}</strong> (<code>${f.role}</code>), <span title="${f.rating}/5">${stars(f.rating)}</span> ${f.rating}/5, ${formatTime(f.submittedAt)}</p>${text(f.body)}</article>`)
      : empty('No feedback.')),
    section('lessons', SECTIONS.lessons, r.review.summary ? text(r.review.summary) : empty('No summary yet.'),
      html`<h3>Strengths</h3>`, list(r.review.strengths), html`<h3>Weaknesses</h3>`, list(r.review.weaknesses), html`<h3>Lessons</h3>`, list(r.review.lessons)),
    section('learned', SECTIONS.learned, r.learnedRevisions.length
      ? list(r.learnedRevisions.map((v) => `Playbook ${v.playbookId}, version ${v.version} (${formatTime(v.createdAt)})`))
      : empty('No playbook version has learned from this crisis yet.')),
  ];
}

export function renderHtml(r: CrisisReport): string {
  const c = r.crisis;
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Crisis report: ${c.title}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Crisis report: ${c.title}</h1><p class="meta">${c.brand.name} · ${c.category} · ${c.severity} · ${c.state}</p></header>
${summary(r)}
${timeline(r)}
${section('team', SECTIONS.team,
    table(['Role', 'Held by', 'Assigned', 'Responsibilities'], r.team.map((t) => html`<tr><td>${t.title} <code>${t.roleKey}</code></td><td>${t.assignee ?? '—'}</td><td>${t.assignedAt ? `${formatTime(t.assignedAt)} by ${t.assignedBy}` : '—'}</td><td>${t.responsibilities.join('; ') || '—'}</td></tr>`)),
    html`<h3>Protocol checklist</h3>`,
    table(['State', 'Task', 'Done'], r.tasks.map((t) => html`<tr><td><code>${t.state}</code></td><td>${t.title}</td><td>${t.completedAt ? `${formatTime(t.completedAt)} by ${t.completedBy}` : 'not done'}</td></tr>`)))}
${statements(r)}
${section('action-items', SECTIONS.actionItems, table(['Action', 'Owner', 'Due', 'Status', 'Overdue', 'Note'], r.actionItems.map((a) => html`<tr><td>${a.title}</td><td>${a.owner}</td>${time(a.dueAt)}<td><code>${a.status}</code>${a.closedAt ? ` ${formatTime(a.closedAt)}` : ''}</td><td class="${a.overdue ? 'missed' : ''}">${a.overdue ? 'yes' : 'no'}</td><td>${a.note ?? ''}</td></tr>`)))}
${section('replies', SECTIONS.replies, html`<ul><li>Sent: ${r.replies.sent}</li><li>Skipped (with a reason): ${r.replies.skipped}</li><li>Still waiting for an answer: ${r.replies.waiting}</li></ul>`)}
${kpis(r)}
${section('chart', SECTIONS.chart, renderChart(r), r.chart.publications.length
    ? html`<ol class="publications">${r.chart.publications.map((p) => html`<li>${p.kind}, ${formatTime(p.publishedAt)}</li>`)}</ol>` : empty('No publication.'),
    r.chart.recoveryActions.length ? html`<ul class="recovery-actions">${r.chart.recoveryActions.map((a, i) => html`<li>R${i + 1}: ${a.kind}, ${formatTime(a.loggedAt)}</li>`)}</ul>` : '')}
${recovery(r)}
${review(r)}
</body>
</html>
`;
  return page.value;
}

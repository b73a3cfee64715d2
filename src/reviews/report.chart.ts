// The report's chart as inline SVG: negative volume bars, mean sentiment line, both baselines, a marker per publication
// and per recovery action.
import { html, px, type Markup } from './report.markup';
import { formatDuration } from './report.text';
import type { CrisisReport } from './report.types';

const W = 960;
const H = 360;
const M = { left: 60, right: 64, top: 44, bottom: 56 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;
const MINUTE = 60_000;
const LEGEND_ROW = 16;
const RECOVERY_COLOR = '#7c3aed';
/** Beyond this many recovery actions their diamonds go unnumbered (the numbers would not fit side by side). */
const MAX_NUMBERED_ACTIONS = 40;
const TIME_STEPS = [15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * MINUTE);

/** A round upper bound for the volume axis and its step (1, 2 or 5 times a power of ten). */
function volumeScale(max: number): { top: number; step: number } {
  if (max <= 4) return { top: Math.max(1, Math.ceil(max)), step: 1 };
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step) * step, step };
}

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
const mmdd = (t: number) => new Date(t).toISOString().slice(5, 10);

/** Where each publication's numbered badge goes: at its time, pushed apart (and back inside the plot) when they crowd. */
function markerPositions(at: number[], right: number, gap = 20): number[] {
  const out: number[] = [];
  at.forEach((a, i) => out.push(i ? Math.max(a, out[i - 1] + gap) : a));
  const overflow = out.length ? out[out.length - 1] - right : 0;
  if (overflow > 0) {
    for (let i = out.length - 1; i >= 0; i--) out[i] = Math.min(out[i] - overflow, i < out.length - 1 ? out[i + 1] - gap : Infinity);
  }
  return out;
}

/** The legend, left to right, with only the baselines and markers the chart draws, wrapped in rows that fit the width. */
function legend(volumeBaseline: boolean, sentimentBaseline: boolean, recoveryActions: boolean): { markup: Markup; rows: number } {
  const items: Array<[Markup, string]> = [
    [html`<rect y="-9" width="12" height="10" fill="#f87171"/>`, 'negative mentions'],
    [html`<line x1="0" x2="20" y1="-4" y2="-4" stroke="#1d4ed8" stroke-width="2"/>`, 'mean sentiment'],
    ...(volumeBaseline ? [[html`<line x1="0" x2="20" y1="-4" y2="-4" stroke="#b42318" stroke-dasharray="6 4"/>`, 'usual negative volume'] as [Markup, string]] : []),
    ...(sentimentBaseline ? [[html`<line x1="0" x2="20" y1="-4" y2="-4" stroke="#1d4ed8" stroke-dasharray="2 3"/>`, 'usual sentiment'] as [Markup, string]] : []),
    [html`<circle cx="6" cy="-4" r="6" fill="#15803d"/>`, 'statement published (numbered)'],
    ...(recoveryActions ? [[html`<path d="M6 -11 L13 -4 L6 3 L-1 -4 Z" fill="${RECOVERY_COLOR}"/>`, 'recovery action (R1, R2…)'] as [Markup, string]] : []),
  ];
  let x = 0;
  let row = 0;
  const parts = items.map(([swatch, label]) => {
    const width = 40 + label.length * 6.5;
    if (x > 0 && x + width > W - M.left - 8) {
      x = 0;
      row += 1;
    }
    const at = x;
    x += width;
    return html`<g transform="translate(${px(at)} ${row * LEGEND_ROW})">${swatch}<text x="24" y="0">${label}</text></g>`;
  });
  return { markup: html`<g class="legend" transform="translate(${M.left} 22)">${parts}</g>`, rows: row + 1 };
}

export function renderChart(report: CrisisReport): Markup {
  const { points, publications, recoveryActions, bucketMinutes } = report.chart;
  const baselineSentiment = report.chart.baselineMeanSentiment;
  const key = legend(report.chart.baselineNegativeMentions > 0, baselineSentiment !== null, recoveryActions.length > 0);
  // A second legend row pushes the plot down; everything below is drawn from `top`.
  const top = M.top + (key.rows - 1) * LEGEND_ROW;
  const height = H + (key.rows - 1) * LEGEND_ROW;
  const t0 = points.length ? Date.parse(points[0].bucketStart) : Date.parse(report.crisis.detectedAt);
  const t1 = Math.max(t0 + bucketMinutes * MINUTE, Date.parse(report.chart.end));
  const x = (t: number) => M.left + ((t - t0) / (t1 - t0)) * PLOT_W;
  const maxNegative = Math.max(report.chart.baselineNegativeMentions, ...points.map((p) => p.negativeMentions));
  const volume = volumeScale(maxNegative);
  const yVolume = (n: number) => top + PLOT_H - (n / volume.top) * PLOT_H;
  const ySentiment = (s: number) => top + ((1 - s) / 2) * PLOT_H;
  const bucketMs = bucketMinutes * MINUTE;
  const barWidth = Math.max(1, (bucketMs / (t1 - t0)) * PLOT_W - 1);

  const bars = points.filter((p) => p.negativeMentions > 0).map((p) => {
    const barTop = yVolume(p.negativeMentions);
    return html`<rect class="volume" x="${px(x(Date.parse(p.bucketStart)) + 0.5)}" y="${px(barTop)}" width="${px(barWidth)}" height="${px(top + PLOT_H - barTop)}"><title>${p.negativeMentions} negative of ${p.mentions} mentions from ${p.bucketStart.slice(11, 16)} UTC</title></rect>`;
  });

  // The sentiment line, broken where a bucket had no mention (no sentiment to draw).
  let path = '';
  let open = false;
  for (const p of points) {
    if (p.meanSentiment === null) {
      open = false;
      continue;
    }
    path += `${open ? 'L' : 'M'}${px(x(Date.parse(p.bucketStart) + bucketMs / 2))} ${px(ySentiment(p.meanSentiment))} `;
    open = true;
  }
  const dots = points.filter((p) => p.meanSentiment !== null).length <= 80
    ? points.filter((p) => p.meanSentiment !== null).map((p) => html`<circle class="sentiment-dot" cx="${px(x(Date.parse(p.bucketStart) + bucketMs / 2))}" cy="${px(ySentiment(p.meanSentiment!))}" r="2.5"/>`)
    : [];

  const volumeTicks = Array.from({ length: Math.round(volume.top / volume.step) + 1 }, (_, i) => i * volume.step);
  const timeStep = TIME_STEPS.find((s) => (t1 - t0) / s <= 8) ?? TIME_STEPS[TIME_STEPS.length - 1];
  const timeTicks: number[] = [];
  for (let t = Math.ceil(t0 / timeStep) * timeStep; t <= t1; t += timeStep) timeTicks.push(t);
  const detected = Date.parse(report.crisis.detectedAt);
  const noMentions = points.every((p) => p.mentions === 0);
  const labels = markerPositions(publications.map((p) => x(Date.parse(p.publishedAt))), M.left + PLOT_W);
  const numbered = recoveryActions.length <= MAX_NUMBERED_ACTIONS;
  const actionAt = recoveryActions.map((a) => x(Date.parse(a.loggedAt)));
  const actionLabels = numbered ? markerPositions(actionAt, M.left + PLOT_W, 24) : actionAt;
  const diamondY = top + PLOT_H - 30; // above the "detected" label

  return html`<svg class="chart" viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-labelledby="chart-title chart-desc" font-family="sans-serif" font-size="12">
<title id="chart-title">Negative mentions and mean sentiment per ${formatDuration(bucketMinutes * 60)}</title>
<desc id="chart-desc">Bars: negative mentions per bucket (left axis). Line: mean sentiment from −1 to +1 (right axis). Dashed: the pre-crisis baselines. Vertical lines: detection, each published statement (numbered circles) and each recovery action (dashed, diamonds R1, R2…).</desc>
<rect x="${M.left}" y="${top}" width="${PLOT_W}" height="${PLOT_H}" fill="#fafafa" stroke="#ccc"/>
<g class="grid">${volumeTicks.map((v) => html`<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${px(yVolume(v))}" y2="${px(yVolume(v))}" stroke="#eee"/>`)}</g>
<g class="axis axis-volume" fill="#b42318" text-anchor="end">${volumeTicks.map((v) => html`<text x="${M.left - 6}" y="${px(yVolume(v) + 4)}">${v}</text>`)}
<text transform="translate(16 ${px(top + PLOT_H / 2)}) rotate(-90)" text-anchor="middle">negative mentions per ${formatDuration(bucketMinutes * 60)}</text></g>
<g class="axis axis-sentiment" fill="#1d4ed8" text-anchor="start">${[-1, -0.5, 0, 0.5, 1].map((s) => html`<text x="${M.left + PLOT_W + 6}" y="${px(ySentiment(s) + 4)}">${s > 0 ? `+${s}` : s}</text>`)}
<text transform="translate(${W - 14} ${px(top + PLOT_H / 2)}) rotate(90)" text-anchor="middle">mean sentiment</text></g>
<g class="axis axis-time" fill="#333" text-anchor="middle">${timeTicks.map((t, i) => html`<line x1="${px(x(t))}" x2="${px(x(t))}" y1="${top + PLOT_H}" y2="${top + PLOT_H + 5}" stroke="#333"/><text x="${px(x(t))}" y="${top + PLOT_H + 18}">${hhmm(t)}</text>${i === 0 || hhmm(t) === '00:00' || timeStep >= 1440 * MINUTE ? html`<text x="${px(x(t))}" y="${top + PLOT_H + 32}" fill="#666">${mmdd(t)}</text>` : ''}`)}
<text x="${M.left + PLOT_W / 2}" y="${height - 6}" fill="#666">time (UTC)</text></g>
<line class="zero" x1="${M.left}" x2="${M.left + PLOT_W}" y1="${px(ySentiment(0))}" y2="${px(ySentiment(0))}" stroke="#93c5fd" stroke-width="0.5"/>
<g class="bars" fill="#f87171">${bars}</g>
${report.chart.baselineNegativeMentions > 0 ? html`<line class="baseline-volume" x1="${M.left}" x2="${M.left + PLOT_W}" y1="${px(yVolume(report.chart.baselineNegativeMentions))}" y2="${px(yVolume(report.chart.baselineNegativeMentions))}" stroke="#b42318" stroke-dasharray="6 4"/>` : ''}
${baselineSentiment !== null ? html`<line class="baseline-sentiment" x1="${M.left}" x2="${M.left + PLOT_W}" y1="${px(ySentiment(baselineSentiment))}" y2="${px(ySentiment(baselineSentiment))}" stroke="#1d4ed8" stroke-dasharray="2 3"/>` : ''}
${path ? html`<path class="sentiment" d="${path.trim()}" fill="none" stroke="#1d4ed8" stroke-width="2"/>` : ''}
<g class="sentiment-dots" fill="#1d4ed8">${dots}</g>
${detected >= t0 && detected <= t1 ? html`<g class="detection"><line x1="${px(x(detected))}" x2="${px(x(detected))}" y1="${top}" y2="${top + PLOT_H}" stroke="#555" stroke-dasharray="1 3"/><text x="${px(x(detected) + 4)}" y="${top + PLOT_H - 6}" fill="#555" stroke="#fff" stroke-width="3" paint-order="stroke">detected</text></g>` : ''}
${publications.map((p, i) => {
    const at = x(Date.parse(p.publishedAt));
    const label = labels[i];
    return html`<g class="publication" data-statement="${p.statementId}"><line x1="${px(at)}" x2="${px(at)}" y1="${top}" y2="${top + PLOT_H}" stroke="#15803d" stroke-width="1.5"/><line x1="${px(at)}" x2="${px(label)}" y1="${top}" y2="${top - 6}" stroke="#15803d"/><circle cx="${px(label)}" cy="${top - 6}" r="9" fill="#15803d"/><text x="${px(label)}" y="${top - 2}" fill="#fff" text-anchor="middle" font-weight="bold">${i + 1}</text><title>${i + 1}: ${p.kind} published ${p.publishedAt.slice(0, 16).replace('T', ' ')} UTC</title></g>`;
  })}
${recoveryActions.map((a, i) => {
    const at = actionAt[i];
    const label = actionLabels[i];
    const r = numbered ? 11 : 5;
    return html`<g class="recovery-action" data-recovery-action="${a.recoveryActionId}"><line x1="${px(at)}" x2="${px(at)}" y1="${top}" y2="${top + PLOT_H}" stroke="${RECOVERY_COLOR}" stroke-width="1.5" stroke-dasharray="4 3"/>${numbered && label !== at ? html`<line x1="${px(at)}" x2="${px(label)}" y1="${top + PLOT_H}" y2="${px(diamondY)}" stroke="${RECOVERY_COLOR}"/>` : ''}<path d="M${px(label)} ${px(diamondY - r)} L${px(label + r)} ${px(diamondY)} L${px(label)} ${px(diamondY + r)} L${px(label - r)} ${px(diamondY)} Z" fill="${RECOVERY_COLOR}"/>${numbered ? html`<text x="${px(label)}" y="${px(diamondY + 3)}" fill="#fff" text-anchor="middle" font-size="9" font-weight="bold">R${i + 1}</text>` : ''}<title>R${i + 1}: ${a.kind} logged ${a.loggedAt.slice(0, 16).replace('T', ' ')} UTC</title></g>`;
  })}
${noMentions ? html`<text x="${M.left + PLOT_W / 2}" y="${top + PLOT_H / 2}" text-anchor="middle" fill="#666">No mentions were recorded around this crisis.</text>` : ''}
${key.markup}
</svg>`;
}

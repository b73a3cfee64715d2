// `npm run bench:lint`: statement-lint quality on a labelled corpus (precision, recall per language and rule) and speed,
// then the same quality table on a held-out corpus written blind to the rules.
// Speed is compared with a baseline measured in the same run — the same rule templates as one case-insensitive regex
// alternation over the raw text, no normalization — so the ratio holds on a noisy machine.
import { performance } from 'node:perf_hooks';
import { lintStatement, type LintRule } from '../src/communications/lint/lint';
import { EN_RULES } from '../src/communications/lint/rules.en';
import { FR_RULES } from '../src/communications/lint/rules.fr';
import { EN_CORPUS, type LabelledStatement } from './lint-corpus.en';
import { FR_CORPUS } from './lint-corpus.fr';
import { EN_HOLDOUT } from './lint-holdout.en';
import { FR_HOLDOUT } from './lint-holdout.fr';

const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 200);
const CORPORA: Record<string, readonly LabelledStatement[]> = { en: EN_CORPUS, fr: FR_CORPUS };
// Written blind to the rules (without reading the templates or the development corpus): not for tuning.
const HOLDOUT: Record<string, readonly LabelledStatement[]> = { en: EN_HOLDOUT, fr: FR_HOLDOUT };
const RULES: Record<string, readonly LintRule[]> = { en: EN_RULES, fr: FR_RULES };

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const ratio = (n: number, d: number) => (d ? (n / d).toFixed(3) : '    -');

function line(label: string, rule: string, c: Counts): string {
  const labelled = c.tp + c.fn;
  const found = c.tp + c.fp;
  return `${label.padEnd(8)} ${rule.padEnd(16)} ${String(labelled).padStart(8)} ${String(found).padStart(6)} ${String(c.tp).padStart(4)} ${String(c.fp).padStart(4)} ${String(c.fn).padStart(4)}  ${ratio(c.tp, found).padStart(9)}  ${ratio(c.tp, labelled).padStart(6)}`;
}

/** Statement-level counts per rule: TP labelled and found, FP found and not labelled, FN labelled and not found. */
function score(language: string, corpus: readonly LabelledStatement[], mistakes: string[]): Map<string, Counts> {
  const counts = new Map<string, Counts>();
  const get = (rule: string) => counts.get(rule) ?? counts.set(rule, { tp: 0, fp: 0, fn: 0 }).get(rule)!;
  for (const { text, rules } of corpus) {
    const findings = lintStatement(text, language);
    const found = new Set(findings.map((f) => f.rule));
    const labelled = new Set<string>(rules);
    for (const rule of new Set([...found, ...labelled])) {
      const c = get(rule);
      if (found.has(rule) && labelled.has(rule)) c.tp++;
      else if (found.has(rule)) {
        c.fp++;
        const f = findings.find((x) => x.rule === rule)!;
        mistakes.push(`${language} FP ${rule}: "${f.match}" in "${text.slice(0, 90)}"`);
      } else {
        c.fn++;
        mistakes.push(`${language} FN ${rule}: "${text.slice(0, 110)}"`);
      }
    }
  }
  return counts;
}

function add(into: Counts, c: Counts): void {
  into.tp += c.tp;
  into.fp += c.fp;
  into.fn += c.fn;
}

/** The baseline: every template as plain regex source (groups, optional words, `*` any word) in one alternation. */
function baselineRegex(rules: readonly LintRule[]): RegExp {
  const toRegex = (template: string): string => {
    let out = '';
    const optionalLeading: boolean[] = [];
    for (let i = 0; i < template.length; i++) {
      const c = template[i];
      const atSequenceStart = i === 0 || '([|'.includes(template[i - 1]);
      if (c === '(') out += '(?:';
      else if (c === '[') {
        optionalLeading.push(atSequenceStart);
        out += '(?:';
      } else if (c === ']') {
        if (optionalLeading.pop() && template[i + 1] === ' ') {
          out += '\\s+)?';
          i++;
        } else out += ')?';
      } else if (c === ' ') out += template[i + 1] === '[' ? '' : '\\s+';
      else if (c === '*') out += i > 0 && /[\p{L}']/u.test(template[i - 1]) ? '\\w*' : '\\S+';
      else if (c === '#') out += '\\d+';
      else if ('.?+^$\\{}/'.includes(c)) out += `\\${c}`;
      else out += c;
      // An optional word in the middle takes its own leading space: " [x]" → "(?:\s+x)?".
      if (c === ' ' && template[i + 1] === '[') {
        optionalLeading.push(false);
        out += '(?:\\s+';
        i++;
      }
    }
    return out;
  };
  const sources = rules.flatMap((r) => r.patterns.map((p) => `\\b(?:${toRegex(p)})`));
  return new RegExp(sources.join('|'), 'gi');
}

function timeIt(run: () => void): number {
  run(); // warm-up
  const started = performance.now();
  for (let r = 0; r < REPETITIONS; r++) run();
  return performance.now() - started;
}

/** The quality table for one set of corpora: per language and rule, then all rules, then the misses and false alarms. */
function qualityReport(title: string, corpora: Record<string, readonly LabelledStatement[]>): void {
  const sizes = Object.entries(corpora).map(([l, c]) => `${l} ${c.length} statements (${c.filter((s) => !s.rules.length).length} clean)`);
  console.log(`${title}: ${sizes.join(', ')}; statement-level counts per rule\n`);
  console.log('language rule             labelled  found   TP   FP   FN  precision  recall');
  const mistakes: string[] = [];
  const overall: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const [language, corpus] of Object.entries(corpora)) {
    const counts = score(language, corpus, mistakes);
    const total: Counts = { tp: 0, fp: 0, fn: 0 };
    for (const [rule, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
      console.log(line(language, rule, c));
      add(total, c);
    }
    console.log(line(language, 'all rules', total));
    add(overall, total);
  }
  console.log(line('both', 'all rules', overall));
  if (mistakes.length) console.log(`\nmisses and false alarms:\n  ${mistakes.join('\n  ')}`);
}

function main(): void {
  console.log(`Crisis Desk statement lint (node ${process.version})`);
  qualityReport('development corpus (the rules were written against it)', CORPORA);

  const all = Object.entries(CORPORA).flatMap(([language, corpus]) => corpus.map((s) => ({ language, text: s.text })));
  const baselines: Record<string, RegExp> = Object.fromEntries(Object.entries(RULES).map(([l, r]) => [l, baselineRegex(r)]));
  const chars = all.reduce((n, s) => n + s.text.length, 0);
  let sink = 0;
  const lintMs = timeIt(() => {
    for (const s of all) sink += lintStatement(s.text, s.language).length;
  });
  const baselineMs = timeIt(() => {
    for (const s of all) sink += s.text.match(baselines[s.language])?.length ?? 0;
  });
  const statements = all.length * REPETITIONS;
  const perSecond = (ms: number) => Math.round(statements / (ms / 1000)).toLocaleString('en');
  const micros = (ms: number) => ((ms * 1000) / statements).toFixed(1);
  console.log(`\nthroughput: ${REPETITIONS} repetitions of ${all.length} statements (${Math.round(chars / all.length)} characters on average)`);
  console.log(`  lintStatement      ${perSecond(lintMs).padStart(10)} statements/s  ${micros(lintMs).padStart(7)} µs/statement`);
  console.log(`  baseline regex     ${perSecond(baselineMs).padStart(10)} statements/s  ${micros(baselineMs).padStart(7)} µs/statement`);
  console.log(`  lint costs ${(lintMs / baselineMs).toFixed(2)}× the baseline`);

  for (const language of Object.keys(CORPORA)) {
    let long = '';
    for (let i = 0; long.length < 2000; i++) long += `${CORPORA[language][i % CORPORA[language].length].text} `;
    long = long.slice(0, 2000);
    const ms = timeIt(() => void (sink += lintStatement(long, language).length));
    console.log(`  a 2,000-character ${language} statement: ${((ms * 1000) / REPETITIONS).toFixed(0)} µs`);
  }
  if (sink < 0) console.log(sink); // keeps the work observable

  console.log('');
  qualityReport('held-out (written blind to the rules)', HOLDOUT);
}

main();

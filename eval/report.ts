/**
 * Writes evaluation and benchmark reports to eval/reports/: Markdown for people, JSON for tools
 * (eval/readme-sections.ts reads it back) and a hand-written SVG chart for the quality run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import { LANG_ROWS, langRow, type CaseResult, type Summary } from './metrics.ts';
import type { PeerSummary } from './peers/run-peers.ts';

export const REPORTS_DIR = 'eval/reports';

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  os: string;
  node: string;
}

export function machine(now = new Date()): Machine {
  const all = cpus();
  return {
    date: now.toISOString().slice(0, 10),
    cpu: (all[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim(),
    cores: all.length,
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

export const describeMachine = (m: Machine) => `${m.date} · ${m.cpu} × ${m.cores} cores · ${m.os} · Node ${m.node}`;

export const OUTCOME_CLASSES = ['knowledge', 'complaint', 'status', 'greeting', 'oos'] as const;
export type OutcomeClass = (typeof OUTCOME_CLASSES)[number];

/** What kind of answer a case expects, from its first expected outcome. */
export function outcomeClass(expected: readonly string[]): OutcomeClass {
  const first = expected[0] ?? 'oos';
  if (first.startsWith('complaint:')) return 'complaint';
  if (first === 'status' || first === 'greeting' || first === 'oos') return first;
  return 'knowledge';
}

export interface ClassScore {
  cases: number;
  top1: number;
}

export function byOutcome(results: readonly CaseResult[]): Record<OutcomeClass, ClassScore> {
  return Object.fromEntries(
    OUTCOME_CLASSES.map((k) => {
      const rows = results.filter((r) => outcomeClass(r.case.expected) === k);
      const top1 = rows.length ? Number((rows.filter((r) => r.correct).length / rows.length).toFixed(4)) : 0;
      return [k, { cases: rows.length, top1 }];
    }),
  ) as Record<OutcomeClass, ClassScore>;
}

export function langCounts(results: readonly CaseResult[]): Record<string, number> {
  return Object.fromEntries(LANG_ROWS.map((row) => [row, results.filter((r) => langRow(r.case) === row).length]));
}

export interface EvalReport {
  dataset: string;
  mode: string;
  machine: Machine;
  summary: Summary;
  lang_cases: Record<string, number>;
  by_outcome: Record<OutcomeClass, ClassScore>;
  peers?: Record<string, PeerSummary>;
}

export function buildEvalReport(dataset: string, mode: string, summary: Summary, results: readonly CaseResult[], peers?: Record<string, PeerSummary>, m = machine()): EvalReport {
  return { dataset, mode, machine: m, summary, lang_cases: langCounts(results), by_outcome: byOutcome(results), ...(peers ? { peers } : {}) };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function evalMarkdown(r: EvalReport): string {
  const s = r.summary;
  const lines = [
    `# Quality: ${r.dataset}`,
    '',
    `${describeMachine(r.machine)} · ${r.mode} retrieval · ${s.cases} cases`,
    '',
    `Top-1 ${pct(s.top1)} · recall@3 ${pct(s.recall3)} · MRR ${s.mrr.toFixed(3)} · out-of-scope precision ${pct(s.oos.precision)} / recall ${pct(s.oos.recall)} · complaint detection recall ${pct(s.complaint.detect_recall)}, category accuracy ${pct(s.complaint.category_accuracy)} · reply language ${pct(s.reply_lang_accuracy)} · latency p50 ${s.latency_ms.p50} ms / p95 ${s.latency_ms.p95} ms`,
    '',
    '| outcome | cases | top-1 |',
    '| --- | ---: | ---: |',
    ...OUTCOME_CLASSES.map((k) => `| ${k} | ${r.by_outcome[k].cases} | ${pct(r.by_outcome[k].top1)} |`),
    '',
  ];
  const peers = Object.entries(r.peers ?? {});
  lines.push(`| language | cases | ours${peers.map(([n]) => ` | ${n}`).join('')} |`, `| --- | ---: | ---:${peers.map(() => ' | ---:').join('')} |`);
  for (const row of LANG_ROWS) lines.push(`| ${row} | ${r.lang_cases[row] ?? 0} | ${pct(s.by_lang[row])}${peers.map(([, p]) => ` | ${pct(p.by_lang[row])}`).join('')} |`);
  if (peers.length) {
    lines.push('', '| system | top-1 | recall@3 | MRR | p50 ms | p95 ms |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    lines.push(`| ours | ${pct(s.top1)} | ${pct(s.recall3)} | ${s.mrr.toFixed(3)} | ${s.latency_ms.p50} | ${s.latency_ms.p95} |`);
    for (const [n, p] of peers) lines.push(`| ${n} | ${pct(p.top1)} | ${pct(p.recall3)} | ${p.mrr.toFixed(3)} | ${p.latency_ms.p50} | ${p.latency_ms.p95} |`);
    lines.push('', 'Peers answer with their top entry or refuse ("oos"); they cannot open complaints, look up tickets or greet, so those cases count against them unless their text happens to match.');
  }
  return lines.join('\n') + '\n';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Horizontal bars: top-1 per language row (left) and per expected outcome (right). */
export function evalChartSvg(r: EvalReport): string {
  const panels: { title: string; bars: { label: string; value: number; n: number }[] }[] = [
    { title: 'Top-1 by language', bars: LANG_ROWS.map((row) => ({ label: row, value: r.summary.by_lang[row], n: r.lang_cases[row] ?? 0 })) },
    { title: 'Top-1 by expected outcome', bars: OUTCOME_CLASSES.map((k) => ({ label: k, value: r.by_outcome[k].top1, n: r.by_outcome[k].cases })) },
  ];
  const width = 900;
  const panelWidth = 420;
  const labelWidth = 90;
  const barArea = panelWidth - labelWidth - 40;
  const barHeight = 22;
  const top = 70;
  const rows = Math.max(...panels.map((p) => p.bars.length));
  const height = top + rows * (barHeight + 8) + 60;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="20" y="24" font-size="16" font-weight="bold">${esc(`${r.dataset}: top-1 ${pct(r.summary.top1)} over ${r.summary.cases} cases (${r.mode})`)}</text>`,
    `<text x="20" y="44" fill="#555">${esc(describeMachine(r.machine))}</text>`,
  ];
  panels.forEach((panel, p) => {
    const x0 = 20 + p * (panelWidth + 20);
    const bx = x0 + labelWidth;
    parts.push(`<text x="${x0}" y="${top - 8}" font-weight="bold">${esc(panel.title)}</text>`);
    panel.bars.forEach((bar, i) => {
      const y = top + i * (barHeight + 8);
      const w = Math.round(bar.value * barArea);
      const colour = bar.value >= 0.8 ? '#2e7d32' : bar.value >= 0.6 ? '#f9a825' : '#c62828';
      parts.push(
        `<text x="${bx - 6}" y="${y + 15}" text-anchor="end">${esc(bar.label)} (${bar.n})</text>`,
        `<rect x="${bx}" y="${y}" width="${barArea}" height="${barHeight}" fill="#eee"/>`,
        `<rect x="${bx}" y="${y}" width="${w}" height="${barHeight}" fill="${colour}"/>`,
        `<text x="${bx + w + 4}" y="${y + 15}">${pct(bar.value)}</text>`,
      );
    });
    const axisY = top + panel.bars.length * (barHeight + 8) + 2;
    parts.push(`<line x1="${bx}" y1="${axisY}" x2="${bx + barArea}" y2="${axisY}" stroke="#333"/>`);
    for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
      const tx = bx + tick * barArea;
      parts.push(`<line x1="${tx}" y1="${axisY}" x2="${tx}" y2="${axisY + 4}" stroke="#333"/>`, `<text x="${tx}" y="${axisY + 16}" text-anchor="middle" fill="#333">${tick * 100}%</text>`);
    }
    parts.push(`<text x="${bx + barArea / 2}" y="${axisY + 32}" text-anchor="middle" fill="#333">share of cases answered correctly (top-1)</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function write(dir: string, file: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, text);
  return path;
}

/** `<name>.md`, `<name>.json`, `<name>.svg`; returns the paths written. */
export function writeEvalReport(report: EvalReport, dir = REPORTS_DIR): string[] {
  const name = report.dataset.replace(/\.jsonl?$/, '');
  return [
    write(dir, `${name}.md`, evalMarkdown(report)),
    write(dir, `${name}.json`, JSON.stringify(report, null, 2) + '\n'),
    write(dir, `${name}.svg`, evalChartSvg(report)),
  ];
}

/** Any report whose Markdown is made elsewhere (external data, benchmark). */
export function writeNamedReport(name: string, markdown: string, json: unknown, dir = REPORTS_DIR): string[] {
  return [write(dir, `${name}.md`, markdown), write(dir, `${name}.json`, JSON.stringify(json, null, 2) + '\n')];
}

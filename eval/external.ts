/**
 * `npm run eval:external [-- --json] [--only NAME]`
 * Measures the assistant on data written by outsiders (../shared/datasets, see SOURCES.md there),
 * beside MiniSearch, FlexSearch, Orama and NLP.js where they apply. Writes eval/reports/external.{md,json};
 * with --json the last line of stdout is the whole report as one JSON object.
 */
import { runClinc150 } from './external/clinc150.ts';
import { runComplaintsEn } from './external/complaints-en.ts';
import { runLangidLingua } from './external/langid-lingua.ts';
import type { ExternalRow } from './external/row.ts';
import { runViCov19Qa } from './external/vicov19qa.ts';
import { runViLexNorm } from './external/vilexnorm.ts';
import { runVnPublicSecurityFaq } from './external/vn-public-security-faq.ts';
import { createLocalAssistant } from './local-assistant.ts';
import { describeMachine, machine, writeNamedReport, type Machine } from './report.ts';
import { option } from './run.ts';

export interface ExternalReport {
  machine: Machine;
  mode: string;
  rows: ExternalRow[];
}

const fmt = (metric: string, x: number) => (metric.endsWith('_ms') || metric === 'mrr' ? x.toFixed(3) : `${(x * 100).toFixed(1)}%`);

export function formatExternal(report: ExternalReport): string {
  const lines = [`external data — ${describeMachine(report.machine)} — ${report.mode} retrieval`];
  for (const row of report.rows) {
    lines.push('', `${row.task}`, `  read ${row.files.join(', ')} — ${row.items} items${row.note ? ` — ${row.note}` : ''}`);
    const metrics = [...new Set(Object.values(row.systems).flatMap((m) => Object.keys(m)))];
    lines.push(`  ${'system'.padEnd(16)}${metrics.map((m) => m.padStart(15)).join('')}`);
    for (const [system, values] of Object.entries(row.systems)) {
      lines.push(`  ${system.padEnd(16)}${metrics.map((m) => (values[m] === undefined ? '–' : fmt(m, values[m]!)).padStart(15)).join('')}`);
    }
  }
  return lines.join('\n');
}

export function externalMarkdown(report: ExternalReport): string {
  const lines = ['# Quality on outside data', '', `${describeMachine(report.machine)} · ${report.mode} retrieval`, ''];
  for (const row of report.rows) {
    const metrics = [...new Set(Object.values(row.systems).flatMap((m) => Object.keys(m)))];
    lines.push(`## ${row.task}`, '', `Read ${row.files.map((f) => `\`${f}\``).join(', ')} — ${row.items} items.${row.note ? ` ${row.note}.` : ''}`, '');
    lines.push(`| system | ${metrics.join(' | ')} |`, `| --- |${metrics.map(() => ' ---: |').join('')}`);
    for (const [system, values] of Object.entries(row.systems)) lines.push(`| ${system} | ${metrics.map((m) => (values[m] === undefined ? '–' : fmt(m, values[m]!))).join(' | ')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const only = option(argv, '--only');
  const wanted = (name: string) => !only || only.split(',').includes(name);
  const local = await createLocalAssistant({ lexicalOnly: argv.includes('--lexical') });
  const rows: ExternalRow[] = [];
  if (wanted('vn-public-security-faq')) rows.push(...(await runVnPublicSecurityFaq()));
  if (wanted('vicov19qa')) rows.push(await runViCov19Qa());
  if (wanted('clinc150')) rows.push(await runClinc150(local));
  if (wanted('langid-lingua')) rows.push(runLangidLingua());
  if (wanted('complaints-en')) rows.push(await runComplaintsEn(local.knowledge.current()));
  if (wanted('vilexnorm')) rows.push(runViLexNorm());
  local.knowledge.close();
  const report: ExternalReport = { machine: machine(), mode: local.mode, rows };
  console.log(formatExternal(report));
  const written = writeNamedReport('external', externalMarkdown(report), report);
  console.log(`\nreport: ${written.join(', ')}`);
  if (argv.includes('--json')) console.log(JSON.stringify(report));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}

/**
 * `tsx eval/readme-sections.ts [--readme README.md] [--dataset dev]`
 * Regenerates the blocks between `<!-- quality:start -->…<!-- quality:end -->` and
 * `<!-- performance:start -->…<!-- performance:end -->` in the README from the latest
 * eval/reports/*.json, so published numbers are never typed by hand.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExternalReport } from './external.ts';
import { describeMachine, REPORTS_DIR, type EvalReport, type Machine } from './report.ts';
import { option } from './run.ts';
import type { BenchSummary } from './bench.ts';
import type { CpuPerRequest } from './bench/thread-cpu.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function readJson<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

export function qualityBlock(evalReport?: EvalReport, external?: ExternalReport): string {
  const lines: string[] = [];
  if (evalReport) {
    const s = evalReport.summary;
    lines.push(`Measured ${describeMachine(evalReport.machine)} on \`${evalReport.dataset}\` (${s.cases} cases, ${evalReport.mode} retrieval). Regenerate with \`npm run eval -- --peers\` then \`tsx eval/readme-sections.ts\`.`, '');
    const peers = Object.entries(evalReport.peers ?? {});
    lines.push('| system | top-1 | recall@3 | MRR | p50 ms/message |', '| --- | ---: | ---: | ---: | ---: |');
    lines.push(`| hue-assistant | ${pct(s.top1)} | ${pct(s.recall3)} | ${s.mrr.toFixed(3)} | ${s.latency_ms.p50} |`);
    for (const [name, p] of peers) lines.push(`| ${name} | ${pct(p.top1)} | ${pct(p.recall3)} | ${p.mrr.toFixed(3)} | ${p.latency_ms.p50} |`);
    lines.push('', `Confident answers that were right (out-of-scope precision) ${pct(s.oos.precision)}; out-of-scope questions refused (recall) ${pct(s.oos.recall)}; complaint detection recall ${pct(s.complaint.detect_recall)}, category accuracy ${pct(s.complaint.category_accuracy)}.`, '');
    lines.push(`![top-1 by language and outcome](eval/reports/${evalReport.dataset.replace(/\.jsonl?$/, '')}.svg)`, '');
  }
  if (external) {
    lines.push(`Outside data (${describeMachine(external.machine)}; details in eval/reports/external.md):`, '', '| task | items | hue-assistant | best peer |', '| --- | ---: | --- | --- |');
    for (const row of external.rows) {
      const [metric] = Object.keys(row.systems['ours'] ?? Object.values(row.systems)[0] ?? {});
      const oursKey = row.systems['ours'] ? 'ours' : Object.keys(row.systems).find((k) => k.startsWith('ours')) ?? '';
      const value = (sys: string) => (metric ? row.systems[sys]?.[metric] : undefined);
      const peers = Object.keys(row.systems).filter((k) => !k.startsWith('ours') && k !== 'identity');
      const lowerIsBetter = metric === 'false_answer';
      const best = peers.sort((a, b) => (lowerIsBetter ? 1 : -1) * ((value(a) ?? 0) - (value(b) ?? 0)))[0];
      const fmt = (sys?: string) => (sys && value(sys) !== undefined ? `${metric} ${pct(value(sys)!)}${sys.startsWith('ours') ? '' : ` (${sys})`}` : '–');
      lines.push(`| ${row.task} | ${row.items} | ${fmt(oursKey)} | ${fmt(best)} |`);
    }
  }
  return lines.join('\n').trim() || '_No reports yet: run `npm run eval` and `npm run eval:external`._';
}

type BenchReport = BenchSummary & { machine: Machine; handle?: { p95_ms: number }; inline?: { rps: number }; server?: { cpu?: CpuPerRequest }; ceiling?: { cpu?: CpuPerRequest } };

export function performanceBlock(bench?: BenchReport): string {
  if (!bench) return '_No benchmark yet: run `npm run bench`._';
  const lines = [
    `Measured ${describeMachine(bench.machine)} with \`npm run bench\`.`,
    '',
    `- \`POST /api/chat\`: ${bench.throughput_rps} messages/s (p50 ${bench.p50_ms} ms, p99 ${bench.p99_ms} ms), ${pct(bench.ratio)} of a bare express JSON endpoint (${bench.ceiling_rps}/s); server RSS ${bench.rss_mb} MB. Assistant turns run in one worker thread beside the HTTP thread (the default).`,
  ];
  if (bench.inline && bench.ceiling_rps) lines.push(`- The same server with turns on the HTTP thread (\`ASSISTANT_WORKERS=0\`): ${bench.inline.rps} messages/s, ${pct(bench.inline.rps / bench.ceiling_rps)} of the ceiling.`);
  const cpu = bench.server?.cpu;
  if (cpu) lines.push(`- CPU per message under that load: ${cpu.total_us} µs in all — HTTP thread ${cpu.main_us} µs, assistant worker ${cpu.busiest_other_us} µs, V8 and libuv helper threads ${cpu.rest_us} µs${bench.ceiling?.cpu ? `; the bare endpoint ${bench.ceiling.cpu.total_us} µs` : ''}. The load generator shares the same cores.`);
  if (bench.handle) lines.push(`- One message in-process (lexical-only): p95 ${bench.handle.p95_ms} ms.`);
  for (const [n, r] of Object.entries(bench.scale)) lines.push(`- ${Number(n).toLocaleString('en')} synthetic entries: index built in ${r.build_s} s, query p95 ${r.query_p95_ms} ms, +${r.rss_mb} MB RSS, ${r.index_mb} MB on disk.`);
  return lines.join('\n');
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`; throws if the markers are missing. */
export function replaceBlock(readme: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`markers ${start} … ${end} not found`);
  return readme.slice(0, from + start.length) + '\n' + body + '\n' + readme.slice(to);
}

function main(argv: string[]): void {
  const readmePath = option(argv, '--readme') ?? 'README.md';
  const dataset = option(argv, '--dataset') ?? 'dev';
  const evalReport = readJson<EvalReport>(join(REPORTS_DIR, `${dataset}.json`));
  const external = readJson<ExternalReport>(join(REPORTS_DIR, 'external.json'));
  const bench = readJson<BenchReport>(join(REPORTS_DIR, 'bench.json'));
  let readme = readFileSync(readmePath, 'utf8');
  readme = replaceBlock(readme, 'quality', qualityBlock(evalReport, external));
  readme = replaceBlock(readme, 'performance', performanceBlock(bench));
  writeFileSync(readmePath, readme);
  console.log(`updated ${readmePath}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

/**
 * `npm run eval -- --dataset FILE.jsonl [--json] [--verbose] [--peers]`
 * Sends every case as the first message of a fresh conversation and reports accuracy and latency.
 * With --json the last line of stdout is the summary object (with --peers: `{ ours, peers }`).
 * --peers also runs MiniSearch, FlexSearch, Orama and NLP.js over the same knowledge base.
 * Reports go to eval/reports/<dataset>.{md,json,svg}.
 */
import { performance } from 'node:perf_hooks';
import { basename } from 'node:path';
import { questionKey } from '../knowledge/src/validate.ts';
import { readDataset, type EvalCase } from './dataset.ts';
import { createLocalAssistant, type LocalAssistant } from './local-assistant.ts';
import { LANG_ROWS, langRow, refusalPrecision, scoreCase, summarize, type CaseResult, type Summary } from './metrics.ts';
import { comparePeers } from './peers/compare.ts';
import type { PeerSummary } from './peers/run-peers.ts';
import { buildEvalReport, writeEvalReport } from './report.ts';

export function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export async function runCases(local: LocalAssistant, cases: EvalCase[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const [i, c] of cases.entries()) {
    const started = performance.now();
    const reply = await local.assistant.handle({ channel: 'eval', conversationId: `eval-${i}-${c.id}`, userId: `eval-${i}`, text: c.text });
    results.push(scoreCase(c, reply, performance.now() - started));
  }
  return results;
}

/** Eval texts that equal an alternate question after normalisation: they would flatter the score. */
export function leakage(local: LocalAssistant, cases: EvalCase[]): EvalCase[] {
  const questions = new Set<string>();
  for (const entry of local.knowledge.current().entries()) {
    for (const content of Object.values(entry.content)) for (const q of content?.questions ?? []) questions.add(questionKey(q));
  }
  return cases.filter((c) => questions.has(questionKey(c.text)));
}

const pct = (x: number) => (x * 100).toFixed(1).padStart(6);

export function formatTable(summary: Summary, results: CaseResult[]): string {
  const lines = [`cases ${summary.cases}   top-1 ${pct(summary.top1)}%   recall@3 ${pct(summary.recall3)}%   MRR ${summary.mrr.toFixed(3)}`];
  lines.push('', 'language    cases   top-1');
  for (const row of LANG_ROWS) {
    const n = results.filter((r) => langRow(r.case) === row).length;
    lines.push(`${row.padEnd(10)} ${String(n).padStart(6)}  ${pct(summary.by_lang[row])}%`);
  }
  lines.push(
    '',
    `out-of-scope   precision ${pct(summary.oos.precision)}% (confident answers that were right)   recall ${pct(summary.oos.recall)}% (out-of-scope questions refused)`,
    `               refusals that were out of scope ${pct(refusalPrecision(results))}%`,
    `complaints     detection recall ${pct(summary.complaint.detect_recall)}%   category accuracy ${pct(summary.complaint.category_accuracy)}%`,
    `reply language accuracy ${pct(summary.reply_lang_accuracy)}%`,
    `latency per message   p50 ${summary.latency_ms.p50.toFixed(2)} ms   p95 ${summary.latency_ms.p95.toFixed(2)} ms`,
  );
  return lines.join('\n');
}

export function formatPeerTable(ours: Summary, peers: Record<string, PeerSummary>): string {
  const systems: [string, Omit<PeerSummary, 'by_lang'> & { by_lang: Record<string, number> }][] = [['ours', ours], ...Object.entries(peers)];
  const lines = ['', `system     ${LANG_ROWS.map((r) => r.padStart(10)).join('')}     top-1  recall@3    MRR   p50 ms`];
  for (const [name, s] of systems) {
    lines.push(
      `${name.padEnd(11)}${LANG_ROWS.map((r) => `${pct(s.by_lang[r] ?? 0)}%`.padStart(10)).join('')}   ${pct(s.top1)}%   ${pct(s.recall3)}%  ${s.mrr.toFixed(3)} ${s.latency_ms.p50.toFixed(3).padStart(8)}`,
    );
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const dataset = option(argv, '--dataset') ?? 'eval/datasets/dev.jsonl';
  const cases = readDataset(dataset);
  const local = await createLocalAssistant({ lexicalOnly: argv.includes('--lexical') });
  const results = await runCases(local, cases);
  const summary = summarize(results);
  console.log(`${basename(dataset)} — ${local.mode} retrieval`);
  console.log(formatTable(summary, results));
  const leaked = leakage(local, cases);
  console.log(`leakage: ${leaked.length} case(s) equal an alternate question${leaked.length ? ': ' + leaked.map((c) => c.id).join(', ') : ''}`);
  if (argv.includes('--verbose')) {
    for (const r of results.filter((x) => !x.correct)) {
      console.log(`  ✗ ${r.case.id} [${r.case.lang}] "${r.case.text}" → ${r.outcome} (${r.reply.meta.intent}, conf ${r.reply.meta.confidence.toFixed(2)}; expected ${r.case.expected.join('|')})`);
    }
  }
  let peers: Record<string, PeerSummary> | undefined;
  if (argv.includes('--peers')) {
    peers = await comparePeers(local.knowledge.current().entries(), cases);
    console.log(formatPeerTable(summary, peers));
  }
  local.knowledge.close();
  const written = writeEvalReport(buildEvalReport(basename(dataset), local.mode, summary, results, peers));
  console.log(`report: ${written.join(', ')}`);
  if (argv.includes('--json')) console.log(JSON.stringify(peers ? { ours: summary, peers } : summary));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}

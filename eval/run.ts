/**
 * `npm run eval -- --dataset FILE.jsonl [--json] [--verbose] [--peers]`
 * Sends every case as the first message of a fresh conversation and reports accuracy and latency.
 * With --json the last line of stdout is the summary object (with --peers: `{ ours, peers }`).
 * --peers also runs MiniSearch, FlexSearch, Orama and NLP.js over the same knowledge base.
 * Reports go to eval/reports/<dataset>.{md,json,svg}.
 * `--conversations FILE.jsonl` plays multi-turn conversations instead (eval/conversations.ts).
 */
import { performance } from 'node:perf_hooks';
import { basename } from 'node:path';
import { questionKey } from '../knowledge/src/validate.ts';
import { readDataset, type EvalCase } from './dataset.ts';
import { createLocalAssistant, type LocalAssistant } from './local-assistant.ts';
import { LANG_ROWS, langRow, refusalPrecision, scoreCase, summarize, type CaseResult, type Summary } from './metrics.ts';
import { runConversationEval } from './conversations.ts';
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
  // The trained-classifier reference (../shared/tools/trained-baseline.py) skips status and greeting cases.
  const comparable = results.filter((r) => !['status', 'greeting'].includes(r.case.expected[0] ?? ''));
  lines.push(`top-1 over knowledge, complaint and out-of-scope cases (as the trained-baseline reference counts) ${pct(comparable.filter((r) => r.correct).length / Math.max(1, comparable.length))}% of ${comparable.length}`);
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

const INTERPRETERS = ['trained', 'rules'] as const;
type InterpreterName = (typeof INTERPRETERS)[number];

/** `--interpreter trained,rules` runs both on the same cases in one run; the first one writes the report. */
function interpretersOf(argv: string[]): InterpreterName[] {
  const names = (option(argv, '--interpreter') ?? 'trained').split(',').map((n) => n.trim());
  for (const name of names) if (!(INTERPRETERS as readonly string[]).includes(name)) throw new Error(`--interpreter: unknown "${name}" (expected ${INTERPRETERS.join(', ')})`);
  return names as InterpreterName[];
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--conversations')) return runConversationEval(argv);
  const dataset = option(argv, '--dataset') ?? 'eval/datasets/dev.jsonl';
  const cases = readDataset(dataset);
  const summaries: Partial<Record<InterpreterName, Summary>> = {};
  let first: { local: LocalAssistant; summary: Summary; results: CaseResult[] } | undefined;
  for (const interpreter of interpretersOf(argv)) {
    const local = await createLocalAssistant({ lexicalOnly: argv.includes('--lexical'), interpreter });
    const results = await runCases(local, cases);
    const summary = summarize(results);
    summaries[interpreter] = summary;
    console.log(`${basename(dataset)} — ${local.mode} retrieval — ${interpreter} interpreter`);
    console.log(formatTable(summary, results));
    if (argv.includes('--verbose')) {
      for (const r of results.filter((x) => !x.correct)) {
        console.log(`  ✗ ${r.case.id} [${r.case.lang}] "${r.case.text}" → ${r.outcome} (${r.reply.meta.intent}, conf ${r.reply.meta.confidence.toFixed(2)}; expected ${r.case.expected.join('|')})`);
      }
    }
    console.log('');
    if (first) local.knowledge.close();
    else first = { local, summary, results };
  }
  const { local, summary, results } = first!;
  const leaked = leakage(local, cases);
  console.log(`leakage: ${leaked.length} case(s) equal an alternate question${leaked.length ? ': ' + leaked.map((c) => c.id).join(', ') : ''}`);
  const crossValidation = local.crossValidation();
  if (crossValidation) console.log(`cross-validated on the knowledge files' own alternates: ${JSON.stringify(crossValidation)}`);
  let peers: Record<string, PeerSummary> | undefined;
  if (argv.includes('--peers')) {
    peers = await comparePeers(local.knowledge.current().entries(), cases);
    console.log(formatPeerTable(summary, peers));
  }
  local.knowledge.close();
  const written = writeEvalReport(buildEvalReport(basename(dataset), local.mode, summary, results, peers));
  console.log(`report: ${written.join(', ')}`);
  if (argv.includes('--json')) {
    const interpreters = Object.keys(summaries).length > 1 ? { interpreters: summaries } : {};
    console.log(JSON.stringify(peers ? { ours: summary, peers, ...interpreters } : { ...summary, ...interpreters }));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}

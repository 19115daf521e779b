/** Scores assistant replies against evaluation cases. */
import { cityProfile } from '../bot/locale/installed.ts';
import { hasVietnameseDiacritics } from '../bot/text/vietnamese.ts';
import type { Reply } from '../bot/types.ts';
import type { EvalCase } from './dataset.ts';

export const LANG_ROWS = ['vi', 'vi-nodiac', 'en', 'ko', 'zh', 'ja', 'fr'] as const;
export type LangRow = (typeof LANG_ROWS)[number];

export interface CaseResult {
  case: EvalCase;
  reply: Reply;
  ms: number;
  /** What the assistant did, in the dataset's vocabulary ("tour.tickets", "complaint:noise", "oos"…). */
  outcome: string;
  correct: boolean;
  /** 1-based rank of the first expected entry among the reply's sources, for knowledge cases. */
  rank?: number;
}

export function langRow(c: EvalCase): LangRow {
  // A language added by a pack beyond the report's rows still gets its own row.
  return c.lang === 'vi' && !hasVietnameseDiacritics(c.text) ? 'vi-nodiac' : (c.lang as LangRow);
}

const isKnowledgeId = (e: string) => e.includes('.') && !e.startsWith('complaint:');

export function outcomeOf(reply: Reply): string {
  const { intent, sources, category } = reply.meta;
  if (intent === 'answer' || intent === 'clarify' || intent === 'more') return sources[0]?.id ?? 'oos';
  if (intent === 'complaint') return `complaint:${category ?? 'other'}`;
  if (intent === 'status') return 'status';
  if (intent === 'greeting' || intent === 'language') return 'greeting';
  // Asking for a person is answered by handing the conversation to staff: the city profile's handoff entry.
  if (intent === 'handoff') return cityProfile().entries.handoff;
  return 'oos';
}

export function scoreCase(c: EvalCase, reply: Reply, ms: number): CaseResult {
  const outcome = outcomeOf(reply);
  const correct = c.expected.includes(outcome);
  let rank: number | undefined;
  if (c.expected.some(isKnowledgeId)) {
    const answered = ['answer', 'clarify', 'more'].includes(reply.meta.intent);
    const index = answered ? reply.meta.sources.findIndex((s) => c.expected.includes(s.id)) : -1;
    rank = index >= 0 ? index + 1 : Infinity;
  }
  return { case: c, reply, ms, outcome, correct, rank };
}

export const ratio = (n: number, d: number) => (d === 0 ? 0 : Number((n / d).toFixed(4)));

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(3));
}

export interface Summary {
  cases: number;
  top1: number;
  recall3: number;
  mrr: number;
  by_lang: Record<LangRow, number>;
  /**
   * precision: of the confident answers given from the knowledge base, the share that were right
   * (every wrong confident answer — to an out-of-scope question or from the wrong entry — counts
   * against it); recall: of the out-of-scope questions, the share refused.
   */
  oos: { precision: number; recall: number };
  complaint: { detect_recall: number; category_accuracy: number };
  reply_lang_accuracy: number;
  latency_ms: { p50: number; p95: number };
}

/** Of the refusals, the share that were out of scope: how often "I don't know" was the right call. */
export function refusalPrecision(results: CaseResult[]): number {
  const refused = results.filter((r) => r.outcome === 'oos');
  return ratio(refused.filter((r) => r.case.expected.includes('oos')).length, refused.length);
}

export function summarize(results: CaseResult[]): Summary {
  const knowledge = results.filter((r) => r.rank !== undefined);
  const byLang = Object.fromEntries(
    LANG_ROWS.map((row) => {
      const rows = results.filter((r) => langRow(r.case) === row);
      return [row, ratio(rows.filter((r) => r.correct).length, rows.length)];
    }),
  ) as Record<LangRow, number>;
  const expectedOos = results.filter((r) => r.case.expected.includes('oos'));
  const confident = results.filter((r) => r.reply.meta.intent === 'answer');
  const complaints = results.filter((r) => r.case.expected.some((e) => e.startsWith('complaint:')));
  const detected = complaints.filter((r) => r.outcome.startsWith('complaint:'));
  return {
    cases: results.length,
    top1: ratio(results.filter((r) => r.correct).length, results.length),
    recall3: ratio(knowledge.filter((r) => r.rank! <= 3).length, knowledge.length),
    mrr: ratio(knowledge.reduce((s, r) => s + (Number.isFinite(r.rank) ? 1 / r.rank! : 0), 0), knowledge.length),
    by_lang: byLang,
    oos: {
      precision: ratio(confident.filter((r) => r.correct).length, confident.length),
      recall: ratio(expectedOos.filter((r) => r.outcome === 'oos').length, expectedOos.length),
    },
    complaint: {
      detect_recall: ratio(detected.length, complaints.length),
      category_accuracy: ratio(detected.filter((r) => r.case.expected.includes(r.outcome)).length, detected.length),
    },
    reply_lang_accuracy: ratio(results.filter((r) => r.reply.meta.lang === r.case.lang).length, results.length),
    latency_ms: { p50: percentile(results.map((r) => r.ms), 50), p95: percentile(results.map((r) => r.ms), 95) },
  };
}

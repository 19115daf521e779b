/** Sends evaluation cases to a peer and scores its answers with the same scorer as the assistant. */
import { performance } from 'node:perf_hooks';
import type { EvalCase } from '../dataset.ts';
import { scoreCase, summarize, type CaseResult, type LangRow } from '../metrics.ts';
import { peerReply, type Peer, type RankedId } from './peer.ts';

export interface PeerSummary {
  top1: number;
  recall3: number;
  mrr: number;
  by_lang: Record<LangRow, number>;
  latency_ms: { p50: number; p95: number };
}

export interface RankedCase {
  case: EvalCase;
  hits: RankedId[];
  ms: number;
}

/** Rank depth asked of every peer: enough for recall@3 and MRR over the top results. */
export const PEER_DEPTH = 10;

export async function rankCases(peer: Peer, cases: readonly EvalCase[]): Promise<RankedCase[]> {
  const out: RankedCase[] = [];
  for (const c of cases) {
    const started = performance.now();
    const hits = await peer.rank(c.text, PEER_DEPTH);
    out.push({ case: c, hits, ms: performance.now() - started });
  }
  return out;
}

export function scoreRanked(ranked: readonly RankedCase[], threshold: number): CaseResult[] {
  return ranked.map((r) => scoreCase(r.case, peerReply(r.hits, threshold, r.case.lang), r.ms));
}

export function summarizePeer(results: CaseResult[]): PeerSummary {
  const { top1, recall3, mrr, by_lang, latency_ms } = summarize(results);
  return { top1, recall3, mrr, by_lang, latency_ms };
}

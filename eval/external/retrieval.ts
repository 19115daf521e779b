/**
 * FAQ retrieval on outside data: index one phrasing, query with another, and rank with our
 * LexicalIndex (the assistant's engine) and with every peer. All queries are in scope, so this
 * measures ranking only: no system may refuse here.
 */
import type { Lang } from '../../bot/language/langs.ts';
import { LexicalIndex, type IndexedDoc } from '../../knowledge/src/lexical/lexical-index.ts';
import { ratio } from '../bench/stats.ts';
import { createPeers } from '../peers/create-peers.ts';
import type { PeerDoc, PeerName } from '../peers/peer.ts';

export interface FaqItem {
  id: string;
  /** The indexed phrasing of the question (may be empty: answer-only index). */
  question: string;
  answer: string;
}

export interface FaqQuery {
  text: string;
  expect: string;
}

export interface RankScores {
  top1: number;
  recall3: number;
  mrr: number;
}

export function rankScores(rankings: readonly string[][], queries: readonly FaqQuery[]): RankScores {
  let top1 = 0;
  let recall3 = 0;
  let rr = 0;
  rankings.forEach((ids, i) => {
    const rank = ids.indexOf(queries[i]!.expect) + 1;
    if (rank === 1) top1++;
    if (rank >= 1 && rank <= 3) recall3++;
    if (rank >= 1) rr += 1 / rank;
  });
  return { top1: ratio(top1, queries.length), recall3: ratio(recall3, queries.length), mrr: ratio(rr, queries.length) };
}

export function oursIndex(items: readonly FaqItem[], lang: Lang): LexicalIndex {
  const docs: IndexedDoc[] = [];
  for (const item of items) {
    if (item.question) docs.push({ group: item.id, kind: 'question', lang, text: item.question });
    docs.push({ group: item.id, kind: 'answer', lang, text: item.answer });
  }
  return LexicalIndex.build(docs);
}

/** Query sets share one index per system, so peers are built once per knowledge base. */
export async function rankAll(
  items: readonly FaqItem[],
  querySets: Record<string, readonly FaqQuery[]>,
  lang: Lang,
  peerNames?: readonly PeerName[],
): Promise<Record<string, Record<string, RankScores>>> {
  const out: Record<string, Record<string, RankScores>> = {};
  for (const set of Object.keys(querySets)) out[set] = {};
  const ours = oursIndex(items, lang);
  for (const [set, queries] of Object.entries(querySets)) {
    out[set]!['ours'] = rankScores(queries.map((q) => ours.search(q.text, lang, 10).map((h) => h.group)), queries);
  }
  const docs: PeerDoc[] = items.map((item) => ({ group: item.id, lang, title: '', questions: item.question ? [item.question] : [], answer: item.answer }));
  for (const peer of await createPeers(docs, peerNames)) {
    for (const [set, queries] of Object.entries(querySets)) {
      const rankings: string[][] = [];
      for (const q of queries) rankings.push((await peer.rank(q.text, 10)).map((h) => h.id));
      out[set]![peer.name] = rankScores(rankings, queries);
    }
  }
  return out;
}

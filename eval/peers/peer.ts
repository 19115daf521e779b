/** What every comparison peer offers: a ranked list of knowledge entry ids for a text. */
import type { Lang } from '../../bot/language/langs.ts';
import type { Reply } from '../../bot/types.ts';

export const PEER_NAMES = ['minisearch', 'flexsearch', 'orama', 'nlpjs'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

/** One searchable unit: an entry (or external FAQ item) in one language. */
export interface PeerDoc {
  group: string;
  lang: Lang;
  title: string;
  questions: string[];
  answer: string;
}

export interface RankedId {
  id: string;
  score: number;
}

export interface Peer {
  name: PeerName;
  /** Best first, one row per group (entry), at most `limit`. */
  rank(text: string, limit: number): Promise<RankedId[]>;
}

/** Keeps the best-scored row per group, in order. */
export function bestPerGroup(rows: Iterable<RankedId>, limit: number): RankedId[] {
  const seen = new Map<string, RankedId>();
  for (const row of rows) {
    const known = seen.get(row.id);
    if (!known || row.score > known.score) seen.set(row.id, row);
  }
  return [...seen.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}

/** A peer "answers" with its top entry when the score clears its threshold; otherwise it refuses. */
export function peerReply(hits: RankedId[], threshold: number, lang: Lang): Reply {
  const answered = hits.length > 0 && hits[0]!.score >= threshold;
  return {
    text: '',
    quickReplies: [],
    meta: {
      intent: answered ? 'answer' : 'oos',
      lang,
      confidence: hits[0]?.score ?? 0,
      sources: answered ? hits.map((h) => ({ id: h.id, score: h.score })) : [],
    },
  };
}

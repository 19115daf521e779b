export interface FusionOptions {
  /** Rank damping constant; larger values flatten the difference between top ranks. */
  k?: number;
  /** One weight per ranking (default 1 each). */
  weights?: number[];
}

export interface FusedItem {
  id: string;
  score: number;
}

const DEFAULT_K = 60;

/**
 * Reciprocal rank fusion: score(id) = Σ weight_r / (k + rank_r(id)), ranks starting at 1.
 * Only ranks matter, so lexical and vector scores on different scales combine without tuning.
 * Ties keep the order in which ids were first seen (ranking by ranking, top to bottom).
 * An id repeated within one ranking counts once, at its best rank.
 */
export function reciprocalRankFusion(rankings: Array<Array<{ id: string }>>, options: FusionOptions = {}): FusedItem[] {
  const k = options.k ?? DEFAULT_K;
  if (!(k >= 0) || !Number.isFinite(k)) throw new Error(`RRF k must be a finite non-negative number, got ${k}`);
  const weights = options.weights;
  if (weights !== undefined && weights.length !== rankings.length) {
    throw new Error(`RRF got ${weights.length} weights for ${rankings.length} rankings`);
  }
  const scores = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  rankings.forEach((ranking, r) => {
    const weight = weights?.[r] ?? 1;
    const seen = new Set<string>();
    ranking.forEach((item, position) => {
      if (seen.has(item.id)) return;
      seen.add(item.id);
      if (!firstSeen.has(item.id)) firstSeen.set(item.id, firstSeen.size);
      scores.set(item.id, (scores.get(item.id) ?? 0) + weight / (k + position + 1));
    });
  });
  return [...scores]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || (firstSeen.get(a.id) ?? 0) - (firstSeen.get(b.id) ?? 0));
}

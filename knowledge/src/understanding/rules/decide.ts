/**
 * Decides what to do with ranked knowledge hits: answer, ask which one was meant, or say
 * honestly that the question is outside what the knowledge base covers.
 */
import type { SearchHit } from '../../../../bot/ports.ts';

export interface DecisionThresholds {
  /** Below this coverage of the question's words, the best entry is not an answer. */
  minCoverage: number;
  /** A question with more than this share of words the knowledge base has never seen… */
  maxUnknown: number;
  /** …needs at least this coverage: unseen words usually mean another subject ("who invented the internet"). */
  minCoverageWithUnknown: number;
  /** Above this coverage an answer is given without asking, however close the runner-up. */
  sureCoverage: number;
  /** Runner-up within this share of the best score → ask "Did you mean…?". */
  closeRatio: number;
  /** With a vector index: cosine similarity that counts as a match on its own. */
  minSimilarity: number;
  /** Beyond this many content words, the coverage needed shrinks in proportion… */
  longQuestionWords: number;
  /** …down to this floor… */
  longQuestionFloor: number;
  /** …and only when the runner-up scores below this share of the best. */
  longQuestionLead: number;
}

export const DEFAULT_THRESHOLDS: DecisionThresholds = {
  minCoverage: 0.45,
  maxUnknown: 0.2,
  minCoverageWithUnknown: 0.65,
  sureCoverage: 0.8,
  closeRatio: 0.93,
  minSimilarity: 0.86,
  longQuestionWords: 7,
  longQuestionFloor: 0.25,
  longQuestionLead: 0.75,
};

export type Decision =
  | { kind: 'answer'; hit: SearchHit; confidence: number }
  | { kind: 'clarify'; options: SearchHit[]; confidence: number }
  | { kind: 'oos'; confidence: number };

/**
 * How much of the question the entry's own titles, alternate questions and tags explain. Words
 * found only deep in a long answer are weak evidence: measured on general out-of-scope questions,
 * counting them let one in five through.
 */
export function confidenceOf(hit: SearchHit, thresholds: DecisionThresholds): number {
  const lexical = hit.shortCoverage;
  if (hit.similarity === undefined) return lexical;
  const semantic = Math.max(0, (hit.similarity - thresholds.minSimilarity) / (1 - thresholds.minSimilarity));
  return Math.max(lexical, Math.min(1, thresholds.minCoverage + semantic * (1 - thresholds.minCoverage)));
}

export function decide(hits: SearchHit[], thresholds: DecisionThresholds = DEFAULT_THRESHOLDS): Decision {
  const [top, second] = hits;
  if (!top) return { kind: 'oos', confidence: 0 };
  const confidence = confidenceOf(top, thresholds);
  // A long question ("we are two adults and three kids… do the children pay at the monuments?")
  // carries its subject in a few of many words: it needs less coverage, if one entry clearly leads.
  const words = top.queryWords ?? 0;
  const clearLead = !second || second.score < top.score * thresholds.longQuestionLead;
  const scale = words > thresholds.longQuestionWords && clearLead ? thresholds.longQuestionWords / words : 1;
  const needed = (base: number) => Math.max(Math.min(thresholds.longQuestionFloor, base), base * scale);
  const minCoverage = needed(thresholds.minCoverage);
  const minWithUnknown = needed(thresholds.minCoverageWithUnknown);
  if (confidence < minCoverage) return { kind: 'oos', confidence };
  if (top.unknown > thresholds.maxUnknown && confidence < minWithUnknown) return { kind: 'oos', confidence };
  if (
    second &&
    confidence < thresholds.sureCoverage &&
    second.score >= top.score * thresholds.closeRatio &&
    confidenceOf(second, thresholds) >= thresholds.minCoverage
  ) {
    const options = hits.filter((h) => h.score >= top.score * thresholds.closeRatio && confidenceOf(h, thresholds) >= thresholds.minCoverage);
    return { kind: 'clarify', options: options.slice(0, 3), confidence };
  }
  return { kind: 'answer', hit: top, confidence };
}

/** The lexical index's hit, as the core's Retriever port describes a candidate. */
import type { RetrievalHit } from '../../../bot/understanding/interpreter.ts';
import type { GroupHit } from '../lexical/lexical-index.ts';

export function toRetrievalHit(hit: GroupHit, similarity?: number): RetrievalHit {
  return {
    id: hit.group,
    score: hit.score,
    // Titles and alternate questions explain a question best; words found only deep in an answer are weak evidence.
    confidence: hit.shortCoverage,
    evidence: { coverage: hit.coverage, shortCoverage: hit.shortCoverage, unknown: hit.unknown, queryWords: hit.queryWords, ...(similarity === undefined ? {} : { similarity }) },
  };
}

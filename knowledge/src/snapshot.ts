/** One immutable, searchable view of the knowledge base. Reloads build a new one and swap it in. */
import type { ComplaintCategory, KnowledgeEntry, KnowledgeSnapshot, SearchHit, SearchOptions } from '../../bot/ports.ts';
import { reciprocalRankFusion } from './fusion.ts';
import type { GroupHit, LexicalIndex } from './lexical/lexical-index.ts';
import type { OutOfScopeMatcher } from './out-of-scope.ts';

/** The part of a vector index the snapshot needs. */
export interface VectorSearcher {
  search(query: string, k: number): Promise<{ id: string; similarity: number }[]>;
}

export interface SnapshotParts {
  version: string;
  entries: readonly KnowledgeEntry[];
  categories: readonly ComplaintCategory[];
  lexical: LexicalIndex;
  complaints: LexicalIndex;
  outOfScope: OutOfScopeMatcher;
  vector?: VectorSearcher;
}

const CANDIDATES = 20;

function toSearchHit(hit: GroupHit): SearchHit {
  return { id: hit.group, score: hit.score, coverage: hit.coverage, shortCoverage: hit.shortCoverage, unknown: hit.unknown, queryWords: hit.queryWords };
}

export function createSnapshot(parts: SnapshotParts): Omit<KnowledgeSnapshot, 'interpreter'> {
  const byId = new Map(parts.entries.map((e) => [e.id, e]));
  return {
    version: parts.version,
    entry: (id) => byId.get(id),
    entries: () => parts.entries,
    categories: () => parts.categories,
    uncoveredTopic: (text) => parts.outOfScope.match(text),
    matchComplaintCategories(text: string, { lang, limit }: SearchOptions): SearchHit[] {
      return parts.complaints.search(text, lang, limit).map(toSearchHit);
    },
    async search(text: string, { lang, limit }: SearchOptions): Promise<SearchHit[]> {
      if (!parts.vector) return parts.lexical.search(text, lang, limit).map(toSearchHit);
      const lexical = parts.lexical.search(text, lang, CANDIDATES);
      const lexicalById = new Map(lexical.map((h) => [h.group, h]));
      const vector = await parts.vector.search(text, CANDIDATES);
      const similarity = new Map(vector.map((v) => [v.id, v.similarity]));
      // Lexical evidence is the sharper signal for short FAQ questions, so it weighs more.
      const fused = reciprocalRankFusion([lexical.map((h) => ({ id: h.group })), vector], { weights: [1, 0.6] });
      return fused.slice(0, limit).map((f) => ({
        id: f.id,
        score: f.score,
        coverage: lexicalById.get(f.id)?.coverage ?? 0,
        shortCoverage: lexicalById.get(f.id)?.shortCoverage ?? 0,
        unknown: lexical[0]?.unknown ?? 0,
        queryWords: lexical[0]?.queryWords ?? 0,
        similarity: similarity.get(f.id),
      }));
    },
  };
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import hnswlib from 'hnswlib-node';

export const PASSAGE_FIELDS: readonly string[] = ['title', 'question', 'answer'];
export type PassageField = 'title' | 'question' | 'answer';

export interface PassageMetadata {
  /** Knowledge entry id. */
  id: string;
  lang: string;
  field: PassageField;
}

export type PassageDocument = Document<PassageMetadata>;

export interface VectorHit {
  /** Knowledge entry id. */
  id: string;
  /** Language and field of the passage that matched best. */
  lang: string;
  field: string;
  /** Cosine similarity, 1 = same direction. */
  similarity: number;
}

export type ProgressListener = (done: number, total: number) => void;

const EMBED_BATCH = 32;
// Search breadth of the HNSW graph; small knowledge bases make a generous value cheap.
const MIN_EF = 64;
// An entry has several passages (title, questions, answer, per language): look past k passages.
const PASSAGES_PER_ENTRY_GUESS = 8;

/** Nearest-neighbour index over knowledge passages (HNSW, cosine), answering per entry. */
export class VectorIndex {
  private constructor(private readonly store: HNSWLib) {}

  /** Wraps a store that already holds passages. */
  static fromStore(store: HNSWLib): VectorIndex {
    return new VectorIndex(store);
  }

  /** Reads an index written by `save`; `embeddings` must be the model that built it. */
  static async load(dir: string, embeddings: EmbeddingsInterface): Promise<VectorIndex> {
    for (const file of ['args.json', 'docstore.json', 'hnswlib.index']) {
      if (!existsSync(join(dir, file))) throw new Error(`no vector index at ${dir} (${file} missing)`);
    }
    try {
      return new VectorIndex(await HNSWLib.load(dir, embeddings));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot read the vector index at ${dir}: ${detail}`, { cause: error });
    }
  }

  /** Number of passages. */
  get size(): number {
    return this.store.index.getCurrentCount();
  }

  get dimensions(): number {
    return this.store.index.getNumDimensions();
  }

  async save(dir: string): Promise<void> {
    await this.store.save(dir);
  }

  /** Best passage per entry for `query`, at most `k` entries, most similar first. */
  async search(query: string, k: number): Promise<VectorHit[]> {
    return this.searchVector(await this.store.embeddings.embedQuery(query), k);
  }

  /** Same as `search` for an already embedded query (lets a caller embed once for several lookups). */
  async searchVector(vector: number[], k: number): Promise<VectorHit[]> {
    if (!Number.isInteger(k) || k < 0) throw new Error(`k must be a non-negative integer, got ${k}`);
    if (vector.length !== this.dimensions) {
      throw new Error(`query vector has ${vector.length} dimensions, the index has ${this.dimensions}; was it built with another model?`);
    }
    const total = this.size;
    if (k === 0 || total === 0) return [];
    // Widen the passage search until k distinct entries are found or every passage was seen.
    let wanted = Math.min(total, k * PASSAGES_PER_ENTRY_GUESS);
    for (;;) {
      this.store.index.setEf(Math.max(MIN_EF, wanted));
      const hits = bestPerEntry(await this.store.similaritySearchVectorWithScore(vector, wanted));
      if (hits.length >= k || wanted >= total) return hits.slice(0, k);
      wanted = Math.min(total, wanted * 2);
    }
  }
}

/**
 * Embeds the passages in batches (reporting progress) and indexes them. Each document needs
 * `metadata: { id, lang, field }` (see `PassageMetadata`); anything else is rejected.
 */
export async function buildVectorIndex(
  docs: Document[],
  embeddings: EmbeddingsInterface,
  onProgress?: ProgressListener,
): Promise<VectorIndex> {
  docs.forEach(assertPassage);
  if (docs.length === 0) return emptyIndex(embeddings);
  const vectors: number[][] = [];
  onProgress?.(0, docs.length);
  for (let start = 0; start < docs.length; start += EMBED_BATCH) {
    const batch = docs.slice(start, start + EMBED_BATCH);
    const batchVectors = await embeddings.embedDocuments(batch.map((d) => d.pageContent));
    if (batchVectors.length !== batch.length) {
      throw new Error(`embeddings returned ${batchVectors.length} vectors for ${batch.length} passages`);
    }
    vectors.push(...batchVectors);
    onProgress?.(vectors.length, docs.length);
  }
  const store = new HNSWLib(embeddings, { space: 'cosine' });
  // One call so the graph is sized for every passage at once.
  await store.addVectors(vectors, docs);
  return VectorIndex.fromStore(store);
}

/** An index with no passages still saves, loads and answers (with nothing). */
async function emptyIndex(embeddings: EmbeddingsInterface): Promise<VectorIndex> {
  // The dimension is part of the saved index, so ask the model for it.
  const numDimensions = (await embeddings.embedQuery('Huế')).length;
  const index = new hnswlib.HierarchicalNSW('cosine', numDimensions);
  index.initIndex(1);
  return VectorIndex.fromStore(new HNSWLib(embeddings, { space: 'cosine', numDimensions, index }));
}

function bestPerEntry(results: Array<[Document, number]>): VectorHit[] {
  const best = new Map<string, VectorHit>();
  for (const [doc, distance] of results) {
    const meta = readMetadata(doc);
    // hnswlib's cosine space reports 1 - cosine.
    const similarity = 1 - distance;
    const current = best.get(meta.id);
    if (current === undefined || similarity > current.similarity) best.set(meta.id, { ...meta, similarity });
  }
  return [...best.values()].sort((a, b) => b.similarity - a.similarity);
}

function readMetadata(doc: Document): PassageMetadata {
  const { id, lang, field } = doc.metadata as Partial<Record<keyof PassageMetadata, unknown>>;
  if (typeof id !== 'string' || typeof lang !== 'string' || typeof field !== 'string') {
    throw new Error(`vector index passage without id/lang/field metadata: ${JSON.stringify(doc.metadata)}`);
  }
  return { id, lang, field: field as PassageField };
}

function assertPassage(doc: Document, index: number): void {
  const { id, lang, field } = (doc.metadata ?? {}) as Partial<Record<keyof PassageMetadata, unknown>>;
  if (typeof id !== 'string' || id === '' || typeof lang !== 'string' || typeof field !== 'string' || !PASSAGE_FIELDS.includes(field)) {
    throw new Error(`passage ${index} needs metadata { id, lang, field: title|question|answer }, got ${JSON.stringify(doc.metadata)}`);
  }
}

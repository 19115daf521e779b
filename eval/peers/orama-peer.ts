/** Orama full-text search (BM25) with boosts on titles and questions and the shared folding tokenizer. */
import { create, insertMultiple, search } from '@orama/orama';
import { bestPerGroup, type Peer, type PeerDoc } from './peer.ts';
import { tokenizeForSearch } from './search-text.ts';

export async function createOramaPeer(docs: readonly PeerDoc[]): Promise<Peer> {
  const db = create({
    schema: { group: 'string', title: 'string', questions: 'string', answer: 'string' } as const,
    components: {
      // Orama's default tokenizer drops unaccented Vietnamese and unspaced CJK (see stack-probe §2.11).
      tokenizer: { language: 'english', normalizationCache: new Map(), tokenize: (raw: string) => tokenizeForSearch(raw) },
    },
  });
  await insertMultiple(
    db,
    docs.map((d) => ({ group: d.group, title: d.title, questions: d.questions.join(' \n '), answer: d.answer })),
  );
  return {
    name: 'orama',
    async rank(text, limit) {
      const result = await search(db, {
        term: text,
        properties: ['title', 'questions', 'answer'],
        boost: { title: 2, questions: 2 },
        limit: limit * 8,
      });
      return bestPerGroup(result.hits.map((h) => ({ id: h.document.group, score: h.score })), limit);
    },
  };
}

/** MiniSearch as a Node team would set it up for FAQ search: BM25+, fuzzy and prefix matching, accent folding. */
import MiniSearch from 'minisearch';
import { bestPerGroup, type Peer, type PeerDoc } from './peer.ts';
import { tokenizeForSearch } from './search-text.ts';

interface Stored {
  id: number;
  group: string;
  title: string;
  questions: string;
  answer: string;
}

export function createMiniSearchPeer(docs: readonly PeerDoc[]): Peer {
  const index = new MiniSearch<Stored>({
    fields: ['title', 'questions', 'answer'],
    storeFields: ['group'],
    tokenize: tokenizeForSearch,
    // Terms arrive folded and lower-cased from the tokenizer.
    processTerm: (term) => term,
    searchOptions: { boost: { title: 2, questions: 2, answer: 1 }, fuzzy: 0.2, prefix: true, combineWith: 'OR' },
  });
  index.addAll(docs.map((d, id) => ({ id, group: d.group, title: d.title, questions: d.questions.join(' \n '), answer: d.answer })));
  return {
    name: 'minisearch',
    async rank(text, limit) {
      const hits = index.search(text);
      return bestPerGroup(hits.map((h) => ({ id: String(h['group']), score: h.score })), limit);
    },
  };
}

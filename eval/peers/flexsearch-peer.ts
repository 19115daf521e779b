/**
 * FlexSearch (Index, forward tokenisation, suggest mode so partial matches still rank). It returns
 * ids without scores, so the score used for refusing is the share of the query's tokens that the
 * top document contains — the check a team would add on top of it.
 */
import FlexSearch from 'flexsearch';
import { type Peer, type PeerDoc, type RankedId } from './peer.ts';
import { tokenizeForSearch } from './search-text.ts';

export function createFlexSearchPeer(docs: readonly PeerDoc[]): Peer {
  const index = new FlexSearch.Index({ tokenize: 'forward', resolution: 9, encode: tokenizeForSearch });
  const tokens: Set<string>[] = [];
  docs.forEach((d, id) => {
    const text = [d.title, ...d.questions, d.answer].join(' \n ');
    index.add(id, text);
    tokens.push(new Set(tokenizeForSearch(text)));
  });
  return {
    name: 'flexsearch',
    async rank(text, limit) {
      const query = [...new Set(tokenizeForSearch(text))];
      if (query.length === 0) return [];
      const ids = index.search(text, { limit: limit * 8, suggest: true }) as number[];
      const out: RankedId[] = [];
      const seen = new Set<string>();
      for (const id of ids) {
        const doc = docs[id];
        if (!doc || seen.has(doc.group)) continue;
        seen.add(doc.group);
        const have = tokens[id]!;
        // Position keeps FlexSearch's own order; overlap is what the threshold looks at.
        out.push({ id: doc.group, score: query.filter((t) => have.has(t)).length / query.length });
        if (out.length === limit) break;
      }
      return out;
    },
  };
}

/**
 * Refusal thresholds of the peers: below it (or with no hit) a peer answers "oos". Found with
 * `tsx eval/peers/tune.ts` on eval/datasets/dev.jsonl (the development set) and rounded; never
 * tuned on held-out or external data. MiniSearch and Orama are raw BM25 scores, FlexSearch the
 * share of query tokens found in its top document, NLP.js its classifier's probability.
 */
import type { PeerName } from './peer.ts';

export const PEER_THRESHOLDS: Record<PeerName, number> = {
  minisearch: 170,
  flexsearch: 0.44,
  orama: 13.5,
  nlpjs: 0.55,
};

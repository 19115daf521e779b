/** Runs the same evaluation cases through every peer built over the Huế knowledge base. */
import type { KnowledgeEntry } from '../../bot/ports.ts';
import type { EvalCase } from '../dataset.ts';
import { createPeers } from './create-peers.ts';
import { knowledgePeerDocs } from './kb-docs.ts';
import type { PeerName } from './peer.ts';
import { rankCases, scoreRanked, summarizePeer, type PeerSummary } from './run-peers.ts';
import { PEER_THRESHOLDS } from './thresholds.ts';

export async function comparePeers(entries: readonly KnowledgeEntry[], cases: readonly EvalCase[]): Promise<Partial<Record<PeerName, PeerSummary>>> {
  const out: Partial<Record<PeerName, PeerSummary>> = {};
  for (const peer of await createPeers(knowledgePeerDocs(entries))) {
    out[peer.name] = summarizePeer(scoreRanked(await rankCases(peer, cases), PEER_THRESHOLDS[peer.name]));
  }
  return out;
}

/** Builds every comparison peer over the same documents. */
import { createFlexSearchPeer } from './flexsearch-peer.ts';
import { createMiniSearchPeer } from './minisearch-peer.ts';
import { createNlpjsPeer } from './nlpjs-peer.ts';
import { createOramaPeer } from './orama-peer.ts';
import type { Peer, PeerDoc, PeerName } from './peer.ts';

export async function createPeers(docs: readonly PeerDoc[], only?: readonly PeerName[]): Promise<Peer[]> {
  const wanted = (name: PeerName) => !only || only.includes(name);
  const peers: Peer[] = [];
  if (wanted('minisearch')) peers.push(createMiniSearchPeer(docs));
  if (wanted('flexsearch')) peers.push(createFlexSearchPeer(docs));
  if (wanted('orama')) peers.push(await createOramaPeer(docs));
  if (wanted('nlpjs')) peers.push(await createNlpjsPeer(docs));
  return peers;
}

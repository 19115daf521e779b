/**
 * `tsx eval/peers/tune.ts [--dataset eval/datasets/dev.jsonl]`
 * Finds each peer's refusal threshold: the score cut that maximises its top-1 on the development
 * set. The result is copied into thresholds.ts by hand, so held-out sets never tune anything.
 */
import { readDataset } from '../dataset.ts';
import { createLocalAssistant } from '../local-assistant.ts';
import { option } from '../run.ts';
import { createPeers } from './create-peers.ts';
import { knowledgePeerDocs } from './kb-docs.ts';
import { rankCases, scoreRanked, summarizePeer, type RankedCase } from './run-peers.ts';

export function bestThreshold(ranked: readonly RankedCase[]): { threshold: number; top1: number } {
  const candidates = [0, ...new Set(ranked.map((r) => r.hits[0]?.score ?? 0))].sort((a, b) => a - b);
  let best = { threshold: 0, top1: -1 };
  for (const t of candidates) {
    const { top1 } = summarizePeer(scoreRanked(ranked, t));
    if (top1 > best.top1) best = { threshold: t, top1 };
  }
  return best;
}

async function main(argv: string[]): Promise<void> {
  const cases = readDataset(option(argv, '--dataset') ?? 'eval/datasets/dev.jsonl');
  const local = await createLocalAssistant({ lexicalOnly: true });
  const docs = knowledgePeerDocs(local.knowledge.current().entries());
  local.knowledge.close();
  for (const peer of await createPeers(docs)) {
    const best = bestThreshold(await rankCases(peer, cases));
    console.log(`${peer.name.padEnd(11)} threshold ${best.threshold.toFixed(4)}   top-1 ${(best.top1 * 100).toFixed(1)}%`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));

/**
 * clinc150 oos_test: 1,000 English requests outside any assistant's scope ("how much has the dow
 * changed today"). Sent through the real assistant over the Huế knowledge base, each must be
 * refused; the false-answer rate is the share answered (answer/clarify) anyway. Peers search
 * the same knowledge base with their dev-tuned thresholds.
 */
import { readFileSync } from 'node:fs';
import { ratio } from '../bench/stats.ts';
import type { LocalAssistant } from '../local-assistant.ts';
import { createPeers } from '../peers/create-peers.ts';
import { knowledgePeerDocs } from '../peers/kb-docs.ts';
import { PEER_THRESHOLDS } from '../peers/thresholds.ts';
import { datasetFile, shownPath } from './datasets-dir.ts';
import type { ExternalRow } from './row.ts';

const FILE = ['clinc150', 'data', 'data_full.json'];

export async function runClinc150(local: LocalAssistant): Promise<ExternalRow> {
  const data = JSON.parse(readFileSync(datasetFile(...FILE), 'utf8')) as { oos_test: [string, string][] };
  const texts = data.oos_test.map(([text]) => text);
  const intents: Record<string, number> = {};
  let answered = 0;
  for (const [i, text] of texts.entries()) {
    const reply = await local.assistant.handle({ channel: 'eval', conversationId: `clinc-${i}`, userId: `clinc-${i}`, text });
    intents[reply.meta.intent] = (intents[reply.meta.intent] ?? 0) + 1;
    if (reply.meta.intent === 'answer' || reply.meta.intent === 'clarify') answered++;
  }
  const systems: Record<string, Record<string, number>> = { ours: { false_answer: ratio(answered, texts.length) } };
  for (const peer of await createPeers(knowledgePeerDocs(local.knowledge.current().entries()))) {
    let wrong = 0;
    for (const text of texts) {
      const top = (await peer.rank(text, 1))[0];
      if (top && top.score >= PEER_THRESHOLDS[peer.name]) wrong++;
    }
    systems[peer.name] = { false_answer: ratio(wrong, texts.length) };
  }
  const breakdown = Object.entries(intents).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  return { task: 'clinc150: oos_test must be refused (false-answer rate, lower is better)', files: [shownPath(...FILE)], items: texts.length, systems, note: `our intents: ${breakdown}` };
}

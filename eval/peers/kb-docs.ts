/** The Huế knowledge base as peer documents: every language's title, alternate questions and answer. */
import type { KnowledgeEntry } from '../../bot/ports.ts';
import type { Lang } from '../../bot/language/langs.ts';
import { plainText } from '../../knowledge/src/documents.ts';
import type { PeerDoc } from './peer.ts';

export function knowledgePeerDocs(entries: readonly KnowledgeEntry[]): PeerDoc[] {
  const docs: PeerDoc[] = [];
  for (const entry of entries) {
    for (const [lang, content] of Object.entries(entry.content) as [Lang, NonNullable<KnowledgeEntry['content'][Lang]>][]) {
      docs.push({ group: entry.id, lang, title: content.title, questions: content.questions, answer: plainText(content.answer) });
    }
  }
  return docs;
}

/** Turns loaded knowledge into the documents the indexes are built from. */
import { Document } from '@langchain/core/documents';
import { hasVietnameseDiacritics } from '../../bot/text/vietnamese.ts';
import type { ComplaintCategory, KnowledgeEntry } from '../../bot/ports.ts';
import type { Lang } from '../../bot/language/langs.ts';
import type { IndexedDoc } from './lexical/lexical-index.ts';

/** Markdown to the words a reader sees. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`>#|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function* entryDocuments(entries: readonly KnowledgeEntry[]): Generator<IndexedDoc> {
  for (const entry of entries) {
    for (const [lang, content] of Object.entries(entry.content) as [Lang, NonNullable<KnowledgeEntry['content'][Lang]>][]) {
      yield { group: entry.id, kind: 'title', lang, text: content.title };
      for (const question of content.questions) yield { group: entry.id, kind: 'question', lang, text: question };
      yield { group: entry.id, kind: 'answer', lang, text: plainText(content.answer) };
    }
    const vietnameseTags = entry.tags.filter(hasVietnameseDiacritics);
    const otherTags = entry.tags.filter((t) => !hasVietnameseDiacritics(t));
    if (vietnameseTags.length) yield { group: entry.id, kind: 'tags', lang: 'vi', text: vietnameseTags.join(' , ') };
    if (otherTags.length) yield { group: entry.id, kind: 'tags', lang: 'en', text: otherTags.join(' , ') };
  }
}

export function* categoryDocuments(categories: readonly ComplaintCategory[]): Generator<IndexedDoc> {
  for (const category of categories) {
    for (const [lang, examples] of Object.entries(category.examples) as [Lang, string[]][]) {
      for (const text of examples) yield { group: category.id, kind: 'example', lang, text };
    }
    for (const [lang, keywords] of Object.entries(category.keywords) as [Lang, string[]][]) {
      for (const text of keywords) yield { group: category.id, kind: 'example', lang, text };
    }
  }
}

/** Passages for the vector index: titles and alternate questions carry the intent best. */
export function vectorDocuments(entries: readonly KnowledgeEntry[]): Document[] {
  const docs: Document[] = [];
  for (const entry of entries) {
    for (const [lang, content] of Object.entries(entry.content) as [Lang, NonNullable<KnowledgeEntry['content'][Lang]>][]) {
      docs.push(new Document({ pageContent: content.title, metadata: { id: entry.id, lang, field: 'title' } }));
      for (const q of content.questions) docs.push(new Document({ pageContent: q, metadata: { id: entry.id, lang, field: 'question' } }));
    }
  }
  return docs;
}

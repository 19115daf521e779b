/**
 * Recognises the site, procedure or office a message names, from the entries' `names` (and the
 * same names folded, since people type "thien mu" as often as "Thiên Mụ").
 */
import type { KnowledgeEntry } from '../../../bot/ports.ts';
import { foldText } from './text-features.ts';

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

export interface EntityMatcher {
  /** The entries whose names the text contains, longest name first. */
  entitiesIn(text: string): string[];
  /** Whether the entry is about one named site, procedure or office. */
  isEntity(entryId: string): boolean;
  /** A name to say the entity by, in a language. */
  nameOf(entryId: string, lang: string): string | undefined;
}

const normalise = (text: string) => foldText(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export function createEntityMatcher(entries: readonly KnowledgeEntry[]): EntityMatcher {
  const names: { entryId: string; folded: string; cjk: boolean }[] = [];
  for (const entry of entries) {
    for (const list of Object.values(entry.names ?? {})) {
      for (const name of list ?? []) {
        const folded = normalise(name);
        if (folded) names.push({ entryId: entry.id, folded, cjk: CJK.test(folded) });
      }
    }
  }
  // Longest first, so "lăng Minh Mạng" wins over a shorter name inside it.
  names.sort((a, b) => b.folded.length - a.folded.length || a.entryId.localeCompare(b.entryId));
  // Names are looked up by their first word, so a message is compared with the few names its words start.
  const byFirstWord = new Map<string, typeof names>();
  const dense = names.filter((n) => n.cjk);
  for (const name of names.filter((n) => !n.cjk)) {
    const first = name.folded.split(' ')[0]!;
    byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), name]);
  }
  const byId = new Map(entries.map((e) => [e.id, e]));
  return {
    entitiesIn(text) {
      const folded = normalise(text);
      const padded = ` ${folded} `;
      const compact = folded.replace(/\s+/g, '');
      const candidates = folded.split(' ').flatMap((w) => byFirstWord.get(w) ?? []);
      if (CJK.test(folded)) candidates.push(...dense);
      // Longest name first, whichever list it came from.
      candidates.sort((a, b) => b.folded.length - a.folded.length || a.entryId.localeCompare(b.entryId));
      const found: string[] = [];
      for (const name of candidates) {
        if (found.includes(name.entryId)) continue;
        if (name.cjk ? compact.includes(name.folded.replace(/\s+/g, '')) : padded.includes(` ${name.folded} `)) found.push(name.entryId);
      }
      return found;
    },
    isEntity: (entryId) => names.some((n) => n.entryId === entryId),
    nameOf(entryId, lang) {
      const entry = byId.get(entryId);
      return entry?.names?.[lang]?.[0] ?? entry?.content[lang]?.title;
    },
  };
}

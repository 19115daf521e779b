/**
 * Recognises the site, procedure or office a message names, from the entries' `names` (and the
 * same names folded, since people type "thien mu" as often as "Thiên Mụ").
 */
import type { KnowledgeEntry } from '../../../bot/ports.ts';
import { createNameFinder } from './name-finder.ts';

export interface EntityMatcher {
  /** The entries whose names the text contains, longest name first. */
  entitiesIn(text: string): string[];
  /** Whether the entry is about one named site, procedure or office. */
  isEntity(entryId: string): boolean;
  /** A name to say the entity by, in a language. */
  nameOf(entryId: string, lang: string): string | undefined;
}

export function createEntityMatcher(entries: readonly KnowledgeEntry[]): EntityMatcher {
  // Equal lengths are tried in entry-id order, so the same files always give the same answer.
  const sorted = [...entries].sort((a, b) => a.id.localeCompare(b.id));
  const names = sorted.flatMap((entry) => Object.values(entry.names ?? {}).flatMap((list) => (list ?? []).map((name) => ({ value: entry.id, name }))));
  const finder = createNameFinder(names);
  const named = new Set(names.map((n) => n.value));
  const byId = new Map(entries.map((e) => [e.id, e]));
  return {
    entitiesIn(text) {
      const found: string[] = [];
      for (const { value } of finder.matches(text)) if (!found.includes(value)) found.push(value);
      return found;
    },
    isEntity: (entryId) => named.has(entryId),
    nameOf(entryId, lang) {
      const entry = byId.get(entryId);
      return entry?.names?.[lang]?.[0] ?? entry?.content[lang]?.title;
    },
  };
}

/**
 * The knowledge-health report: what an editor should look at next. Translations missing against
 * the topic list, sources not re-checked within a year, entries that never answered anyone, the
 * most used entries and the worst rated ones.
 */
import type { KnowledgeEntry } from '../ports.ts';
import type { EntryUsage, TopicRequirements } from './ports.ts';

export const SOURCE_MAX_AGE_DAYS = 365;
const TOP = 10;

export interface HealthInputs {
  entries: readonly KnowledgeEntry[];
  requirements: TopicRequirements;
  usage: readonly EntryUsage[];
  /** Thumbs up/down per entry, or why there are none. */
  ratings: { entryId: string; up: number; down: number }[] | { skipped: string };
  today: Date;
}

export interface KnowledgeHealth {
  generatedAt: string;
  entries: number;
  missingTranslations: { entryId: string; missing: string[]; noEntry: boolean }[] | { skipped: string };
  staleSources: { entryId: string; url: string; checked: string; ageDays: number }[];
  neverUsed: string[];
  mostUsed: { entryId: string; answers: number; byLang: Record<string, number> }[];
  worstRated: { entryId: string; up: number; down: number; downShare: number }[] | { skipped: string };
}

export function knowledgeHealth(input: HealthInputs): KnowledgeHealth {
  const byId = new Map(input.entries.map((e) => [e.id, e]));
  const missingTranslations =
    'skipped' in input.requirements
      ? { skipped: input.requirements.skipped }
      : input.requirements.topics.flatMap((topic) => {
          const entry = byId.get(topic.id);
          const missing = topic.langs.filter((l) => !entry?.content[l as keyof KnowledgeEntry['content']]);
          return missing.length ? [{ entryId: topic.id, missing, noEntry: !entry }] : [];
        });
  const staleSources = input.entries
    .flatMap((e) =>
      e.sources.map((s) => ({ entryId: e.id, url: s.url, checked: s.checked, ageDays: Math.floor((input.today.getTime() - Date.parse(s.checked)) / 86_400_000) })),
    )
    .filter((s) => s.ageDays > SOURCE_MAX_AGE_DAYS)
    .sort((a, b) => b.ageDays - a.ageDays);
  const answers = new Map<string, { answers: number; byLang: Record<string, number> }>();
  for (const u of input.usage) {
    const seen = answers.get(u.entryId) ?? { answers: 0, byLang: {} };
    seen.answers += u.answers;
    seen.byLang[u.lang] = (seen.byLang[u.lang] ?? 0) + u.answers;
    answers.set(u.entryId, seen);
  }
  const neverUsed = input.entries.filter((e) => !answers.get(e.id)?.answers).map((e) => e.id).sort();
  const mostUsed = [...answers.entries()]
    .filter(([id]) => byId.has(id))
    .map(([entryId, a]) => ({ entryId, ...a }))
    .sort((a, b) => b.answers - a.answers || a.entryId.localeCompare(b.entryId))
    .slice(0, TOP);
  const worstRated = Array.isArray(input.ratings)
    ? input.ratings
        .filter((r) => r.down > 0)
        .map((r) => ({ ...r, downShare: Number((r.down / (r.up + r.down)).toFixed(3)) }))
        .sort((a, b) => b.downShare - a.downShare || b.down - a.down || a.entryId.localeCompare(b.entryId))
        .slice(0, TOP)
    : { skipped: input.ratings.skipped };
  return { generatedAt: input.today.toISOString(), entries: input.entries.length, missingTranslations, staleSources, neverUsed, mostUsed, worstRated };
}

/** Cross-entry checks on top of the schema: required languages, review age, facts, duplicates. */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { foldDiacritics } from '../../bot/text/vietnamese.ts';
import { answerChecks } from './answer-checks.ts';
import type { LoadedKnowledge, Problem } from './loader.ts';

export interface TopicRequirement {
  id: string;
  langs: string[];
}

/** Reads the topic list (`kb-topics.yaml`): every topic with its required languages. */
export function readTopics(path: string): { topics: TopicRequirement[]; categories: string[] } {
  const data = parseYaml(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const topics: TopicRequirement[] = [];
  let categories: string[] = [];
  for (const [section, value] of Object.entries(data)) {
    if (!Array.isArray(value)) continue;
    if (section === 'complaint_categories') categories = value.map((c: { id: string }) => c.id);
    else for (const item of value as { id: string; langs?: string[] }[]) topics.push({ id: item.id, langs: item.langs ?? [] });
  }
  return { topics, categories };
}

export function questionKey(question: string): string {
  return foldDiacritics(question.toLowerCase()).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export function crossCheck(knowledge: LoadedKnowledge, today: Date, topics?: ReturnType<typeof readTopics>): Problem[] {
  const problems: Problem[] = [];
  const warn = (file: string, field: string, message: string) => problems.push({ file, field, message, severity: 'warning' });
  const ids = new Set(knowledge.entries.map((e) => e.id));
  const askedIn = new Map<string, string>();
  for (const entry of knowledge.entries) {
    const ageDays = (today.getTime() - Date.parse(entry.reviewed)) / 86_400_000;
    if (ageDays > 365) warn(entry.file, 'reviewed', `last reviewed ${entry.reviewed}, more than 365 days ago: re-check the sources`);
    for (const name of entry.unknownFacts) warn(entry.file, `facts.${name}`, `{{${name}}} is used in an answer but not declared under facts`);
    for (const id of entry.related) if (!ids.has(id)) warn(entry.file, 'related', `related entry "${id}" does not exist`);
    for (const [lang, content] of Object.entries(entry.content)) {
      for (const question of content?.questions ?? []) {
        const key = questionKey(question);
        const other = askedIn.get(key);
        if (other && other !== entry.id) warn(entry.file, `questions.${lang}`, `"${question}" is also an alternate question of ${other}`);
        askedIn.set(key, entry.id);
      }
    }
  }
  problems.push(...answerChecks(knowledge, today));
  if (topics) {
    const byId = new Map(knowledge.entries.map((e) => [e.id, e]));
    for (const topic of topics.topics) {
      const entry = byId.get(topic.id);
      if (!entry) {
        warn('(knowledge)', topic.id, `topic "${topic.id}" has no entry`);
        continue;
      }
      const missing = topic.langs.filter((l) => !(l in entry.content));
      if (missing.length) warn(entry.file, 'langs', `missing required language(s): ${missing.join(', ')}`);
    }
    const categories = new Set(knowledge.categories.map((c) => c.id));
    for (const id of topics.categories) if (!categories.has(id)) warn('(complaints)', id, `complaint category "${id}" has no file`);
  }
  return problems;
}

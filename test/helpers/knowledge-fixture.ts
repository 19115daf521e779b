/** Writes a small knowledge folder into a temp dir, for tests that need to control content. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FixtureEntry {
  id: string;
  area?: string;
  titles: Record<string, string>;
  questions: Record<string, string[]>;
  answers: Record<string, string>;
  related?: string[];
  facts?: Record<string, string>;
}

export function entryMarkdown(e: FixtureEntry): string {
  const yamlMap = (m: Record<string, unknown>) => JSON.stringify(m);
  return [
    '---',
    `id: ${e.id}`,
    `area: ${e.area ?? 'tourism'}`,
    `title: ${yamlMap(e.titles)}`,
    `questions: ${yamlMap(e.questions)}`,
    `facts: ${yamlMap(e.facts ?? {})}`,
    `related: ${JSON.stringify(e.related ?? [])}`,
    'sources:',
    '  - url: https://example.org/source',
    '    title: Example source',
    '    publisher: Example publisher',
    '    lang: en',
    '    official: true',
    '    checked: 2026-11-01',
    'reviewed: 2026-11-01',
    '---',
    '',
    ...Object.entries(e.answers).flatMap(([lang, text]) => [`## ${lang}`, '', text, '']),
  ].join('\n');
}

export function writeKnowledgeFixture(entries: FixtureEntry[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'hue-kb-'));
  mkdirSync(join(dir, 'entries'), { recursive: true });
  mkdirSync(join(dir, 'complaints'), { recursive: true });
  for (const e of entries) writeFileSync(join(dir, 'entries', `${e.id}.md`), entryMarkdown(e));
  return dir;
}

/**
 * Reads knowledge files from disk: one Markdown file per entry (front-matter + one `## <lang>`
 * section per language) and one front-matter-only file per complaint category.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ZodError } from 'zod';
import { isLang, type Lang } from '../../bot/language/langs.ts';
import type { ComplaintCategory, KnowledgeEntry } from '../../bot/ports.ts';
import { complaintCategorySchema, entryFrontMatterSchema, outOfScopeSchema, type OutOfScopeFile } from './schema.ts';

export interface Problem {
  file: string;
  field: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface LoadedEntry extends KnowledgeEntry {
  file: string;
  /** Fact names referenced in answers but not declared. */
  unknownFacts: string[];
}

export interface LoadedKnowledge {
  entries: LoadedEntry[];
  categories: ComplaintCategory[];
  outOfScope?: OutOfScopeFile;
  problems: Problem[];
  /** Hash of every knowledge file's path and bytes: equal hashes mean equal content. */
  contentHash: string;
}

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

function listMarkdown(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listMarkdown(path);
    return name.endsWith('.md') && name.toLowerCase() !== 'readme.md' ? [path] : [];
  }).sort();
}

function zodProblems(file: string, error: ZodError): Problem[] {
  return error.issues.map((issue) => ({
    file,
    field: issue.path.join('.') || '(front-matter)',
    message: issue.message,
    severity: 'error' as const,
  }));
}

function splitFrontMatter(file: string, text: string, problems: Problem[]): { data: unknown; body: string } | undefined {
  const match = FRONT_MATTER.exec(text);
  if (!match) {
    problems.push({ file, field: '(front-matter)', message: 'file must start with a --- YAML front-matter block ---', severity: 'error' });
    return undefined;
  }
  try {
    return { data: parseYaml(match[1]!), body: match[2]! };
  } catch (error) {
    problems.push({ file, field: '(front-matter)', message: `YAML does not parse: ${(error as Error).message.split('\n')[0]}`, severity: 'error' });
    return undefined;
  }
}

/** `## vi` … `## en` … → { vi: '…', en: '…' } */
export function splitLanguageSections(body: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (current) sections.set(current, lines.join('\n').trim());
  };
  for (const line of body.split(/\r?\n/)) {
    const heading = /^##\s+([a-z]{2})\s*$/.exec(line.trim());
    if (heading) {
      flush();
      current = heading[1]!;
      lines = [];
    } else if (current) lines.push(line);
  }
  flush();
  return sections;
}

function fillFacts(answer: string, lang: Lang, facts: Record<string, unknown>, unknown: Set<string>): string {
  return answer.replace(/\{\{\s*([a-z0-9-]+)\s*\}\}/g, (whole, name: string) => {
    const fact = facts[name];
    if (fact === undefined) {
      unknown.add(name);
      return whole;
    }
    if (typeof fact === 'object' && fact !== null) {
      const perLang = fact as Partial<Record<Lang, string>>;
      return perLang[lang] ?? perLang.en ?? perLang.vi ?? Object.values(perLang)[0] ?? whole;
    }
    return String(fact);
  });
}

function loadEntry(root: string, path: string, problems: Problem[]): LoadedEntry | undefined {
  const file = relative(root, path);
  const split = splitFrontMatter(file, readFileSync(path, 'utf8'), problems);
  if (!split) return undefined;
  const parsed = entryFrontMatterSchema.safeParse(split.data);
  if (!parsed.success) {
    problems.push(...zodProblems(file, parsed.error));
    return undefined;
  }
  const meta = parsed.data;
  const sections = splitLanguageSections(split.body);
  const unknownFacts = new Set<string>();
  const content: KnowledgeEntry['content'] = {};
  const langs = new Set<string>([...Object.keys(meta.title), ...Object.keys(meta.questions), ...sections.keys()]);
  for (const lang of langs) {
    if (!isLang(lang)) {
      problems.push({ file, field: `## ${lang}`, message: `unknown language section "${lang}"`, severity: 'error' });
      continue;
    }
    const title = meta.title[lang];
    const questions = meta.questions[lang];
    const answer = sections.get(lang);
    const missing = [!title && `title.${lang}`, !questions && `questions.${lang}`, !answer && `## ${lang} answer section`].filter(Boolean);
    if (missing.length > 0) {
      problems.push({ file, field: String(missing[0]), message: `language "${lang}" is incomplete: missing ${missing.join(', ')}`, severity: 'error' });
      continue;
    }
    content[lang] = { title: title!, questions: questions!, answer: fillFacts(answer!, lang, meta.facts, unknownFacts) };
  }
  return {
    id: meta.id,
    area: meta.area,
    tags: meta.tags,
    related: meta.related,
    sources: meta.sources,
    reviewed: meta.reviewed,
    content,
    names: meta.names,
    file,
    unknownFacts: [...unknownFacts],
  };
}

function loadCategory(root: string, path: string, problems: Problem[]): ComplaintCategory | undefined {
  const file = relative(root, path);
  const split = splitFrontMatter(file, readFileSync(path, 'utf8'), problems);
  if (!split) return undefined;
  const parsed = complaintCategorySchema.safeParse(split.data);
  if (!parsed.success) {
    problems.push(...zodProblems(file, parsed.error));
    return undefined;
  }
  const { sources: _sources, reviewed: _reviewed, ...category } = parsed.data;
  return category;
}

export function hashFiles(root: string, paths: string[]): string {
  const hash = createHash('sha256');
  for (const path of paths) {
    hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function loadOutOfScope(root: string, problems: Problem[]): OutOfScopeFile | undefined {
  const path = join(root, 'out-of-scope.md');
  try {
    statSync(path);
  } catch {
    return undefined;
  }
  const split = splitFrontMatter('out-of-scope.md', readFileSync(path, 'utf8'), problems);
  if (!split) return undefined;
  const parsed = outOfScopeSchema.safeParse(split.data);
  if (!parsed.success) {
    problems.push(...zodProblems('out-of-scope.md', parsed.error));
    return undefined;
  }
  return parsed.data;
}

export function loadKnowledge(knowledgeDir: string): LoadedKnowledge {
  const problems: Problem[] = [];
  const entryFiles = listMarkdown(join(knowledgeDir, 'entries'));
  const categoryFiles = listMarkdown(join(knowledgeDir, 'complaints'));
  const entries = entryFiles.map((p) => loadEntry(knowledgeDir, p, problems)).filter((e): e is LoadedEntry => !!e);
  const categories = categoryFiles.map((p) => loadCategory(knowledgeDir, p, problems)).filter((c): c is ComplaintCategory => !!c);
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const other = seen.get(entry.id);
    if (other) problems.push({ file: entry.file, field: 'id', message: `duplicate id "${entry.id}" (also in ${other})`, severity: 'error' });
    seen.set(entry.id, entry.file);
  }
  const outOfScope = loadOutOfScope(knowledgeDir, problems);
  const extra = outOfScope ? [join(knowledgeDir, 'out-of-scope.md')] : [];
  return { entries, categories, outOfScope, problems, contentHash: hashFiles(knowledgeDir, [...entryFiles, ...categoryFiles, ...extra]) };
}

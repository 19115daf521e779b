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
import { isTypedFact, renderTypedFact, type FactValue } from '../../bot/locale/fact-format.ts';
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
  /** The declared facts, as written in the file. */
  facts: Record<string, FactValue>;
  /** Each language's answer as written, before facts are filled in (for the validator). */
  rawAnswers: Partial<Record<Lang, string>>;
}

export interface LoadedCategory extends ComplaintCategory {
  file: string;
  sources: KnowledgeEntry['sources'];
}

export interface LoadedKnowledge {
  entries: LoadedEntry[];
  categories: LoadedCategory[];
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

export const FACT_REFERENCE = /\{\{\s*([a-z0-9-]+)\s*\}\}/g;

/** A fact's text in one language: typed values through the locale pack's formats. */
export function factText(fact: FactValue, lang: Lang): string | undefined {
  if (isTypedFact(fact)) return renderTypedFact(fact, lang);
  if (typeof fact === 'object' && fact !== null) {
    const perLang = fact as Partial<Record<Lang, string>>;
    return perLang[lang] ?? perLang.en ?? perLang.vi ?? Object.values(perLang)[0];
  }
  return String(fact);
}

/**
 * Replaces every `{{name}}` with the fact's text in `lang`. A text fact may itself name typed
 * facts ("{{open}} and {{close}}, April to September"); those are filled too, one level deep.
 */
export function fillFacts(answer: string, lang: Lang, facts: Record<string, FactValue>, unknown: Set<string> = new Set(), depth = 0): string {
  return answer.replace(FACT_REFERENCE, (whole, name: string) => {
    const fact = facts[name];
    if (fact === undefined) {
      unknown.add(name);
      return whole;
    }
    const text = factText(fact, lang) ?? whole;
    return depth === 0 && !isTypedFact(fact) ? fillFacts(text, lang, facts, unknown, depth + 1) : text;
  });
}

/** Reads a knowledge file; an edit is validated by loading with its new text in place of the file's. */
type ReadText = (path: string) => string;
const readText: ReadText = (path) => readFileSync(path, 'utf8');

function loadEntry(root: string, path: string, problems: Problem[], read: ReadText): LoadedEntry | undefined {
  const file = relative(root, path);
  const split = splitFrontMatter(file, read(path), problems);
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
  const rawAnswers: LoadedEntry['rawAnswers'] = {};
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
    rawAnswers[lang] = answer!;
    content[lang] = { title: title!, questions: questions!, answer: fillFacts(answer!, lang, meta.facts as Record<string, FactValue>, unknownFacts) };
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
    facts: meta.facts as Record<string, FactValue>,
    rawAnswers,
  };
}

function loadCategory(root: string, path: string, problems: Problem[], read: ReadText): LoadedCategory | undefined {
  const file = relative(root, path);
  const split = splitFrontMatter(file, read(path), problems);
  if (!split) return undefined;
  const parsed = complaintCategorySchema.safeParse(split.data);
  if (!parsed.success) {
    problems.push(...zodProblems(file, parsed.error));
    return undefined;
  }
  const { reviewed: _reviewed, pastCaseDays, ...category } = parsed.data;
  return { ...category, handlingDays: pastCaseDays, file };
}

export function hashFiles(root: string, paths: string[], replaced: ReadonlyMap<string, string> = new Map()): string {
  const hash = createHash('sha256');
  for (const path of paths) {
    const text = replaced.get(path);
    hash.update(relative(root, path)).update('\0').update(text === undefined ? readFileSync(path) : Buffer.from(text, 'utf8')).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function loadOutOfScope(root: string, problems: Problem[], read: ReadText): OutOfScopeFile | undefined {
  const path = join(root, 'out-of-scope.md');
  try {
    statSync(path);
  } catch {
    return undefined;
  }
  const split = splitFrontMatter('out-of-scope.md', read(path), problems);
  if (!split) return undefined;
  const parsed = outOfScopeSchema.safeParse(split.data);
  if (!parsed.success) {
    problems.push(...zodProblems('out-of-scope.md', parsed.error));
    return undefined;
  }
  return parsed.data;
}

/**
 * Loads every knowledge file. `replaced` maps absolute paths to the text they would have after an
 * edit: the result (problems, content hash) is the knowledge base as it would be once written.
 */
export function loadKnowledge(knowledgeDir: string, replaced: ReadonlyMap<string, string> = new Map()): LoadedKnowledge {
  const read: ReadText = (path) => replaced.get(path) ?? readText(path);
  const problems: Problem[] = [];
  const entryFiles = listMarkdown(join(knowledgeDir, 'entries'));
  const categoryFiles = listMarkdown(join(knowledgeDir, 'complaints'));
  const entries = entryFiles.map((p) => loadEntry(knowledgeDir, p, problems, read)).filter((e): e is LoadedEntry => !!e);
  const categories = categoryFiles.map((p) => loadCategory(knowledgeDir, p, problems, read)).filter((c): c is LoadedCategory => !!c);
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const other = seen.get(entry.id);
    if (other) problems.push({ file: entry.file, field: 'id', message: `duplicate id "${entry.id}" (also in ${other})`, severity: 'error' });
    seen.set(entry.id, entry.file);
  }
  const outOfScope = loadOutOfScope(knowledgeDir, problems, read);
  const extra = outOfScope ? [join(knowledgeDir, 'out-of-scope.md')] : [];
  return { entries, categories, outOfScope, problems, contentHash: hashFiles(knowledgeDir, [...entryFiles, ...categoryFiles, ...extra], replaced) };
}

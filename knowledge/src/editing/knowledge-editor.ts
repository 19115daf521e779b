/**
 * Editors' changes to the knowledge files: an alternate question added to an entry, an example
 * added to an out-of-scope topic. Each change is made in the file's own text (formatting and
 * comments kept), validated as the whole knowledge base would load with it, and only then
 * written — atomically, so the running assistant's file watcher reloads a complete file.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Lang } from '../../../bot/language/langs.ts';
import { KnowledgeEditError, type KnowledgeEdit, type KnowledgeFiles, type TopicRequirements } from '../../../bot/review/ports.ts';
import { loadKnowledge, type LoadedKnowledge } from '../loader.ts';
import { questionKey, readTopics } from '../validate.ts';
import { appendToList, FrontMatterEditError } from './front-matter-edit.ts';

const FRONT_MATTER = /^(\uFEFF?---\r?\n)([\s\S]*?\r?\n)(---\r?\n?[\s\S]*)$/;
const MAX_QUESTION = 300;

export interface KnowledgeEditorOptions {
  knowledgeDir: string;
  /** The topic list with required languages (`kb-topics.yaml`), when there is one. */
  topicsFile?: string;
}

function cleanQuestion(question: string): string {
  const text = question.replace(/\s+/g, ' ').trim();
  if (!text) throw new KnowledgeEditError('invalid', 'the question is empty', 'question');
  if (text.length > MAX_QUESTION) throw new KnowledgeEditError('invalid', `the question is longer than ${MAX_QUESTION} characters`, 'question');
  return text;
}

/** The file's text with the list at `path` of its front-matter one item longer. */
function withItem(text: string, path: string[], value: string): string {
  const parts = FRONT_MATTER.exec(text);
  if (!parts) throw new KnowledgeEditError('invalid', 'the file has no front-matter');
  try {
    return parts[1]! + appendToList(parts[2]!, path, value) + parts[3]!;
  } catch (error) {
    if (error instanceof FrontMatterEditError) throw new KnowledgeEditError('invalid', error.message, path.join('.'));
    throw error;
  }
}

function writeAtomically(path: string, text: string): void {
  // Not ending in .md: neither the loader nor the watcher looks at the half-written file.
  const staging = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(staging, text);
  renameSync(staging, path);
}

export function createKnowledgeEditor(options: KnowledgeEditorOptions): KnowledgeFiles {
  const dir = options.knowledgeDir;
  // One edit at a time: each validates against the files the previous one left.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => T): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };

  const validated = (path: string, text: string): LoadedKnowledge => {
    const loaded = loadKnowledge(dir, new Map([[path, text]]));
    const errors = loaded.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) throw new KnowledgeEditError('invalid', `the change would not load: ${errors[0]!.file} ${errors[0]!.field}: ${errors[0]!.message}`, errors[0]!.field);
    return loaded;
  };

  const assertNewQuestion = (loaded: LoadedKnowledge, question: string) => {
    const key = questionKey(question);
    for (const entry of loaded.entries) {
      for (const [lang, content] of Object.entries(entry.content)) {
        if (content?.questions.some((q) => questionKey(q) === key)) {
          throw new KnowledgeEditError('conflict', `"${question}" is already an alternate question of ${entry.id} (${lang})`, 'question');
        }
      }
    }
  };

  return {
    dir,
    entries: () => loadKnowledge(dir).entries,
    outOfScopeTopics: () => (loadKnowledge(dir).outOfScope?.topics ?? []).map((t) => ({ id: t.id, reason: t.reason })),
    topicRequirements(): TopicRequirements {
      if (!options.topicsFile) return { skipped: 'no topic list configured (KB_TOPICS_FILE)' };
      if (!existsSync(options.topicsFile)) return { skipped: `no topic list at ${options.topicsFile}` };
      return { topics: readTopics(options.topicsFile).topics };
    },
    addAlternateQuestion: (entryId: string, lang: Lang, question: string) =>
      serially((): KnowledgeEdit => {
        const text = cleanQuestion(question);
        const current = loadKnowledge(dir);
        const entry = current.entries.find((e) => e.id === entryId);
        if (!entry) throw new KnowledgeEditError('not-found', `no entry "${entryId}"`, 'entryId');
        if (!entry.content[lang]) throw new KnowledgeEditError('invalid', `entry ${entryId} has no ${lang} language: add its title and answer first`, 'lang');
        assertNewQuestion(current, text);
        const path = join(dir, entry.file);
        const edited = withItem(readFileSync(path, 'utf8'), ['questions', lang], text);
        const loaded = validated(path, edited);
        if (!loaded.entries.find((e) => e.id === entryId)?.content[lang]?.questions.includes(text)) {
          throw new KnowledgeEditError('invalid', 'the edited file does not list the question');
        }
        writeAtomically(path, edited);
        return { file: entry.file, version: loaded.contentHash };
      }),
    addOutOfScopeExample: (topicId: string, lang: Lang, question: string) =>
      serially((): KnowledgeEdit => {
        const text = cleanQuestion(question);
        const path = join(dir, 'out-of-scope.md');
        if (!existsSync(path)) throw new KnowledgeEditError('not-found', 'the knowledge folder has no out-of-scope.md', 'topic');
        const current = loadKnowledge(dir);
        const topics = current.outOfScope?.topics ?? [];
        const index = topics.findIndex((t) => t.id === topicId);
        if (index < 0) throw new KnowledgeEditError('not-found', `no out-of-scope topic "${topicId}"`, 'topic');
        if ((topics[index]!.examples[lang] ?? []).some((q) => questionKey(q) === questionKey(text))) {
          throw new KnowledgeEditError('conflict', `"${text}" is already an example of ${topicId}`, 'question');
        }
        const edited = withItem(readFileSync(path, 'utf8'), ['topics', String(index), 'examples', lang], text);
        const loaded = validated(path, edited);
        writeAtomically(path, edited);
        return { file: 'out-of-scope.md', version: loaded.contentHash };
      }),
  };
}

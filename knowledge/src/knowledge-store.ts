/**
 * Loads the knowledge base, builds or reuses its indexes, and keeps the current snapshot fresh
 * when files change. Conversations live elsewhere, so a reload never drops one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { isLang } from '../../bot/language/langs.ts';
import { cityProfile, installedBundle, localesInstalled } from '../../bot/locale/installed.ts';
import type { LocalePack } from '../../bot/locale/locale-pack.ts';
import type { KnowledgeSnapshot, KnowledgeSource, Logger } from '../../bot/ports.ts';
import { buildInterpreter } from './understanding/build-interpreter.ts';
import { toRetrievalHit } from './understanding/retrieval-hit.ts';
import { categoryDocuments, entryDocuments, vectorDocuments } from './documents.ts';
import { LexicalIndex, type SerializedLexicalIndex } from './lexical/lexical-index.ts';
import { loadKnowledge, type LoadedKnowledge } from './loader.ts';
import { compileOutOfScope } from './out-of-scope.ts';
import { createSnapshot, type VectorSearcher } from './snapshot.ts';
import { buildVectorIndex, VectorIndex } from './vector/vector-index.ts';

/** Bump when analysis or index layout changes, so old index files are rebuilt. */
const INDEX_FORMAT = 'lex5';

export interface EmbeddingModel {
  /** Identifies the model in the index manifest (e.g. its id). */
  key: string;
  embeddings: EmbeddingsInterface;
}

export interface KnowledgeStoreOptions {
  knowledgeDir: string;
  dataDir: string;
  model?: EmbeddingModel;
  logger: Logger;
  onProgress?: (stage: string, done: number, total: number) => void;
  /** Locale packs: the interpreter learns small talk, status and language requests from them. */
  packs?: readonly LocalePack[];
  /** Prefix of ticket codes, which the interpreter recognises as status lookups. */
  ticketPrefix?: string;
  /** Another folder holding trained models to reuse (e.g. shared by test runs). */
  modelCacheDir?: string;
}

interface Manifest {
  hash: string;
  format: string;
  model: string | null;
  /** The locale packs' shorthand and regional words, which the analysis applies. */
  locale: string;
}

export class KnowledgeLoadError extends Error {
  constructor(readonly problems: LoadedKnowledge['problems']) {
    super(`knowledge has ${problems.length} error(s): ${problems.map((p) => `${p.file} ${p.field}: ${p.message}`).slice(0, 3).join('; ')}`);
    this.name = 'KnowledgeLoadError';
  }
}

function indexDir(dataDir: string): string {
  return join(dataDir, 'index');
}

function readManifest(dir: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Builds (or reuses, when the content hash matches) the indexes and returns a snapshot. */
export async function buildSnapshot(options: KnowledgeStoreOptions, force = false): Promise<{ snapshot: KnowledgeSnapshot; rebuilt: boolean; loaded: LoadedKnowledge }> {
  const loaded = loadKnowledge(options.knowledgeDir);
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new KnowledgeLoadError(errors);
  const dir = indexDir(options.dataDir);
  const packs = options.packs ?? (localesInstalled() ? installedBundle().packs : []);
  const locale = createHash('sha256')
    .update(JSON.stringify(packs.map((p) => [p.lang, p.understanding.shorthand, p.understanding.ambiguousShorthand, p.understanding.dialect])))
    .digest('hex')
    .slice(0, 16);
  const wanted: Manifest = { hash: loaded.contentHash, format: INDEX_FORMAT, model: options.model?.key ?? null, locale };
  const existing = readManifest(dir);
  const reusable = !force && existing && JSON.stringify(existing) === JSON.stringify(wanted);

  let lexical: LexicalIndex;
  let vector: VectorSearcher | undefined;
  if (reusable) {
    lexical = LexicalIndex.fromJSON(JSON.parse(readFileSync(join(dir, 'lexical.json'), 'utf8')) as SerializedLexicalIndex);
    if (options.model) vector = await VectorIndex.load(join(dir, 'vector'), options.model.embeddings);
  } else {
    options.onProgress?.('lexical', 0, 1);
    lexical = LexicalIndex.build(entryDocuments(loaded.entries));
    options.onProgress?.('lexical', 1, 1);
    // Unique per builder: worker threads share a process id, and two of them may build at once.
    const staging = `${dir}.tmp-${process.pid}-${threadId}-${randomBytes(4).toString('hex')}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, 'lexical.json'), JSON.stringify(lexical.toJSON()));
    if (options.model) {
      const index = await buildVectorIndex(vectorDocuments(loaded.entries), options.model.embeddings, (done, total) =>
        options.onProgress?.('vector', done, total),
      );
      await index.save(join(staging, 'vector'));
      vector = index;
    }
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify(wanted, null, 2));
    // Swap the finished folder in whole, so a crash never leaves a half-written index behind.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(options.dataDir, { recursive: true });
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another builder swapped in its index of the same files first; ours is not needed.
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const complaints = LexicalIndex.build(categoryDocuments(loaded.categories));
  const outOfScope = compileOutOfScope(loaded.outOfScope);
  const base = createSnapshot({
    version: loaded.contentHash,
    entries: loaded.entries,
    categories: loaded.categories,
    lexical,
    complaints,
    outOfScope,
    vector,
  });
  const interpreter = buildInterpreter({
    loaded,
    packs,
    cacheDirs: [dir, ...(options.modelCacheDir ? [options.modelCacheDir] : [])],
    retrieve: async (text, lang, limit) =>
      (await base.search(text, { lang, limit })).map((h) => toRetrievalHit({ ...h, group: h.id, queryWords: h.queryWords ?? 0 }, h.similarity)),
    matchCategories: (text, lang, limit) => base.matchComplaintCategories(text, { lang, limit }).map((m) => ({ id: m.id, coverage: m.coverage })),
    uncoveredTopic: (text) => outOfScope.match(text),
    ticketPrefix: options.ticketPrefix ?? cityProfile().ticketPrefix,
    handoffEntry: cityProfile().entries.handoff,
    isLang: (lang) => isLang(lang),
    logger: options.logger,
  });
  const snapshot: KnowledgeSnapshot = { ...base, interpreter };
  return { snapshot, rebuilt: !reusable, loaded };
}

export interface KnowledgeStore extends KnowledgeSource {
  reload(): Promise<boolean>;
  close(): void;
}

/** Opens the knowledge base; with `watch`, reloads it (debounced) when a file changes. */
export async function openKnowledgeStore(options: KnowledgeStoreOptions & { watch: boolean; onChange?: (snapshot: KnowledgeSnapshot) => void }): Promise<KnowledgeStore> {
  let { snapshot } = await buildSnapshot(options);
  options.logger.info('knowledge loaded', { entries: snapshot.entries().length, categories: snapshot.categories().length, version: snapshot.version });
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let reloading: Promise<boolean> | undefined;

  const reload = async (): Promise<boolean> => {
    try {
      const next = await buildSnapshot(options);
      if (next.snapshot.version === snapshot.version) return false;
      snapshot = next.snapshot;
      options.logger.info('knowledge reloaded', { entries: snapshot.entries().length, version: snapshot.version });
      options.onChange?.(snapshot);
      return true;
    } catch (error) {
      // Keep serving the last good snapshot; staff see why in the log.
      options.logger.error('knowledge reload failed; keeping the previous version', { error: (error as Error).message });
      return false;
    }
  };

  if (options.watch && existsSync(options.knowledgeDir)) {
    watcher = watch(options.knowledgeDir, { recursive: true }, (_event, file) => {
      if (file && !String(file).endsWith('.md')) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        reloading = (reloading ?? Promise.resolve(false)).then(reload);
      }, 200);
    });
  }
  return {
    current: () => snapshot,
    reload: () => (reloading = (reloading ?? Promise.resolve(false)).then(reload)),
    close: () => {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}

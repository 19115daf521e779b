/** Trains (or loads from the cache) the default interpreter for one knowledge snapshot. */
import type { LocalePack } from '../../../bot/locale/locale-pack.ts';
import type { Logger } from '../../../bot/ports.ts';
import type { Interpreter, RetrievalHit } from '../../../bot/understanding/interpreter.ts';
import type { LoadedKnowledge } from '../loader.ts';
import { modelKey, readCachedModel, writeCachedModel } from './model-cache.ts';
import { createEntityMatcher } from './entity-names.ts';
import { createLanguageNamer } from './language-names.ts';
import { createTrainedInterpreter } from './trained-interpreter.ts';
import { modelContext, trainModel, type TrainedModel } from './trained-model.ts';

export interface InterpreterBuildOptions {
  loaded: LoadedKnowledge;
  packs: readonly LocalePack[];
  /** Folders searched for a cached model, the first one also written to. */
  cacheDirs: readonly string[];
  retrieve(text: string, lang: string, limit: number): Promise<RetrievalHit[]>;
  matchCategories(text: string, lang: string, limit: number): { id: string; coverage: number }[];
  uncoveredTopic(text: string): string | undefined;
  ticketPrefix: string;
  isLang(lang: string): boolean;
  handoffEntry: string;
  logger: Logger;
}

export function trainingKey(loaded: LoadedKnowledge, packs: readonly LocalePack[]): string {
  return modelKey([loaded.contentHash, JSON.stringify(packs.map((p) => [p.lang, p.understanding]))]);
}

export function loadOrTrainModel(options: Pick<InterpreterBuildOptions, 'loaded' | 'packs' | 'cacheDirs' | 'logger'>): TrainedModel {
  const key = trainingKey(options.loaded, options.packs);
  for (const dir of options.cacheDirs) {
    const cached = readCachedModel(dir, key);
    if (cached) return cached;
  }
  const started = Date.now();
  const model = trainModel({ entries: options.loaded.entries, categories: options.loaded.categories, outOfScope: options.loaded.outOfScope, packs: options.packs });
  options.logger.info('interpreter trained', { key, ms: Date.now() - started, crossValidation: model.crossValidation });
  for (const dir of options.cacheDirs) {
    try {
      writeCachedModel(dir, key, model);
    } catch (error) {
      options.logger.warn('trained interpreter not cached', { dir, error: (error as Error).message });
    }
  }
  return model;
}

export function buildInterpreter(options: InterpreterBuildOptions): Interpreter {
  const model = loadOrTrainModel(options);
  return createTrainedInterpreter({
    model,
    context: modelContext(options.packs),
    retrieve: options.retrieve,
    matchCategories: options.matchCategories,
    uncoveredTopic: options.uncoveredTopic,
    ticketPrefix: options.ticketPrefix,
    isLang: options.isLang,
    entities: createEntityMatcher(options.loaded.entries),
    handoffEntry: options.handoffEntry,
    languageNames: createLanguageNamer(options.packs),
  });
}

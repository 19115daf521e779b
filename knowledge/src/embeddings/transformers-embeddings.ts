import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { modelFolder, pickDtype, type ModelDtype } from './model-folder.ts';
import { textPrefixes, type TextPrefixes } from './text-prefixes.ts';

export interface TransformersEmbeddingsOptions {
  /** Model id, also its path under `modelDir`, e.g. `Xenova/multilingual-e5-small`. */
  modelId: string;
  /** Folder holding models as `<modelDir>/<modelId>/…`. */
  modelDir: string;
  /** Whether a model missing from `modelDir` may be fetched from the model hub. */
  allowDownload: boolean;
  /** ONNX weights to load; by default whichever of `onnx/model.onnx` / `onnx/model_quantized.onnx` is present. */
  dtype?: ModelDtype;
  /** Texts per forward pass when embedding documents. */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 32;

/** LangChain `Embeddings` backed by a local transformers.js feature-extraction pipeline (mean pooling, L2-normalised). */
export class TransformersEmbeddings extends Embeddings {
  readonly modelId: string;
  readonly modelDir: string;
  readonly allowDownload: boolean;
  readonly dtype: ModelDtype | undefined;
  readonly batchSize: number;
  private readonly prefixes: TextPrefixes;
  private extractor: Promise<FeatureExtractionPipeline> | undefined;

  constructor(options: TransformersEmbeddingsOptions) {
    super({});
    this.modelId = options.modelId;
    this.modelDir = options.modelDir;
    this.allowDownload = options.allowDownload;
    this.dtype = options.dtype;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new Error(`embedding batchSize must be a positive integer, got ${String(options.batchSize)}`);
    }
    this.prefixes = textPrefixes(options.modelId);
  }

  /** Folder the model is read from: `<modelDir>/<modelId>`. */
  get folder(): string {
    return modelFolder(this.modelDir, this.modelId);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize).map((t) => this.prefixes.passage + t);
      vectors.push(...(await this.embedBatch(batch)));
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedBatch([this.prefixes.query + text]);
    if (vector === undefined) throw new Error(`embedding model ${this.modelId} returned no vector for the query`);
    return vector;
  }

  /** Loads the pipeline now rather than on first use; loading errors name the model folder. */
  async load(): Promise<void> {
    await this.getExtractor();
  }

  private async embedBatch(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const extractor = await this.getExtractor();
    const output = await extractor(texts, { pooling: 'mean', normalize: true });
    const [rows, width] = output.dims;
    if (rows !== texts.length || width === undefined) {
      throw new Error(`embedding model ${this.modelId} returned dims [${output.dims.join(', ')}] for ${texts.length} texts`);
    }
    const data = output.data as Float32Array;
    return Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * width, (i + 1) * width)));
  }

  private getExtractor(): Promise<FeatureExtractionPipeline> {
    this.extractor ??= this.createExtractor().catch((error: unknown) => {
      this.extractor = undefined; // let a later call retry, e.g. after the model folder is fixed
      throw error;
    });
    return this.extractor;
  }

  private async createExtractor(): Promise<FeatureExtractionPipeline> {
    // Loaded only when a model folder exists: the runtime is large, and lexical-only servers never need it.
    const { env, pipeline } = await import('@huggingface/transformers');
    // transformers.js keeps its settings in one global object; set them right before loading.
    const root = resolve(this.modelDir);
    env.localModelPath = root;
    env.allowLocalModels = true;
    env.allowRemoteModels = this.allowDownload;
    env.cacheDir = join(root, '.cache');
    // fp32 is transformers.js's CPU default anyway; naming it keeps the library from logging a notice.
    const dtype = this.dtype ?? pickDtype(this.folder) ?? 'fp32';
    try {
      // The explicit type argument avoids TS2590 (union too complex) in the 3.x typings.
      return (await pipeline<'feature-extraction'>('feature-extraction', this.modelId, { dtype })) as FeatureExtractionPipeline;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot load embedding model ${this.modelId} from ${this.folder}: ${detail}`, { cause: error });
    }
  }
}

export type LoadedEmbeddings =
  | { embeddings: TransformersEmbeddings; dimensions: number }
  | { embeddings: undefined; reason: string };

/**
 * Loads the embedding model and embeds one text to learn its dimension. A model that is simply not
 * installed (and may not be downloaded) is a normal situation, reported as `reason`; a model folder
 * that is present but cannot be loaded is an error.
 */
export async function loadLocalEmbeddings(options: TransformersEmbeddingsOptions): Promise<LoadedEmbeddings> {
  const folder = modelFolder(options.modelDir, options.modelId);
  if (!options.allowDownload && !existsSync(join(folder, 'config.json'))) {
    const what = existsSync(folder) ? 'config.json missing' : 'folder missing';
    return { embeddings: undefined, reason: `no embedding model at ${folder} (${what}); running lexical-only` };
  }
  const embeddings = new TransformersEmbeddings(options);
  await embeddings.load();
  const probe = await embeddings.embedQuery('Huế');
  if (probe.length === 0) throw new Error(`embedding model ${options.modelId} at ${folder} produced an empty vector`);
  return { embeddings, dimensions: probe.length };
}

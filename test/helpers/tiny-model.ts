import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinyBert } from '../../scripts/make-tiny-bert.ts';

export interface TinyModel {
  /** Pass as `modelDir` to the embeddings loader. */
  modelDir: string;
  modelId: string;
}

const MODEL_ID = 'local/tiny-bert';
let written: TinyModel | undefined;

/**
 * Writes the tiny offline BERT model once per test process. Each process gets its own temporary
 * folder, so test files running in parallel never read a half-written model.
 */
export async function ensureTinyModel(): Promise<TinyModel> {
  if (written === undefined) {
    const modelDir = mkdtempSync(join(tmpdir(), 'hue-tiny-model-'));
    writeTinyBert(join(modelDir, ...MODEL_ID.split('/')));
    process.once('exit', () => rmSync(modelDir, { recursive: true, force: true }));
    written = { modelDir, modelId: MODEL_ID };
  }
  return written;
}

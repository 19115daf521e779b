/**
 * Keeps trained models on disk next to the indexes, keyed by the hash of everything they were
 * trained from, so a restart with unchanged knowledge files loads instead of retraining.
 * Weights go to a binary file (float32); the rest is JSON.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserializeModel, MODEL_FORMAT, serializeModel, type SerializedModel, type TrainedModel } from './trained-model.ts';

export function modelKey(parts: readonly string[]): string {
  const hash = createHash('sha256').update(MODEL_FORMAT);
  for (const part of parts) hash.update('\0').update(part);
  return hash.digest('hex').slice(0, 16);
}

const files = (dir: string, key: string) => ({ meta: join(dir, `interpreter-${key}.json`), weights: join(dir, `interpreter-${key}.bin`) });

export function readCachedModel(dir: string, key: string): TrainedModel | undefined {
  const { meta, weights } = files(dir, key);
  if (!existsSync(meta) || !existsSync(weights)) return undefined;
  try {
    const data = JSON.parse(readFileSync(meta, 'utf8')) as Omit<SerializedModel, 'classifier'> & { classifier: Omit<SerializedModel['classifier'], 'weights'> };
    const bytes = readFileSync(weights);
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    return deserializeModel({ ...data, classifier: { ...data.classifier, weights: floats.slice() } });
  } catch {
    return undefined;
  }
}

export function writeCachedModel(dir: string, key: string, model: TrainedModel): void {
  mkdirSync(dir, { recursive: true });
  const { meta, weights } = files(dir, key);
  const { classifier, ...rest } = serializeModel(model);
  const { weights: w, ...layout } = classifier;
  const floats = Float32Array.from(w);
  const suffix = `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  // Written aside and renamed, so a reader never sees half a model.
  writeFileSync(weights + suffix, Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength));
  writeFileSync(meta + suffix, JSON.stringify({ ...rest, classifier: layout }));
  renameSync(weights + suffix, weights);
  renameSync(meta + suffix, meta);
}

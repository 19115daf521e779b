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

/** The model's JSON with each member's weights replaced by its offset in the binary file. */
type StoredModel = Omit<SerializedModel, 'classifier'> & {
  classifier: { members: { classifier: { classes: string[]; keys: number[]; offset: number; length: number }; present: number[] }[] };
};

export function readCachedModel(dir: string, key: string): TrainedModel | undefined {
  const { meta, weights } = files(dir, key);
  if (!existsSync(meta) || !existsSync(weights)) return undefined;
  try {
    const data = JSON.parse(readFileSync(meta, 'utf8')) as StoredModel;
    const bytes = readFileSync(weights);
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const members = data.classifier.members.map(({ classifier: { offset, length, ...layout }, present }) => ({
      classifier: { ...layout, weights: floats.slice(offset, offset + length) },
      present,
    }));
    return deserializeModel({ ...data, classifier: { members } });
  } catch {
    return undefined;
  }
}

export function writeCachedModel(dir: string, key: string, model: TrainedModel): void {
  mkdirSync(dir, { recursive: true });
  const { meta, weights } = files(dir, key);
  const { classifier, ...rest } = serializeModel(model);
  let offset = 0;
  const chunks: Float32Array[] = [];
  const members = classifier.members.map(({ classifier: { weights: w, ...layout }, present }) => {
    const stored = { ...layout, offset, length: w.length };
    chunks.push(Float32Array.from(w));
    offset += w.length;
    return { classifier: stored, present };
  });
  const stored: StoredModel = { ...rest, classifier: { members } };
  const suffix = `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  // Written aside and renamed, so a reader never sees half a model.
  writeFileSync(weights + suffix, Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))));
  writeFileSync(meta + suffix, JSON.stringify(stored));
  renameSync(weights + suffix, weights);
  renameSync(meta + suffix, meta);
}

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLocalEmbeddings, TransformersEmbeddings } from '../knowledge/src/embeddings/transformers-embeddings.ts';
import { textPrefixes } from '../knowledge/src/embeddings/text-prefixes.ts';
import { TINY_BERT_HIDDEN_SIZE, writeTinyBert } from '../scripts/make-tiny-bert.ts';
import { ensureTinyModel, type TinyModel } from './helpers/tiny-model.ts';

const dot = (a: number[], b: number[]): number => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
const norm = (a: number[]): number => Math.sqrt(dot(a, a));

async function loadTiny(model: TinyModel): Promise<{ embeddings: TransformersEmbeddings; dimensions: number }> {
  const loaded = await loadLocalEmbeddings({ ...model, allowDownload: false });
  if (loaded.embeddings === undefined) throw new Error(`tiny model did not load: ${loaded.reason}`);
  return loaded;
}

describe('loadLocalEmbeddings with a local model folder', () => {
  let model: TinyModel;
  let embeddings: TransformersEmbeddings;
  let dimensions: number;

  beforeAll(async () => {
    model = await ensureTinyModel();
    ({ embeddings, dimensions } = await loadTiny(model));
  });

  it('reports the model dimension', () => {
    expect(dimensions).toBe(TINY_BERT_HIDDEN_SIZE);
  });

  it('gives normalised vectors of that dimension for documents and queries', async () => {
    const texts = ['Giờ mở cửa Đại Nội', 'Where is the hospital?', 'Horaires de la citadelle'];
    const docs = await embeddings.embedDocuments(texts);
    expect(docs).toHaveLength(texts.length);
    for (const v of docs) {
      expect(v).toHaveLength(dimensions);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    const query = await embeddings.embedQuery('vé vào Đại Nội');
    expect(query).toHaveLength(dimensions);
    expect(norm(query)).toBeCloseTo(1, 5);
  });

  it('embeds more documents than one batch, in order', async () => {
    const small = new TransformersEmbeddings({ ...model, allowDownload: false, batchSize: 2 });
    const texts = ['chợ Đông Ba', 'bệnh viện', 'vé Đại Nội', 'sông Hương', 'xe buýt'];
    const batched = await small.embedDocuments(texts);
    const whole = await embeddings.embedDocuments(texts);
    expect(batched).toHaveLength(texts.length);
    batched.forEach((v, i) => expect(dot(v, whole[i] ?? [])).toBeCloseTo(1, 5));
    expect(await small.embedDocuments([])).toEqual([]);
  });

  it('puts accented and unaccented Vietnamese closer than unrelated texts', async () => {
    const [accented, unaccented, unrelated] = await embeddings.embedDocuments([
      'Giờ mở cửa Đại Nội Huế',
      'gio mo cua dai noi hue',
      'garbage was not collected on my street',
    ]);
    if (!accented || !unaccented || !unrelated) throw new Error('missing vectors');
    expect(dot(accented, unaccented)).toBeGreaterThan(0.95);
    expect(dot(accented, unaccented)).toBeGreaterThan(dot(accented, unrelated) + 0.5);
  });
});

describe('loadLocalEmbeddings without a model', () => {
  const root = mkdtempSync(join(tmpdir(), 'hue-no-model-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('returns a reason naming the missing folder instead of throwing', async () => {
    const result = await loadLocalEmbeddings({ modelId: 'Xenova/multilingual-e5-small', modelDir: root, allowDownload: false });
    expect(result.embeddings).toBeUndefined();
    if (result.embeddings !== undefined) return;
    expect(result.reason).toContain(join(root, 'Xenova', 'multilingual-e5-small'));
    expect(result.reason).toMatch(/lexical-only/);
  });

  it('throws with the folder path when the model folder is present but broken', async () => {
    const folder = join(root, 'local', 'broken');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'config.json'), JSON.stringify({ model_type: 'bert' }));
    await expect(loadLocalEmbeddings({ modelId: 'local/broken', modelDir: root, allowDownload: false })).rejects.toThrow(folder);
  });
});

describe('E5 prefixes', () => {
  const root = mkdtempSync(join(tmpdir(), 'hue-e5-model-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('embeds queries and passages differently for an E5 model, identically otherwise', async () => {
    writeTinyBert(join(root, 'local', 'tiny-e5'));
    const e5 = new TransformersEmbeddings({ modelId: 'local/tiny-e5', modelDir: root, allowDownload: false });
    const [passage] = await e5.embedDocuments(['vé Đại Nội']);
    const query = await e5.embedQuery('vé Đại Nội');
    expect(dot(query, passage ?? [])).toBeLessThan(0.99);

    const { embeddings } = await loadTiny(await ensureTinyModel());
    const [plainPassage] = await embeddings.embedDocuments(['vé Đại Nội']);
    expect(dot(await embeddings.embedQuery('vé Đại Nội'), plainPassage ?? [])).toBeCloseTo(1, 5);
  });
});

describe('textPrefixes', () => {
  it('adds the E5 query/passage markers only for E5 models', () => {
    expect(textPrefixes('Xenova/multilingual-e5-small')).toEqual({ query: 'query: ', passage: 'passage: ' });
    expect(textPrefixes('intfloat/e5-base-v2')).toEqual({ query: 'query: ', passage: 'passage: ' });
    expect(textPrefixes('local/tiny-bert')).toEqual({ query: '', passage: '' });
    expect(textPrefixes('Xenova/bge5x')).toEqual({ query: '', passage: '' });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document } from '@langchain/core/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLocalEmbeddings, type TransformersEmbeddings } from '../knowledge/src/embeddings/transformers-embeddings.ts';
import {
  buildVectorIndex,
  VectorIndex,
  type PassageDocument,
  type PassageField,
} from '../knowledge/src/vector/vector-index.ts';
import { ensureTinyModel } from './helpers/tiny-model.ts';

const passage = (id: string, lang: string, field: PassageField, pageContent: string): PassageDocument =>
  new Document({ pageContent, metadata: { id, lang, field } });

const PASSAGES: PassageDocument[] = [
  passage('tour.imperial-city', 'vi', 'title', 'Đại Nội Huế'),
  passage('tour.imperial-city', 'vi', 'question', 'giờ mở cửa Đại Nội'),
  passage('tour.imperial-city', 'en', 'question', 'opening hours of the imperial city'),
  passage('tour.imperial-city', 'fr', 'question', 'horaires de la citadelle'),
  passage('tour.tickets', 'vi', 'question', 'giá vé Đại Nội bao nhiêu'),
  passage('tour.tickets', 'en', 'question', 'how much is a ticket'),
  passage('health.hospital', 'vi', 'title', 'Bệnh viện Trung ương Huế'),
  passage('health.hospital', 'en', 'question', 'where is the hospital'),
  passage('city.garbage', 'en', 'question', 'garbage was not collected on my street'),
  passage('city.garbage', 'vi', 'question', 'rác thải không được thu gom'),
  passage('travel.airport', 'en', 'answer', 'Phu Bai airport is 15 km from the city; take bus or taxi.'),
];

async function freshEmbeddings(): Promise<TransformersEmbeddings> {
  const loaded = await loadLocalEmbeddings({ ...(await ensureTinyModel()), allowDownload: false });
  if (loaded.embeddings === undefined) throw new Error(loaded.reason);
  return loaded.embeddings;
}

describe('VectorIndex', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hue-vector-index-'));
  let index: VectorIndex;
  const progress: Array<[number, number]> = [];

  beforeAll(async () => {
    index = await buildVectorIndex(PASSAGES, await freshEmbeddings(), (done, total) => progress.push([done, total]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('indexes every passage and reports progress up to the total', () => {
    expect(index.size).toBe(PASSAGES.length);
    expect(progress.at(0)).toEqual([0, PASSAGES.length]);
    expect(progress.at(-1)).toEqual([PASSAGES.length, PASSAGES.length]);
  });

  it('finds the entry of a closely matching question, unaccented and across languages', async () => {
    const [top] = await index.search('gio mo cua dai noi', 3);
    expect(top).toMatchObject({ id: 'tour.imperial-city', lang: 'vi', field: 'question' });
    expect(top?.similarity).toBeGreaterThan(0.95);
    expect((await index.search('hôpital', 1))[0]?.id).toBe('health.hospital');
  });

  it('returns one hit per entry, with the best passage, ranked by similarity', async () => {
    const hits = await index.search('Đại Nội', 10);
    const ids = hits.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...new Set(PASSAGES.map((p) => p.metadata.id))].sort());
    const ranked = await index.search('dai noi hue', 10);
    ranked.slice(1).forEach((hit, i) => expect(hit.similarity).toBeLessThanOrEqual(ranked[i]?.similarity ?? 1));
    expect(ranked[0]).toMatchObject({ id: 'tour.imperial-city', field: 'title' });
    expect(ranked[0]?.similarity).toBeCloseTo(1, 4);
  });

  it('honours k, and k = 0', async () => {
    expect(await index.search('vé', 2)).toHaveLength(2);
    expect(await index.search('vé', 0)).toEqual([]);
  });

  it('gives the same results after save and load with a fresh embeddings instance', async () => {
    const queries = ['gio mo cua dai noi', 'ticket price', 'đường phố có rác', 'airport bus'];
    const before = await Promise.all(queries.map((q) => index.search(q, 3)));
    await index.save(dir);
    const loaded = await VectorIndex.load(dir, await freshEmbeddings());
    expect(loaded.size).toBe(PASSAGES.length);
    expect(loaded.dimensions).toBe(index.dimensions);
    const after = await Promise.all(queries.map((q) => loaded.search(q, 3)));
    after.forEach((hits, i) => {
      const expected = before[i] ?? [];
      expect(hits.map((h) => [h.id, h.lang, h.field])).toEqual(expected.map((h) => [h.id, h.lang, h.field]));
      hits.forEach((h, j) => expect(h.similarity).toBeCloseTo(expected[j]?.similarity ?? NaN, 5));
    });
  });

  it('explains a missing index folder', async () => {
    const missing = join(dir, 'nope');
    await expect(VectorIndex.load(missing, await freshEmbeddings())).rejects.toThrow(`no vector index at ${missing}`);
  });

  it('rejects passages without entry metadata', async () => {
    const embeddings = await freshEmbeddings();
    const bad = new Document({ pageContent: 'x', metadata: { lang: 'vi' } });
    await expect(buildVectorIndex([bad], embeddings)).rejects.toThrow(/passage 0 needs metadata/);
    const wrongField = new Document({ pageContent: 'x', metadata: { id: 'a.b', lang: 'vi', field: 'body' } });
    await expect(buildVectorIndex([wrongField], embeddings)).rejects.toThrow(/field: title\|question\|answer/);
  });

  it('builds, saves and loads an empty index that finds nothing', async () => {
    const embeddings = await freshEmbeddings();
    const empty = await buildVectorIndex([], embeddings);
    expect(empty.size).toBe(0);
    expect(await empty.search('Đại Nội', 5)).toEqual([]);
    const emptyDir = join(dir, 'empty');
    await empty.save(emptyDir);
    const loaded = await VectorIndex.load(emptyDir, embeddings);
    expect(loaded.dimensions).toBe(index.dimensions);
    expect(await loaded.search('Đại Nội', 5)).toEqual([]);
  });
});

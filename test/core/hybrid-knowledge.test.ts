import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../adapters/logger.ts';
import { loadLocalEmbeddings } from '../../knowledge/src/embeddings/transformers-embeddings.ts';
import { buildSnapshot } from '../../knowledge/src/knowledge-store.ts';
import { entryMarkdown, writeKnowledgeFixture, type FixtureEntry } from '../helpers/knowledge-fixture.ts';
import { ensureTinyModel } from '../helpers/tiny-model.ts';

const entries: FixtureEntry[] = [
  {
    id: 'tour.imperial-city',
    titles: { vi: 'Đại Nội', en: 'Imperial City' },
    questions: { vi: ['giờ mở cửa đại nội'], en: ['imperial city opening hours'] },
    answers: { vi: 'Mở cửa 7:00.', en: 'Opens at 7:00.' },
  },
  {
    id: 'tour.tickets',
    titles: { vi: 'Giá vé', en: 'Ticket prices' },
    questions: { vi: ['giá vé bao nhiêu'], en: ['ticket price'] },
    answers: { vi: 'Vé 200.000 đồng.', en: 'Tickets cost 200,000 VND.' },
  },
];

describe('hybrid knowledge indexes with the tiny transformers.js model', () => {
  it('loads the model through the real loader, fuses vector and lexical ranks, and persists the index', async () => {
    const tiny = await ensureTinyModel();
    const loaded = await loadLocalEmbeddings({ modelId: tiny.modelId, modelDir: tiny.modelDir, allowDownload: false });
    expect(loaded.embeddings).toBeDefined();
    const model = { key: `${tiny.modelId}@${'dimensions' in loaded ? loaded.dimensions : 0}`, embeddings: loaded.embeddings! };
    const knowledgeDir = writeKnowledgeFixture(entries);
    const dataDir = mkdtempSync(join(tmpdir(), 'hue-hybrid-'));
    const options = { knowledgeDir, dataDir, model, logger: silentLogger };

    const first = await buildSnapshot(options);
    expect(first.rebuilt).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dataDir, 'index', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ hash: first.snapshot.version, model: model.key });

    const hits = await first.snapshot.search('gio mo cua dai noi', { lang: 'vi', limit: 2 });
    expect(hits[0]!.id).toBe('tour.imperial-city');
    expect(hits[0]!.similarity).toBeGreaterThan(0);

    // Same content: the index on disk is reused, and answers the same way.
    const second = await buildSnapshot(options);
    expect(second.rebuilt).toBe(false);
    expect((await second.snapshot.search('gio mo cua dai noi', { lang: 'vi', limit: 2 })).map((h) => h.id)).toEqual(hits.map((h) => h.id));

    // Changed content: rebuilt.
    writeFileSync(join(knowledgeDir, 'entries', 'tour.tickets.md'), entryMarkdown({ ...entries[1]!, answers: { vi: 'Vé 250.000 đồng.', en: 'Tickets cost 250,000 VND.' } }));
    const third = await buildSnapshot(options);
    expect(third.rebuilt).toBe(true);
    expect(third.snapshot.version).not.toBe(first.snapshot.version);
  });

  it('runs lexical-only with a one-line reason when no model folder exists', async () => {
    const loaded = await loadLocalEmbeddings({ modelId: 'Xenova/multilingual-e5-small', modelDir: mkdtempSync(join(tmpdir(), 'no-model-')), allowDownload: false });
    expect(loaded.embeddings).toBeUndefined();
    expect('reason' in loaded && loaded.reason).toMatch(/lexical-only/);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../adapters/logger.ts';
import type { KnowledgeSnapshot } from '../../bot/ports.ts';
import { openKnowledgeStore } from '../../knowledge/src/knowledge-store.ts';
import { entryMarkdown, writeKnowledgeFixture, type FixtureEntry } from '../helpers/knowledge-fixture.ts';

const tickets: FixtureEntry = {
  id: 'tour.tickets',
  titles: { vi: 'Giá vé', en: 'Ticket prices' },
  questions: { vi: ['giá vé bao nhiêu'], en: ['ticket price'] },
  answers: { vi: 'Vé 200.000 đồng.', en: 'Tickets cost 200,000 VND.' },
};

describe('knowledge store', () => {
  it('tells its listener about a reload that brought a new version, and only then', async () => {
    const knowledgeDir = writeKnowledgeFixture([tickets]);
    const changes: KnowledgeSnapshot[] = [];
    const store = await openKnowledgeStore({ knowledgeDir, dataDir: mkdtempSync(join(tmpdir(), 'hue-store-')), logger: silentLogger, watch: false, onChange: (s) => changes.push(s) });
    const first = store.current().version;
    expect(await store.reload()).toBe(false);
    expect(changes).toHaveLength(0);

    writeFileSync(join(knowledgeDir, 'entries', 'tour.tickets.md'), entryMarkdown({ ...tickets, answers: { vi: 'Vé 250.000 đồng.', en: 'Tickets cost 250,000 VND.' } }));
    expect(await store.reload()).toBe(true);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.version).not.toBe(first);
    expect(changes[0]!.version).toBe(store.current().version);
    store.close();
  });
});

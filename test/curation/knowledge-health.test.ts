import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../adapters/logger.ts';
import { countAnswers } from '../../adapters/runtime/answer-usage.ts';
import type { KnowledgeEntry } from '../../bot/ports.ts';
import { knowledgeHealth } from '../../bot/review/health.ts';
import type { Reply } from '../../bot/types.ts';

const entry = (id: string, langs: string[], checked: string[]): KnowledgeEntry => ({
  id,
  area: 'tourism',
  tags: [],
  related: [],
  reviewed: '2026-01-01',
  names: {},
  sources: checked.map((c, i) => ({ url: `https://example.org/${id}/${i}`, checked: c })),
  content: Object.fromEntries(langs.map((l) => [l, { title: id, answer: 'a', questions: ['q'] }])),
});

describe('knowledge health', () => {
  const today = new Date('2026-12-02T00:00:00Z');
  const entries = [entry('tour.a', ['vi', 'en'], ['2026-11-01', '2025-06-01']), entry('tour.b', ['vi'], ['2025-12-10']), entry('tour.c', ['vi', 'en'], ['2024-01-15'])];

  it('lists missing translations, stale sources, unused, most used and worst rated entries', () => {
    const report = knowledgeHealth({
      entries,
      requirements: { topics: [{ id: 'tour.a', langs: ['vi', 'en'] }, { id: 'tour.b', langs: ['vi', 'en', 'ko'] }, { id: 'tour.z', langs: ['vi'] }] },
      usage: [
        { entryId: 'tour.a', lang: 'vi', answers: 3, lastAt: today },
        { entryId: 'tour.a', lang: 'en', answers: 4, lastAt: today },
        { entryId: 'tour.b', lang: 'vi', answers: 9, lastAt: today },
      ],
      ratings: [{ entryId: 'tour.a', up: 1, down: 3 }, { entryId: 'tour.b', up: 5, down: 1 }, { entryId: 'tour.c', up: 2, down: 0 }],
      today,
    });
    expect(report.missingTranslations).toEqual([
      { entryId: 'tour.b', missing: ['en', 'ko'], noEntry: false },
      { entryId: 'tour.z', missing: ['vi'], noEntry: true },
    ]);
    expect(report.staleSources.map((s) => [s.entryId, s.checked])).toEqual([['tour.c', '2024-01-15'], ['tour.a', '2025-06-01']]);
    expect(report.neverUsed).toEqual(['tour.c']);
    expect(report.mostUsed).toEqual([
      { entryId: 'tour.b', answers: 9, byLang: { vi: 9 } },
      { entryId: 'tour.a', answers: 7, byLang: { vi: 3, en: 4 } },
    ]);
    expect(report.worstRated).toEqual([
      { entryId: 'tour.a', up: 1, down: 3, downShare: 0.75 },
      { entryId: 'tour.b', up: 5, down: 1, downShare: 0.167 },
    ]);
  });

  it('says why a check was skipped', () => {
    const report = knowledgeHealth({ entries, requirements: { skipped: 'no topic list' }, usage: [], ratings: { skipped: 'no feedback store' }, today });
    expect(report.missingTranslations).toEqual({ skipped: 'no topic list' });
    expect(report.worstRated).toEqual({ skipped: 'no feedback store' });
    expect(report.neverUsed).toEqual(['tour.a', 'tour.b', 'tour.c']);
  });
});

describe('answer usage counting', () => {
  it('counts answers per entry and language in one batch, not "more" or refusals', async () => {
    const replies: Reply['meta'][] = [
      { intent: 'answer', lang: 'vi', confidence: 1, sources: [{ id: 'tour.a', score: 1 }] },
      { intent: 'more', lang: 'vi', confidence: 1, sources: [{ id: 'tour.a', score: 1 }] },
      { intent: 'answer', lang: 'vi', confidence: 1, sources: [{ id: 'tour.a', score: 1 }] },
      { intent: 'answer', lang: 'en', confidence: 1, sources: [{ id: 'tour.a', score: 1 }] },
      { intent: 'oos', lang: 'en', confidence: 1, sources: [{ id: 'tour.b', score: 0.1 }] },
    ];
    let i = 0;
    const batches: { entryId: string; lang: string; answers: number }[][] = [];
    const counting = countAnswers(
      { handle: async () => ({ text: 'x', quickReplies: [], meta: replies[i++]! }) },
      { addUsage: async (b) => void batches.push(b.map(({ entryId, lang, answers }) => ({ entryId, lang, answers }))) },
      silentLogger,
      60_000,
    );
    for (let n = 0; n < replies.length; n++) await counting.handle({ channel: 'web', conversationId: 'c', userId: 'u', text: 't' });
    expect(batches).toEqual([]);
    await counting.close();
    expect(batches).toEqual([[{ entryId: 'tour.a', lang: 'vi', answers: 2 }, { entryId: 'tour.a', lang: 'en', answers: 1 }]]);
  });
});

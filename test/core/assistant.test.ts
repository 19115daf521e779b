import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../adapters/logger.ts';
import { MemoryConversationStore } from '../../adapters/state/memory-conversation-store.ts';
import { MemoryUnansweredLog } from '../helpers/memory-unanswered.ts';
import { createAssistant, type Assistant } from '../../bot/assistant.ts';
import type { ConversationState } from '../../bot/turn.ts';
import { openKnowledgeStore, type KnowledgeStore } from '../../knowledge/src/knowledge-store.ts';
import { entryMarkdown, writeKnowledgeFixture, type FixtureEntry } from '../helpers/knowledge-fixture.ts';

const longParagraphs = Array.from({ length: 6 }, (_, i) => `Paragraph ${i + 1}: ` + 'The citadel has gates, halls and gardens worth seeing. '.repeat(4)).join('\n\n');

const entries: FixtureEntry[] = [
  {
    id: 'tour.imperial-city',
    titles: { vi: 'Đại Nội Huế', en: 'The Imperial City' },
    questions: { vi: ['giờ mở cửa Đại Nội', 'Đại Nội ở đâu'], en: ['imperial city opening hours', 'where is the citadel'] },
    answers: { vi: 'Đại Nội mở cửa {{hours}}.', en: `The Imperial City opens {{hours}}.\n\n${longParagraphs}` },
    facts: { hours: '7:00–17:30' },
    related: ['tour.tickets'],
  },
  {
    id: 'tour.tickets',
    titles: { vi: 'Giá vé', en: 'Ticket prices', ko: '입장권 가격' },
    questions: { vi: ['giá vé tham quan'], en: ['ticket price for monuments', 'how much are tickets'], ko: ['입장료 얼마예요'] },
    answers: { vi: 'Vé người lớn 200.000 đồng.', en: 'Adult tickets cost 200,000 VND.', ko: '성인 입장료는 200,000동입니다.' },
  },
  {
    id: 'tour.tomb-tu-duc',
    titles: { vi: 'Lăng Tự Đức', en: 'Tomb of Tu Duc' },
    questions: { vi: ['lăng Tự Đức'], en: ['tomb opening hours', 'tu duc tomb'] },
    answers: { vi: 'Lăng Tự Đức cách trung tâm khoảng 5 km.', en: 'The tomb of Tu Duc lies about 5 km from the centre.' },
  },
];

describe('assistant core', () => {
  let knowledge: KnowledgeStore;
  let assistant: Assistant;
  let unanswered: MemoryUnansweredLog;
  let knowledgeDir: string;
  let n = 0;
  const ask = (text: string, extra: { conversationId?: string; postback?: string; langChoice?: 'ko' } = {}) =>
    assistant.handle({ channel: 'api', conversationId: extra.conversationId ?? `c${n++}`, userId: 'u', text, postback: extra.postback, langChoice: extra.langChoice });

  beforeAll(async () => {
    knowledgeDir = writeKnowledgeFixture(entries);
    knowledge = await openKnowledgeStore({ knowledgeDir, dataDir: mkdtempSync(join(tmpdir(), 'hue-data-')), logger: silentLogger, watch: true });
    unanswered = new MemoryUnansweredLog();
    assistant = createAssistant({
      knowledge,
      conversations: new MemoryConversationStore<ConversationState>(),
      unanswered,
      logger: silentLogger,
      defaultLang: 'vi',
      conversationTtlSeconds: 3600,
    });
  });
  afterAll(() => knowledge.close());

  it('answers in the person’s language with facts filled in, the source and its checked date', async () => {
    const reply = await ask('dai noi mo cua may gio');
    expect(reply.meta).toMatchObject({ intent: 'answer', lang: 'vi' });
    expect(reply.meta.sources[0]!.id).toBe('tour.imperial-city');
    expect(reply.text).toContain('7:00–17:30');
    expect(reply.text).toContain('2026-11-01');
    expect(reply.quickReplies.map((q) => q.payload)).toContain('entry:tour.tickets');
  });

  it('falls back to English with a note in the person’s language', async () => {
    // A Korean speaker who picked Korean in the web page's language picker.
    const reply = await ask('imperial city opening hours', { langChoice: 'ko' });
    expect(reply.meta.lang).toBe('ko');
    expect(reply.meta.sources[0]!.id).toBe('tour.imperial-city');
    expect(reply.text).toContain('영어');
    expect(reply.text).toContain('The Imperial City');
  });

  it('keeps long answers phone-sized with a "more" button that continues the same entry', async () => {
    const first = await ask('where is the citadel', { conversationId: 'more-1' });
    expect(first.text.length).toBeLessThan(900);
    expect(first.quickReplies[0]).toEqual({ label: 'More', payload: 'more' });
    const next = await ask('More', { conversationId: 'more-1', postback: 'more' });
    expect(next.meta.intent).toBe('more');
    expect(next.text).toContain('Paragraph');
  });

  it('greets, thanks and shows the menu in the person’s language', async () => {
    expect((await ask('xin chào')).meta).toMatchObject({ intent: 'greeting', lang: 'vi' });
    expect((await ask('감사합니다')).meta).toMatchObject({ intent: 'greeting', lang: 'ko' });
    const help = await ask('menu');
    expect(help.quickReplies.length).toBeGreaterThanOrEqual(4);
  });

  it('keeps a conversation’s language until the person switches', async () => {
    await ask('how much are tickets', { conversationId: 'lang-1' });
    expect((await ask('ok', { conversationId: 'lang-1' })).meta.lang).toBe('en');
    expect((await ask('/lang ko', { conversationId: 'lang-1' })).meta).toMatchObject({ intent: 'language', lang: 'ko' });
    expect((await ask('how much are tickets', { conversationId: 'lang-1' })).meta.lang).toBe('en');
  });

  it('recognises status lookups', async () => {
    expect((await ask('HUE-2026-000123 tới đâu rồi')).meta.intent).toBe('status');
  });

  it('reloads knowledge when a file changes, keeping conversations', async () => {
    await ask('how much are tickets', { conversationId: 'reload-1' });
    const changed = { ...entries[1]!, answers: { ...entries[1]!.answers, en: 'Adult tickets now cost 250,000 VND.' } };
    writeFileSync(join(knowledgeDir, 'entries', 'tour.tickets.md'), entryMarkdown(changed));
    const deadline = Date.now() + 5000;
    let reply = await ask('ticket price for monuments', { conversationId: 'reload-1' });
    while (!reply.text.includes('250,000') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      reply = await ask('ticket price for monuments', { conversationId: 'reload-1' });
    }
    expect(reply.text).toContain('250,000');
    expect(reply.meta.lang).toBe('en');
  });
});

/**
 * Handoff, answer feedback and held updates in the assistant core, on a channel other than the web
 * (Telegram here): the core knows nothing about the platform, and every channel's pipeline drops
 * the silent reply while staff hold the conversation.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../adapters/logger.ts';
import { runTurn, turnDeps } from '../../adapters/channels/pipeline.ts';
import { MemoryConversationStore } from '../../adapters/state/memory-conversation-store.ts';
import { openSqliteTicketStore } from '../../adapters/stores/sqlite-ticket-store.ts';
import { createAssistant, type Assistant } from '../../bot/assistant.ts';
import type { AnswerFeedback } from '../../bot/feedback/ports.ts';
import { createFeedbackFeatures } from '../../bot/feedback/feedback-features.ts';
import { createHandoffFeatures } from '../../bot/handoff/handoff-features.ts';
import { createStaffDesk } from '../../bot/handoff/staff-desk.ts';
import { cityProfile } from '../../bot/locale/installed.ts';
import { createAwayNotices } from '../../bot/notices/away-notices.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';
import type { ConversationState } from '../../bot/turn.ts';
import type { Reply } from '../../bot/types.ts';
import { openKnowledgeStore, type KnowledgeStore } from '../../knowledge/src/knowledge-store.ts';
import { writeKnowledgeFixture } from '../helpers/knowledge-fixture.ts';
import { MemoryUnansweredLog } from '../helpers/memory-unanswered.ts';
import { FakeClock } from '../ticket-store.contract.ts';

describe('handoff, feedback and held updates in the core', () => {
  let knowledge: KnowledgeStore;
  let store: TicketStore;
  let assistant: Assistant;
  const thumbsDown: AnswerFeedback[] = [];
  const clock = new FakeClock(new Date('2026-06-01T01:00:00Z'));
  const desk = () => createStaffDesk({ store: store.handoffs, clock, logger: silentLogger, timeoutMinutes: 10 });
  const say = (conversationId: string, fields: { text?: string; postback?: string }, langChoice?: 'en') =>
    assistant.handle({ channel: 'telegram', conversationId, userId: `u-${conversationId}`, ...fields, ...(langChoice ? { langChoice } : {}) });

  beforeAll(async () => {
    const dir = writeKnowledgeFixture([
      {
        id: 'tour.tickets',
        titles: { vi: 'Giá vé', en: 'Ticket prices' },
        questions: { vi: ['giá vé tham quan', 'vé vào cửa bao nhiêu'], en: ['ticket price for monuments', 'how much are tickets'] },
        answers: { vi: 'Vé người lớn 200.000 đồng.', en: 'Adult tickets cost 200,000 VND.' },
      },
    ]);
    knowledge = await openKnowledgeStore({ knowledgeDir: dir, dataDir: mkdtempSync(join(tmpdir(), 'hue-data-')), logger: silentLogger, watch: false });
    store = openSqliteTicketStore({ file: ':memory:', clock });
    assistant = createAssistant({
      knowledge,
      conversations: new MemoryConversationStore<ConversationState>(),
      unanswered: new MemoryUnansweredLog(),
      logger: silentLogger,
      clock,
      defaultLang: 'vi',
      conversationTtlSeconds: 3600,
      handoff: createHandoffFeatures({ store: store.handoffs, logger: silentLogger, timeoutMinutes: 10 }),
      feedback: createFeedbackFeatures({ store: store.feedback, logger: silentLogger, onThumbsDown: async (f) => void thumbsDown.push(f) }),
      awayNotices: createAwayNotices({ queue: store.messages, logger: silentLogger }),
    });
  });
  afterAll(async () => {
    knowledge.close();
    await store.close();
  });

  it('"Talk to a person" opens a handoff; the assistant is silent while staff hold it, and answers again after', async () => {
    await say('tg-1', { text: 'how much are tickets' }, 'en');
    const opened = await say('tg-1', { postback: `entry:${cityProfile().entries.handoff}` }, 'en');
    expect(opened.meta.intent).toBe('handoff');
    expect(opened.text).toContain('10 minutes');
    const [handoff] = (await desk().list()).filter((h) => h.conversationId === 'tg-1');
    expect(handoff).toMatchObject({ channel: 'telegram', userId: 'u-tg-1', lang: 'en', contact: 'tourists', status: 'waiting' });
    expect(handoff!.messages.map((m) => m.from)).toEqual(['person', 'assistant']);
    expect(handoff!.messages[0]!.text).toBe('how much are tickets');
    expect(handoff!.messages[1]!.text).toContain('Adult tickets cost 200,000 VND.');

    // Waiting: the assistant still helps, and staff see what was asked.
    expect((await say('tg-1', { text: 'how much are tickets' }, 'en')).meta.intent).toBe('answer');
    await desk().claim(handoff!.id, 'lan');
    const held = await say('tg-1', { text: 'how much are tickets' }, 'en');
    expect(held).toMatchObject({ silent: true, text: '', quickReplies: [] });
    expect((await desk().get(handoff!.id)).messages.filter((m) => m.from === 'person')).toHaveLength(3);

    // Any channel's pipeline sends nothing for a silent reply.
    const sent: Reply[] = [];
    const deps = turnDeps({ assistant, rateLimitPerMinute: 100, logger: silentLogger });
    expect(await runTurn(deps, { channel: 'telegram', conversationId: 'tg-1', userId: 'u-tg-1', text: 'hello?' }, 'upd-1', async (r) => void sent.push(r))).toBe('replied');
    expect(sent).toEqual([]);

    await desk().release(handoff!.id, 'lan');
    const queued = (await store.messages.claimDue(clock.now(), 50, 60_000)).filter((m) => m.conversationId === 'tg-1');
    expect(queued.map((m) => m.text)).toEqual([expect.stringContaining('joined'), expect.stringContaining('handed the conversation back')]);
    const after = await say('tg-1', { text: 'how much are tickets' }, 'en');
    expect(after.silent).toBeFalsy();
    expect(after.meta.intent).toBe('answer');
  });

  it('tells the person whom to call when nobody picks the handoff up in time', async () => {
    await say('tg-2', { postback: 'handoff' });
    clock.advance(11 * 60_000);
    expect(await desk().expireOverdue()).toBe(1);
    const queued = (await store.messages.claimDue(clock.now(), 50, 60_000)).filter((m) => m.conversationId === 'tg-2');
    expect(queued).toHaveLength(1);
    // Vietnamese with nothing touristic discussed: the citizens' hotline, never the tourist line.
    expect(queued[0]!.text).toContain(cityProfile().contacts.citizens.phone);
    expect(queued[0]!.text).not.toContain(cityProfile().contacts.tourists.phone);
  });

  it('offers 👍 / 👎 under a knowledge answer and records the press with entry, language and channel', async () => {
    const answer = await say('tg-3', { text: 'how much are tickets' }, 'en');
    expect(answer.quickReplies.slice(-2)).toEqual([
      { label: '👍', payload: 'fb:up:tour.tickets' },
      { label: '👎', payload: 'fb:down:tour.tickets' },
    ]);
    const thanks = await say('tg-3', { postback: 'fb:down:tour.tickets' }, 'en');
    expect(thanks.text).toContain('reviewed');
    expect(thanks.quickReplies.map((q) => q.payload)).toEqual([`entry:${cityProfile().entries.handoff}`]);
    const down = await store.feedback.listThumbsDown();
    expect(down).toEqual([expect.objectContaining({ entryId: 'tour.tickets', value: 'down', lang: 'en', channel: 'telegram', question: 'how much are tickets' })]);
    expect(thumbsDown.map((f) => f.entryId)).toEqual(['tour.tickets']);
    await say('tg-3', { postback: 'fb:up:tour.tickets' }, 'en');
    expect(await store.feedback.tally()).toEqual([{ entryId: 'tour.tickets', up: 1, down: 1 }]);
  });

  it('shows an update that could not be pushed first at the next message, once', async () => {
    await store.messages.holdNew(
      { channel: 'telegram', conversationId: 'tg-4', userId: 'u-tg-4', lang: 'en', kind: 'ticket', ticketCode: 'HUE-2026-000009', text: 'Update on your report HUE-2026-000009: resolved.' },
      'bot blocked',
      clock.now(),
    );
    const next = await say('tg-4', { text: 'how much are tickets' }, 'en');
    expect(next.text.startsWith('While you were away:\nUpdate on your report HUE-2026-000009: resolved.\n\n')).toBe(true);
    expect(next.text).toContain('200,000');
    expect((await say('tg-4', { text: 'how much are tickets' }, 'en')).text).not.toContain('While you were away');
  });
});

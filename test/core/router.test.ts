/**
 * The router routes on what the Interpreter port returns and nothing else: a fake interpreter
 * scripts each turn's Interpretation, the real knowledge store (a small fixture) supplies entries.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../adapters/logger.ts';
import { MemoryConversationStore } from '../../adapters/state/memory-conversation-store.ts';
import { MemoryUnansweredLog } from '../helpers/memory-unanswered.ts';
import { createAssistant, type Assistant } from '../../bot/assistant.ts';
import { cityProfile } from '../../bot/locale/installed.ts';
import type { ConversationState } from '../../bot/turn.ts';
import type { Interpretation, Interpreter, InterpretInput } from '../../bot/understanding/interpreter.ts';
import { openKnowledgeStore, type KnowledgeStore } from '../../knowledge/src/knowledge-store.ts';
import { writeKnowledgeFixture } from '../helpers/knowledge-fixture.ts';

const fixture = [
  {
    id: 'tour.imperial-city',
    titles: { vi: 'Đại Nội Huế', en: 'Imperial City' },
    questions: { vi: ['đại nội mở cửa mấy giờ'], en: ['imperial city opening hours'] },
    answers: { vi: 'Đại Nội mở cửa từ 7 giờ.', en: 'The Imperial City opens at 7.' },
  },
  {
    id: 'tour.tickets',
    titles: { vi: 'Giá vé', en: 'Ticket prices' },
    questions: { vi: ['giá vé'], en: ['ticket prices'] },
    answers: { vi: 'Vé người lớn 200.000 đồng.', en: 'Adult tickets cost 200,000 VND.' },
  },
  {
    id: 'bot.about',
    titles: { vi: 'Trợ lý này làm được gì', en: 'About this assistant' },
    questions: { vi: ['bạn làm được gì'], en: ['what can you do'] },
    answers: { vi: 'Tôi trả lời về dịch vụ công và du lịch.', en: 'I answer about public services and visiting.' },
  },
];

class ScriptedInterpreter implements Interpreter {
  readonly name = 'scripted';
  readonly seen: InterpretInput[] = [];
  next: Interpretation = { kind: 'out-of-scope', confidence: 1, entries: [] };
  async interpret(input: InterpretInput): Promise<Interpretation> {
    this.seen.push(input);
    return this.next;
  }
}

const hit = (id: string, shortCoverage: number) => ({
  id,
  confidence: shortCoverage,
  retrieval: { id, score: 1, confidence: shortCoverage, evidence: { coverage: shortCoverage, shortCoverage, unknown: 0, queryWords: 3 } },
});

describe('router on the Interpreter port', () => {
  let knowledge: KnowledgeStore;
  let assistant: Assistant;
  const interpreter = new ScriptedInterpreter();
  const unanswered = new MemoryUnansweredLog();
  let n = 0;
  const send = (text: string, interpretation: Interpretation, extra: { postback?: string } = {}) => {
    interpreter.next = interpretation;
    return assistant.handle({ channel: 'api', conversationId: `r${n++}`, userId: 'u', text, ...extra });
  };

  beforeAll(async () => {
    knowledge = await openKnowledgeStore({ knowledgeDir: writeKnowledgeFixture(fixture), dataDir: mkdtempSync(join(tmpdir(), 'hue-router-')), logger: silentLogger, watch: false });
    assistant = createAssistant({
      knowledge,
      conversations: new MemoryConversationStore<ConversationState>(),
      unanswered,
      logger: silentLogger,
      defaultLang: 'vi',
      conversationTtlSeconds: 600,
      interpreterFor: () => interpreter,
    });
  });
  afterAll(() => knowledge.close());

  it('answers from the entry the interpreter ranks first', async () => {
    const reply = await send('when does it open', { kind: 'question', decision: 'answer', confidence: 0.9, entries: [hit('tour.imperial-city', 0.8), hit('tour.tickets', 0.1)] });
    expect(reply.meta).toMatchObject({ intent: 'answer', lang: 'en', confidence: 0.9 });
    expect(reply.meta.sources.map((s) => s.id)).toEqual(['tour.imperial-city', 'tour.tickets']);
    expect(reply.text).toContain('opens at 7');
    expect(interpreter.seen.at(-1)).toMatchObject({ text: 'when does it open', lang: 'en' });
  });

  it('asks which entry was meant, with the candidates as buttons', async () => {
    const reply = await send('ticket hours', { kind: 'question', decision: 'clarify', confidence: 0.6, entries: [hit('tour.tickets', 0.5), hit('tour.imperial-city', 0.5)] });
    expect(reply.meta.intent).toBe('clarify');
    expect(reply.quickReplies.map((q) => q.payload)).toEqual(['entry:tour.tickets', 'entry:tour.imperial-city']);
  });

  it('queues a "Did you mean…?" answered with none of its entries, with the candidates it offered', async () => {
    const clarifying: Interpretation = { kind: 'question', decision: 'clarify', confidence: 0.6, entries: [hit('tour.tickets', 0.5), hit('tour.imperial-city', 0.4)] };
    const conversationId = `clar-${n++}`;
    const turn = (text: string, interpretation: Interpretation, postback?: string) => {
      interpreter.next = interpretation;
      return assistant.handle({ channel: 'telegram', conversationId, userId: 'u', text, ...(postback ? { postback } : {}) });
    };
    const before = unanswered.questions.length;
    expect((await turn('vé giờ', clarifying)).meta.intent).toBe('clarify');
    expect(unanswered.questions.length).toBe(before);
    await turn('thôi cảm ơn', { kind: 'small-talk', smallTalk: 'thanks', confidence: 0.9, entries: [] });
    expect(unanswered.questions.length).toBe(before + 1);
    expect(unanswered.questions.at(-1)).toMatchObject({
      text: 'vé giờ',
      channel: 'telegram',
      reason: 'unresolved-clarification',
      candidates: [{ id: 'tour.tickets' }, { id: 'tour.imperial-city' }],
    });
    // Picking one of the offered entries resolves it: nothing more is queued.
    await turn('vé giờ', clarifying);
    await turn('Giá vé', clarifying, 'entry:tour.tickets');
    await turn('cảm ơn', { kind: 'small-talk', smallTalk: 'thanks', confidence: 0.9, entries: [] });
    expect(unanswered.questions.length).toBe(before + 1);
  });

  it('refuses, logs the question, puts the human contact first and offers a near candidate', async () => {
    const before = unanswered.questions.length;
    const reply = await send('can tickets be refunded', { kind: 'out-of-scope', decision: 'refuse', confidence: 0.7, entries: [hit('tour.tickets', 0.5)] });
    expect(reply.meta.intent).toBe('oos');
    expect(reply.text).toContain(cityProfile().contacts.citizens.phone);
    expect(reply.quickReplies[0]!.payload).toBe('entry:bot.human');
    expect(reply.quickReplies[1]!.payload).toBe('entry:tour.tickets');
    expect(unanswered.questions.length).toBe(before + 1);
    expect(unanswered.questions.at(-1)).toMatchObject({ text: 'can tickets be refunded', reason: 'low-confidence' });
  });

  it('does not offer a candidate the retriever barely matched', async () => {
    const reply = await send('what is the bitcoin price', { kind: 'out-of-scope', decision: 'refuse', confidence: 0.9, entries: [hit('tour.tickets', 0.05)] });
    expect(reply.quickReplies[1]!.payload).not.toBe('entry:tour.tickets');
  });

  it('greets, switches language and looks up status on the interpreter’s word', async () => {
    expect((await send('yo', { kind: 'small-talk', smallTalk: 'greeting', confidence: 0.9, entries: [] })).meta.intent).toBe('greeting');
    const switched = await send('anything', { kind: 'language', requestedLang: 'fr', confidence: 0.9, entries: [] });
    expect(switched.meta).toMatchObject({ intent: 'language', lang: 'fr' });
    expect((await send('where is my thing', { kind: 'status', confidence: 0.9, entries: [] })).meta.intent).toBe('status');
  });

  it('answers a question asking for the language already in use with what the assistant can do, and switches for another', async () => {
    const asked = await send('do you speak English?', { kind: 'language', requestedLang: 'en', confidence: 0.9, entries: [], phrasedAsQuestion: true });
    expect(asked.meta).toMatchObject({ intent: 'answer', lang: 'en', sources: [{ id: 'bot.about' }] });
    const told = await send('answer in English', { kind: 'language', requestedLang: 'en', confidence: 0.9, entries: [], phrasedAsQuestion: false });
    expect(told.meta).toMatchObject({ intent: 'language', lang: 'en' });
    const other = await send('can you answer in French?', { kind: 'language', requestedLang: 'fr', confidence: 0.9, entries: [], phrasedAsQuestion: true });
    expect(other.meta).toMatchObject({ intent: 'language', lang: 'fr' });
  });

  it('names the category of a report when no ticket store is plugged in', async () => {
    const reply = await send('lamp is dark', { kind: 'report', confidence: 0.9, entries: [], categories: [{ id: 'street-lighting', confidence: 0.8 }] });
    expect(reply.meta).toMatchObject({ intent: 'complaint', category: 'street-lighting' });
  });

  it('does not ask the interpreter about a pressed button', async () => {
    const asked = interpreter.seen.length;
    const reply = await send('Ticket prices', { kind: 'out-of-scope', confidence: 1, entries: [] }, { postback: 'entry:tour.tickets' });
    expect(reply.meta.intent).toBe('answer');
    expect(interpreter.seen.length).toBe(asked);
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Reply, ReplyMeta } from '../bot/types.ts';
import {
  buildConversationReport,
  conversationMarkdown,
  findPhones,
  findTicketCodes,
  formatFailures,
  parseConversations,
  playConversation,
  playConversations,
  publicIdentifiers,
  reportName,
  summarizeConversations,
  type ConversationCase,
  type OutgoingTurn,
  type SendTurn,
} from '../eval/conversations.ts';

const reply = (text: string, meta: Partial<ReplyMeta> = {}, quickReplies: Reply['quickReplies'] = []): Reply => ({
  text,
  quickReplies,
  meta: { intent: 'answer', lang: 'vi', confidence: 1, sources: [], ...meta },
});

/** A fake assistant that answers from a script, and records what it was sent. */
function scripted(...replies: Reply[]): { send: SendTurn; sent: OutgoingTurn[]; ids: string[] } {
  const sent: OutgoingTurn[] = [];
  const ids: string[] = [];
  let i = 0;
  return {
    sent,
    ids,
    send: async (to, turn) => {
      sent.push(turn);
      ids.push(to.conversationId);
      const next = replies[i++];
      if (!next) throw new Error('script exhausted');
      return next;
    },
  };
}

const conv = (line: object): ConversationCase => parseConversations(JSON.stringify(line))[0]!;

const followUp = conv({
  id: 'conv-vi-01',
  kind: 'follow-up',
  lang: 'vi',
  turns: [
    { text: 'chùa thiên mụ mở cửa mấy giờ', expect: { intent: 'answer', entry: 'tour.thien-mu' } },
    { text: 'còn vé vào thì bao nhiêu?', expect: { intent: 'answer', entry: ['tour.thien-mu', 'tour.tickets'], contains: ['Thiên Mụ'] } },
  ],
});

describe('conversation format', () => {
  it('reads the documented example and rejects malformed lines with their line number', () => {
    expect(followUp.turns).toHaveLength(2);
    expect(() => parseConversations('{"id":"x","kind":"follow-up","lang":"vi","turns":[{"choose":1}]}', 'f.jsonl')).toThrow(/f\.jsonl:1: .*first turn/);
    expect(() => parseConversations('{"id":"x","kind":"chat","lang":"vi","turns":[{"text":"a"}]}', 'f.jsonl')).toThrow(/f\.jsonl:1: kind/);
    expect(() => parseConversations('{"id":"x","kind":"oos","lang":"vi","turns":[{"text":"a","postback":"b"}]}')).toThrow(/at most one/);
    const twice = '{"id":"x","kind":"oos","lang":"en","turns":[{"text":"a"}]}\n{"id":"x","kind":"oos","lang":"en","turns":[{"text":"b"}]}';
    expect(() => parseConversations(twice, 'f.jsonl')).toThrow(/f\.jsonl:2: duplicate id "x"/);
    expect(reportName('eval/datasets/conversations.dev.jsonl')).toBe('dev');
  });
});

describe('scoring turns', () => {
  it('passes a conversation whose every turn meets its expectations, in one conversation id', async () => {
    const fake = scripted(
      reply('**Chùa Thiên Mụ** mở cửa cả ngày', { sources: [{ id: 'tour.thien-mu', score: 1 }] }),
      reply('Vào chùa thiên mụ không mất vé', { sources: [{ id: 'tour.thien-mu', score: 1 }] }),
    );
    const result = await playConversation(followUp, fake.send);
    expect(result.pass).toBe(true);
    expect(result.turns.map((t) => t.pass)).toEqual([true, true]);
    expect(new Set(fake.ids).size).toBe(1);
    expect(fake.sent.map((t) => t.text)).toEqual(['chùa thiên mụ mở cửa mấy giờ', 'còn vé vào thì bao nhiêu?']);
  });

  it('fails a turn on the wrong intent, the wrong entry, a missing string or the wrong language', async () => {
    const fake = scripted(
      reply('Có phải bạn muốn hỏi…', { intent: 'clarify', sources: [{ id: 'tour.thien-mu', score: 1 }] }),
      reply('Giá vé Đại Nội', { sources: [{ id: 'tour.imperial-city', score: 1 }], lang: 'en' }),
    );
    const result = await playConversation(followUp, fake.send);
    expect(result.pass).toBe(false);
    const [first, second] = result.turns;
    expect(first!.failures).toEqual(['intent: want answer, got clarify']);
    expect(second!.failures).toEqual([
      'entry: want tour.thien-mu|tour.tickets, got tour.imperial-city',
      'lang: want vi, got en',
      'contains: "Thiên Mụ" missing',
    ]);
    expect(second!.langOk).toBe(false);
    const summary = summarizeConversations([result]);
    expect(summary).toMatchObject({ conversations: 1, conversations_passed: 0, turns: 2, turns_passed: 0, reply_lang_accuracy: 0.5 });
    const lines = formatFailures([result]);
    expect(lines[0]).toContain('conv-vi-01 #1 "chùa thiên mụ mở cửa mấy giờ" want answer / tour.thien-mu / vi · got clarify / tour.thien-mu / vi');
    expect(lines[1]).toContain('↳ Có phải bạn muốn hỏi…');
  });

  it('checks category, notContains and ticketFiled, and a turn-level language over the conversation one', async () => {
    const c = conv({
      id: 'intake',
      kind: 'intake',
      lang: 'vi',
      turns: [
        { text: 'đèn đường tắt', expect: { intent: 'complaint', category: 'street-lighting' } },
        { text: 'reply in English from now on', expect: { intent: 'language', lang: 'en' } },
        { text: 'send it', expect: { ticketFiled: true, lang: 'en', notContains: ['0905'] } },
      ],
    });
    const fake = scripted(
      reply('Chiếu sáng?', { intent: 'complaint', category: 'noise' }),
      reply('OK, English from now on', { intent: 'language', lang: 'en' }),
      reply('Sent. Phone 0905…', { intent: 'complaint', lang: 'en' }),
    );
    const result = await playConversation(c, fake.send);
    expect(result.turns.map((t) => t.failures)).toEqual([
      ['category: want street-lighting, got noise'],
      [],
      ['notContains: "0905" present', 'ticketFiled: want true, got false'],
    ]);
  });

  it('resolves "choose" to the payload of the previous reply\'s Nth quick reply, sent as a postback', async () => {
    const c = conv({
      id: 'clarify',
      kind: 'clarify',
      lang: 'en',
      turns: [
        { text: 'entry fee', expect: { intent: 'clarify' } },
        { choose: 2, expect: { intent: 'answer', entry: 'tour.imperial-city' } },
        { choose: 9 },
      ],
    });
    const options = [
      { label: 'Ticket prices', payload: 'entry:tour.tickets' },
      { label: 'Imperial City', payload: 'entry:tour.imperial-city' },
    ];
    const fake = scripted(
      reply('Did you mean one of these?', { intent: 'clarify', lang: 'en' }, options),
      reply('**Huế Imperial City**', { lang: 'en', sources: [{ id: 'tour.imperial-city', score: 1 }] }),
    );
    const result = await playConversation(c, fake.send);
    expect(fake.sent[1]).toEqual({ text: undefined, postback: 'entry:tour.imperial-city', location: undefined, attachments: undefined });
    expect(result.turns[1]!.pass).toBe(true);
    expect(result.turns[1]!.said).toBe('#2 Imperial City (entry:tour.imperial-city)');
    // Nothing to press: the turn fails without sending anything.
    expect(result.turns[2]!.failures).toEqual(['choose: the previous reply has 0 quick replies, not 9']);
    expect(fake.sent).toHaveLength(2);
    expect(result.turns[2]!.langOk).toBe(false);
  });

  it('records a transport error as a failed turn and goes on with the next one', async () => {
    const c = conv({ id: 'err', kind: 'oos', lang: 'en', turns: [{ text: 'a' }, { text: 'b', expect: { intent: 'oos' } }] });
    const sends: SendTurn = async (_to, turn) => {
      if (turn.text === 'a') throw new Error('HTTP 500');
      return reply('Sorry', { intent: 'oos', lang: 'en' });
    };
    const result = await playConversation(c, sends);
    expect(result.turns.map((t) => t.failures)).toEqual([['send: HTTP 500'], []]);
  });
});

describe('privacy', () => {
  it('finds Vietnamese phone numbers with spaces or dots, and ticket codes', () => {
    expect(findPhones('gọi 0905 123 456 hoặc +84 914.555.012, tổng đài 1900 1075, cấp cứu 115')).toEqual(['0905123456', '0914555012']);
    expect(findPhones('0234.3828288 / 02343828288 / ••••••3456 / mã 2026-000123 / 12345678901234')).toEqual(['02343828288', '02343828288']);
    expect(findTicketCodes('Mã phản ánh: HUE-2026-000123. Xem DN-2025-000001')).toEqual(['HUE-2026-000123', 'DN-2025-000001']);
  });

  it('flags a number or code the conversation neither typed nor created, and allows its own', async () => {
    const c = conv({
      id: 'leak',
      kind: 'intake',
      lang: 'vi',
      turns: [
        { text: 'sdt 0905 123 456' },
        { text: 'gửi đi', expect: { ticketFiled: true } },
        { text: 'HUE-2026-000007 tới đâu rồi' },
        { text: 'phản ánh của tôi' },
      ],
    });
    const fake = scripted(
      reply('Số liên hệ: 0905123456. Hoặc gọi anh Nam 0914 555 012'), // someone else's number
      reply('Mã phản ánh: HUE-2026-000003', { intent: 'complaint', ticketCode: 'HUE-2026-000003' }),
      reply('HUE-2026-000007 — đang xử lý', { intent: 'status', ticketCode: 'HUE-2026-000007' }),
      reply('HUE-2026-000003, HUE-2026-000001', { intent: 'status' }), // 000001 is another conversation's
    );
    const owners = new Map([['HUE-2026-000001', 'someone-else']]);
    const result = await playConversation(c, fake.send, { owners });
    expect(result.turns.map((t) => t.privacy)).toEqual([
      [{ kind: 'phone', value: '0914555012' }],
      [],
      [],
      [{ kind: 'ticket-code', value: 'HUE-2026-000001' }],
    ]);
    expect(result.turns[0]!.pass).toBe(false);
    expect(summarizeConversations([result]).privacy_violations).toBe(2);
  });

  it('catches a code created in one conversation and shown in another, but not public numbers', async () => {
    const a = conv({ id: 'a', kind: 'intake', lang: 'en', turns: [{ text: 'send' }] });
    const b = conv({ id: 'b', kind: 'intake', lang: 'en', turns: [{ text: 'send' }] });
    const fake = scripted(
      reply('Code: HUE-2026-000001', { intent: 'complaint', lang: 'en', ticketCode: 'HUE-2026-000001' }),
      // A duplicate offer names the other conversation's ticket; the hotline and the example are public.
      reply('A report exists: HUE-2026-000001. Call 0234.3828288. Codes look like HUE-2026-000123', { intent: 'complaint', lang: 'en', ticketCode: 'HUE-2026-000001' }),
    );
    const publicIds = { phones: new Set(['02343828288']), codes: new Set(['HUE-2026-000123']) };
    const [ra, rb] = await playConversations([a, b], fake.send, { public: publicIds });
    expect(ra!.pass).toBe(true);
    expect(rb!.turns[0]!.privacy).toEqual([{ kind: 'ticket-code', value: 'HUE-2026-000001' }]);
    // Nor is the other conversation's ticket one filed here.
    const b2 = conv({ id: 'b2', kind: 'intake', lang: 'en', turns: [{ text: 'send', expect: { ticketFiled: true } }] });
    const offer = reply('A report exists: HUE-2026-000001', { intent: 'complaint', lang: 'en', ticketCode: 'HUE-2026-000001' });
    const rb2 = await playConversation(b2, scripted(offer).send, { owners: new Map([['HUE-2026-000001', 'conv-a']]) });
    expect(rb2.turns[0]!.failures).toContain('ticketFiled: want true, got false');
    expect(fake.ids[0]).not.toBe(fake.ids[1]);
  });

  it('takes the public numbers and codes from the files it is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-public-'));
    mkdirSync(join(dir, 'locales'));
    writeFileSync(join(dir, 'entry.md'), 'Tourist support: 0234.3828288');
    writeFileSync(join(dir, 'locales', 'en.yaml'), 'phone.invalid: e.g. 0905 123 456\nnot-found: it looks like HUE-2026-000123\n');
    writeFileSync(join(dir, 'photo.jpg'), '0911 222 333');
    const ids = publicIdentifiers([dir, join(dir, 'missing')]);
    expect([...ids.phones].sort()).toEqual(['02343828288', '0905123456']);
    expect([...ids.codes]).toEqual(['HUE-2026-000123']);
  });

  it('with a fresh ticket store, allows a code that no conversation of the run created', async () => {
    const c = conv({ id: 'x', kind: 'mixed', lang: 'en', turns: [{ text: 'status of HUE-2026-999999' }] });
    const notFound = reply('No report HUE-2026-999999. Codes look like HUE-2026-000123', { intent: 'status', lang: 'en' });
    const strict = await playConversation(c, scripted(notFound).send);
    expect(strict.turns[0]!.privacy).toEqual([{ kind: 'ticket-code', value: 'HUE-2026-000123' }]);
    const fresh = await playConversation(c, scripted(notFound).send, { allowUnknownCodes: true });
    expect(fresh.turns[0]!.privacy).toEqual([]);
    // …but still catches another conversation's ticket.
    const leak = reply('See HUE-2026-000002', { intent: 'status', lang: 'en' });
    const caught = await playConversation(c, scripted(leak).send, { allowUnknownCodes: true, owners: new Map([['HUE-2026-000002', 'other']]) });
    expect(caught.turns[0]!.privacy).toEqual([{ kind: 'ticket-code', value: 'HUE-2026-000002' }]);
  });
});

describe('summary and report', () => {
  it('breaks conversations down by kind and by language row, Vietnamese without diacritics apart', async () => {
    const vi = conv({ id: 'v', kind: 'follow-up', lang: 'vi', turns: [{ text: 'vé đại nội' }] });
    const viNoDiac = conv({ id: 'w', kind: 'clarify', lang: 'vi', turns: [{ text: 've dai noi' }] });
    const ko = conv({ id: 'k', kind: 'clarify', lang: 'ko', turns: [{ text: '입장료', expect: { intent: 'clarify' } }] });
    const fake = scripted(reply('a'), reply('b'), reply('c', { lang: 'ko' }));
    const results = await playConversations([vi, viNoDiac, ko], fake.send);
    const s = summarizeConversations(results);
    expect(s.by_lang.vi).toMatchObject({ conversations: 1, passed: 1 });
    expect(s.by_lang['vi-nodiac']).toMatchObject({ conversations: 1, passed: 1 });
    expect(s.by_lang.ko).toMatchObject({ conversations: 1, passed: 0, rate: 0 });
    expect(s.by_kind.clarify).toMatchObject({ conversations: 2, passed: 1, rate: 0.5, turns: 2, turns_passed: 1 });
    expect(s.by_kind.intake.conversations).toBe(0);
    const report = buildConversationReport('x.jsonl', 'test', results);
    expect(report.conversations.find((c) => c.id === 'k')!.failed_turns[0]!.failures).toEqual(['intent: want clarify, got answer']);
    expect(conversationMarkdown(report)).toMatch(/\| clarify \| 2 \| 1 \| 50\.0% \| 1\/2 \|/);
  });
});

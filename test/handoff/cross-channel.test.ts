/**
 * A ticket update that could not be pushed is shown at the person's next message on any channel
 * whose platform vouches that the report's phone number is theirs (never where it was only typed):
 * the whole path, from a report filed on Zalo through the real assistant (intake, router, held
 * notices) and the Zalo channel's 48 h window, to Telegram; and back, with Zalo's shared number.
 * SQLite and PostgreSQL both.
 */
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../adapters/logger.ts';
import { createChoiceMemory } from '../../adapters/channels/choices.ts';
import { parseUpdate } from '../../adapters/telegram/inbound.ts';
import { createZaloChannel } from '../../adapters/zalo/channel.ts';
import { parseEvent } from '../../adapters/zalo/inbound.ts';
import { zaloEventSchema } from '../../adapters/zalo/schema.ts';
import { createMemoryLastSeen } from '../../adapters/zalo/window.ts';
import { PermanentDeliveryError } from '../../bot/tickets/errors.ts';
import { createOutboxDispatcher } from '../../bot/tickets/outbox-dispatcher.ts';
import type { InboundMessage } from '../../bot/types.ts';
import { createWorld, type Conversation, type World } from '../helpers/conversation-driver.ts';
import { TEST_DATABASE_URL, throwaway } from '../helpers/throwaway.ts';

const URL = TEST_DATABASE_URL;
const made = throwaway('xc');

const AWAY_EN = 'While you were away:';
const AWAY_VI = 'Trong lúc bạn vắng mặt:';

/** A Vietnamese street-light report on Zalo, with a phone number given with consent or none. */
function reportOnZalo(chat: Conversation, place: string, phone?: string): Conversation {
  chat.send(`đèn đường trước số ${place} tắt cả tuần nay rồi`).press('intake:cat:street-lighting').expectReply(/ảnh/).press('intake:skip').expectReply(/số điện thoại/);
  if (phone) chat.send(phone).expectReply(/đồng ý/).press('intake:yes');
  else chat.press('intake:skip');
  return chat.press('intake:confirm').expectReply(/HUE-2026-/);
}

/** An English pothole report on Telegram with a number given with consent. */
function reportOnTelegram(chat: Conversation, phone: string): Conversation {
  return chat
    .send('there is a huge pothole on Le Loi street near the bridge')
    .press('intake:cat:roads-traffic')
    .press('intake:skip')
    .send(phone)
    .expectReply(/another chat where the messaging app confirms this number as mine/)
    .press('intake:yes')
    .press('intake:confirm');
}

/** Telegram's update for a contact card `from` sends, of the user `contactUser` (their own when the two are equal). */
function telegramContact(updateId: number, from: number, contactUser: number, phone = '84905123456'): InboundMessage {
  return parseUpdate(
    {
      update_id: updateId,
      message: {
        message_id: updateId,
        chat: { id: from, type: 'private' },
        from: { id: from, language_code: 'en' },
        contact: { phone_number: phone, first_name: 'Lan', user_id: contactUser },
      },
    },
    updateId,
  )!.message;
}

describe.each(['sqlite', 'postgres'] as const)('%s: held updates across channels', (kind) => {
  let world: World;
  let schema = '';
  beforeEach(async () => {
    if (kind === 'postgres') {
      schema = made.schema();
      world = await createWorld({ now: '2026-06-01T02:00:00Z', database: { url: URL, schema } });
    } else world = await createWorld({ now: '2026-06-01T02:00:00Z' });
  });
  afterEach(async () => world.close());

  /** Resolves the ticket and runs the outbox: nobody wrote to the OA lately, so Zalo cannot take it (and there is no ZNS template). */
  async function resolveOutsideTheWindow(code: string, publicNote?: string): Promise<void> {
    await world.store.changeStatus(code, { status: 'resolved', by: 'staff', ...(publicNote ? { publicNote } : {}) });
    const dataDir = made.folder();
    const zalo = createZaloChannel({
      assistant: world.assistant,
      rateLimitPerMinute: 30,
      appId: 'app',
      oaSecretKey: 'secret',
      accessToken: 'oa-token',
      apiBase: 'http://127.0.0.1:9',
      dataDir,
      lastSeen: createMemoryLastSeen(),
    });
    expect(zalo.fallback).toBeUndefined();
    const dispatcher = createOutboxDispatcher({ store: world.store, notifiers: { zalo: zalo.notifier }, clock: world.clock, logger: silentLogger });
    expect(await dispatcher.runOnce()).toMatchObject({ delivered: 0, held: 1 });
  }

  /** What the person-link and message tables hold, as text, to look for a phone number in clear. */
  async function rawTables(): Promise<string> {
    if (kind === 'sqlite') {
      const db = new Database(join(dirname(world.dataDir), 'tickets.sqlite'), { readonly: true });
      try {
        return JSON.stringify([db.prepare('SELECT * FROM person_links').all(), db.prepare('SELECT * FROM message_outbox').all()]);
      } finally {
        db.close();
      }
    }
    const client = new pg.Client({ connectionString: URL });
    await client.connect();
    try {
      const links = await client.query(`SELECT * FROM ${schema}.person_links`);
      const messages = await client.query(`SELECT * FROM ${schema}.message_outbox`);
      return JSON.stringify([links.rows, messages.rows]);
    } finally {
      await client.end();
    }
  }

  it('shows a Zalo update held outside the window on Telegram once Telegram vouches for the number, not where it was only typed; once, in English', async () => {
    const zalo = world.chat('zu-lan', { channel: 'zalo', conversationId: 'zu-lan' });
    const { last: filed } = await reportOnZalo(zalo, '12 Lê Lợi', '0905 123 456');
    const code = filed!.meta.ticketCode!;
    await resolveOutsideTheWindow(code, 'Đã thay bóng đèn');

    // Typing the same number in a report on Telegram proves nothing about who typed it.
    const telegram = world.chat('tg-lan', { channel: 'telegram', conversationId: 'tg-lan', lang: 'en' });
    await reportOnTelegram(telegram, '+84 905 123 456').expectNoReplyText(/While you were away/).expectReply(/Code: HUE-2026-/);
    await telegram.send('hello').expectNoReplyText(/While you were away/);

    // Sharing her own contact there does.
    await telegram.shareContact('84905123456').check((r) => {
      const [away, ...rest] = r.text.split('\n\n');
      expect(away).toBe(`${AWAY_EN}\nYour report ${code} has been resolved.\nNote from city staff: Đã thay bóng đèn\nAre you satisfied with the result?`);
      expect(rest.join('\n\n')).toContain('number ••••••3456 noted');
    });
    // Once: not again on Telegram, and not on Zalo where it was held.
    await telegram.send('hello').expectNoReplyText(/While you were away/);
    await zalo.send('xin chào').expectNoReplyText(/Trong lúc bạn vắng mặt/);

    const raw = await rawTables();
    expect(raw).toContain('person_key');
    expect(raw).not.toMatch(/905\s?123\s?456|0905123456|84905123456/);
    expect(world.logs.join('\n')).not.toMatch(/905\s?123\s?456|0905123456/);
  });

  it("someone who types another person's number into a report elsewhere never sees that person's update; the person's own Telegram does, once", async () => {
    const lan = world.chat('zu-lan', { channel: 'zalo', conversationId: 'zu-lan' });
    const { last: filed } = await reportOnZalo(lan, '12 Lê Lợi', '0905 123 456');
    const code = filed!.meta.ticketCode!;
    await resolveOutsideTheWindow(code, 'Đã thay bóng đèn');

    const mallory = world.chat('tg-mallory', { channel: 'telegram', conversationId: 'tg-mallory', lang: 'en' });
    const nothingOfLans = (r: { text: string }) => {
      expect(r.text).not.toMatch(/While you were away/);
      expect(r.text).not.toContain(code);
      expect(r.text).not.toContain('Đã thay bóng đèn');
    };
    await reportOnTelegram(mallory, '0905 123 456').check(nothingOfLans).expectReply(/Code: HUE-2026-/);
    for (const text of ['hello', 'what is the status of my report?', 'thanks', 'hello again']) await mallory.send(text).check(nothingOfLans);
    await mallory.press('menu').check(nothingOfLans);

    const shown = await world.assistant.handle(telegramContact(10, 4242, 4242));
    expect(shown.text.startsWith(`${AWAY_EN}\nYour report ${code} has been resolved.\nNote from city staff: Đã thay bóng đèn`)).toBe(true);
    expect((await world.assistant.handle({ ...telegramContact(11, 4242, 4242), contact: undefined, text: 'hello' })).text).not.toContain(code);
    await mallory.send('anything new?').check(nothingOfLans);
    await lan.send('xin chào').expectNoReplyText(/Trong lúc bạn vắng mặt/);
  });

  it('a number Zalo shares from the person\'s account shows there an update held for their Telegram report', async () => {
    const telegram = world.chat('tg-lan', { channel: 'telegram', conversationId: 'tg-lan', lang: 'en' });
    const { last: filed } = await reportOnTelegram(telegram, '0905 123 456');
    const code = filed!.meta.ticketCode!;
    await world.store.changeStatus(code, { status: 'in_progress', by: 'staff' });
    const blocked = { send: async () => Promise.reject(new PermanentDeliveryError('telegram: bot was blocked by the user')) };
    const dispatcher = createOutboxDispatcher({ store: world.store, notifiers: { telegram: blocked }, clock: world.clock, logger: silentLogger });
    expect(await dispatcher.runOnce()).toMatchObject({ delivered: 0, held: 1 });

    // Typed on Zalo: nothing. Shared from the Zalo account: shown, in Vietnamese.
    const zalo = world.chat('zu-lan', { channel: 'zalo', conversationId: 'zu-lan' });
    await reportOnZalo(zalo, '12 Lê Lợi', '0905 123 456').expectNoReplyText(/Trong lúc bạn vắng mặt/);
    const timestamp = String(world.clock.now().getTime());
    const event = zaloEventSchema.parse({
      app_id: 'app', event_name: 'user_submit_info', timestamp, sender: { id: 'zu-lan' }, recipient: { id: 'oa' }, info: { name: 'Lan', phone: '84905123456' },
    });
    const parsed = await parseEvent(event, createChoiceMemory(), world.clock.now());
    if (parsed?.kind !== 'message') throw new Error('a shared number should reach the assistant as a message');
    const shown = await world.assistant.handle(parsed.message);
    expect(shown.text.startsWith(`${AWAY_VI}\nPhản ánh ${code}`)).toBe(true);
    await zalo.send('xin chào').expectNoReplyText(/Trong lúc bạn vắng mặt/);
    await telegram.send('hello').expectNoReplyText(/While you were away/);
    expect(world.logs.join('\n')).not.toMatch(/905\s?123\s?456|0905123456/);
  });

  it('a person who gave no number sees the update only on the conversation of the report', async () => {
    const zalo = world.chat('zu-anon', { channel: 'zalo', conversationId: 'zu-anon' });
    const { last: filed } = await reportOnZalo(zalo, '40 Hùng Vương');
    const code = filed!.meta.ticketCode!;
    await resolveOutsideTheWindow(code);

    const telegram = world.chat('tg-anon', { channel: 'telegram', conversationId: 'tg-anon', lang: 'en' });
    await reportOnTelegram(telegram, '0905 777 888').expectNoReplyText(/While you were away/);
    await telegram.send('hello').expectNoReplyText(/While you were away/);
    await zalo.send('xin chào').check((r) => expect(r.text.startsWith(`${AWAY_VI}\nPhản ánh ${code}`)).toBe(true));
  });

  it("two people with different numbers never see each other's updates", async () => {
    const lan = world.chat('zu-lan', { channel: 'zalo', conversationId: 'zu-lan' });
    const { last: filed } = await reportOnZalo(lan, '12 Lê Lợi', '0905 123 456');
    const code = filed!.meta.ticketCode!;
    await resolveOutsideTheWindow(code);

    const minh = world.chat('tg-minh', { channel: 'telegram', conversationId: 'tg-minh', lang: 'en' });
    await reportOnTelegram(minh, '0914 000 111').expectNoReplyText(/While you were away/).expectReply(/Code: HUE-2026-/);
    await minh.shareContact('84914000111').expectNoReplyText(/While you were away/);
    await minh.send('hello').expectNoReplyText(/While you were away/);
    await lan.send('xin chào').check((r) => expect(r.text).toContain(`${AWAY_VI}\nPhản ánh ${code}`));
  });

  it("a contact shared on Telegram links the person's own number; someone else's contact card links nothing", async () => {
    const zalo = world.chat('zu-lan', { channel: 'zalo', conversationId: 'zu-lan' });
    const { last: filed } = await reportOnZalo(zalo, '12 Lê Lợi', '0905 123 456');
    const code = filed!.meta.ticketCode!;
    await resolveOutsideTheWindow(code);
    // Someone forwards Lan's contact card: Telegram vouches for it being Lan's, not the sender's.
    const forwarded = telegramContact(1, 555, 4242);
    expect(forwarded.contact).toBeUndefined();
    expect((await world.assistant.handle(forwarded)).text).not.toMatch(/While you were away/);

    const own = telegramContact(2, 4242, 4242);
    expect(own.contact).toEqual({ phone: '84905123456' });
    const linked = await world.assistant.handle(own);
    expect(linked.text.startsWith(`${AWAY_EN}\nYour report ${code} has been resolved.`)).toBe(true);
    expect(linked.text).toContain('number ••••••3456 noted');
    expect((await world.assistant.handle({ ...own, contact: undefined, text: 'hello', messageId: '3' })).text).not.toMatch(/While you were away/);
    expect(world.logs.join('\n')).not.toMatch(/905123456/);
  });
});

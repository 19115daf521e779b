/**
 * Held ticket updates across channels, on the store: what every ticket store does with person
 * links (SQLite and PostgreSQL run the same suite).
 */
import { describe, expect, it } from 'vitest';
import type { QueuedMessage } from '../../bot/handoff/types.ts';
import type { PersonAddress } from '../../bot/notices/ports.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';
import { createPersonLinks, personKeyOf } from '../../adapters/stores/person-links.ts';
import { FakeClock, sampleTicket } from '../ticket-store.contract.ts';

const SECRET = Buffer.alloc(32, 7);
const DAY = 24 * 60 * 60 * 1000;

const onZalo: PersonAddress = { channel: 'zalo', userId: 'zu-lan' };
const onTelegram: PersonAddress = { channel: 'telegram', userId: 'tg-lan' };
const otherOnTelegram: PersonAddress = { channel: 'telegram', userId: 'tg-minh' };

const held = (to: PersonAddress, code: string, over: Partial<QueuedMessage> = {}): QueuedMessage => ({
  ...to,
  conversationId: `conv-${to.userId}`,
  lang: 'vi',
  kind: 'ticket',
  ticketCode: code,
  text: `Phản ánh ${code} đã được xử lý xong.`,
  update: { status: 'resolved', publicNote: 'Đã thay bóng đèn' },
  ...over,
});

export interface StorePair {
  /** Two stores on one database, as two replicas see it. */
  stores: [TicketStore, TicketStore];
  close(): Promise<void>;
}

export function describePersonLinksContract(name: string, open: (clock: FakeClock) => Promise<TicketStore>, openPair: (clock: FakeClock) => Promise<StorePair>): void {
  describe(`${name} person links`, () => {
    it('shows a ticket update held on one channel at the next message on a linked one, once, with what changed', async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const store = await open(clock);
      const people = createPersonLinks({ store: store.personLinks, secret: SECRET });
      await people.linkPhone(onZalo, '0905123456', { source: 'intake' }, clock.now());
      await people.linkPhone(onTelegram, '0905123456', { source: 'contact' }, clock.now());
      await store.messages.holdNew(held(onZalo, 'HUE-2026-AAAAAAA'), 'outside the window', clock.now());

      const shown = await store.messages.takeHeld('telegram', 'tg-lan', clock.now());
      expect(shown).toEqual([
        expect.objectContaining({ channel: 'zalo', userId: 'zu-lan', ticketCode: 'HUE-2026-AAAAAAA', update: { status: 'resolved', publicNote: 'Đã thay bóng đèn' } }),
      ]);
      // Shown once: neither on the channel it was held for, nor again on the linked one.
      expect(await store.messages.takeHeld('zalo', 'zu-lan', clock.now())).toEqual([]);
      expect(await store.messages.takeHeld('telegram', 'tg-lan', clock.now())).toEqual([]);
      await store.close();
    });

    it('keeps an update on its own conversation for a person who gave no number, and apart between different people', async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const store = await open(clock);
      const people = createPersonLinks({ store: store.personLinks, secret: SECRET });
      await people.linkPhone(onZalo, '0905123456', { source: 'intake' }, clock.now());
      await people.linkPhone(otherOnTelegram, '0914000111', { source: 'intake' }, clock.now());
      const unlinked: PersonAddress = { channel: 'zalo', userId: 'zu-nobody' };
      await store.messages.holdNew(held(onZalo, 'HUE-2026-BBBBBBB'), 'outside the window', clock.now());
      await store.messages.holdNew(held(unlinked, 'HUE-2026-CCCCCCC'), 'outside the window', clock.now());

      expect(await store.messages.takeHeld('telegram', 'tg-minh', clock.now())).toEqual([]);
      expect(await store.messages.takeHeld('telegram', 'tg-lan', clock.now())).toEqual([]);
      expect((await store.messages.takeHeld('zalo', 'zu-nobody', clock.now())).map((m) => m.ticketCode)).toEqual(['HUE-2026-CCCCCCC']);
      expect((await store.messages.takeHeld('zalo', 'zu-lan', clock.now())).map((m) => m.ticketCode)).toEqual(['HUE-2026-BBBBBBB']);
      await store.close();
    });

    it("does not carry a staff member's handoff message across channels", async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const store = await open(clock);
      const people = createPersonLinks({ store: store.personLinks, secret: SECRET });
      await people.linkPhone(onZalo, '0905123456', { source: 'intake' }, clock.now());
      await people.linkPhone(onTelegram, '0905123456', { source: 'contact' }, clock.now());
      await store.messages.holdNew(held(onZalo, 'HUE-2026-DDDDDDD'), 'outside the window', clock.now());
      await store.messages.holdNew({ ...onZalo, conversationId: 'conv-zu-lan', lang: 'vi', kind: 'handoff', text: 'Cán bộ: Chào bạn' }, 'outside the window', clock.now());

      expect((await store.messages.takeHeld('telegram', 'tg-lan', clock.now())).map((m) => m.kind)).toEqual(['ticket']);
      expect((await store.messages.takeHeld('zalo', 'zu-lan', clock.now())).map((m) => m.text)).toEqual(['Cán bộ: Chào bạn']);
      await store.close();
    });

    it('keeps only a keyed hash of the number, refreshed each time it is given', async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const store = await open(clock);
      const people = createPersonLinks({ store: store.personLinks, secret: SECRET });
      await people.linkPhone(onTelegram, '0905123456', { source: 'intake' }, clock.now());
      clock.advance(DAY);
      await people.linkPhone(onTelegram, '0905123456', { source: 'contact' }, clock.now());
      const links = await store.personLinks.linksOf(onTelegram);
      expect(links).toEqual([{ ...onTelegram, personKey: personKeyOf(SECRET, '0905123456'), source: 'contact', linkedAt: clock.now() }]);
      expect(links[0]!.personKey).not.toMatch(/905|123456/);
      // Another secret, another key: a copy of the table alone cannot be matched against numbers.
      expect(personKeyOf(Buffer.alloc(32, 8), '0905123456')).not.toBe(links[0]!.personKey);
      await store.close();
    });

    it('drops links past retention with the purge, and the link a report made when its personal data is erased', async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const store = await open(clock);
      const people = createPersonLinks({ store: store.personLinks, secret: SECRET });
      const ticket = await store.create(sampleTicket({ reporter: { ...onZalo, conversationId: 'conv-zu-lan' }, contactPhone: '0905123456', consent: { purpose: 'p', at: clock.now() } }));
      await people.linkPhone(onZalo, '0905123456', { source: 'intake', ticketId: ticket.id }, clock.now());
      const old: PersonAddress = { channel: 'telegram', userId: 'tg-old' };
      await people.linkPhone(old, '0905123456', { source: 'contact' }, clock.now());
      clock.advance(10 * DAY);
      await people.linkPhone(onTelegram, '0905123456', { source: 'contact' }, clock.now());

      await store.purgePersonalDataOlderThan(new Date(clock.now().getTime() - 5 * DAY));
      expect(await store.personLinks.linksOf(old)).toEqual([]);
      expect(await store.personLinks.linksOf(onTelegram)).toHaveLength(1);
      // The report's link is older too, so the purge took it with the ticket's phone.
      expect(await store.personLinks.linksOf(onZalo)).toEqual([]);

      const fresh = await store.create(sampleTicket({ reporter: { ...onZalo, conversationId: 'conv-zu-lan' }, contactPhone: '0905123456', consent: { purpose: 'p', at: clock.now() } }));
      await people.linkPhone(onZalo, '0905123456', { source: 'intake', ticketId: fresh.id }, clock.now());
      expect(await store.personLinks.linksOf(onZalo)).toHaveLength(1);
      await store.erasePersonalData(fresh.code);
      expect(await store.personLinks.linksOf(onZalo)).toEqual([]);
      expect(await store.personLinks.linksOf(onTelegram)).toHaveLength(1);
      await store.close();
    });

    it('two servers answering the same person on two linked channels at once show each update once', async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const { stores, close } = await openPair(clock);
      const people = createPersonLinks({ store: stores[0].personLinks, secret: SECRET });
      await people.linkPhone(onZalo, '0905123456', { source: 'intake' }, clock.now());
      await people.linkPhone(onTelegram, '0905123456', { source: 'contact' }, clock.now());
      for (let round = 0; round < 20; round++) {
        const code = `HUE-2026-R${String(round).padStart(6, '0')}`;
        await stores[round % 2]!.messages.holdNew(held(round % 2 ? onTelegram : onZalo, code), 'unreachable', clock.now());
        const [a, b, c] = await Promise.all([
          stores[0].messages.takeHeld('telegram', 'tg-lan', clock.now()),
          stores[1].messages.takeHeld('zalo', 'zu-lan', clock.now()),
          stores[1].messages.takeHeld('telegram', 'tg-lan', clock.now()),
        ]);
        expect([...a, ...b, ...c].map((m) => m.ticketCode)).toEqual([code]);
      }
      await close();
    });
  });
}

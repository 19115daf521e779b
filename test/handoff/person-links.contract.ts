/**
 * Held ticket updates across channels, on the store: what every ticket store does with person
 * links (SQLite and PostgreSQL run the same suite). A report links to the number it gave; a
 * conversation links only to a number its platform vouched is the sender's own.
 */
import { describe, expect, it } from 'vitest';
import type { QueuedMessage } from '../../bot/handoff/types.ts';
import type { PersonAddress } from '../../bot/notices/ports.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';
import type { Ticket } from '../../bot/tickets/types.ts';
import { createPersonLinks, personKeyOf } from '../../adapters/stores/person-links.ts';
import { FakeClock, sampleTicket } from '../ticket-store.contract.ts';

const SECRET = Buffer.alloc(32, 7);
const DAY = 24 * 60 * 60 * 1000;

const onZalo: PersonAddress = { channel: 'zalo', userId: 'zu-lan' };
const onTelegram: PersonAddress = { channel: 'telegram', userId: 'tg-lan' };
const otherOnTelegram: PersonAddress = { channel: 'telegram', userId: 'tg-minh' };
const attackerOnTelegram: PersonAddress = { channel: 'telegram', userId: 'tg-mallory' };
const LAN = '0905123456';
const MINH = '0914000111';

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
    /** A report filed from `from`, giving `phone` with consent (linked to it, as the intake does) or none. */
    async function report(store: TicketStore, clock: FakeClock, from: PersonAddress, phone?: string): Promise<Ticket> {
      const ticket = await store.create(
        sampleTicket({
          reporter: { ...from, conversationId: `conv-${from.userId}` },
          ...(phone ? { contactPhone: phone, consent: { purpose: 'p', at: clock.now() } } : {}),
        }),
      );
      if (phone) await createPersonLinks({ store: store.personLinks, secret: SECRET }).linkReport(ticket.id, phone);
      return ticket;
    }

    it('shows an update held for a report at the next message where the platform vouches for its number, once, with what changed', async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const store = await open(clock);
      const people = createPersonLinks({ store: store.personLinks, secret: SECRET });
      const filed = await report(store, clock, onZalo, LAN);
      await people.linkOwnPhone(onTelegram, LAN, clock.now());
      await store.messages.holdNew(held(onZalo, filed.code), 'outside the window', clock.now());

      const shown = await store.messages.takeHeld('telegram', 'tg-lan', clock.now());
      expect(shown).toEqual([
        expect.objectContaining({ channel: 'zalo', userId: 'zu-lan', ticketCode: filed.code, update: { status: 'resolved', publicNote: 'Đã thay bóng đèn' } }),
      ]);
      // Shown once: neither on the channel it was held for, nor again on the linked one.
      expect(await store.messages.takeHeld('zalo', 'zu-lan', clock.now())).toEqual([]);
      expect(await store.messages.takeHeld('telegram', 'tg-lan', clock.now())).toEqual([]);
      await store.close();
    });

    it("never shows a report's update where its number was only typed, however often that conversation writes", async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const store = await open(clock);
      const people = createPersonLinks({ store: store.personLinks, secret: SECRET });
      const lans = await report(store, clock, onZalo, LAN);
      // Someone else types Lan's number into a report of their own, with consent.
      await report(store, clock, attackerOnTelegram, LAN);
      await store.messages.holdNew(held(onZalo, lans.code), 'outside the window', clock.now());

      expect(await store.personLinks.linksOf(attackerOnTelegram)).toEqual([]);
      for (let i = 0; i < 5; i++) {
        expect(await store.messages.takeHeld('telegram', 'tg-mallory', clock.now())).toEqual([]);
        clock.advance(60_000);
      }
      // Lan's own Telegram, whose number Telegram vouched for, shows it.
      await people.linkOwnPhone(onTelegram, LAN, clock.now());
      expect((await store.messages.takeHeld('telegram', 'tg-lan', clock.now())).map((m) => m.ticketCode)).toEqual([lans.code]);
      expect(await store.messages.takeHeld('telegram', 'tg-mallory', clock.now())).toEqual([]);
      await store.close();
    });

    it('carries only the reports that gave the number, not every report of the conversation that gave it', async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const store = await open(clock);
      const people = createPersonLinks({ store: store.personLinks, secret: SECRET });
      // One Zalo account, two people: one report with Lan's number, one with none.
      const withNumber = await report(store, clock, onZalo, LAN);
      const without = await report(store, clock, onZalo);
      await people.linkOwnPhone(onTelegram, LAN, clock.now());
      await store.messages.holdNew(held(onZalo, withNumber.code), 'outside the window', clock.now());
      await store.messages.holdNew(held(onZalo, without.code), 'outside the window', clock.now());

      expect((await store.messages.takeHeld('telegram', 'tg-lan', clock.now())).map((m) => m.ticketCode)).toEqual([withNumber.code]);
      expect((await store.messages.takeHeld('zalo', 'zu-lan', clock.now())).map((m) => m.ticketCode)).toEqual([without.code]);
      await store.close();
    });

    it('keeps an update on its own conversation for a person who gave no number, and apart between different people', async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const store = await open(clock);
      const people = createPersonLinks({ store: store.personLinks, secret: SECRET });
      const lans = await report(store, clock, onZalo, LAN);
      await people.linkOwnPhone(otherOnTelegram, MINH, clock.now());
      const unlinked: PersonAddress = { channel: 'zalo', userId: 'zu-nobody' };
      const anonymous = await report(store, clock, unlinked);
      await store.messages.holdNew(held(onZalo, lans.code), 'outside the window', clock.now());
      await store.messages.holdNew(held(unlinked, anonymous.code), 'outside the window', clock.now());

      expect(await store.messages.takeHeld('telegram', 'tg-minh', clock.now())).toEqual([]);
      expect(await store.messages.takeHeld('telegram', 'tg-lan', clock.now())).toEqual([]);
      expect((await store.messages.takeHeld('zalo', 'zu-nobody', clock.now())).map((m) => m.ticketCode)).toEqual([anonymous.code]);
      expect((await store.messages.takeHeld('zalo', 'zu-lan', clock.now())).map((m) => m.ticketCode)).toEqual([lans.code]);
      await store.close();
    });

    it("does not carry a staff member's handoff message across channels", async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const store = await open(clock);
      const people = createPersonLinks({ store: store.personLinks, secret: SECRET });
      const filed = await report(store, clock, onZalo, LAN);
      await people.linkOwnPhone(onTelegram, LAN, clock.now());
      await store.messages.holdNew(held(onZalo, filed.code), 'outside the window', clock.now());
      await store.messages.holdNew({ ...onZalo, conversationId: 'conv-zu-lan', lang: 'vi', kind: 'handoff', ticketCode: filed.code, text: 'Cán bộ: Chào bạn' }, 'outside the window', clock.now());

      expect((await store.messages.takeHeld('telegram', 'tg-lan', clock.now())).map((m) => m.kind)).toEqual(['ticket']);
      expect((await store.messages.takeHeld('zalo', 'zu-lan', clock.now())).map((m) => m.text)).toEqual(['Cán bộ: Chào bạn']);
      await store.close();
    });

    it('keeps only a keyed hash of the number, refreshed each time it is given', async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const store = await open(clock);
      const people = createPersonLinks({ store: store.personLinks, secret: SECRET });
      await people.linkOwnPhone(onTelegram, LAN, clock.now());
      clock.advance(DAY);
      await people.linkOwnPhone(onTelegram, LAN, clock.now());
      const links = await store.personLinks.linksOf(onTelegram);
      expect(links).toEqual([{ ...onTelegram, personKey: personKeyOf(SECRET, LAN), source: 'contact', linkedAt: clock.now() }]);
      expect(links[0]!.personKey).not.toMatch(/905|123456/);
      // Another secret, another key: a copy of the table alone cannot be matched against numbers.
      expect(personKeyOf(Buffer.alloc(32, 8), LAN)).not.toBe(links[0]!.personKey);
      await store.close();
    });

    it("drops links past retention with the purge, and a report's links when its personal data is erased", async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const store = await open(clock);
      const people = createPersonLinks({ store: store.personLinks, secret: SECRET });
      const purged = await report(store, clock, onZalo, LAN);
      const old: PersonAddress = { channel: 'telegram', userId: 'tg-old' };
      await people.linkOwnPhone(old, LAN, clock.now());
      clock.advance(10 * DAY);
      await people.linkOwnPhone(onTelegram, LAN, clock.now());

      await store.purgePersonalDataOlderThan(new Date(clock.now().getTime() - 5 * DAY));
      expect(await store.personLinks.linksOf(old)).toEqual([]);
      expect(await store.personLinks.linksOf(onTelegram)).toHaveLength(1);
      // The report is older too: the purge took its number's key with its phone.
      await store.messages.holdNew(held(onZalo, purged.code), 'outside the window', clock.now());
      expect(await store.messages.takeHeld('telegram', 'tg-lan', clock.now())).toEqual([]);
      expect((await store.messages.takeHeld('zalo', 'zu-lan', clock.now())).map((m) => m.ticketCode)).toEqual([purged.code]);

      // A contact shared during a report's intake links the conversation too, until that report is erased.
      const fresh = await report(store, clock, onZalo, LAN);
      await people.linkOwnPhone(onZalo, LAN, clock.now(), fresh.id);
      expect(await store.personLinks.linksOf(onZalo)).toHaveLength(1);
      await store.erasePersonalData(fresh.code);
      expect(await store.personLinks.linksOf(onZalo)).toEqual([]);
      expect(await store.personLinks.linksOf(onTelegram)).toHaveLength(1);
      await store.messages.holdNew(held(onZalo, fresh.code), 'outside the window', clock.now());
      expect(await store.messages.takeHeld('telegram', 'tg-lan', clock.now())).toEqual([]);
      expect((await store.messages.takeHeld('zalo', 'zu-lan', clock.now())).map((m) => m.ticketCode)).toEqual([fresh.code]);
      await store.close();
    });

    it('two servers answering the same person on two linked channels at once show each update once', async () => {
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const { stores, close } = await openPair(clock);
      const people = createPersonLinks({ store: stores[0].personLinks, secret: SECRET });
      await people.linkOwnPhone(onTelegram, LAN, clock.now());
      for (let round = 0; round < 20; round++) {
        const from = round % 2 ? onTelegram : onZalo;
        const filed = await report(stores[round % 2]!, clock, from, LAN);
        await stores[round % 2]!.messages.holdNew(held(from, filed.code), 'unreachable', clock.now());
        const [a, b, c] = await Promise.all([
          stores[0].messages.takeHeld('telegram', 'tg-lan', clock.now()),
          stores[1].messages.takeHeld('zalo', 'zu-lan', clock.now()),
          stores[1].messages.takeHeld('telegram', 'tg-lan', clock.now()),
        ]);
        expect([...a, ...b, ...c].map((m) => m.ticketCode)).toEqual([filed.code]);
      }
      await close();
    });
  });
}

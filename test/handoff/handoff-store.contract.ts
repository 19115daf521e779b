/** What every handoff / message-queue / feedback store does; SQLite and PostgreSQL run the same suite. */
import { describe, expect, it } from 'vitest';
import { HandoffConflictError, HandoffNotFoundError } from '../../bot/handoff/errors.ts';
import type { QueuedMessage } from '../../bot/handoff/types.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';

const t0 = new Date('2026-06-01T02:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const notice = (text: string, over: Partial<QueuedMessage> = {}): QueuedMessage => ({
  channel: 'telegram',
  conversationId: 'c-1',
  userId: 'u-1',
  lang: 'vi',
  kind: 'handoff',
  text,
  ...over,
});
const request = (conversationId: string) => ({
  channel: 'telegram' as const,
  conversationId,
  userId: `user-${conversationId}`,
  lang: 'vi' as const,
  contact: 'citizens' as const,
  transcript: [
    { from: 'person' as const, text: 'đèn hỏng', at: at(-2) },
    { from: 'assistant' as const, text: 'Bạn muốn phản ánh?', at: at(-1) },
  ],
});

export function describeHandoffStoreContract(name: string, open: () => Promise<TicketStore>): void {
  describe(`${name} handoff store`, () => {
    it('opens one active handoff per conversation, with the transcript, and lists it', async () => {
      const store = await open();
      const a = await store.handoffs.open(request('c-open'), t0);
      const again = await store.handoffs.open(request('c-open'), at(1));
      expect(again.id).toBe(a.id);
      expect(a).toMatchObject({ status: 'waiting', channel: 'telegram', conversationId: 'c-open', contact: 'citizens' });
      expect(a.messages.map((m) => [m.from, m.text])).toEqual([
        ['person', 'đèn hỏng'],
        ['assistant', 'Bạn muốn phản ánh?'],
      ]);
      expect((await store.handoffs.list({})).map((h) => h.id)).toContain(a.id);
      expect(await store.handoffs.countWaiting()).toBeGreaterThanOrEqual(1);
      expect(await store.handoffs.get('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      expect(await store.handoffs.get('not-an-id')).toBeUndefined();
      await store.close();
    });

    it('claims, takes staff and person messages, queues each notice, releases', async () => {
      const store = await open();
      const h = await store.handoffs.open(request('c-flow'), t0);
      const claimed = await store.handoffs.claim(h.id, 'lan', at(1), notice('joined', { conversationId: 'c-flow' }));
      expect(claimed).toMatchObject({ status: 'claimed', claimedBy: 'lan' });
      // Claiming again as the holder queues nothing more; another staff member is refused.
      await store.handoffs.claim(h.id, 'lan', at(1), notice('joined twice', { conversationId: 'c-flow' }));
      await expect(store.handoffs.claim(h.id, 'minh', at(1))).rejects.toBeInstanceOf(HandoffConflictError);
      await expect(store.handoffs.addStaffMessage(h.id, 'minh', 'x', notice('x'), at(1))).rejects.toBeInstanceOf(HandoffConflictError);
      await store.handoffs.addStaffMessage(h.id, 'lan', 'Chào bạn', notice('Cán bộ: Chào bạn', { conversationId: 'c-flow' }), at(2));
      expect(await store.handoffs.addPersonMessage(h.id, 'cảm ơn', at(3))).toBe(true);
      const released = await store.handoffs.release(h.id, 'lan', notice('back to the assistant', { conversationId: 'c-flow' }), at(4));
      expect(released.status).toBe('released');
      expect(released.closedAt).toEqual(at(4));
      expect(released.messages.slice(2).map((m) => [m.from, m.text, m.by])).toEqual([
        ['staff', 'Chào bạn', 'lan'],
        ['person', 'cảm ơn', undefined],
      ]);
      expect(await store.handoffs.addPersonMessage(h.id, 'late', at(5))).toBe(false);
      await expect(store.handoffs.release(h.id, 'lan', notice('again'), at(5))).rejects.toBeInstanceOf(HandoffConflictError);
      await expect(store.handoffs.claim('00000000-0000-4000-8000-000000000000', 'lan', at(5))).rejects.toBeInstanceOf(HandoffNotFoundError);
      const queued = await store.messages.claimDue(at(10), 50, 60_000);
      expect(queued.filter((m) => m.conversationId === 'c-flow').map((m) => m.text)).toEqual(['joined', 'Cán bộ: Chào bạn', 'back to the assistant']);
      // A new handoff can open once the last one is closed.
      expect((await store.handoffs.open(request('c-flow'), at(6))).id).not.toBe(h.id);
      await store.close();
    });

    it('expires handoffs nobody picked up in time, queueing the contact message', async () => {
      const store = await open();
      const old = await store.handoffs.open(request('c-old'), t0);
      const fresh = await store.handoffs.open(request('c-fresh'), at(9));
      const expired = await store.handoffs.expireWaiting(at(5), (h) => notice(`call us (${h.contact})`, { conversationId: h.conversationId }), at(10));
      expect(expired.map((h) => h.id)).toEqual([old.id]);
      expect((await store.handoffs.get(old.id))!.status).toBe('expired');
      expect((await store.handoffs.get(fresh.id))!.status).toBe('waiting');
      const queued = await store.messages.claimDue(at(10), 50, 60_000);
      expect(queued.filter((m) => m.conversationId === 'c-old').map((m) => m.text)).toEqual(['call us (citizens)']);
      await store.close();
    });
  });

  describe(`${name} message queue`, () => {
    it('leases, retries, holds and shows held messages once', async () => {
      const store = await open();
      const id = await store.messages.enqueue(notice('one', { userId: 'q-1' }), t0);
      expect((await store.messages.claimDue(t0, 10, 60_000)).map((m) => m.id)).toContain(id);
      // Leased: not handed out again until the lease ends.
      expect((await store.messages.claimDue(t0, 10, 60_000)).map((m) => m.id)).not.toContain(id);
      await store.messages.markFailed(id, 'timeout', at(1));
      const again = (await store.messages.claimDue(at(1), 10, 60_000)).find((m) => m.id === id)!;
      expect(again.attempts).toBe(1);
      await store.messages.hold(id, 'blocked');
      await store.messages.holdNew(notice('two', { userId: 'q-1', kind: 'ticket', ticketCode: 'HUE-2026-000001' }), 'outside the window', at(2));
      expect(await store.messages.takeHeld('telegram', 'someone-else', at(3))).toEqual([]);
      const held = await store.messages.takeHeld('telegram', 'q-1', at(3));
      expect(held.map((m) => m.text)).toEqual(['one', 'two']);
      expect(held[1]).toMatchObject({ kind: 'ticket', ticketCode: 'HUE-2026-000001' });
      expect(await store.messages.takeHeld('telegram', 'q-1', at(4))).toEqual([]);
      await store.close();
    });
  });

  describe(`${name} answer feedback`, () => {
    it('records 👍 / 👎 with entry, language and channel; lists thumbs-down and tallies', async () => {
      const store = await open();
      await store.feedback.record({ entryId: 'tour.tickets', value: 'down', lang: 'en', channel: 'web', question: 'how much', at: t0 });
      await store.feedback.record({ entryId: 'tour.tickets', value: 'up', lang: 'vi', channel: 'zalo', at: at(1) });
      await store.feedback.record({ entryId: 'ps.service-center', value: 'up', lang: 'vi', channel: 'telegram', at: at(2) });
      const down = await store.feedback.listThumbsDown();
      expect(down).toHaveLength(1);
      expect(down[0]).toMatchObject({ entryId: 'tour.tickets', lang: 'en', channel: 'web', question: 'how much', at: t0 });
      expect(await store.feedback.tally()).toEqual([
        { entryId: 'tour.tickets', up: 1, down: 1 },
        { entryId: 'ps.service-center', up: 1, down: 0 },
      ]);
      expect(await store.feedback.listThumbsDown({ since: at(1) })).toEqual([]);
      await store.close();
    });
  });
}

/** The behaviour every TicketStore must have; run by the SQLite and PostgreSQL test files. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../bot/ports.ts';
import { IllegalTransitionError, InvalidTicketError, TicketNotFoundError } from '../bot/tickets/errors.ts';
import type { TicketStore } from '../bot/tickets/ports.ts';
import { hasValidCheck, newTicketCode, TICKET_CODE_PATTERN } from '../bot/tickets/ticket-code.ts';
import type { NewTicket } from '../bot/tickets/types.ts';

const NEW_CODE = /^HUE-\d{4}-[0-9A-HJKMNP-TV-Z]{7}$/;

export class FakeClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

const DAY = 24 * 60 * 60 * 1000;
const CITADEL = { lat: 16.4698, lng: 107.5786 };
/** Moves a point north by `m` metres (1° latitude ≈ 111.2 km). */
const north = (p: { lat: number; lng: number }, m: number) => ({ lat: p.lat + m / 111_195, lng: p.lng });

export function sampleTicket(overrides: Partial<NewTicket> = {}): NewTicket {
  return {
    category: 'street-lighting',
    unitName: 'UBND phường Phú Xuân',
    handlingDays: 7,
    description: 'Đèn đường trước số 12 Lê Lợi tắt cả tuần nay',
    location: CITADEL,
    address: '12 Lê Lợi, phường Phú Xuân',
    photos: ['photos/a.jpg'],
    reporter: { channel: 'telegram', conversationId: 'c-1', userId: 'u-1' },
    lang: 'vi',
    ...overrides,
  };
}

export type CodeDraw = (prefix: string, year: number) => string;

export function describeTicketStoreContract(name: string, makeStore: (clock: Clock, newCode?: CodeDraw) => Promise<TicketStore>): void {
  describe(`TicketStore contract: ${name}`, () => {
    let store: TicketStore | undefined;
    let clock: FakeClock;
    const open = async (at = '2026-03-02T03:00:00Z', newCode?: CodeDraw) => {
      clock = new FakeClock(new Date(at));
      store = await makeStore(clock, newCode);
      return store;
    };
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it('creates a ticket and reads it back by code and id', async () => {
      const s = await open();
      const t = await s.create(sampleTicket());
      expect(t.code).toMatch(NEW_CODE);
      expect(hasValidCheck(t.code)).toBe(true);
      expect(t.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(t).toMatchObject({ status: 'received', supporters: 0, ward: 'Phú Xuân', lang: 'vi', photos: ['photos/a.jpg'] });
      expect(t.expectedBy).toBe('2026-03-11'); // Monday + 7 working days
      expect(t.createdAt.toISOString()).toBe('2026-03-02T03:00:00.000Z');
      expect(t.history).toEqual([expect.objectContaining({ event: 'created', status: 'received' })]);
      expect(await s.getByCode(t.code)).toEqual(t);
      expect(await s.getByCode(t.code.toLowerCase())).toEqual(t);
      expect(await s.getById(t.id)).toEqual(t);
      expect(await s.getByCode('HUE-2026-999999')).toBeUndefined();
      expect(await s.getById('not-a-uuid')).toBeUndefined();
    });

    it('keeps a phone number only with consent', async () => {
      const s = await open();
      await expect(s.create(sampleTicket({ contactPhone: '0905123456' }))).rejects.toBeInstanceOf(InvalidTicketError);
      const consent = { purpose: 'call back about this report', at: clock.now() };
      const t = await s.create(sampleTicket({ contactPhone: '0905123456', consent }));
      expect(t.contactPhone).toBe('0905123456');
      expect(t.consent).toEqual(consent);
    });

    it('draws random codes with a check character, in the Huế year', async () => {
      const s = await open('2031-12-31T16:00:00Z');
      expect((await s.create(sampleTicket())).code).toMatch(/^HUE-2031-/);
      clock.set('2031-12-31T17:30:00Z'); // 00:30 on 1 January in Huế
      expect((await s.create(sampleTicket())).code).toMatch(/^HUE-2032-/);
      const codes = [];
      for (let i = 0; i < 20; i++) codes.push((await s.create(sampleTicket())).code);
      // Consecutive tickets do not give each other's codes away.
      const tails = codes.map((c) => c.slice(-7, -1));
      expect(new Set(tails).size).toBe(20);
      expect(codes.every((c) => TICKET_CODE_PATTERN.test(c) && hasValidCheck(c))).toBe(true);
    });

    it('draws again when a code is already taken', async () => {
      const taken = newTicketCode('HUE', 2026);
      const fresh = newTicketCode('HUE', 2026);
      const draws = [taken, taken, taken, fresh];
      const s = await open('2026-03-02T03:00:00Z', () => draws.shift() ?? newTicketCode('HUE', 2026));
      expect((await s.create(sampleTicket())).code).toBe(taken);
      const second = await s.create(sampleTicket({ description: 'another report' }));
      expect(second.code).toBe(fresh);
      expect((await s.getByCode(taken))?.description).toBe(sampleTicket().description);
      expect((await s.getByCode(fresh))?.description).toBe('another report');
    });

    it('gives 200 concurrent creations 200 unique codes and keeps every ticket', async () => {
      const s = await open();
      const tickets = await Promise.all(Array.from({ length: 200 }, (_, i) => s.create(sampleTicket({ description: `report ${i}` }))));
      const codes = new Set(tickets.map((t) => t.code));
      expect(codes.size).toBe(200);
      const stored = await s.list({ limit: 1000 });
      expect(new Set(stored.map((t) => t.description))).toEqual(new Set(Array.from({ length: 200 }, (_, i) => `report ${i}`)));
    });

    it('keeps the order of tickets filed in the same instant', async () => {
      const s = await open();
      const made = [];
      for (let i = 0; i < 5; i++) made.push((await s.create(sampleTicket({ description: `same instant ${i}` }))).code);
      expect((await s.list({})).map((t) => t.code)).toEqual([...made].reverse());
    });

    it('lists with filters, newest first, with limit and offset', async () => {
      const s = await open();
      const a = await s.create(sampleTicket({ category: 'noise', description: 'Karaoke until 2am', address: '5 Nguyễn Huệ, p. Thuận Hóa' }));
      clock.advance(DAY);
      const b = await s.create(sampleTicket({ category: 'street-lighting', unitName: 'Trung tâm Công viên cây xanh Huế', reporter: { channel: 'web', conversationId: 'w-1', userId: 'u-1' } }));
      clock.advance(DAY);
      const c = await s.create(sampleTicket({ category: 'noise', description: 'Construction at night', address: 'phuong vy da' }));
      await s.changeStatus(c.code, { status: 'in_progress', by: 'staff-1' });
      const codes = async (f: Parameters<TicketStore['list']>[0]) => (await s.list(f)).map((t) => t.code);
      expect(await codes({})).toEqual([c.code, b.code, a.code]);
      expect(await codes({ category: 'noise' })).toEqual([c.code, a.code]);
      expect(await codes({ status: 'in_progress' })).toEqual([c.code]);
      expect(await codes({ status: ['received'], category: ['noise', 'street-lighting'] })).toEqual([b.code, a.code]);
      expect(await codes({ unit: 'Trung tâm Công viên cây xanh Huế' })).toEqual([b.code]);
      expect(await codes({ ward: 'Thuận Hóa' })).toEqual([a.code]);
      expect(await codes({ ward: 'Vỹ Dạ' })).toEqual([c.code]);
      expect(await codes({ from: b.createdAt })).toEqual([c.code, b.code]);
      expect(await codes({ to: b.createdAt })).toEqual([a.code]);
      expect(await codes({ text: 'KARAOKE' })).toEqual([a.code]);
      expect(await codes({ text: '100%' })).toEqual([]);
      expect(await codes({ text: b.code })).toEqual([b.code]);
      expect(await codes({ limit: 1, offset: 1 })).toEqual([b.code]);
      expect(await codes({ channel: 'web' })).toEqual([b.code]);
      expect(await codes({ channel: ['telegram', 'zalo'] })).toEqual([c.code, a.code]);
      expect((await s.listByReporter('telegram', 'u-1')).map((t) => t.code)).toEqual([c.code, a.code]);
      expect(await s.listByReporter('zalo', 'u-1')).toEqual([]);
    });

    it('finds open tickets of the same category within the radius and time window', async () => {
      const s = await open();
      const old = await s.create(sampleTicket({ location: north(CITADEL, 10) }));
      clock.advance(8 * DAY);
      const near = await s.create(sampleTicket({ location: north(CITADEL, 30) }));
      const far = await s.create(sampleTicket({ location: north(CITADEL, 80) }));
      const other = await s.create(sampleTicket({ category: 'noise', location: CITADEL }));
      const closed = await s.create(sampleTicket({ location: north(CITADEL, 5) }));
      await s.changeStatus(closed.code, { status: 'resolved', by: 'staff-1' });
      const since = new Date(clock.now().getTime() - 7 * DAY);
      const found = await s.findOpenNearby({ category: 'street-lighting', point: CITADEL, radiusMeters: 50, since });
      expect(found.map((t) => t.code)).toEqual([near.code]);
      const wide = await s.findOpenNearby({ category: 'street-lighting', point: CITADEL, radiusMeters: 100, since: new Date(0) });
      expect(wide.map((t) => t.code)).toEqual([old.code, near.code, far.code]);
      expect(other.status).toBe('received');
    });

    it('finds open tickets at the same address regardless of case and accents', async () => {
      const s = await open();
      const t = await s.create(sampleTicket({ address: '12 Lê Lợi, Phú Xuân' }));
      await s.create(sampleTicket({ address: '14 Lê Lợi, Phú Xuân' }));
      const found = await s.findOpenByAddress('street-lighting', '12 le loi,  phu xuan', new Date(0));
      expect(found.map((x) => x.code)).toEqual([t.code]);
      expect(await s.findOpenByAddress('noise', '12 Lê Lợi, Phú Xuân', new Date(0))).toEqual([]);
    });

    it('adds a +1 with its details to the history', async () => {
      const s = await open();
      const t = await s.create(sampleTicket());
      clock.advance(60_000);
      const u = await s.addSupport(t.id, { description: 'Still dark tonight', photos: ['photos/b.jpg'] });
      expect(u.supporters).toBe(1);
      expect(u.photos).toEqual(['photos/a.jpg', 'photos/b.jpg']);
      expect(u.history.at(-1)).toMatchObject({ event: 'support', status: 'received', internalNote: 'Still dark tonight', by: 'citizen' });
      await expect(s.addSupport('00000000-0000-4000-8000-000000000000', {})).rejects.toBeInstanceOf(TicketNotFoundError);
    });

    it('allows only the documented status transitions', async () => {
      const s = await open();
      const t = await s.create(sampleTicket());
      const u = await s.changeStatus(t.code, { status: 'in_progress', publicNote: 'Team dispatched', internalNote: 'crew 3', by: 'staff-1' });
      expect(u.status).toBe('in_progress');
      expect(u.history.at(-1)).toMatchObject({ event: 'status', status: 'in_progress', publicNote: 'Team dispatched', internalNote: 'crew 3', by: 'staff-1' });
      await expect(s.changeStatus(t.code, { status: 'received', by: 'staff-1' })).rejects.toBeInstanceOf(IllegalTransitionError);
      await s.changeStatus(t.code, { status: 'resolved', by: 'staff-1' });
      await expect(s.changeStatus(t.code, { status: 'in_progress', by: 'staff-1' })).rejects.toBeInstanceOf(IllegalTransitionError);
      await expect(s.changeStatus(t.code, { status: 'rejected', by: 'staff-1' })).rejects.toBeInstanceOf(IllegalTransitionError);
      const r = await s.create(sampleTicket());
      expect((await s.changeStatus(r.code, { status: 'rejected', publicNote: 'Not in Huế', by: 'staff-1' })).status).toBe('rejected');
      const q = await s.create(sampleTicket());
      expect((await s.changeStatus(q.code, { status: 'resolved', by: 'staff-1' })).status).toBe('resolved');
      await expect(s.changeStatus('HUE-2026-999999', { status: 'resolved', by: 'x' })).rejects.toBeInstanceOf(TicketNotFoundError);
      await expect(s.changeStatus(q.code, { status: 'resolved', by: 'x' })).rejects.toBeInstanceOf(InvalidTicketError);
      const after = await s.getByCode(t.code);
      expect(after?.history.map((h) => h.status)).toEqual(['received', 'in_progress', 'resolved']);
    });

    it('queues one outbox item per public change, none for internal notes', async () => {
      const s = await open();
      const t = await s.create(sampleTicket({ lang: 'en', reporter: { channel: 'zalo', conversationId: 'zc', userId: 'zu' } }));
      await s.changeStatus(t.code, { status: 'received', internalNote: 'checking the pole map', by: 'staff-1' });
      expect(await s.outbox.claimDue(clock.now(), 10, 60_000)).toEqual([]);
      await s.changeStatus(t.code, { status: 'in_progress', publicNote: 'Crew on the way', by: 'staff-1' });
      await s.changeStatus(t.code, { status: 'in_progress', publicNote: 'Parts ordered', by: 'staff-1' });
      const items = await s.outbox.claimDue(clock.now(), 10, 60_000);
      expect(items).toHaveLength(2);
      expect(items[0]).toMatchObject({
        ticketId: t.id, ticketCode: t.code, channel: 'zalo', conversationId: 'zc', userId: 'zu', lang: 'en',
        status: 'in_progress', publicNote: 'Crew on the way', attempts: 0,
      });
      expect(items[1]?.publicNote).toBe('Parts ordered');
    });

    it('counts tickets per category and status and the updates still pending', async () => {
      const s = await open();
      expect(await s.counts()).toEqual({ byCategoryAndStatus: [], outboxPending: 0 });
      const a = await s.create(sampleTicket());
      await s.create(sampleTicket());
      await s.create(sampleTicket({ category: 'noise' }));
      await s.changeStatus(a.code, { status: 'in_progress', publicNote: 'Crew on the way', by: 'staff-1' });
      const counts = await s.counts();
      const category = sampleTicket().category;
      expect(counts.byCategoryAndStatus).toEqual(
        expect.arrayContaining([
          { category, status: 'received', count: 1 },
          { category, status: 'in_progress', count: 1 },
          { category: 'noise', status: 'received', count: 1 },
        ]),
      );
      expect(counts.byCategoryAndStatus).toHaveLength(3);
      expect(counts.outboxPending).toBe(1);
      const [item] = await s.outbox.claimDue(clock.now(), 10, 60_000);
      await s.outbox.markDelivered(item!.id);
      expect((await s.counts()).outboxPending).toBe(0);
    });

    it('leases claimed items and honours delivered, failed and undeliverable marks', async () => {
      const s = await open();
      const tickets = await Promise.all([1, 2, 3, 4].map(() => s.create(sampleTicket())));
      for (const t of tickets) await s.changeStatus(t.code, { status: 'in_progress', by: 'staff-1' });
      const now = clock.now();
      const [first, second] = await Promise.all([s.outbox.claimDue(now, 3, 60_000), s.outbox.claimDue(now, 3, 60_000)]);
      const ids = [...first!, ...second!].map((i) => i.id);
      expect(ids).toHaveLength(4);
      expect(new Set(ids).size).toBe(4);
      expect(await s.outbox.claimDue(new Date(now.getTime() + 59_000), 10, 60_000)).toEqual([]);
      const [a, b, c, d] = ids as [string, string, string, string];
      await s.outbox.markDelivered(a);
      await s.outbox.markFailed(b, 'timeout', new Date(now.getTime() + 120_000));
      await s.outbox.markUndeliverable(c, 'outside the 48 h window');
      const afterLease = await s.outbox.claimDue(new Date(now.getTime() + 61_000), 10, 600_000);
      expect(afterLease.map((i) => i.id)).toEqual([d]);
      const retry = await s.outbox.claimDue(new Date(now.getTime() + 121_000), 10, 60_000);
      expect(retry.map((i) => i.id)).toEqual([b]);
      expect(retry[0]?.attempts).toBe(1);
      expect(await s.outbox.claimDue(new Date(now.getTime() + 10 * DAY), 10, 60_000)).toHaveLength(2); // b and d, leases over
    });

    it('erases personal data on request and purges it after the retention period', async () => {
      const s = await open();
      const consent = { purpose: 'call back', at: clock.now() };
      const t = await s.create(sampleTicket({ contactPhone: '0905123456', consent }));
      await s.changeStatus(t.code, { status: 'in_progress', publicNote: 'On it', by: 'staff-1' });
      const e = await s.erasePersonalData(t.code);
      expect(e.contactPhone).toBeUndefined();
      expect(e.consent).toBeUndefined();
      expect(e.address).toBeUndefined();
      expect(e.photos).toEqual([]);
      expect(e.personalDataErasedAt).toBeInstanceOf(Date);
      expect(e.description).toBe(t.description);
      expect(e.history.map((h) => h.event)).toEqual(['created', 'status', 'erased']);
      expect(e.history[1]?.publicNote).toBe('On it');
      await expect(s.erasePersonalData('HUE-2026-999999')).rejects.toBeInstanceOf(TicketNotFoundError);

      const old = await s.create(sampleTicket({ contactPhone: '0905000000', consent }));
      clock.advance(400 * DAY);
      const fresh = await s.create(sampleTicket({ contactPhone: '0905111111', consent: { purpose: 'call back', at: clock.now() } }));
      const cutoff = new Date(clock.now().getTime() - 365 * DAY);
      expect(await s.purgePersonalDataOlderThan(cutoff)).toBe(1);
      expect((await s.getByCode(old.code))?.contactPhone).toBeUndefined();
      expect((await s.getByCode(fresh.code))?.contactPhone).toBe('0905111111');
      expect(await s.purgePersonalDataOlderThan(cutoff)).toBe(0);
    });

    it('records satisfaction once a ticket is closed', async () => {
      const s = await open();
      const t = await s.create(sampleTicket());
      await expect(s.recordSatisfaction(t.code, 'up')).rejects.toBeInstanceOf(InvalidTicketError);
      await s.changeStatus(t.code, { status: 'resolved', by: 'staff-1' });
      expect((await s.recordSatisfaction(t.code, 'down')).satisfaction).toBe('down');
      expect((await s.getByCode(t.code))?.satisfaction).toBe('down');
    });

    it('keeps conversation references per channel and conversation', async () => {
      const s = await open();
      expect(await s.conversationRefs.get('botframework', 'conv-1')).toBeUndefined();
      await s.conversationRefs.put('botframework', 'conv-1', { serviceUrl: 'https://smba.example', id: 'conv-1' });
      await s.conversationRefs.put('botframework', 'conv-1', { serviceUrl: 'https://smba2.example', id: 'conv-1' });
      await s.conversationRefs.put('zalo', 'conv-1', 'z');
      expect(await s.conversationRefs.get('botframework', 'conv-1')).toEqual({ serviceUrl: 'https://smba2.example', id: 'conv-1' });
      expect(await s.conversationRefs.get('zalo', 'conv-1')).toBe('z');
    });
  });
}

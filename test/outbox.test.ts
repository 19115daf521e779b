import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteTicketStore } from '../adapters/stores/sqlite-ticket-store.ts';
import { LANGS } from '../bot/language/langs.ts';
import type { Logger } from '../bot/ports.ts';
import { PermanentDeliveryError } from '../bot/tickets/errors.ts';
import { defaultNoticeText } from '../bot/tickets/notice-text.ts';
import { backoffDelay, createOutboxDispatcher } from '../bot/tickets/outbox-dispatcher.ts';
import type { Notifier, TicketNotice, TicketStore } from '../bot/tickets/ports.ts';
import { createPurgeRunner, purgePersonalData } from '../bot/tickets/purge-job.ts';
import { FakeClock, sampleTicket } from './ticket-store.contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'hue-outbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const logLines: string[] = [];
const logger: Logger = {
  info: (m, c) => logLines.push(`${m} ${JSON.stringify(c)}`),
  warn: (m, c) => logLines.push(`${m} ${JSON.stringify(c)}`),
  error: (m, c) => logLines.push(`${m} ${JSON.stringify(c)}`),
};

class RecordingNotifier implements Notifier {
  sent: TicketNotice[] = [];
  failWith: Error | undefined;
  async send(notice: TicketNotice): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push(notice);
  }
}

let n = 0;
let store: TicketStore;
let clock: FakeClock;
let zalo: RecordingNotifier;
beforeEach(() => {
  clock = new FakeClock(new Date('2026-04-01T02:00:00Z'));
  store = openSqliteTicketStore({ file: join(dir, `o${++n}.sqlite`), clock });
  zalo = new RecordingNotifier();
  logLines.length = 0;
});
afterEach(() => store.close());

const zaloTicket = (lang: 'vi' | 'en' | 'ko' = 'en') =>
  store.create(sampleTicket({ lang, reporter: { channel: 'zalo', conversationId: 'zc-1', userId: 'zu-1' } }));
const dispatcher = (extra: Partial<Parameters<typeof createOutboxDispatcher>[0]> = {}) =>
  createOutboxDispatcher({ store, notifiers: { zalo }, clock, logger, baseDelayMs: 1000, maxAttempts: 3, ...extra });

describe('outbox dispatcher', () => {
  it('sends each public change once, in the reporter language, with an idempotency key', async () => {
    const t = await zaloTicket('en');
    await store.changeStatus(t.code, { status: 'in_progress', publicNote: 'Crew on the way', internalNote: 'crew 3', by: 'staff-1' });
    const d = dispatcher();
    expect(await d.runOnce()).toEqual({ delivered: 1, retried: 0, undeliverable: 0, held: 0 });
    expect(await d.runOnce()).toEqual({ delivered: 0, retried: 0, undeliverable: 0, held: 0 });
    clock.advance(10 * 60_000);
    expect((await d.runOnce()).delivered).toBe(0);
    expect(zalo.sent).toHaveLength(1);
    const notice = zalo.sent[0]!;
    expect(notice).toMatchObject({ channel: 'zalo', conversationId: 'zc-1', userId: 'zu-1', ticketCode: t.code, quickReplies: [] });
    expect(notice.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(notice.text).toContain(t.code);
    expect(notice.text).toContain('being handled');
    expect(notice.text).toContain('Crew on the way');
    expect(notice.text).not.toContain('crew 3');
  });

  it('offers thumbs up/down when the ticket is resolved', async () => {
    const t = await zaloTicket('vi');
    await store.changeStatus(t.code, { status: 'resolved', by: 'staff-1' });
    await dispatcher().runOnce();
    expect(zalo.sent[0]?.quickReplies).toEqual([
      { label: '👍', payload: `rate:${t.code}:up` },
      { label: '👎', payload: `rate:${t.code}:down` },
    ]);
    expect(zalo.sent[0]?.text).toContain(`Phản ánh ${t.code} của bạn đã được xử lý xong.`);
  });

  it('retries a transient failure with exponential backoff, then holds it after max attempts', async () => {
    const t = await zaloTicket();
    await store.changeStatus(t.code, { status: 'in_progress', by: 'staff-1' });
    zalo.failWith = new Error('socket hang up calling 0905123456');
    const d = dispatcher();
    expect(await d.runOnce()).toEqual({ delivered: 0, retried: 1, undeliverable: 0, held: 0 });
    expect(logLines.join('\n')).not.toContain('0905123456');
    clock.advance(999);
    expect((await d.runOnce()).retried).toBe(0); // not due yet
    clock.advance(1);
    expect((await d.runOnce()).retried).toBe(1); // second failure: next in 2 s
    clock.advance(2000);
    // Third attempt = max: not dropped, kept for the person's next message.
    expect(await d.runOnce()).toEqual({ delivered: 0, retried: 0, undeliverable: 0, held: 1 });
    clock.advance(3_600_000);
    expect(await d.runOnce()).toEqual({ delivered: 0, retried: 0, undeliverable: 0, held: 0 });
    expect(backoffDelay(1, 1000, 5000)).toBe(1000);
    expect(backoffDelay(4, 1000, 5000)).toBe(5000);
  });

  it('delivers after a transient failure without sending twice', async () => {
    const t = await zaloTicket();
    await store.changeStatus(t.code, { status: 'in_progress', by: 'staff-1' });
    const d = dispatcher();
    zalo.failWith = new Error('502');
    await d.runOnce();
    zalo.failWith = undefined;
    clock.advance(1000);
    expect((await d.runOnce()).delivered).toBe(1);
    clock.advance(60_000);
    await d.runOnce();
    expect(zalo.sent).toHaveLength(1);
  });

  it('holds an update the channel can never push for the person\'s next message, without retrying', async () => {
    const t = await zaloTicket();
    await store.changeStatus(t.code, { status: 'rejected', publicNote: 'Outside the city', by: 'staff-1' });
    zalo.failWith = new PermanentDeliveryError('outside the 48 h window');
    const d = dispatcher();
    expect(await d.runOnce()).toEqual({ delivered: 0, retried: 0, undeliverable: 0, held: 1 });
    zalo.failWith = undefined;
    clock.advance(86_400_000);
    expect((await d.runOnce()).delivered).toBe(0);
    expect(zalo.sent).toHaveLength(0);
    const held = await store.messages.takeHeld('zalo', 'zu-1', clock.now());
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ kind: 'ticket', ticketCode: t.code, lang: 'en' });
    expect(held[0]!.text).toContain(t.code);
    expect(held[0]!.text).toContain('Outside the city');
    // Shown once.
    expect(await store.messages.takeHeld('zalo', 'zu-1', clock.now())).toHaveLength(0);
  });

  it('marks items for a channel without a notifier undeliverable', async () => {
    const t = await store.create(sampleTicket({ reporter: { channel: 'web', conversationId: 'w', userId: 'w' } }));
    await store.changeStatus(t.code, { status: 'in_progress', by: 'staff-1' });
    expect((await dispatcher().runOnce()).undeliverable).toBe(1);
  });

  it('two dispatchers running together send every item exactly once', async () => {
    for (let i = 0; i < 10; i++) {
      const t = await zaloTicket();
      await store.changeStatus(t.code, { status: 'in_progress', by: 'staff-1' });
    }
    const a = dispatcher({ batchSize: 4 });
    const b = dispatcher({ batchSize: 4 });
    for (let round = 0; round < 3; round++) await Promise.all([a.runOnce(), b.runOnce()]);
    const keys = zalo.sent.map((s) => s.idempotencyKey);
    expect(keys).toHaveLength(10);
    expect(new Set(keys).size).toBe(10);
  });

  it('start/stop polls until stopped', async () => {
    const t = await zaloTicket();
    await store.changeStatus(t.code, { status: 'in_progress', by: 'staff-1' });
    const d = dispatcher({ pollMs: 5 });
    d.start();
    await new Promise((r) => setTimeout(r, 60));
    await d.stop();
    expect(zalo.sent).toHaveLength(1);
  });
});

describe('notice text', () => {
  it('has wording for every language', async () => {
    const t = await zaloTicket();
    for (const lang of LANGS) {
      const text = defaultNoticeText(t, { status: 'resolved', publicNote: 'Đã thay bóng đèn' }, lang);
      expect(text).toContain(t.code);
      expect(text).toContain('Đã thay bóng đèn');
      expect(text.split('\n')).toHaveLength(3);
    }
  });
});

describe('personal data purge', () => {
  it('erases tickets older than the retention period, on demand and periodically', async () => {
    const consent = { purpose: 'call back', at: clock.now() };
    const old = await store.create(sampleTicket({ contactPhone: '0905123456', consent }));
    clock.advance(30 * 86_400_000);
    const recent = await store.create(sampleTicket({ contactPhone: '0905654321', consent }));
    expect(await purgePersonalData(store, clock, 60)).toBe(0);
    expect(await purgePersonalData(store, clock, 10)).toBe(1);
    expect((await store.getByCode(old.code))?.contactPhone).toBeUndefined();
    clock.advance(30 * 86_400_000);
    const runner = createPurgeRunner({ store, clock, logger, retentionDays: 10, intervalMs: 60_000 });
    runner.start();
    await runner.stop();
    expect((await store.getByCode(recent.code))?.contactPhone).toBeUndefined();
    expect(logLines.some((l) => l.includes('personal data purged'))).toBe(true);
  });
});

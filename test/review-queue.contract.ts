/** What every review-queue store must do, run against SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { ReviewGroupClosedError, ReviewGroupNotFoundError, type ReviewQueue } from '../bot/review/ports.ts';
import type { UnansweredQuestion } from '../bot/ports.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 10, minute));
const question = (text: string, extra: Partial<UnansweredQuestion> = {}): UnansweredQuestion => ({
  text,
  lang: 'vi',
  channel: 'web',
  reason: 'low-confidence',
  candidates: [],
  at: at(0),
  ...extra,
});

export function describeReviewQueueContract(name: string, open: () => Promise<ReviewQueue>): void {
  describe(`${name} review queue`, () => {
    it('groups the same question however it is typed, with counts, reasons, channels and candidates', async () => {
      const queue = await open();
      await queue.record(question('Vé vào Đại Nội bao nhiêu?', { candidates: [{ id: 'tour.tickets', score: 0.41, coverage: 0.5 }], at: at(1) }));
      await queue.record(question('dai noi ve vao bao nhieu', { channel: 'zalo', reason: 'out-of-scope', candidates: [{ id: 'tour.tickets', score: 0.52, coverage: 0.6 }, { id: 'tour.imperial-city', score: 0.3, coverage: 0.2 }], at: at(2) }));
      await queue.record(question('ve vao dai noi bn', { channel: 'zalo', reason: 'unresolved-clarification', at: at(3) }));
      await queue.record(question('how much is a ticket', { lang: 'en', at: at(4) }));
      const { groups, total } = await queue.list({ status: 'open', limit: 10, offset: 0 });
      expect(total).toBe(2);
      const [top, other] = groups;
      expect(top).toMatchObject({
        lang: 'vi',
        count: 3,
        status: 'open',
        sample: 've vao dai noi bn',
        reasons: { 'low-confidence': 1, 'out-of-scope': 1, 'unresolved-clarification': 1 },
        channels: { web: 1, zalo: 2 },
      });
      // Each entry considered appears once, with the best confidence it got.
      expect(top!.candidates).toEqual([
        { id: 'tour.tickets', score: 0.52, coverage: 0.6 },
        { id: 'tour.imperial-city', score: 0.3, coverage: 0.2 },
      ]);
      expect(top!.examples).toEqual(['ve vao dai noi bn', 'dai noi ve vao bao nhieu', 'Vé vào Đại Nội bao nhiêu?']);
      expect(top!.firstAt.toISOString()).toBe(at(1).toISOString());
      expect(top!.lastAt.toISOString()).toBe(at(3).toISOString());
      expect(other).toMatchObject({ lang: 'en', count: 1 });
      expect((await queue.list({ status: 'open', lang: 'en', limit: 10, offset: 0 })).groups.map((g) => g.id)).toEqual([other!.id]);
      await queue.close();
    });

    it('stores questions with phone numbers, ID numbers and e-mails masked', async () => {
      const queue = await open();
      await queue.record(question('visa cho vợ tôi, gọi 0905 123 456, cccd 079123456789, mail lan.nguyen@example.com'));
      const stored = JSON.stringify(await queue.list({ limit: 10, offset: 0 }));
      expect(stored).not.toMatch(/0905|123 456|079123456789|lan\.nguyen|example\.com/);
      expect(stored).toContain('[email]');
      expect(stored).toContain('[phone');
      expect(stored).toContain('[id-number]');
      await queue.close();
    });

    it('queues thumbs-down answers by question, or by entry when the question is not known', async () => {
      const queue = await open();
      await queue.recordThumbsDown({ entryId: 'tour.tickets', lang: 'en', channel: 'telegram', question: 'are tickets refundable', at: at(5) });
      await queue.recordThumbsDown({ entryId: 'tour.tickets', lang: 'en', channel: 'web', at: at(6) });
      await queue.recordThumbsDown({ entryId: 'tour.tickets', lang: 'en', channel: 'web', at: at(7) });
      const { groups } = await queue.list({ status: 'open', limit: 10, offset: 0 });
      expect(groups).toHaveLength(2);
      expect(groups[0]).toMatchObject({ count: 2, entryId: 'tour.tickets', reasons: { 'thumbs-down': 2 }, sample: '' });
      expect(groups[1]).toMatchObject({ count: 1, sample: 'are tickets refundable', candidates: [{ id: 'tour.tickets', score: 1 }] });
      await queue.close();
    });

    it('resolves a group once; a question seen again reopens only an added one', async () => {
      const queue = await open();
      await queue.record(question('giờ mở cửa lăng tự đức'));
      await queue.record(question('lăng tự đức có gì'));
      const { groups } = await queue.list({ status: 'open', limit: 10, offset: 0 });
      const [added, dismissed] = groups;
      const resolved = await queue.resolve(added!.id, { status: 'added', by: 'Lan', resolution: 'tour.tu-duc/vi' });
      expect(resolved).toMatchObject({ status: 'added', resolvedBy: 'Lan', resolution: 'tour.tu-duc/vi' });
      await expect(queue.resolve(added!.id, { status: 'dismissed', by: 'Lan' })).rejects.toBeInstanceOf(ReviewGroupClosedError);
      await expect(queue.resolve('00000000-0000-0000-0000-000000000000', { status: 'dismissed', by: 'Lan' })).rejects.toBeInstanceOf(ReviewGroupNotFoundError);
      await queue.resolve(dismissed!.id, { status: 'dismissed', by: 'Lan' });
      expect((await queue.list({ status: 'open', limit: 10, offset: 0 })).total).toBe(0);
      await queue.record(question(added!.sample));
      await queue.record(question(dismissed!.sample));
      const reopened = await queue.list({ status: 'open', limit: 10, offset: 0 });
      expect(reopened.groups.map((g) => g.id)).toEqual([added!.id]);
      expect(await queue.get(dismissed!.id)).toMatchObject({ status: 'dismissed', count: 2 });
      await queue.close();
    });

    it('adds up answer usage per entry and language', async () => {
      const queue = await open();
      await queue.addUsage([{ entryId: 'tour.tickets', lang: 'vi', answers: 2, at: at(1) }, { entryId: 'tour.tickets', lang: 'en', answers: 1, at: at(1) }]);
      await queue.addUsage([{ entryId: 'tour.tickets', lang: 'vi', answers: 3, at: at(9) }]);
      const usage = (await queue.usage()).sort((a, b) => a.lang.localeCompare(b.lang));
      expect(usage.map((u) => [u.entryId, u.lang, u.answers])).toEqual([['tour.tickets', 'en', 1], ['tour.tickets', 'vi', 5]]);
      expect(usage[1]!.lastAt.toISOString()).toBe(at(9).toISOString());
      await queue.close();
    });
  });
}

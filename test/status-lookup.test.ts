import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from './helpers/conversation-driver.ts';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => world.close());

const SPOT = { lat: 16.4637, lng: 107.5909 };

async function fileLightingReport(userId: string, point = SPOT): Promise<string> {
  const done = await world
    .chat(userId)
    .send('đèn đường trước số 12 Lê Lợi tắt cả tuần nay rồi')
    .press('intake:cat:street-lighting')
    .shareLocation(point)
    .press('intake:skip')
    .send('0905 123 456')
    .press('intake:yes')
    .press('intake:confirm');
  return done.last!.meta.ticketCode!;
}

describe('status in chat', () => {
  it('shows anyone with the code only category, status and dates; the reporter also sees the public note, redacted', async () => {
    const code = await fileLightingReport('owner');
    await world.store.changeStatus(code, { status: 'in_progress', publicNote: 'Đội điện đã kiểm tra, đã gọi 0905 123 456, đang thay bóng.', internalNote: 'gọi anh Nam', by: 'staff' });
    const typed = code.toLowerCase().replace(/-/g, ' ');
    await world
      .chat('someone-else', { lang: 'vi' })
      .send(`${typed} xử lý chưa`)
      .expectIntent('status', { ticketCode: code })
      .expectReply(/đang xử lý/)
      .expectReply(/Đèn chiếu sáng công cộng/)
      .expectNoReplyText(/Đội điện|0905|123 456|Lê Lợi|gọi anh Nam/);
    await world
      .chat('owner')
      .send(`${code} tới đâu rồi`)
      .expectIntent('status')
      .expectReply(code)
      .expectReply(/Đội điện đã kiểm tra/)
      .expectReply(/\[phone …56\]/)
      .expectNoReplyText(/0905|123 456|gọi anh Nam/);
  });

  it('masks people\'s names in the public notes, also for the reporter asking from another conversation', async () => {
    const code = await fileLightingReport('namer');
    await world.store.changeStatus(code, { status: 'in_progress', publicNote: 'Anh Bảo đội điện đã gặp bác Hùng tổ trưởng ở đường Trần Hưng Đạo.', by: 'staff' });
    await world
      .chat('namer', { conversationId: 'c-namer-later' })
      .send(`${code} tới đâu rồi`)
      .expectIntent('status')
      .expectReply('Anh [name] đội điện đã gặp bác [name] tổ trưởng ở đường Trần Hưng Đạo.')
      .expectNoReplyText(/Bảo|Hùng/);
  });

  it('still finds a ticket by a code of the earlier sequential form', async () => {
    await world.chat('u').send('HUE-2026-000999 tới đâu rồi').expectIntent('status', { ticketCode: 'HUE-2026-000999' });
  });

  it('says a code is unknown without revealing anything', async () => {
    await world.chat('u').send('HUE-2026-000999 tới đâu rồi').expectIntent('status').expectReply(/Không tìm thấy phản ánh có mã HUE-2026-000999/);
  });

  it('lists "my reports" for the same channel and user only', async () => {
    const code = await fileLightingReport('me');
    await world.chat('me').send('phản ánh của tôi').expectIntent('status').expectReply(code).expectButton(code);
    await world.chat('me', { conversationId: 'c-me-2', lang: 'en' }).send('show my reports').expectReply(code);
    await world.chat('other', { lang: 'en' }).press('status:mine').expectReply(/not sent any report/);
  });

  it('offers a duplicate within 50 m and records the +1', async () => {
    const code = await fileLightingReport('first');
    await world
      .chat('second', { lang: 'en' })
      .send('the street lamp near the post office is broken, the street is completely dark')
      .press('intake:cat:street-lighting')
      .shareLocation({ lat: SPOT.lat + 0.0002, lng: SPOT.lng })
      .press('intake:skip')
      .press('intake:skip')
      .press('intake:confirm')
      .expectReply(new RegExp(`already exists nearby: ${code}`))
      .expectButton('intake:dup:support')
      .press('intake:dup:support')
      .expectReply(/2 people have now reported/)
      .expectTicket({ code, supporters: 1 })
      .expectTicketCount(1);
  });

  it('files a new ticket when the person prefers', async () => {
    const first = await fileLightingReport('first');
    await world
      .chat('second')
      .send('bóng đèn đường ở đây bị hỏng, tối om')
      .press('intake:cat:street-lighting')
      .shareLocation(SPOT)
      .press('intake:skip')
      .press('intake:skip')
      .press('intake:confirm')
      .press('intake:dup:new')
      .expectReply(/HUE-2026-[0-9A-HJKMNP-TV-Z]{7}/)
      .expectNoReplyText(new RegExp(first))
      .expectTicketCount(2);
  });

  it('stores a rating from the resolved notice and thanks the reporter', async () => {
    const code = await fileLightingReport('rater');
    await world.store.changeStatus(code, { status: 'resolved', publicNote: 'Đã thay bóng mới.', by: 'staff' });
    await world.chat('rater').press(`rate:${code}:up`).expectReply(/Cảm ơn bạn đã đánh giá/).expectIntent('status', { ticketCode: code });
    expect((await world.store.getByCode(code))?.satisfaction).toBe('up');
    await world.chat('stranger').press(`rate:${code}:down`).expectReply(/chưa thể đánh giá/);
    expect((await world.store.getByCode(code))?.satisfaction).toBe('up');
  });
});

describe('routing', () => {
  it.each([
    ['en', 'how do I file a formal complaint?'],
    ['vi', 'khiếu nại ở đâu'],
    ['en', 'how does field feedback work in Hue-S'],
  ] as const)('keeps the knowledge question "%s: %s" out of intake', async (lang, text) => {
    await world
      .chat(`q-${text}`, { lang })
      .send(text)
      .check((r) => expect(r.meta.intent).not.toBe('complaint'))
      .expectTicketCount(0);
  });
});

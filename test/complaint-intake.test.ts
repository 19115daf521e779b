import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from './helpers/conversation-driver.ts';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => world.close());

const LE_LOI = { lat: 16.4637, lng: 107.5909 };

describe('complaint intake', () => {
  it('files a Vietnamese report with a shared location', async () => {
    await world
      .chat('vi-1')
      .send('đèn đường trước số 12 Lê Lợi tắt cả tuần nay rồi')
      .expectIntent('complaint', { category: 'street-lighting' })
      .expectReply(/Chiếu sáng|chiếu sáng|đèn/i)
      .expectButton('intake:cat:street-lighting')
      .expectButton('intake:cancel')
      // The report named the place: it is noted, not asked again, and can be changed.
      .expectReply(/trước số 12 Lê Lợi/)
      .expectButton('intake:edit:location')
      .press('intake:cat:street-lighting')
      .expectReply(/ảnh/)
      .press('intake:edit:location')
      .expectReply(/ở đâu/)
      .expectLocationRequest()
      .shareLocation(LE_LOI)
      .expectReply(/ảnh/)
      .sendPhoto('uploads/den-1.jpg')
      .expectReply(/Đã nhận ảnh/)
      .expectReply(/số điện thoại/)
      .press('intake:skip')
      .expectReply(/kiểm tra lại/)
      .expectReply(/Ảnh: 1/)
      .press('intake:confirm')
      .expectIntent('complaint', { category: 'street-lighting' })
      .expectReply(/HUE-2026-[0-9A-HJKMNP-TV-Z]{7}/)
      .expectReply(/Thường được xử lý trước ngày: .+ \(ước tính, /)
      .expectButton('status:mine')
      .expectTicket({
        category: 'street-lighting',
        description: 'đèn đường trước số 12 Lê Lợi tắt cả tuần nay rồi',
        location: LE_LOI,
        photos: ['uploads/den-1.jpg'],
        lang: 'vi',
        status: 'received',
        reporter: { channel: 'web', conversationId: 'c-vi-1', userId: 'vi-1' },
      })
      .check(async (r) => {
        const ticket = await world.store.getByCode(r.meta.ticketCode!);
        expect(ticket?.contactPhone).toBeUndefined();
        expect(ticket?.unitName).toMatch(/[ăâđêôơư]/); // the unit is filed under its Vietnamese name
        expect(ticket?.expectedBy).toMatch(/^2026-03-\d\d$/);
      });
  });

  it('files an English report with a typed address and a consented phone number', async () => {
    await world
      .chat('en-1', { lang: 'en' })
      .send('the taxi from the airport charged me 900k, way more than the meter')
      .expectIntent('complaint', { category: 'tourism-services' })
      .send('yes')
      .expectReply(/Where is it/)
      .send("I don't know exactly")
      .expectReply(/name something nearby/)
      .send('Taxi rank outside Phu Bai airport arrivals, ward Phu Xuan')
      .expectReply(/photo/)
      .send('skip')
      .expectReply(/phone number/)
      .send('12345')
      .expectReply(/does not look like a valid phone number \(e.g. 0905 123 456/)
      .send('+84 905 123 456')
      .expectReply(/I agree that the city uses this number only to contact me about this report/)
      .expectButton('intake:yes')
      .press('intake:yes')
      .expectReply(/Contact phone: ••••••3456/)
      // The button's own label, typed, sends the report.
      .send('send')
      .expectReply(/Code: HUE-2026-[0-9A-HJKMNP-TV-Z]{7}/)
      .expectTicket((t) => {
        expect(t.category).toBe('tourism-services');
        expect(t.address).toBe('Taxi rank outside Phu Bai airport arrivals, ward Phu Xuan');
        expect(t.ward).toBe('Phú Xuân');
        expect(t.contactPhone).toBe('0905123456');
        expect(t.consent?.purpose).toMatch(/this report/);
        expect(t.lang).toBe('en');
      });
    expect(world.logs.join('\n')).not.toMatch(/905\s?123\s?456|0905123456/);
  });

  it('takes a contact shared at the phone step as the number, still asking for consent; only a shared one links the conversation', async () => {
    let ticketId = '';
    await world
      .chat('tg-1', { channel: 'telegram', lang: 'en' })
      .send('there is a huge pothole on Le Loi street near the bridge')
      .press('intake:cat:roads-traffic')
      .press('intake:skip')
      .expectReply(/phone number/)
      .shareContact('84905123456')
      .expectReply(/I need your explicit consent/)
      .press('intake:yes')
      .expectReply(/Contact phone: ••••••3456/)
      .press('intake:confirm')
      .expectTicket((t) => {
        expect(t.contactPhone).toBe('0905123456');
        ticketId = t.id;
      });
    expect(await world.store.personLinks.linksOf({ channel: 'telegram', userId: 'tg-1' })).toEqual([
      expect.objectContaining({ source: 'contact', ticketId }),
    ]);

    // The same report with the number typed: the report is filed with it, the conversation links to nothing.
    await world
      .chat('tg-2', { channel: 'telegram', lang: 'en' })
      .send('there is a huge pothole on Le Loi street near the bridge')
      .press('intake:cat:roads-traffic')
      .press('intake:skip')
      .send('0905 123 456')
      .press('intake:yes')
      .press('intake:confirm')
      .expectTicket((t) => expect(t.contactPhone).toBe('0905123456'));
    expect(await world.store.personLinks.linksOf({ channel: 'telegram', userId: 'tg-2' })).toEqual([]);
  });

  it('keeps no phone number when consent is declined', async () => {
    await world
      .chat('en-2', { lang: 'en' })
      .send('there is a huge pothole on Le Loi street near the bridge')
      .press('intake:cat:roads-traffic')
      .press('intake:skip')
      .send('0905123456')
      .press('intake:no')
      .expectReply(/will not be kept/)
      .press('intake:confirm')
      .expectTicket((t) => {
        expect(t.contactPhone).toBeUndefined();
        expect(t.consent).toBeUndefined();
      });
  });

  it('cancels at any step in any language', async () => {
    await world
      .chat('ko-1', { lang: 'ko' })
      .send('인도에 노점이 가득해서 걸을 수가 없어요')
      .expectIntent('complaint', { category: 'urban-order' })
      .press('intake:cat:urban-order')
      .send('취소')
      .expectReply(/취소했습니다/)
      .send('안녕하세요')
      .expectIntent('greeting')
      .expectTicketCount(0);
    await world.chat('vi-2').send('rác chất đống đầu kiệt 5 ngày chưa ai dọn').send('huy').expectReply(/đã hủy/).expectTicketCount(0);
  });

  it('answers a question asked mid-intake, then resumes where it was', async () => {
    await world
      .chat('vi-3')
      .send('cống thoát nước trước nhà bị tắc, nước đen tràn lên đường')
      .press('intake:cat:drainage-flooding')
      .expectReply(/ở đâu/)
      .send('vé vào Đại Nội bao nhiêu tiền?')
      .expectIntent('answer')
      .expectReply(/Mình tiếp tục phản ánh nhé\. .*ở đâu/s)
      .expectLocationRequest()
      .send('kiệt 45 Nguyễn Trãi')
      .expectReply(/ảnh/)
      .press('intake:skip')
      .press('intake:skip')
      .press('intake:confirm')
      .expectTicket({ address: 'kiệt 45 Nguyễn Trãi', category: 'drainage-flooding' });
  });

  it('lets the person edit one answer from the summary', async () => {
    await world
      .chat('fr-1', { lang: 'fr' })
      .send('le lampadaire devant notre hôtel est cassé, la rue est toute noire')
      .press('intake:cat:street-lighting')
      .send('rue Chi Lang, près du pont Gia Hoi')
      .press('intake:skip')
      .press('intake:skip')
      .press('intake:edit')
      .expectButton('intake:edit:location')
      .press('intake:edit:location')
      .expectReply(/Où est-ce/)
      .send('12 rue Chi Lang')
      .expectReply(/Vérifiez votre signalement/)
      .expectReply(/Lieu : 12 rue Chi Lang/)
      .press('intake:confirm')
      .expectTicket({ address: '12 rue Chi Lang' });
  });

  it('asks for the description when the report button starts the intake', async () => {
    await world
      .chat('ja-1', { lang: 'ja' })
      .press('report')
      .expectIntent('complaint')
      .expectReply(/問題を一、二文で/)
      .send('公園の大きな木の枝が折れて道をふさいでいます')
      .expectReply(/いちばん近い項目/)
      .expectButton(/^intake:cat:/);
  });

  it('drops an intake left alone longer than the timeout', async () => {
    await world
      .chat('zh-1', { lang: 'zh' })
      .send('路边有一大堆垃圾好几天没人清运')
      .press('intake:cat:environment-waste')
      .expectReply(/在哪里/)
      .check(() => world.clock.advanceMinutes(31))
      .send('顺化皇城门票多少钱')
      .expectReply(/已被取消/)
      .expectIntent('answer')
      .press('intake:confirm')
      .expectReply(/已不在填写中/)
      .expectTicketCount(0);
  });
});

/**
 * The intake asks, in the person's language, whether the description and place may be published;
 * Open311's public listing shows them only with that consent, and redacted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestFromTicket } from '../../adapters/http/open311/requests.ts';
import { m } from '../../bot/complaints/messages/index.ts';
import { LANGS } from '../../bot/language/langs.ts';
import { createWorld, type World } from '../helpers/conversation-driver.ts';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => world.close());

const SPOT = { lat: 16.4637, lng: 107.5909 };
const REPORT = 'đèn đường trước số 12 Lê Lợi tắt cả tuần nay rồi, gọi tôi 0905 123 456';

async function file(user: string, confirm: string) {
  const done = await world
    .chat(user, { lang: 'vi' })
    .send(REPORT)
    .press('intake:cat:street-lighting')
    .shareLocation(SPOT)
    .press('intake:skip')
    .press('intake:skip')
    .expectReply(m('vi', 'summary.publish'))
    .expectButton('intake:confirm:public')
    .expectButton('intake:confirm')
    .press(confirm);
  return (await world.store.getByCode(done.last!.meta.ticketCode!))!;
}

describe('consent to the public listing', () => {
  it('has its question and button in every locale pack', () => {
    for (const lang of LANGS) {
      expect(m(lang, 'summary.publish'), lang).not.toMatch(/summary\.publish/);
      expect(m(lang, 'button.confirm-public'), lang).not.toMatch(/button\.confirm-public/);
    }
    expect(new Set(LANGS.map((l) => m(l, 'summary.publish'))).size).toBe(LANGS.length);
  });

  it('publishes description and place, redacted, when the person allowed it', async () => {
    const ticket = await file('publisher', 'intake:confirm:public');
    expect(ticket.publicConsentAt).toBeInstanceOf(Date);
    const listed = requestFromTicket(ticket, undefined);
    expect(listed.description).toContain('đèn đường trước số 12 Lê Lợi');
    expect(listed.description).toContain('[phone …56]');
    expect(JSON.stringify(listed)).not.toMatch(/0905|123 456/);
  });

  it('keeps description and place out of the listing after a plain "send"', async () => {
    const ticket = await file('private', 'intake:confirm');
    expect(ticket.publicConsentAt).toBeUndefined();
    const listed = requestFromTicket(ticket, undefined);
    expect(listed).toMatchObject({ description: null, address: null, service_request_id: ticket.code });
    expect(JSON.stringify(listed)).not.toMatch(/Lê Lợi|0905/);
  });
});

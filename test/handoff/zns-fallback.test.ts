/**
 * A ticket update outside Zalo's 48 h window: sent as a ZNS template message to the phone number the
 * reporter gave with consent (against a fake ZNS server on loopback), else held for their next message.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZaloChannel } from '../../adapters/zalo/channel.ts';
import { createMemoryTokenStore } from '../../adapters/zalo/tokens.ts';
import { createZnsClient, znsPhone } from '../../adapters/zalo/zns.ts';
import { createMemoryLastSeen } from '../../adapters/zalo/window.ts';
import { openSqliteTicketStore } from '../../adapters/stores/sqlite-ticket-store.ts';
import { silentLogger } from '../../adapters/logger.ts';
import { createOutboxDispatcher } from '../../bot/tickets/outbox-dispatcher.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';
import { listen, type RunningServer } from '../helpers/fake-server.ts';
import { FakeClock, sampleTicket } from '../ticket-store.contract.ts';

interface ZnsCall {
  token: string;
  body: { phone: string; template_id: string; template_data: Record<string, string>; tracking_id: string };
}

let fake: RunningServer;
const calls: ZnsCall[] = [];
let answer: Record<string, unknown> = { error: 0, message: 'Success', data: { msg_id: 'zns-1' } };

beforeAll(async () => {
  const app = express();
  app.post('/message/template', express.json(), (req, res) => {
    calls.push({ token: req.get('access_token') ?? '', body: req.body });
    res.json(answer);
  });
  fake = await listen(app);
});
afterAll(async () => fake.close());

describe('ZNS client', () => {
  it('posts the template with the number in international form and the OA token', async () => {
    const client = createZnsClient({ apiBase: fake.url, tokens: createMemoryTokenStore({ accessToken: 'oa-token' }) });
    expect(await client.send({ phone: '0905 123 456', templateId: '247001', data: { ticket_code: 'HUE-2026-000001', status: 'resolved' }, trackingId: 't-1' })).toBe('zns-1');
    expect(calls.at(-1)).toEqual({
      token: 'oa-token',
      body: { phone: '84905123456', template_id: '247001', template_data: { ticket_code: 'HUE-2026-000001', status: 'resolved' }, tracking_id: 't-1' },
    });
    expect(znsPhone('+84 905 123 456')).toBe('84905123456');
    answer = { error: -124, message: 'Template is not approved' };
    await expect(client.send({ phone: '0905123456', templateId: '1', data: {}, trackingId: 't-2' })).rejects.toThrow(/ZNS send failed/);
    answer = { error: 0, message: 'Success', data: { msg_id: 'zns-1' } };
  });
});

describe('ticket updates outside the Zalo window', () => {
  let store: TicketStore;
  const clock = new FakeClock(new Date('2026-06-01T01:00:00Z'));
  beforeAll(() => {
    store = openSqliteTicketStore({ file: ':memory:', clock });
  });
  afterAll(async () => store.close());

  const dispatcher = () => {
    const zalo = createZaloChannel({
      assistant: { handle: async () => ({ text: '', quickReplies: [], meta: { intent: 'greeting', lang: 'vi', confidence: 1, sources: [] } }) },
      rateLimitPerMinute: 30,
      appId: 'app',
      oaSecretKey: 'secret',
      accessToken: 'oa-token',
      apiBase: fake.url,
      dataDir: mkdtempSync(join(tmpdir(), 'zns-')),
      // Nobody wrote to the OA recently: every customer-service message is outside the window.
      lastSeen: createMemoryLastSeen(),
      znsTemplateId: '247001',
      znsApiBase: fake.url,
    });
    return createOutboxDispatcher({ store, notifiers: { zalo: zalo.notifier }, fallbacks: { zalo: zalo.fallback! }, clock, logger: silentLogger });
  };

  it('goes out as a ZNS template to a consented phone number', async () => {
    const ticket = await store.create(
      sampleTicket({ reporter: { channel: 'zalo', conversationId: 'z-1', userId: 'zu-1' }, contactPhone: '0905123456', consent: { purpose: 'contact about this report', at: clock.now() } }),
    );
    await store.changeStatus(ticket.code, { status: 'resolved', by: 'staff' });
    const before = calls.length;
    expect(await dispatcher().runOnce()).toMatchObject({ delivered: 1, held: 0 });
    expect(calls.slice(before).map((c) => c.body)).toEqual([
      { phone: '84905123456', template_id: '247001', template_data: { ticket_code: ticket.code, status: 'resolved' }, tracking_id: expect.any(String) },
    ]);
    expect(await store.messages.takeHeld('zalo', 'zu-1', clock.now())).toEqual([]);
  });

  it('waits for the next message when there is no consented number', async () => {
    const ticket = await store.create(sampleTicket({ reporter: { channel: 'zalo', conversationId: 'z-2', userId: 'zu-2' } }));
    await store.changeStatus(ticket.code, { status: 'in_progress', publicNote: 'Đội đã nhận việc', by: 'staff' });
    const before = calls.length;
    expect(await dispatcher().runOnce()).toMatchObject({ delivered: 0, held: 1 });
    expect(calls.length).toBe(before);
    const held = await store.messages.takeHeld('zalo', 'zu-2', clock.now());
    expect(held.map((h) => h.ticketCode)).toEqual([ticket.code]);
    expect(held[0]!.text).toContain('Đội đã nhận việc');
  });
});

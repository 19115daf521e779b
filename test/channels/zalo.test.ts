import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatChannel } from '../../adapters/channels/contract.ts';
import { ZALO_WEBHOOK_PATH, createZaloChannel } from '../../adapters/zalo/channel.ts';
import { quoteBigIntegers } from '../../adapters/zalo/safe-json.ts';
import { createMemoryLastSeen, type LastSeenStore } from '../../adapters/zalo/window.ts';
import { createFakeAssistant, eventually, pause, type FakeAssistant } from '../helpers/fake-assistant.ts';
import { listen, type RunningServer } from '../helpers/fake-server.ts';
import { startFakeZalo, type FakeZalo } from '../helpers/fake-zalo.ts';
import { post, runAdapterContract, type ContractRequest } from './adapter-contract.ts';

const APP_ID = '1234567890123456789';
const OA_SECRET = 'oa-secret-key-for-tests';
const APP_SECRET = 'app-secret-for-tests';
// 64-bit ids beyond Number.MAX_SAFE_INTEGER: a trip through Number would change them.
const USER_ID = '8434907239417465112';
const OA_ID = '2911712340056789012';

interface Rig {
  zalo: FakeZalo;
  app: RunningServer;
  channel: ChatChannel;
  assistant: FakeAssistant;
  lastSeen: LastSeenStore;
  clock: { now: Date };
  close(): Promise<void>;
}

async function startRig(): Promise<Rig> {
  const zalo = await startFakeZalo({ accessToken: 'access-1', refreshToken: 'refresh-1', appSecret: APP_SECRET });
  const dataDir = await mkdtemp(join(tmpdir(), 'zalo-'));
  const assistant = createFakeAssistant();
  const lastSeen = createMemoryLastSeen();
  // The events below are stamped 2024-06-01T08:00:00.xxxZ; the channel refuses stale ones.
  const clock = { now: new Date('2024-06-01T08:00:00Z') };
  const channel = createZaloChannel({
    appId: APP_ID, oaSecretKey: OA_SECRET, accessToken: 'access-1', refreshToken: 'refresh-1', appSecret: APP_SECRET,
    apiBase: zalo.url, oauthBase: zalo.url, assistant, dataDir, rateLimitPerMinute: 30, defaultLang: 'vi', lastSeen,
    now: () => clock.now,
  });
  const server = express();
  server.use(channel.router!);
  const app = await listen(server);
  return {
    zalo, app, channel, assistant, lastSeen, clock,
    async close() {
      await app.close();
      await zalo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Builds the raw body by hand so the big ids appear as bare integers, as a careless sender might. */
function signed(raw: string, timestamp: string): ContractRequest {
  const mac = createHash('sha256').update(APP_ID + raw + timestamp + OA_SECRET).digest('hex');
  return { path: ZALO_WEBHOOK_PATH, headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` }, body: raw };
}

function event(name: string, message: Record<string, unknown>, timestamp = '1717228800123'): ContractRequest {
  const raw = JSON.stringify({
    app_id: APP_ID, user_id_by_app: '5551112223334445556', event_name: name, timestamp,
    sender: { id: USER_ID }, recipient: { id: OA_ID }, message, unknown_field: { nested: true },
  });
  return signed(raw, timestamp);
}

runAdapterContract('zalo', async () => {
  const rig = await startRig();
  return {
    baseUrl: rig.app.url,
    assistant: rig.assistant,
    delivered: () => rig.zalo.sent.map((s) => ({ conversationId: s.userId, text: s.text })),
    textRequest: (text, id) => event('user_send_text', { msg_id: `msg-${id}`, text }),
    forge: (request) => ({ ...request, headers: { ...request.headers, 'x-zevent-signature': 'mac=' + '0'.repeat(64) } }),
    malformed: () => ({ ...signed('{"app_id": "1", "event_name": ', '1'), body: '{"app_id": "1", "event_name": ' }),
    expected: { channel: 'zalo', conversationId: USER_ID, userId: USER_ID },
    notifier: rig.channel.notifier,
    close: rig.close,
  };
});

describe('zalo specifics', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  it('rejects a missing signature with 401', async () => {
    const request = event('user_send_text', { msg_id: 'a', text: 'hi' });
    const response = await post(rig.app.url, { ...request, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(401);
  });

  it('refuses a validly signed event that is old or from the future, as a replay', async () => {
    for (const timestamp of ['978307200000', String(rig.clock.now.getTime() - 6 * 60_000), String(rig.clock.now.getTime() + 6 * 60_000), 'soon']) {
      const response = await post(rig.app.url, event('user_send_text', { msg_id: `old-${timestamp}`, text: 'hi' }, timestamp));
      expect(response.status, timestamp).toBe(401);
      expect(await response.json()).toEqual({ error: 'stale_event', reason: 'the event is too old or too far in the future', field: 'timestamp' });
    }
    const recent = await post(rig.app.url, event('user_send_text', { msg_id: 'recent', text: 'hi' }, String(rig.clock.now.getTime() - 4 * 60_000)));
    expect(recent.status).toBe(200);
    await eventually(() => rig.assistant.calls.length === 1);
  });

  it('rejects a body changed after signing', async () => {
    const request = event('user_send_text', { msg_id: 'b', text: 'hi' });
    const response = await post(rig.app.url, { ...request, body: String(request.body).replace('hi', 'ho') });
    expect(response.status).toBe(401);
    await pause(100);
    expect(rig.assistant.calls).toHaveLength(0);
  });

  it('keeps 64-bit ids exact even when they arrive as bare numbers', async () => {
    const timestamp = '1717228800999';
    const raw = `{"app_id":"${APP_ID}","event_name":"user_send_text","timestamp":"${timestamp}","sender":{"id":${USER_ID}},"recipient":{"id":${OA_ID}},"message":{"msg_id":"c","text":"xin chào"}}`;
    expect((await post(rig.app.url, signed(raw, timestamp))).status).toBe(200);
    await eventually(() => rig.zalo.sent.length === 1);
    expect(rig.assistant.calls[0]).toMatchObject({ userId: USER_ID, conversationId: USER_ID });
    expect(rig.zalo.sent[0]!.userId).toBe(USER_ID);
    expect(quoteBigIntegers('{"a":"x 12345678901234567","b":-12345678901234567,"c":1.5}')).toBe('{"a":"x 12345678901234567","b":"-12345678901234567","c":1.5}');
  });

  it('refreshes an expired token once and retries the send', async () => {
    rig.zalo.validAccessToken = 'access-expired-elsewhere';
    rig.zalo.validRefreshToken = 'refresh-1';
    // Only a refresh can produce an accepted token again.
    await post(rig.app.url, event('user_send_text', { msg_id: 'd', text: 'hello' }));
    await eventually(() => rig.zalo.sent.length === 1);
    expect(rig.zalo.refreshes).toEqual([{ refreshToken: 'refresh-1', appId: APP_ID, secretKey: APP_SECRET }]);
    expect(rig.zalo.sent[0]!.accessToken).toBe('access-2');
    expect(rig.zalo.attempts).toBe(2);
    // The rotated pair is used from now on.
    await post(rig.app.url, event('user_send_text', { msg_id: 'e', text: 'again' }));
    await eventually(() => rig.zalo.sent.length === 2);
    expect(rig.zalo.refreshes).toHaveLength(1);
  });

  it('reads a shared location and an image', async () => {
    await post(rig.app.url, event('user_send_location', { msg_id: 'f', attachments: [{ type: 'location', payload: { coordinates: { latitude: '16.4637', longitude: '107.5909' } } }] }));
    await post(rig.app.url, event('user_send_image', { msg_id: 'g', text: 'ổ gà', attachments: [{ type: 'image', payload: { thumbnail: 'x', url: 'https://photo-stal.zadn.vn/abc.jpg' } }] }, '1717228800200'));
    await eventually(() => rig.assistant.calls.length === 2);
    expect(rig.assistant.calls[0]).toMatchObject({ location: { lat: 16.4637, lng: 107.5909 } });
    expect(rig.assistant.calls[1]).toMatchObject({ text: 'ổ gà', attachments: [{ kind: 'image', ref: 'https://photo-stal.zadn.vn/abc.jpg' }] });
  });

  it('shows quick replies as a numbered list and reads a number back as the payload', async () => {
    await post(rig.app.url, event('user_send_text', { msg_id: 'h', text: 'menu' }));
    await eventually(() => rig.zalo.sent.length === 1);
    expect(rig.zalo.sent[0]!.text).toContain('1. Opening hours\n2. Report a problem');
    await post(rig.app.url, event('user_send_text', { msg_id: 'i', text: '2' }, '1717228800300'));
    await eventually(() => rig.assistant.calls.length === 2);
    expect(rig.assistant.calls[1]).toMatchObject({ text: '2', postback: 'intent:complaint' });
  });

  it('greets a new follower without calling the core', async () => {
    const timestamp = '1717228800400';
    const raw = JSON.stringify({ app_id: APP_ID, oa_id: OA_ID, event_name: 'follow', timestamp, source: 'testing', follower: { id: USER_ID } });
    expect((await post(rig.app.url, signed(raw, timestamp))).status).toBe(200);
    await eventually(() => rig.zalo.sent.length === 1);
    expect(rig.zalo.sent[0]).toMatchObject({ userId: USER_ID });
    expect(rig.zalo.sent[0]!.text).toContain('Xin chào');
    expect(rig.assistant.calls).toHaveLength(0);
  });

  it('passes on the number a user shared from their Zalo account as their own contact, and ignores a share without one', async () => {
    const share = (timestamp: string, info: Record<string, unknown>) =>
      signed(JSON.stringify({ app_id: APP_ID, user_id_by_app: '5551112223334445556', event_name: 'user_submit_info', timestamp, sender: { id: USER_ID }, recipient: { id: OA_ID }, info }), timestamp);
    expect((await post(rig.app.url, share('1717228800500', { name: 'Lan', address: '' }))).status).toBe(200);
    expect((await post(rig.app.url, share('1717228800600', { name: 'Lan', phone: '84905123456', city: 'Huế' }))).status).toBe(200);
    await eventually(() => rig.assistant.calls.length === 1);
    expect(rig.assistant.calls[0]).toMatchObject({ channel: 'zalo', conversationId: USER_ID, userId: USER_ID, contact: { phone: '84905123456' } });
    expect(rig.assistant.calls[0]!.text).toBeUndefined();
    // Sharing is an interaction: it opens the customer-service window.
    expect(await rig.lastSeen.lastSeen(USER_ID)).toEqual(rig.clock.now);
  });

  it('refuses a ticket update outside the 48 h window with PermanentDeliveryError', async () => {
    const notice = { channel: 'zalo' as const, conversationId: USER_ID, userId: USER_ID, text: 'HUE-1 resolved', quickReplies: [] };
    await expect(rig.channel.notifier.send(notice)).rejects.toMatchObject({ name: 'PermanentDeliveryError' });
    await rig.lastSeen.touch(USER_ID, new Date(rig.clock.now.getTime() - 47 * 3600_000));
    await rig.channel.notifier.send(notice);
    expect(rig.zalo.sent.at(-1)).toMatchObject({ userId: USER_ID, text: 'HUE-1 resolved' });
    rig.clock.now = new Date(rig.clock.now.getTime() + 2 * 3600_000);
    await expect(rig.channel.notifier.send(notice)).rejects.toMatchObject({ name: 'PermanentDeliveryError' });
  });
});

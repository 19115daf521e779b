/**
 * The real app with all three chat channels, each pointed at a fake platform: a citizen files a
 * complaint on Telegram, Bot Framework and Zalo, staff move each ticket to in_progress, and the
 * update reaches the right conversation on the right platform exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelText } from '../../adapters/channels/messages.ts';
import { loadConfig } from '../../adapters/config.ts';
import { silentLogger } from '../../adapters/logger.ts';
import { m } from '../../bot/complaints/messages/index.ts';
import { loadKnowledge } from '../../knowledge/src/loader.ts';
import { startApp, type RunningApp } from '../../main.ts';
import {
  botFrameworkDriver,
  fileComplaintOver,
  telegramDriver,
  waitFor,
  zaloDriver,
  zaloMac,
  TICKET_CODE,
  ZALO_SIGNATURE_HEADER,
  type ChannelDriver,
  type IntakeLabels,
  type TelegramDriver,
  type ZaloDriver,
} from '../helpers/channel-drivers.ts';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.ts';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.ts';
import { startFakeZalo, type FakeZalo } from '../helpers/fake-zalo.ts';

const STAFF = 'staff-token-for-channel-tests';
const TELEGRAM_TOKEN = '123456789:AAH-e2e_token_abcdefghijklmnopqrstuv';
const TELEGRAM_SECRET = 'hue_e2e-webhook_secret';
const ZALO_APP_ID = '1234567890123456789';
const ZALO_OA_ID = '2911712340056789012';
const ZALO_SECRET = 'oa-secret-key-for-e2e';
const ZALO_ACCESS = 'zalo-access-1';

const REPORT = 'đèn đường trước số 12 Lê Lợi tắt cả tuần nay rồi';
const CATEGORY = 'street-lighting';

function intakeLabels(): IntakeLabels {
  const category = loadKnowledge('knowledge').categories.find((c) => c.id === CATEGORY);
  if (!category?.name.vi) throw new Error(`category ${CATEGORY} not in the knowledge base`);
  return {
    category: category.name.vi,
    skip: m('vi', 'button.skip'),
    confirm: m('vi', 'button.confirm'),
    fileNew: m('vi', 'button.new'),
    no: m('vi', 'button.no'),
  };
}

async function changeStatus(appUrl: string, code: string, publicNote: string, internalNote: string): Promise<void> {
  const res = await fetch(`${appUrl}/staff/api/tickets/${code}/status`, {
    method: 'POST',
    headers: { authorization: `Bearer ${STAFF}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'in_progress', publicNote, internalNote }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ticket status changes reach the citizen on Telegram, Bot Framework and Zalo', () => {
  let app: RunningApp;
  let telegram: FakeTelegram;
  let connector: FakeConnector;
  let zalo: FakeZalo;
  let tg: TelegramDriver;
  let bf: ChannelDriver;
  let za: ZaloDriver;
  const dirs: string[] = [];
  const codes = new Map<string, string>();

  beforeAll(async () => {
    [telegram, connector, zalo] = await Promise.all([
      startFakeTelegram(),
      startFakeConnector(),
      startFakeZalo({ accessToken: ZALO_ACCESS, refreshToken: 'zalo-refresh-1', appSecret: 'zalo-app-secret' }),
    ]);
    const dataDir = mkdtempSync(join(tmpdir(), 'hue-e2e-channels-'));
    const modelDir = mkdtempSync(join(tmpdir(), 'no-model-'));
    dirs.push(dataDir, modelDir);
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      KNOWLEDGE_WATCH: 'false',
      MODEL_DIR: modelDir,
      STAFF_TOKENS: STAFF,
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      TELEGRAM_API_ROOT: telegram.url,
      BOTFRAMEWORK_ALLOW_UNAUTHENTICATED: 'true',
      ZALO_APP_ID,
      ZALO_OA_SECRET_KEY: ZALO_SECRET,
      ZALO_ACCESS_TOKEN: ZALO_ACCESS,
      ZALO_API_BASE: zalo.url,
      ZALO_OAUTH_BASE: zalo.url,
    });
    app = await startApp(config, silentLogger);
    tg = telegramDriver({ appUrl: app.url, api: telegram, secret: TELEGRAM_SECRET, chatId: 5_550_001, languageCode: 'vi' });
    bf = botFrameworkDriver({
      appUrl: app.url,
      connector,
      conversationId: 'emulator-conv-7f3a',
      userId: 'bf-user-1',
      locale: 'vi-VN',
      locationPrompt: m('vi', 'location.ask'),
    });
    za = zaloDriver({
      appUrl: app.url,
      zalo,
      appId: ZALO_APP_ID,
      oaSecretKey: ZALO_SECRET,
      oaId: ZALO_OA_ID,
      // 64-bit, beyond Number.MAX_SAFE_INTEGER.
      userId: '8434907239417465112',
      locationHint: channelText('vi', 'sendLocationHint'),
    });
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([telegram?.close(), connector?.close(), zalo?.close()]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('Telegram: refuses an update with a wrong secret and answers a redelivered update once', async () => {
    const chatId = 5_550_099;
    const other = telegramDriver({ appUrl: app.url, api: telegram, secret: TELEGRAM_SECRET, chatId, languageCode: 'vi' });

    const sentBefore = telegram.callsTo('sendMessage').length;
    const forged = await other.postUpdate(other.textUpdate('xin chào'), 'not-the-secret');
    expect([401, 403]).toContain(forged.status);
    const unsigned = await fetch(`${app.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(other.textUpdate('xin chào')),
    });
    expect([401, 403]).toContain(unsigned.status);
    await pause(300);
    expect(telegram.callsTo('sendMessage')).toHaveLength(sentBefore);

    const update = other.textUpdate('xin chào');
    for (let i = 0; i < 3; i++) expect((await other.postUpdate(update)).status).toBe(200);
    await waitFor(() => other.seen().length > 0, 'the answer to the redelivered update');
    await pause(500);
    expect(other.seen()).toHaveLength(1);
    expect(telegram.callsTo('sendMessage')).toHaveLength(sentBefore + 1);
  });

  it('Zalo: refuses an event with a bad mac', async () => {
    const outsider = '7000000000000000001';
    const sentBefore = zalo.sent.length;
    const request = za.signedEvent('user_send_text', { text: 'xin chào' });
    const bad = await za.postEvent({ ...request, headers: { [ZALO_SIGNATURE_HEADER]: 'mac=' + '0'.repeat(64) } });
    expect([401, 403]).toContain(bad.status);
    // A valid mac over other bytes does not sign this body either.
    const body = request.body.replace('xin chào', 'tạm biệt');
    const tampered = await za.postEvent({ body, headers: request.headers });
    expect([401, 403]).toContain(tampered.status);
    // Signed with the wrong key.
    const timestamp = String(Date.now());
    const raw = JSON.stringify({ app_id: ZALO_APP_ID, event_name: 'user_send_text', timestamp, sender: { id: outsider }, message: { msg_id: 'x1', text: 'hi' } });
    const wrongKey = await za.postEvent({ body: raw, headers: { [ZALO_SIGNATURE_HEADER]: zaloMac(ZALO_APP_ID, raw, timestamp, 'wrong-secret') } });
    expect([401, 403]).toContain(wrongKey.status);
    await pause(300);
    expect(zalo.sent).toHaveLength(sentBefore);
  });

  it('files a complaint on each platform and gets a ticket code back there', async () => {
    const labels = intakeLabels();
    // Far enough apart (> 50 m) not to be offered as duplicates of each other.
    const places: Record<string, { lat: number; lng: number }> = {
      telegram: { lat: 16.4637, lng: 107.5909 },
      botframework: { lat: 16.4702, lng: 107.5801 },
      zalo: { lat: 16.4571, lng: 107.6012 },
    };
    const drivers = [tg, bf, za];
    const filed = await Promise.all(drivers.map((d) => fileComplaintOver(d, REPORT, places[d.name]!, labels)));
    drivers.forEach((d, i) => codes.set(d.name, filed[i]!));
    expect(new Set(filed).size).toBe(3);
    // Every Telegram button tap was acknowledged, so the client stops its spinner.
    expect(telegram.callsTo('answerCallbackQuery').length).toBeGreaterThanOrEqual(4);
    for (const [i, d] of drivers.entries()) {
      expect(filed[i]).toMatch(/^HUE-\d{4}-[0-9A-HJKMNP-TV-Z]{7}$/);
      // The code came back on the platform the citizen used, in the last message of the intake.
      expect(d.seen().at(-1)!.text).toContain(filed[i]);
    }

    for (const d of drivers) {
      const res = await fetch(`${app.url}/open311/v2/requests/${codes.get(d.name)}.json`);
      expect(res.status).toBe(200);
      const [request] = (await res.json()) as Record<string, unknown>[];
      expect(request).toMatchObject({ service_code: CATEGORY, status: 'open', lat: places[d.name]!.lat, long: places[d.name]!.lng });
    }
  });

  it('delivers each staff status change to the right conversation exactly once', async () => {
    const drivers = [tg, bf, za];
    expect(codes.size).toBe(3);
    const before = new Map(drivers.map((d) => [d.name, d.seen().length]));
    const telegramCallsBefore = telegram.callsTo('sendMessage').length;
    const connectorPostsBefore = connector.posts.length;
    const zaloSentBefore = zalo.sent.length;
    const notes = (name: string) => ({ publicNote: `Đội chiếu sáng đã nhận việc (${name})`, internalNote: `ca đêm, gọi anh Bảo (${name})` });

    for (const d of drivers) {
      const { publicNote, internalNote } = notes(d.name);
      await changeStatus(app.url, codes.get(d.name)!, publicNote, internalNote);
    }

    // The dispatcher polls every ~2 s.
    await waitFor(() => drivers.every((d) => d.seen().length > before.get(d.name)!), 'ticket updates on every platform', 10_000);
    // Later polls must not send it again.
    await pause(2_500);

    for (const d of drivers) {
      const fresh = d.seen().slice(before.get(d.name)!);
      const code = codes.get(d.name)!;
      const { publicNote, internalNote } = notes(d.name);
      expect(fresh, `${d.name} updates`).toHaveLength(1);
      expect(fresh[0]!.text).toContain(code);
      expect(fresh[0]!.text).toContain(publicNote);
      expect(fresh[0]!.text).not.toContain(internalNote);
      expect(fresh[0]!.text).not.toContain('gọi anh Bảo');
      // Nobody else's ticket.
      for (const [other, otherCode] of codes) if (other !== d.name) expect(fresh[0]!.text).not.toContain(otherCode);
    }

    // And nothing went anywhere else: one new platform call each, addressed to the citizen.
    const tgNew = telegram.callsTo('sendMessage').slice(telegramCallsBefore);
    expect(tgNew.map((c) => String(c.body['chat_id']))).toEqual([tg.address]);
    const bfNew = connector.posts.slice(connectorPostsBefore);
    expect(bfNew.map((p) => p.conversationId)).toEqual([bf.address]);
    expect(bfNew[0]!.activity['conversation']).toMatchObject({ id: bf.address });
    expect(bfNew[0]!.activity['recipient']).toMatchObject({ id: 'bf-user-1' });
    const zaNew = zalo.sent.slice(zaloSentBefore);
    expect(zaNew.map((s) => s.userId)).toEqual([za.address]);
    expect(zaNew[0]!.accessToken).toBe(ZALO_ACCESS);
    expect(TICKET_CODE.exec(zaNew[0]!.text)?.[0]).toBe(codes.get('zalo'));
  });

  it('takes the typed number of a choice on Telegram as pressing it', async () => {
    const asked = await tg.sendText('lệ phí');
    expect(asked.labels.length).toBeGreaterThanOrEqual(2);
    const picked = await tg.sendText('1');
    expect(picked.text).toContain(asked.labels[0]!);
  });
});

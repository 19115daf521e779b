/**
 * Three real server processes (main.ts, random ports) behind a round-robin proxy on loopback,
 * sharing the machine's PostgreSQL (a fresh schema) and Redis (a random key prefix), with
 * Telegram and Zalo pointed at the fake platform servers. Any replica takes any turn:
 * a complaint dialogue whose turns alternate between replicas files its ticket; concurrent
 * filings keep codes unique and lose none; a webhook redelivered to another replica is processed
 * once; a staff status change reaches the citizen exactly once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelText } from '../../adapters/channels/messages.ts';
import { connectRedis } from '../../adapters/state/redis-conversation-store.ts';
import { m } from '../../bot/complaints/messages/index.ts';
import { startChildServer, type ChildServer } from '../../eval/bench/child-server.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from '../../eval/bench/round-robin-proxy.ts';
import { loadKnowledge } from '../../knowledge/src/loader.ts';
import { fileComplaintOver, newUpdateId, telegramDriver, waitFor, zaloDriver, type IntakeLabels } from '../helpers/channel-drivers.ts';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.ts';
import { startFakeZalo, type FakeZalo } from '../helpers/fake-zalo.ts';
import { fileComplaint, webChatBrowser, type ChatResponse } from '../helpers/http-chat.ts';

const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const REPLICAS = 3;
const STAFF = 'staff-token-for-replica-tests';
const OPEN311_KEY = 'open311-key-for-replica-tests';
const TELEGRAM_SECRET = 'replicas_webhook-secret';
const ZALO = { appId: '1234567890123456789', oaId: '2911712340056789012', secret: 'oa-secret-for-replicas', access: 'zalo-access-1' };
const CITADEL = { lat: 16.4698, lng: 107.5786 };
const REPORT = 'đèn đường trước số 12 Lê Lợi tắt cả tuần nay rồi';
const CATEGORY = 'street-lighting';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function intakeLabels(): IntakeLabels {
  const category = loadKnowledge('knowledge').categories.find((c) => c.id === CATEGORY);
  if (!category?.name.vi) throw new Error(`category ${CATEGORY} not in the knowledge base`);
  return { category: category.name.vi, skip: m('vi', 'button.skip'), confirm: m('vi', 'button.confirm'), fileNew: m('vi', 'button.new'), no: m('vi', 'button.no') };
}

describe(`${REPLICAS} replicas behind a round-robin proxy on PostgreSQL and Redis`, () => {
  const schema = `t_replicas_${randomBytes(5).toString('hex')}`;
  const redisPrefix = `hue-test-${randomUUID()}:`;
  const dirs: string[] = [];
  const replicas: ChildServer[] = [];
  let proxy: RoundRobinProxy;
  let telegram: FakeTelegram;
  let zalo: FakeZalo;

  const staff = (path: string, init: RequestInit = {}) =>
    fetch(`${proxy.url}/staff/api${path}`, { ...init, headers: { authorization: `Bearer ${STAFF}`, 'content-type': 'application/json', ...init.headers } });

  beforeAll(async () => {
    [telegram, zalo] = await Promise.all([startFakeTelegram(), startFakeZalo({ accessToken: ZALO.access, refreshToken: 'zalo-refresh-1', appSecret: 'zalo-app-secret' })]);
    const modelDir = mkdtempSync(join(tmpdir(), 'no-model-'));
    // One photo folder for all, as a shared volume would be.
    const uploadsDir = mkdtempSync(join(tmpdir(), 'hue-replica-uploads-'));
    dirs.push(modelDir, uploadsDir);
    const shared = {
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL,
      REDIS_KEY_PREFIX: redisPrefix,
      WEB_CHAT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      KNOWLEDGE_WATCH: 'false',
      MODEL_DIR: modelDir,
      UPLOADS_DIR: uploadsDir,
      ASSISTANT_WORKERS: '0',
      STAFF_TOKENS: STAFF,
      OPEN311_API_KEYS: OPEN311_KEY,
      // Concurrent filings below come from one address.
      CHAT_LIMIT_PER_IP: '0',
      TELEGRAM_BOT_TOKEN: '123456789:AAH-replicas_token_abcdefghijklmnopq',
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      TELEGRAM_API_ROOT: telegram.url,
      ZALO_APP_ID: ZALO.appId,
      ZALO_OA_SECRET_KEY: ZALO.secret,
      ZALO_ACCESS_TOKEN: ZALO.access,
      ZALO_API_BASE: zalo.url,
      ZALO_OAUTH_BASE: zalo.url,
    };
    // The first migrates the schema; the others start together. Each has its own data folder: nothing is shared on disk.
    const start = () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'hue-replica-'));
      dirs.push(dataDir);
      return startChildServer('main.ts', { ...shared, DATA_DIR: dataDir }, 150_000);
    };
    replicas.push(await start());
    replicas.push(...(await Promise.all(Array.from({ length: REPLICAS - 1 }, start))));
    proxy = await startRoundRobinProxy(replicas.map((r) => r.url));
  }, 300_000);

  afterAll(async () => {
    await proxy?.close();
    await Promise.all(replicas.map((r) => r.stop()));
    await Promise.all([telegram?.close(), zalo?.close()]);
    const db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
    const redis = connectRedis(REDIS_URL);
    const keys = await redis.keys(`${redisPrefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a web-chat complaint dialogue whose turns alternate between replicas files its ticket', async () => {
    const browser = webChatBrowser();
    const conversationId = `replica-web-${randomUUID().slice(0, 8)}`;
    const from = proxy.served.length;
    const send = async (message: Record<string, unknown>): Promise<ChatResponse> => {
      const res = await fetch(`${proxy.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...browser.headers() },
        body: JSON.stringify({ conversationId, ...message }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      browser.keep(res);
      return (await res.json()) as ChatResponse;
    };
    const code = await fileComplaint(send, REPORT, CATEGORY, CITADEL);
    const turns = proxy.served.slice(from).filter((s) => s.path === '/api/chat').map((s) => s.backend);
    expect(turns.length).toBeGreaterThanOrEqual(4);
    // Consecutive turns never stayed on one replica, and every replica took part.
    expect(turns.every((b, i) => i === 0 || b !== turns[i - 1])).toBe(true);
    expect(new Set(turns).size).toBe(REPLICAS);
    const ticket = await staff(`/tickets/${code}`);
    expect(ticket.status).toBe(200);
    expect(await ticket.json()).toMatchObject({ code, category: CATEGORY });
  });

  it('concurrent filings through every replica keep codes unique and lose nothing', async () => {
    const before = ((await (await staff('/tickets?limit=1000')).json()) as { tickets: unknown[] }).tickets.length;
    const open311 = Array.from({ length: 45 }, (_, i) =>
      fetch(`${proxy.url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ api_key: OPEN311_KEY, service_code: CATEGORY, lat: '16.4637', long: String(107.59 + i / 1000), description: `Lamp ${i} out` }).toString(),
      }).then(async (res) => {
        expect(res.status).toBe(201);
        return ((await res.json()) as { service_request_id: string }[])[0]!.service_request_id;
      }),
    );
    // Web-chat intakes in parallel with them, each over alternating replicas.
    const chats = Array.from({ length: 6 }, (_, i) => {
      const browser = webChatBrowser();
      const conversationId = `replica-many-${i}-${randomUUID().slice(0, 6)}`;
      return fileComplaint(
        async (message) => {
          const res = await fetch(`${proxy.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', ...browser.headers() }, body: JSON.stringify({ conversationId, ...message }) });
          expect(res.status).toBe(200);
          browser.keep(res);
          return (await res.json()) as ChatResponse;
        },
        `đèn đường số ${20 + i} Lê Lợi tắt rồi`,
        CATEGORY,
        { lat: CITADEL.lat + (i + 1) / 100, lng: CITADEL.lng },
      );
    });
    const codes = await Promise.all([...open311, ...chats]);
    expect(new Set(codes).size).toBe(codes.length);
    const listed = ((await (await staff('/tickets?limit=1000')).json()) as { tickets: { code: string }[] }).tickets;
    expect(listed.length - before).toBe(codes.length);
    const stored = new Set(listed.map((t) => t.code));
    expect(codes.filter((c) => !stored.has(c))).toEqual([]);
  });

  it('a Telegram update redelivered to the other replicas is processed once', async () => {
    const chatId = 8_880_001;
    const tg = telegramDriver({ appUrl: replicas[0]!.url, api: telegram, secret: TELEGRAM_SECRET, chatId, languageCode: 'vi' });
    const update = tg.textUpdate('giờ mở cửa đại nội', newUpdateId());
    expect((await tg.postUpdate(update)).status).toBe(200);
    await waitFor(() => tg.seen().length > 0, 'the first answer');
    await pause(500);
    const answered = tg.seen().length;
    for (const replica of replicas.slice(1)) {
      const again = telegramDriver({ appUrl: replica.url, api: telegram, secret: TELEGRAM_SECRET, chatId, languageCode: 'vi' });
      expect((await again.postUpdate(update)).status).toBe(200);
    }
    await pause(1_500);
    expect(tg.seen().length).toBe(answered);
  });

  it('a Zalo event redelivered to another replica is processed once', async () => {
    const za = zaloDriver({ appUrl: replicas[1]!.url, zalo, appId: ZALO.appId, oaSecretKey: ZALO.secret, oaId: ZALO.oaId, userId: '7001234567890123456', locationHint: '' });
    const event = za.signedEvent('user_send_text', { text: 'giờ mở cửa đại nội' });
    expect((await za.postEvent(event)).status).toBe(200);
    await waitFor(() => za.seen().length > 0, 'the first Zalo answer');
    await pause(500);
    const answered = za.seen().length;
    const other = zaloDriver({ appUrl: replicas[2]!.url, zalo, appId: ZALO.appId, oaSecretKey: ZALO.secret, oaId: ZALO.oaId, userId: '7001234567890123456', locationHint: '' });
    expect((await other.postEvent(event)).status).toBe(200);
    await pause(1_500);
    expect(za.seen().length).toBe(answered);
  });

  it('a Zalo complaint answered with numbered choices over alternating replicas files its ticket', async () => {
    const za = zaloDriver({ appUrl: proxy.url, zalo, appId: ZALO.appId, oaSecretKey: ZALO.secret, oaId: ZALO.oaId, userId: '7009876543210987654', locationHint: channelText('vi', 'sendLocationHint') });
    const from = proxy.served.length;
    const code = await fileComplaintOver(za, REPORT, CITADEL, intakeLabels());
    // A number typed on one replica is read against the list another replica offered.
    const turns = proxy.served.slice(from).filter((s) => s.path === '/zalo/webhook').map((s) => s.backend);
    expect(new Set(turns).size).toBe(REPLICAS);
    expect((await staff(`/tickets/${code}`)).status).toBe(200);
  });

  it('a Telegram complaint over alternating replicas, and the staff status change reaches the citizen exactly once', async () => {
    const chatId = 8_880_002;
    const tg = telegramDriver({ appUrl: proxy.url, api: telegram, secret: TELEGRAM_SECRET, chatId, languageCode: 'vi' });
    const from = proxy.served.length;
    const code = await fileComplaintOver(tg, REPORT, CITADEL, intakeLabels());
    const turns = proxy.served.slice(from).filter((s) => s.path === '/telegram/webhook').map((s) => s.backend);
    expect(new Set(turns).size).toBe(REPLICAS);

    const note = `Đội chiếu sáng đã nhận việc ${randomUUID().slice(0, 6)}`;
    const res = await staff(`/tickets/${code}/status`, { method: 'POST', body: JSON.stringify({ status: 'in_progress', publicNote: note }) });
    expect(res.status, await res.clone().text()).toBe(200);
    const notices = () => tg.seen().filter((s) => s.text.includes(note));
    await waitFor(() => notices().length > 0, 'the status notice', 15_000);
    // Three dispatchers poll the same outbox; give them several rounds to send it twice, should they.
    await pause(6_000);
    expect(notices()).toHaveLength(1);
    expect(notices()[0]!.text).toContain(code);
  });
});

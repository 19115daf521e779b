/**
 * Abuse limits on the real app: the chat API per conversation and per address (429 with a JSON
 * reason), channels per user (one polite reply in the person's language, then silence), back-off
 * after failed staff and Open311 authentication, and one body-size bound on every route.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelText } from '../adapters/channels/messages.ts';
import { loadConfig } from '../adapters/config.ts';
import { silentLogger } from '../adapters/logger.ts';
import { startApp, type RunningApp } from '../main.ts';
import { newUpdateId, telegramDriver, waitFor } from './helpers/channel-drivers.ts';
import { startFakeTelegram, type FakeTelegram } from './helpers/fake-telegram.ts';

const STAFF = 'staff-token-for-limit-tests';
const OPEN311_KEY = 'open311-key-for-limit-tests';
const TELEGRAM_SECRET = 'limits_webhook-secret';

async function chat(url: string, conversationId: string, text = 'giờ mở cửa đại nội') {
  const res = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId, text }) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
}

describe('abuse limits', () => {
  let app: RunningApp;
  let telegram: FakeTelegram;
  const dirs: string[] = [];

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    const dataDir = mkdtempSync(join(tmpdir(), 'hue-limits-'));
    const modelDir = mkdtempSync(join(tmpdir(), 'no-model-'));
    const uploadsDir = mkdtempSync(join(tmpdir(), 'hue-limits-uploads-'));
    dirs.push(dataDir, modelDir, uploadsDir);
    app = await startApp(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        MODEL_DIR: modelDir,
        UPLOADS_DIR: uploadsDir,
        KNOWLEDGE_WATCH: 'false',
        ASSISTANT_WORKERS: '0',
        STAFF_TOKENS: STAFF,
        OPEN311_API_KEYS: OPEN311_KEY,
        CHAT_LIMIT_PER_CONVERSATION: '4',
        CHAT_LIMIT_PER_IP: '12',
        RATE_LIMIT_PER_MINUTE: '3',
        AUTH_FAILURES_BEFORE_BACKOFF: '3',
        AUTH_BACKOFF_SECONDS: '120',
        MAX_BODY_BYTES: '4096',
        TELEGRAM_BOT_TOKEN: '123456789:AAH-limits_token_abcdefghijklmnopqr',
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
        TELEGRAM_API_ROOT: telegram.url,
      }),
      silentLogger,
    );
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await telegram?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('one conversation over its limit gets 429 with a JSON reason; the address limit catches new conversations', async () => {
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await chat(app.url, 'flood-1'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 429, 429, 429]);
    expect(answers[4]!.body).toMatchObject({ error: 'rate_limited', reason: expect.stringContaining('conversation') });
    expect(Number(answers[4]!.retryAfter)).toBeGreaterThan(0);
    // Seven counted against the address so far; five more conversations fit, then the address is over.
    const others = [];
    for (let i = 0; i < 7; i++) others.push((await chat(app.url, `fresh-${i}`)).status);
    expect(others).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await chat(app.url, 'fresh-9');
    expect(refused.body).toMatchObject({ error: 'rate_limited', reason: expect.stringContaining('address') });
  });

  it('a Telegram user over the limit hears one polite reply in their language, then nothing', async () => {
    const tg = telegramDriver({ appUrl: app.url, api: telegram, secret: TELEGRAM_SECRET, chatId: 7_770_001, languageCode: 'ko' });
    for (let i = 0; i < 8; i++) expect((await tg.postUpdate(tg.textUpdate(`안녕하세요 ${i}`, newUpdateId()))).status).toBe(200);
    const polite = channelText('ko', 'rateLimited');
    await waitFor(() => tg.seen().some((m) => m.text === polite), 'the rate-limit reply');
    await new Promise((r) => setTimeout(r, 500));
    const texts = tg.seen().map((m) => m.text);
    expect(texts.filter((t) => t === polite)).toHaveLength(1);
    // Three answered turns (each may be more than one message), one notice, nothing for the rest.
    expect(texts.filter((t) => t !== polite).length).toBeGreaterThanOrEqual(3);
    expect(telegram.callsTo('sendMessage').filter((c) => String(c.body['chat_id']) === '7770001').length).toBe(texts.length);
  });

  it('repeated wrong staff tokens make the address wait, even with the right token', async () => {
    const get = (token: string) => fetch(`${app.url}/staff/api/tickets`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get(STAFF)).status).toBe(200);
    const wrong = [];
    for (let i = 0; i < 3; i++) wrong.push((await get(`guess-${i}`)).status);
    expect(wrong).toEqual([401, 401, 401]);
    const blocked = await get(STAFF);
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toMatchObject({ error: 'rate_limited', reason: expect.any(String) });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('repeated failed console log-ins make the address wait', async () => {
    // Another client address (told by the loopback proxy header), so the token test above does not count here.
    const address = { 'x-forwarded-for': '10.9.9.9' };
    const session = await fetch(`${app.url}/staff/session`, { headers: address });
    const cookie = session.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const login = (password: string) =>
      fetch(`${app.url}/staff/login`, {
        method: 'POST',
        headers: { ...address, cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'nobody', password }),
      });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(`wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('repeated wrong Open311 keys make the address wait', async () => {
    const post = (key: string) =>
      fetch(`${app.url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ api_key: key, service_code: 'street-lighting', lat: '16.4637', long: '107.5909', description: 'Lamp out' }).toString(),
      });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(`wrong-${i}`)).status);
    expect(statuses).toEqual([403, 403, 403, 429]);
    const blocked = await post(OPEN311_KEY);
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toEqual([{ code: 429, description: expect.stringContaining('try again') }]);
  });

  it('a body over MAX_BODY_BYTES is refused with 413 on every route, read or not', async () => {
    const big = JSON.stringify({ conversationId: 'big', text: 'x'.repeat(5000) });
    for (const [method, path] of [['POST', '/api/chat'], ['POST', '/telegram/webhook'], ['POST', '/open311/v2/requests.json'], ['PUT', '/healthz'], ['POST', '/nowhere']] as const) {
      const res = await fetch(`${app.url}${path}`, { method, headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }, body: big });
      expect(res.status, `${method} ${path}`).toBe(413);
      expect(await res.json()).toMatchObject({ error: 'payload_too_large', reason: expect.any(String) });
    }
  });
});

/**
 * Per-turn state shared by servers through Redis (random key prefix per run): choice lists,
 * rate-limit counters with one polite refusal per window, and the Zalo token pair refreshed
 * once under a database lock when several servers hit the expiry together.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createChoiceMemory } from '../adapters/channels/choices.ts';
import { createRateLimiter } from '../adapters/channels/rate-limit.ts';
import { connectRedis } from '../adapters/state/redis-conversation-store.ts';
import { redisSharedState } from '../adapters/state/shared-state.ts';
import { openChannelTokens } from '../adapters/stores/channel-tokens.ts';
import { openTicketStore } from '../adapters/stores/open-ticket-store.ts';
import { createZaloClient } from '../adapters/zalo/client.ts';
import { createDbTokenStore } from '../adapters/zalo/tokens.ts';
import { startFakeZalo } from './helpers/fake-zalo.ts';
import { startFakeTelegram } from './helpers/fake-telegram.ts';
import { createFakeAssistant } from './helpers/fake-assistant.ts';
import { createTelegramChannel } from '../adapters/telegram/channel.ts';

const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe('state shared through Redis by two servers', () => {
  const prefix = `hue-test-${randomUUID()}:`;
  const [redisA, redisB] = [connectRedis(REDIS_URL, prefix), connectRedis(REDIS_URL, prefix)];
  const plain = connectRedis(REDIS_URL);
  const [a, b] = [redisSharedState(redisA), redisSharedState(redisB)];
  afterAll(async () => {
    const keys = await plain.keys(`${prefix}*`);
    if (keys.length) await plain.del(...keys);
    await Promise.all([redisA.quit(), redisB.quit(), plain.quit()]);
  });

  it('a numbered choice offered by one server is resolved by the other', async () => {
    const offered = createChoiceMemory({ store: a.store('choices:test') });
    const answered = createChoiceMemory({ store: b.store('choices:test') });
    await offered.remember('user-1', [{ label: 'Giờ mở cửa', payload: 'faq:hours' }, { label: 'Phản ánh', payload: 'intent:complaint' }]);
    expect(await answered.resolve('user-1', '2')).toBe('intent:complaint');
    expect(await answered.matchPayload('user-1', 'Giờ mở cửa')).toBe('faq:hours');
    expect(await answered.resolve('user-2', '1')).toBeUndefined();
  });

  it('one user limit across servers, with exactly one polite refusal per window even under concurrency', async () => {
    const limiters = [createRateLimiter({ perMinute: 5, state: a }), createRateLimiter({ perMinute: 5, state: b })];
    const verdicts = await Promise.all(Array.from({ length: 40 }, (_, i) => limiters[i % 2]!.take('telegram:42')));
    expect(verdicts.filter((v) => v === 'ok')).toHaveLength(5);
    expect(verdicts.filter((v) => v === 'limited')).toHaveLength(1);
    expect(verdicts.filter((v) => v === 'silent')).toHaveLength(34);
    expect(await limiters[1]!.take('telegram:43')).toBe('ok');
  });

  it('a long Telegram button payload offered by one server is read back by the other', async () => {
    const api = await startFakeTelegram();
    const dataDir = mkdtempSync(join(tmpdir(), 'hue-tg-shared-'));
    const longPayload = `intake:cat:${'street-lighting-and-other-public-lighting-problems-'.repeat(2)}`;
    const assistant = createFakeAssistant({ quickReplies: [{ label: 'Street lighting', payload: longPayload }] });
    const [first, second] = [a, b].map((state) =>
      createTelegramChannel({ token: '123456789:AAH-shared_token_abcdefghijklmnopqrs', mode: 'webhook', webhookSecret: 'shared_secret', apiRoot: api.url, assistant, uploadsDir: dataDir, rateLimitPerMinute: 30, defaultLang: 'en', state }),
    );
    try {
      const from = { id: 9_001, is_bot: false, first_name: 'C' };
      const chat = { id: 9_001, type: 'private' };
      await first!.processUpdate({ update_id: 1, message: { message_id: 1, date: 0, chat, from, text: 'street light broken' } });
      const markup = api.callsTo('sendMessage').at(-1)!.body['reply_markup'];
      const keyboard = (typeof markup === 'string' ? JSON.parse(markup) : markup) as { inline_keyboard: { callback_data: string }[][] };
      const data = keyboard.inline_keyboard[0]![0]!.callback_data;
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(data).not.toBe(longPayload);
      // Kept in Redis, where a server in another process finds it.
      expect(await plain.get(`${prefix}hue:telegram-callbacks:${data}`)).toBe(JSON.stringify(longPayload));
      await second!.processUpdate({ update_id: 2, callback_query: { id: 'cb-1', from, chat_instance: 'ci', data, message: { message_id: 2, date: 0, chat } } });
      expect(assistant.calls.at(-1)?.postback).toBe(longPayload);
    } finally {
      await api.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keys carry the configured prefix', async () => {
    await a.store<string>('probe').set('k', 'v', 60);
    expect(await plain.get(`${prefix}hue:probe:k`)).toBe('"v"');
  });
});

describe.each(['sqlite', 'postgresql'] as const)('the Zalo token pair in the database (%s)', (engine) => {
  const schema = `t_tokens_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'hue-tokens-'));
  const databaseUrl = engine === 'postgresql' ? DATABASE_URL : undefined;
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (engine === 'postgresql') {
      const pool = new pg.Pool({ connectionString: DATABASE_URL });
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    }
  });

  it('servers that hit the expiry together refresh once and all use the new pair, also after a restart', async () => {
    const zalo = await startFakeZalo({ accessToken: 'access-1', refreshToken: 'refresh-1', appSecret: 'app-secret' });
    const tickets = await openTicketStore({ databaseUrl, schema, dataDir });
    // Three servers, each with its own connection to the same table (SQLite: one server, three senders).
    const stores = [1, 2, 3].map(() => openChannelTokens({ databaseUrl, schema, dataDir }));
    try {
      const initial = async () => ({ accessToken: 'access-1', refreshToken: 'refresh-1' });
      const clients = stores.map((s) =>
        createZaloClient({ apiBase: zalo.url, oauthBase: zalo.url, tokens: createDbTokenStore(s, initial), appId: 'app', appSecret: 'app-secret' }),
      );
      zalo.validAccessToken = 'expired-elsewhere';
      zalo.validRefreshToken = 'refresh-1';
      const sends = await Promise.allSettled(clients.flatMap((c, i) => [c.sendText(`u${i}`, 'a'), c.sendText(`u${i}`, 'b')]));
      expect(sends.map((s) => (s.status === 'rejected' ? String(s.reason) : s.status))).toEqual(Array(6).fill('fulfilled'));
      expect(zalo.refreshes).toHaveLength(1);
      expect(zalo.sent).toHaveLength(6);
      expect(new Set(zalo.sent.map((s) => s.accessToken))).toEqual(new Set(['access-2']));
      // A server started later reads the rotated pair, not the configured one.
      const later = openChannelTokens({ databaseUrl, schema, dataDir });
      stores.push(later);
      expect(await createDbTokenStore(later, initial).get()).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    } finally {
      for (const s of stores) await s.close();
      await tickets.close();
      await zalo.close();
    }
  });
});

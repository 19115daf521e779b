/**
 * Web-chat notices: the SSE endpoint pushes what waited and what arrives, to the right identity
 * only; with Redis two servers share the mailbox, so a notice put on one reaches a browser
 * connected to the other.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisNoticeMailbox } from '../../adapters/state/redis-notice-mailbox.ts';
import { ephemeralWebChatSecret, WEB_CHAT_PATHS, webChatIdentity } from '../../adapters/web/identity.ts';
import { createMemoryNoticeMailbox, type NoticeMailbox } from '../../adapters/web/notice-mailbox.ts';
import { createWebMailbox, type WebMailbox } from '../../adapters/web/notices.ts';
import { listen, type RunningServer } from '../helpers/fake-server.ts';
import { openSse } from '../helpers/sse.ts';

const secret = ephemeralWebChatSecret();
const servers: { server: RunningServer; web: WebMailbox }[] = [];

async function serve(mailbox: NoticeMailbox) {
  const app = express();
  app.use(WEB_CHAT_PATHS, webChatIdentity({ secret }));
  const web = createWebMailbox({ mailbox });
  app.use(web.router);
  const server = await listen(app);
  servers.push({ server, web });
  return { url: server.url, web };
}

/** A browser: its first request gets the identity cookie, which it keeps. */
async function browserOf(url: string): Promise<{ cookie: string; userId: string }> {
  const res = await fetch(`${url}/api/chat/notices?conversationId=probe`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('hue_chat='))!.split(';')[0]!;
  return { cookie, userId: decodeURIComponent(cookie.slice('hue_chat='.length)).split('.')[0]! };
}

afterAll(async () => {
  for (const { server, web } of servers) {
    await web.close();
    await server.close();
  }
});

const notice = (userId: string, text: string, key?: string) => ({ channel: 'web' as const, conversationId: 'conv-1', userId, text, quickReplies: [], ...(key ? { idempotencyKey: key } : {}) });

describe('web chat notices over SSE', () => {
  it('pushes waiting and new notices to their own identity, once, and resumes after Last-Event-ID', async () => {
    const { url, web } = await serve(createMemoryNoticeMailbox());
    const me = await browserOf(url);
    const other = await browserOf(url);
    await web.notifier.send(notice(me.userId, 'waited while away', 'k-1'));
    await web.notifier.send(notice(me.userId, 'waited while away', 'k-1'));
    await web.notifier.send(notice(other.userId, 'not yours'));

    const stream = await openSse(`${url}/api/chat/events?conversationId=conv-1`, { cookie: me.cookie });
    await stream.waitFor(1);
    await web.notifier.send(notice(me.userId, 'live update'));
    await stream.waitFor(2);
    const texts = stream.events.map((e) => JSON.parse(e.data).text);
    expect(texts).toEqual(['waited while away', 'live update']);
    stream.close();

    // Collected: a new connection gets nothing again, unless it asks from an earlier id.
    const fresh = await openSse(`${url}/api/chat/events?conversationId=conv-1`, { cookie: me.cookie });
    const resumed = await openSse(`${url}/api/chat/events?conversationId=conv-1`, { cookie: me.cookie, 'last-event-id': stream.events[0]!.id! });
    await resumed.waitFor(1);
    expect(JSON.parse(resumed.events[0]!.data).text).toBe('live update');
    await new Promise((r) => setTimeout(r, 200));
    expect(fresh.events).toEqual([]);
    fresh.close();
    resumed.close();

    const theirs = await fetch(`${url}/api/chat/notices?conversationId=conv-1`, { headers: { cookie: other.cookie } });
    expect(((await theirs.json()) as { notices: { text: string }[] }).notices.map((n) => n.text)).toEqual(['not yours']);
  });

  it('refuses a bad conversation id or cursor with a JSON reason', async () => {
    const { url } = await serve(createMemoryNoticeMailbox());
    const bad = await fetch(`${url}/api/chat/events?conversationId=${encodeURIComponent('../x y')}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_request', field: 'conversationId' });
    const cursor = await fetch(`${url}/api/chat/notices?conversationId=c&after=abc`);
    expect(cursor.status).toBe(400);
    expect(await cursor.json()).toMatchObject({ field: 'after' });
  });
});

describe('web chat notices shared through Redis', () => {
  const clients: Redis[] = [];
  afterAll(async () => {
    for (const c of clients) await c.quit();
  });

  it('delivers a notice put on one server to the browser connected to another, once', async () => {
    const keyPrefix = `hue-test-notices:${randomUUID()}:`;
    const connect = () => {
      const c = new Redis('redis://127.0.0.1:6379', { keyPrefix, maxRetriesPerRequest: 2 });
      clients.push(c);
      return c;
    };
    const a = await serve(await createRedisNoticeMailbox(connect()));
    const b = await serve(await createRedisNoticeMailbox(connect()));
    const me = await browserOf(a.url);
    // Identity cookies verify on both: they share the secret, as replicas share WEB_CHAT_SECRET.
    const stream = await openSse(`${b.url}/api/chat/events?conversationId=conv-1`, { cookie: me.cookie });
    await a.web.notifier.send(notice(me.userId, 'HUE-2026-000001 is now resolved', 'outbox-1'));
    await b.web.notifier.send(notice(me.userId, 'HUE-2026-000001 is now resolved', 'outbox-1'));
    await stream.waitFor(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(stream.events.map((e) => JSON.parse(e.data).text)).toEqual(['HUE-2026-000001 is now resolved']);
    stream.close();
    // It also waits in the stream for a browser that comes back later on server a.
    const later = await fetch(`${a.url}/api/chat/notices?conversationId=conv-1&after=0-0`, { headers: { cookie: me.cookie } });
    expect(((await later.json()) as { notices: { text: string }[] }).notices).toHaveLength(1);
  });
});

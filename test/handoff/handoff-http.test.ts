/**
 * Handoff to city staff through the running server: a web-chat request for a person appears in the
 * staff inbox with the conversation so far; a staff message reaches the chat (pushed over SSE);
 * the assistant stays silent while staff hold it and answers again once it is handed back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/config.ts';
import { silentLogger } from '../../adapters/logger.ts';
import { startApp, type RunningApp } from '../../main.ts';
import { fetchNotices, postChat, webChatBrowser } from '../helpers/http-chat.ts';
import { openSse } from '../helpers/sse.ts';

const STAFF = 'staff-token-for-handoff-tests';
const auth = { authorization: `Bearer ${STAFF}` };

interface HandoffJson {
  id: string;
  conversationId: string;
  channel: string;
  status: string;
  claimedBy?: string;
  contact: string;
  messages: { from: string; text: string }[];
}

describe('handoff to city staff over HTTP', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'hue-handoff-')),
        KNOWLEDGE_WATCH: 'false',
        MODEL_DIR: mkdtempSync(join(tmpdir(), 'no-model-')),
        STAFF_TOKENS: STAFF,
        ASSISTANT_WORKERS: '0',
        ...(process.env.MODEL_CACHE_DIR ? { MODEL_CACHE_DIR: process.env.MODEL_CACHE_DIR } : {}),
      }),
      silentLogger,
    );
  }, 180_000);
  afterAll(async () => app?.close());

  const staff = (path: string, init: RequestInit = {}) =>
    fetch(`${app.url}/staff/api${path}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const inbox = async (): Promise<HandoffJson[]> => ((await (await staff('/handoffs')).json()) as { handoffs: HandoffJson[] }).handoffs;

  it('needs a staff token', async () => {
    expect((await fetch(`${app.url}/staff/api/handoffs`)).status).toBe(401);
    expect((await fetch(`${app.url}/staff/api/handoffs`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await staff('/handoffs')).status).toBe(200);
  });

  it('opens from a Vietnamese request, relays staff words, stays silent until released', async () => {
    const browser = webChatBrowser();
    const conversationId = 'handoff-vi-1';
    const chat = (body: Record<string, unknown>) => postChat(app.url, { conversationId, ...body }, browser);

    await chat({ text: 'trung tâm phục vụ hành chính công ở đâu' });
    const asked = await chat({ text: 'mình muốn nói chuyện với cán bộ' });
    expect(asked.meta.intent).toBe('handoff');
    expect(asked.replies[0]!.text).toContain('cán bộ');

    const listed = (await inbox()).find((h) => h.conversationId === conversationId)!;
    expect(listed).toMatchObject({ channel: 'web', status: 'waiting', contact: 'citizens' });
    // The conversation so far, both ways, is in the inbox.
    expect(listed.messages.map((m) => m.from)).toEqual(['person', 'assistant', 'person']);
    expect(listed.messages[0]!.text).toBe('trung tâm phục vụ hành chính công ở đâu');
    expect(listed.messages[2]!.text).toBe('mình muốn nói chuyện với cán bộ');

    const stream = await openSse(`${app.url}/api/chat/events?conversationId=${conversationId}`, browser.headers());
    const posted = await staff(`/handoffs/${listed.id}/messages`, { method: 'POST', body: JSON.stringify({ text: 'Chào bạn, mình là Lan ở trung tâm.' }) });
    expect(posted.status).toBe(201);
    expect(((await posted.json()) as HandoffJson).status).toBe('claimed');
    await stream.waitFor(1, 3000);
    expect(JSON.parse(stream.events[0]!.data).text).toContain('Chào bạn, mình là Lan ở trung tâm.');

    // Held by staff: the assistant does not answer, and the message reaches the inbox.
    const next = await chat({ text: 'vé vào Đại Nội bao nhiêu tiền' });
    expect(next.replies).toEqual([]);
    const held = (await (await staff(`/handoffs/${listed.id}`)).json()) as HandoffJson;
    expect(held.messages.at(-1)).toMatchObject({ from: 'person', text: 'vé vào Đại Nội bao nhiêu tiền' });
    expect(held.messages.some((m) => m.from === 'staff' && m.text === 'Chào bạn, mình là Lan ở trung tâm.')).toBe(true);

    const released = await staff(`/handoffs/${listed.id}/release`, { method: 'POST' });
    expect(((await released.json()) as HandoffJson).status).toBe('released');
    await stream.waitFor(2, 3000);
    expect(JSON.parse(stream.events[1]!.data).text).toContain('trợ lý tự động');
    stream.close();

    const after = await chat({ text: 'vé vào Đại Nội bao nhiêu tiền' });
    expect(after.replies).toHaveLength(1);
    expect(after.meta.intent).toBe('answer');
    expect((await inbox()).some((h) => h.id === listed.id)).toBe(false);
    // Both pushed notices were collected by the stream; nothing waits twice.
    expect(await fetchNotices(app.url, conversationId, browser)).toEqual([]);
  });

  it('answers bad staff requests with a JSON reason', async () => {
    expect((await staff('/handoffs/not-a-handoff/claim', { method: 'POST' })).status).toBe(404);
    expect((await staff('/handoffs?status=bogus')).status).toBe(400);
    const browser = webChatBrowser();
    await postChat(app.url, { conversationId: 'handoff-bad-1', text: 'I want to talk to a person' }, browser);
    const h = (await inbox()).find((x) => x.conversationId === 'handoff-bad-1')!;
    expect(h.contact).toBe('tourists');
    const empty = await staff(`/handoffs/${h.id}/messages`, { method: 'POST', body: JSON.stringify({ text: '  ' }) });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: 'invalid_request', field: 'text' });
    const broken = await staff(`/handoffs/${h.id}/messages`, { method: 'POST', body: '{"text":' });
    expect(broken.status).toBe(400);
    await staff(`/handoffs/${h.id}/release`, { method: 'POST' });
    const late = await staff(`/handoffs/${h.id}/messages`, { method: 'POST', body: JSON.stringify({ text: 'hello?' }) });
    expect(late.status).toBe(409);
  });
});

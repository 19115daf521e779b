/**
 * The web chat's identity comes from a server-issued, signed HttpOnly cookie: another person's id in
 * the body, their conversation id in the query or a forged cookie shows nothing of theirs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/config.ts';
import { silentLogger } from '../../adapters/logger.ts';
import { signWebChatId, verifyWebChatCookie } from '../../adapters/web/identity.ts';
import { startApp, type RunningApp } from '../../main.ts';
import { fetchNotices, fileComplaint, postChat, webChatBrowser } from '../helpers/http-chat.ts';

const STAFF = 'staff-token-for-identity-tests';
const SPOT = { lat: 16.4637, lng: 107.5909 };
const SECRET = 'identity-test-secret-0123456789-abcdefghij';

describe('web chat identity', () => {
  let app: RunningApp;
  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'hue-identity-')),
      KNOWLEDGE_WATCH: 'false',
      MODEL_DIR: mkdtempSync(join(tmpdir(), 'no-model-')),
      STAFF_TOKENS: STAFF,
      WEB_CHAT_SECRET: SECRET,
    });
    app = await startApp(config, silentLogger);
  });
  afterAll(async () => app?.close());

  const raw = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('issues a signed, HttpOnly, SameSite cookie, Secure only behind HTTPS', async () => {
    const plain = await raw({ conversationId: 'id-cookie', text: 'xin chào' });
    const cookie = plain.headers.getSetCookie().find((c) => c.startsWith('hue_chat='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const value = decodeURIComponent(cookie.split(';')[0]!.slice('hue_chat='.length));
    expect(verifyWebChatCookie(value, SECRET)).toMatch(/^w[A-Za-z0-9_-]{22}$/);
    expect(verifyWebChatCookie(value, 'another-secret-0123456789-abcdefghijkl')).toBeUndefined();

    // The proxy in front (on loopback) says the visitor came over HTTPS.
    const tls = await raw({ conversationId: 'id-cookie', text: 'xin chào' }, { 'x-forwarded-proto': 'https' });
    expect(tls.headers.getSetCookie().find((c) => c.startsWith('hue_chat='))).toMatch(/Secure/i);

    // A browser that holds a valid cookie keeps it; nothing new is issued.
    const again = await raw({ conversationId: 'id-cookie', text: 'xin chào' }, { cookie: `hue_chat=${encodeURIComponent(value)}` });
    expect(again.headers.getSetCookie()).toHaveLength(0);
  });

  it('refuses a userId in the body', async () => {
    const res = await raw({ conversationId: 'id-body', userId: 'someone', text: 'phản ánh của tôi' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request', field: 'userId' });
  });

  it("shows another person's reports and notices to nobody but them", async () => {
    const owner = webChatBrowser();
    const conversationId = 'web-identity-owner';
    const code = await fileComplaint((message) => postChat(app.url, { conversationId, ...message }, owner), 'đèn đường trước số 12 Lê Lợi tắt cả tuần nay rồi', 'street-lighting', SPOT);
    const ownerId = verifyWebChatCookie(decodeURIComponent(owner.cookie()!.slice('hue_chat='.length)), SECRET)!;

    const mine = await postChat(app.url, { conversationId, postback: 'status:mine' }, owner);
    expect(mine.replies[0]!.text).toContain(code);

    // Someone else, in their own browser and in the owner's conversation, with the owner's id in the body.
    const stranger = webChatBrowser();
    for (const probe of [
      { conversationId: 'web-identity-stranger', postback: 'status:mine' },
      { conversationId, postback: 'status:mine' },
    ]) {
      const theirs = await postChat(app.url, probe, stranger);
      expect(theirs.replies.map((r) => r.text).join('\n')).not.toContain(code);
    }
    const withBodyId = await raw({ conversationId, userId: ownerId, postback: 'status:mine' }, stranger.headers());
    expect(withBodyId.status).toBe(400);
    expect(await withBodyId.text()).not.toContain(code);

    // A forged cookie (the owner's id signed with a guessed secret) is not the owner.
    const forged = { cookie: `hue_chat=${encodeURIComponent(signWebChatId(ownerId, 'guessed-secret-0123456789-abcdefghijklm'))}` };
    const forgedReply = (await (await raw({ conversationId, postback: 'status:mine' }, forged)).json()) as { replies: { text: string }[] };
    expect(forgedReply.replies[0]!.text).not.toContain(code);

    // A staff update reaches the owner's mailbox; the stranger asking for that conversation gets nothing and takes nothing.
    const change = await fetch(`${app.url}/staff/api/tickets/${code}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STAFF}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'in_progress', publicNote: 'Đội chiếu sáng đã nhận việc' }),
    });
    expect(change.status).toBe(200);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await fetchNotices(app.url, conversationId, stranger)).toEqual([]);
    expect(await fetchNotices(app.url, conversationId)).toEqual([]);
    const delivered: { text: string }[] = [];
    const deadline = Date.now() + 10_000;
    while (delivered.length === 0 && Date.now() < deadline) {
      delivered.push(...(await fetchNotices(app.url, conversationId, owner)));
      if (delivered.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.text).toContain(code);
  });
});

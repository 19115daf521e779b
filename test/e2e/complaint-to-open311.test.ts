import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/config.ts';
import { silentLogger } from '../../adapters/logger.ts';
import { startApp, type RunningApp } from '../../main.ts';
import { fetchNotices, fileComplaint, postChat, webChatBrowser } from '../helpers/http-chat.ts';

const STAFF = 'staff-token-for-tests';
const LE_LOI = { lat: 16.4637, lng: 107.5909 };

describe('complaint over POST /api/chat → ticket → Open311 → staff update back in the chat', () => {
  let app: RunningApp;
  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'hue-e2e-')),
      KNOWLEDGE_WATCH: 'false',
      MODEL_DIR: mkdtempSync(join(tmpdir(), 'no-model-')),
      STAFF_TOKENS: STAFF,
    });
    app = await startApp(config, silentLogger);
  });
  afterAll(async () => app?.close());

  it('files the ticket, publishes it over Open311 and delivers the status change exactly once', async () => {
    const conversationId = 'web-e2e-1';
    const browser = webChatBrowser();
    const code = await fileComplaint(
      (message) => postChat(app.url, { conversationId, ...message }, browser),
      'đèn đường trước số 12 Lê Lợi tắt cả tuần nay rồi',
      'street-lighting',
      LE_LOI,
    );
    expect(code).toMatch(/^HUE-\d{4}-[0-9A-HJKMNP-TV-Z]{7}$/);

    const open311 = await fetch(`${app.url}/open311/v2/requests/${code}.json`);
    expect(open311.status).toBe(200);
    const [request] = (await open311.json()) as Record<string, unknown>[];
    expect(request).toMatchObject({ service_request_id: code, service_code: 'street-lighting', status: 'open', lat: LE_LOI.lat, long: LE_LOI.lng });

    const change = await fetch(`${app.url}/staff/api/tickets/${code}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STAFF}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'in_progress', publicNote: 'Đội chiếu sáng đã nhận việc', internalNote: 'ca đêm' }),
    });
    expect(change.status).toBe(200);

    const notices: { text: string }[] = [];
    const deadline = Date.now() + 10_000;
    while (notices.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      notices.push(...(await fetchNotices(app.url, conversationId, browser)));
    }
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain(code);
    expect(notices[0]!.text).toContain('Đội chiếu sáng đã nhận việc');
    expect(notices[0]!.text).not.toContain('ca đêm');

    // Later polls bring nothing more: the update was delivered once.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await fetchNotices(app.url, conversationId, browser)).toHaveLength(0);

    // And the citizen can ask about it in the chat.
    const status = await postChat(app.url, { conversationId, text: `${code} tới đâu rồi` }, browser);
    expect(status.meta.intent).toBe('status');
    expect(status.replies[0]!.text).toContain('Đội chiếu sáng đã nhận việc');
  });
});

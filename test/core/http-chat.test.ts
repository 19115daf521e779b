import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/config.ts';
import { silentLogger } from '../../adapters/logger.ts';
import { startApp, type RunningApp } from '../../main.ts';

describe('POST /api/chat over real HTTP', () => {
  let app: RunningApp;
  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'hue-http-')), KNOWLEDGE_WATCH: 'false', MODEL_DIR: mkdtempSync(join(tmpdir(), 'no-model-')) });
    app = await startApp(config, silentLogger);
  });
  afterAll(async () => app?.close());

  const post = (body: unknown, raw?: string) =>
    fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });

  it('answers a knowledge question with replies and meta', async () => {
    const res = await post({ conversationId: 'http-1', text: 've vao dai noi bao nhieu tien' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.meta.intent).toMatch(/answer|clarify/);
    expect(body.meta.lang).toBe('vi');
    expect(['tour.imperial-city', 'tour.tickets']).toContain(body.meta.sources[0].id);
    expect(body.replies[0].text).toContain('200.000');
  });

  it('takes the typed number of a "Did you mean" choice, and a follow-up about the site just discussed', async () => {
    const asked = await (await post({ conversationId: 'http-clarify', text: 'lệ phí' })).json();
    expect(asked.meta.intent).toBe('clarify');
    const first = asked.replies.at(-1).quickReplies[0].payload.replace('entry:', '');
    const picked = await (await post({ conversationId: 'http-clarify', text: '1' })).json();
    expect(picked.meta).toMatchObject({ intent: 'answer' });
    expect(picked.meta.sources[0].id).toBe(first);

    await post({ conversationId: 'http-follow', text: 'chùa thiên mụ ở đâu' });
    const followUp = await (await post({ conversationId: 'http-follow', text: 'còn vé vào thì bao nhiêu?' })).json();
    expect(['tour.thien-mu', 'tour.tickets']).toContain(followUp.meta.sources[0].id);
    expect(followUp.replies.map((r: { text: string }) => r.text).join('\n')).toContain('Thiên Mụ');
  });

  it('reports health', async () => {
    const body = await (await fetch(`${app.url}/healthz`)).json();
    expect(body).toMatchObject({ status: 'ok', entries: 56 });
  });

  it('rejects bad input with a JSON reason instead of crashing', async () => {
    const broken = await post(undefined, '{"conversationId": "x", "text": ');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: 'invalid_json' });
    const missing = await post({ text: 'hello' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ field: 'conversationId' });
    const badLocation = await post({ conversationId: 'x', location: { lat: 200, lng: 0 } });
    expect(badLocation.status).toBe(400);
    const huge = await post({ conversationId: 'x', text: 'a'.repeat(70_000) });
    expect(huge.status).toBe(413);
    // The server is still answering afterwards.
    expect((await post({ conversationId: 'http-2', text: 'hello' })).status).toBe(200);
  });
});

/** The running server's /metrics: chat turns counted as they are answered, tickets read from the store. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/config.ts';
import { silentLogger } from '../../adapters/logger.ts';
import { startApp, type RunningApp } from '../../main.ts';

describe('GET /metrics on the server', () => {
  let app: RunningApp;
  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'hue-metrics-app-')),
      KNOWLEDGE_WATCH: 'false',
      MODEL_DIR: mkdtempSync(join(tmpdir(), 'no-model-')),
      ASSISTANT_WORKERS: '0',
    });
    app = await startApp(config, silentLogger);
  });
  afterAll(async () => app?.close());

  const scrape = async () => (await fetch(`${app.url}/metrics`)).text();
  const value = (text: string, pattern: RegExp) => Number(text.split('\n').find((l) => pattern.test(l))?.split(' ').pop() ?? NaN);

  it('counts each chat turn by channel, intent and language as it is answered', async () => {
    const before = await scrape();
    const answers = /^hue_messages_total\{channel="web",intent="answer",lang="en"\} /;
    const startCount = value(before, answers) || 0;
    for (const text of ['how much is the ticket to the imperial city', 'what time does the citadel open']) {
      const reply = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: `m-${text.length}`, text }) });
      expect(((await reply.json()) as { meta: { intent: string } }).meta.intent).toBe('answer');
    }
    const after = await scrape();
    expect(value(after, answers)).toBe(startCount + 2);
    expect(value(after, /^hue_answer_confidence_count\{lang="en"\} /)).toBeGreaterThanOrEqual(2);
    expect(value(after, /^hue_outbox_pending /)).toBe(0);
  });
});

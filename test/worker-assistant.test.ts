/**
 * Assistant turns in worker threads: the real worker answers from the knowledge base and keeps each
 * conversation on one worker; a worker that dies is replaced and its turns get an error reply.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../adapters/config.ts';
import { AssistantWorkerError, startWorkerAssistant, type WorkerAssistant } from '../adapters/runtime/worker-assistant.ts';
import type { Logger } from '../bot/ports.ts';

function recordingLogger() {
  const lines: { level: string; message: string; context?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, context?: Record<string, unknown>) => lines.push({ level, message, context });
  const logger: Logger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

const testConfig = (env: Record<string, string> = {}) =>
  loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'hue-worker-')),
    MODEL_DIR: mkdtempSync(join(tmpdir(), 'no-model-')),
    KNOWLEDGE_WATCH: 'false',
    LOG_LEVEL: 'info',
    ...env,
  });

describe('assistant in worker threads (the real worker)', () => {
  let assistant: WorkerAssistant;
  const { logger, lines } = recordingLogger();
  beforeAll(async () => {
    assistant = await startWorkerAssistant({ config: testConfig(), logger, workers: 2 });
  }, 60_000);
  afterAll(async () => assistant?.close());

  it('answers from the knowledge base and reports what it loaded', async () => {
    const reply = await assistant.handle({ channel: 'web', conversationId: 'w-1', userId: 'u-1', text: 'giờ mở cửa Đại Nội' });
    expect(reply.meta.intent).toBe('answer');
    expect(reply.meta.sources[0]?.id).toBe('tour.imperial-city');
    const knowledge = assistant.knowledge();
    expect(knowledge.entries).toBeGreaterThan(40);
    expect(knowledge.categories.map((c) => c.id)).toContain('street-lighting');
    // The worker logs through the HTTP thread's logger.
    expect(lines.some((l) => l.level === 'info' && l.message === 'knowledge loaded')).toBe(true);
  });

  it('keeps every conversation on one worker, so its state carries over between turns', async () => {
    const conversations = Array.from({ length: 8 }, (_, i) => `w-state-${i}`);
    const first = await Promise.all(conversations.map((id) => assistant.handle({ channel: 'web', conversationId: id, userId: id, text: 'vé vào Đại Nội bao nhiêu tiền' })));
    for (const reply of first) expect(reply.quickReplies.map((q) => q.payload)).toContain('more');
    const more = await Promise.all(conversations.map((id) => assistant.handle({ channel: 'web', conversationId: id, userId: id, text: 'more', postback: 'more' })));
    for (const reply of more) expect(reply.meta.intent).toBe('more');
    expect(new Set(more.map((r) => r.text)).size).toBe(1);
    expect(more[0]!.text).not.toBe(first[0]!.text);
  });

  it('files a complaint through the worker', async () => {
    const reply = await assistant.handle({ channel: 'web', conversationId: 'w-report', userId: 'w-report', text: 'đèn đường trước nhà số 12 Lê Lợi tắt cả tuần nay' });
    expect(reply.meta.intent).toBe('complaint');
    expect(reply.meta.category).toBe('street-lighting');
  });
});

describe('assistant worker failures', () => {
  const entry = new URL('./helpers/echo-assistant-worker.mjs', import.meta.url);

  it('answers a turn whose worker died with the error reply, then serves the next turn from a new worker', async () => {
    const { logger, lines } = recordingLogger();
    const assistant = await startWorkerAssistant({ config: testConfig(), logger, workers: 1, entry, restartDelayMs: 20 });
    try {
      expect((await assistant.handle({ channel: 'web', conversationId: 'c', userId: 'u', text: 'hi' })).text).toBe('echo:hi');
      const died = await assistant.handle({ channel: 'web', conversationId: 'c', userId: 'u', text: 'die', langChoice: 'fr' });
      expect(died.meta.intent).toBe('error');
      expect(died.meta.lang).toBe('fr');
      expect(died.text.length).toBeGreaterThan(10);
      expect((await assistant.handle({ channel: 'web', conversationId: 'c', userId: 'u', text: 'again' })).text).toBe('echo:again');
      expect(lines.some((l) => l.message === 'assistant worker stopped; restarting')).toBe(true);
      expect(lines.filter((l) => l.message === 'echo worker ready')).toHaveLength(2);
    } finally {
      await assistant.close();
    }
  });

  it('answers turns waiting for a restart with the error reply when the assistant closes', async () => {
    const { logger } = recordingLogger();
    const assistant = await startWorkerAssistant({ config: testConfig(), logger, workers: 1, entry, restartDelayMs: 60_000 });
    expect((await assistant.handle({ channel: 'web', conversationId: 'c', userId: 'u', text: 'die' })).meta.intent).toBe('error');
    const waiting = assistant.handle({ channel: 'web', conversationId: 'c', userId: 'u', text: 'still there?' });
    await assistant.close();
    expect((await waiting).meta.intent).toBe('error');
  });

  it('turns a failed turn into the error reply in the default language', async () => {
    const { logger } = recordingLogger();
    const assistant = await startWorkerAssistant({ config: testConfig({ DEFAULT_LANG: 'en' }), logger, workers: 1, entry });
    try {
      const reply = await assistant.handle({ channel: 'web', conversationId: 'c', userId: 'u', text: 'fail' });
      expect(reply.meta).toMatchObject({ intent: 'error', lang: 'en', confidence: 0 });
      expect(reply.quickReplies.length).toBeGreaterThan(0);
    } finally {
      await assistant.close();
    }
  });

  it('refuses to start when a worker cannot start', async () => {
    const { logger } = recordingLogger();
    // Set explicitly: without them the configuration would read the (missing) folder's city profile.
    const unreadable = { KNOWLEDGE_DIR: 'fail-at-start', DEFAULT_LANG: 'vi', TICKET_CODE_PREFIX: 'HUE' };
    await expect(startWorkerAssistant({ config: testConfig(unreadable), logger, workers: 2, entry })).rejects.toThrow(AssistantWorkerError);
    await expect(startWorkerAssistant({ config: testConfig(unreadable), logger, workers: 1, entry })).rejects.toThrow(/knowledge folder unreadable/);
  });
});

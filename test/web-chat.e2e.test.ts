/**
 * The web chat page in a real browser (Debian's chromium through playwright-core) against the
 * real HTTP app with a fake core: ask, switch language, press a quick reply, share a location,
 * reload and find the history. Screenshots go to test-output/screenshots/.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUploadStore, uploadFile } from '../adapters/channels/uploads.ts';
import { createHttpApp } from '../adapters/http/server.ts';
import { silentLogger } from '../adapters/logger.ts';
import { createWebChatRouter } from '../adapters/web/router.ts';
import type { Assistant } from '../bot/assistant.ts';
import type { InboundMessage, Reply } from '../bot/types.ts';
import { listen, type RunningServer } from './helpers/fake-server.ts';
import { CHROMIUM, hasChromium, openPhoneBrowser, SCREENSHOTS as SHOTS, type PhoneBrowser } from './helpers/phone-browser.ts';

const HUE = { latitude: 16.4637, longitude: 107.5909 };

const calls: InboundMessage[] = [];
const assistant: Assistant = {
  async handle(message: InboundMessage): Promise<Reply> {
    calls.push(message);
    const lang = message.langChoice ?? 'vi';
    const said = message.text ?? message.postback ?? (message.location ? `location ${message.location.lat},${message.location.lng}` : 'photo');
    return {
      text: `**[${lang}]** echo: ${said}`,
      quickReplies: [{ label: 'Giờ mở cửa', payload: 'faq:hours' }],
      meta: { intent: 'answer', lang, confidence: 1, sources: [] },
    };
  },
};

describe.skipIf(!hasChromium)('web chat page (chromium)', () => {
  let server: RunningServer;
  let browser: PhoneBrowser;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'web-'));
    const uploads = createUploadStore(dataDir, { maxBytes: 1024 * 1024, perOwner: 5, totalBytes: 10 * 1024 * 1024 });
    // The page has spoken before it sends a photo, so the conversation is live.
    const isLiveConversation = async (id: string) => calls.some((c) => c.conversationId === id);
    const app = createHttpApp({
      assistant,
      logger: silentLogger,
      ownsUpload: (owner, ref) => uploads.owns(owner, ref),
      routers: [{ path: '/', router: createWebChatRouter({ uploads, maxBytes: 1024 * 1024, isLiveConversation }) }],
    });
    server = await listen(app);
    browser = await openPhoneBrowser({ geolocation: HUE, locale: 'en-US' });
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers a typed question', async () => {
    await page.goto(server.url + '/');
    await expect.poll(() => page.locator('#title').textContent()).toBe('Huế Assistant');
    await page.getByLabel('Message').fill('Đại Nội mở cửa lúc mấy giờ?');
    await page.keyboard.press('Enter');
    await page.locator('.msg.bot', { hasText: 'echo: Đại Nội mở cửa lúc mấy giờ?' }).waitFor();
    expect(await page.locator('.msg.bot strong').last().textContent()).toBe('[en]');
    expect(calls.at(-1)).toMatchObject({ channel: 'web', text: 'Đại Nội mở cửa lúc mấy giờ?', langChoice: 'en' });
    await page.screenshot({ path: join(SHOTS, '1-answer.png'), fullPage: true });
  });

  it('switches language and sends it with the next message', async () => {
    await page.getByLabel('Language').selectOption('fr');
    await expect.poll(() => page.locator('#send').textContent()).toBe('Envoyer');
    await page.getByLabel('Message').fill('Bonjour');
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await page.locator('.msg.bot', { hasText: 'echo: Bonjour' }).waitFor();
    expect(calls.at(-1)).toMatchObject({ text: 'Bonjour', langChoice: 'fr' });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
  });

  it('presses a quick reply, which travels as a postback', async () => {
    await page.getByRole('button', { name: 'Giờ mở cửa' }).click();
    await page.locator('.msg.bot', { hasText: 'echo: faq:hours' }).waitFor();
    expect(calls.at(-1)).toMatchObject({ postback: 'faq:hours' });
    await page.screenshot({ path: join(SHOTS, '2-quick-reply.png'), fullPage: true });
  });

  it('shares the browser location', async () => {
    await page.getByRole('button', { name: 'Envoyer ma position' }).click();
    await page.locator('.msg.bot', { hasText: 'echo: location 16.4637,107.5909' }).waitFor();
    expect(calls.at(-1)).toMatchObject({ location: { lat: HUE.latitude, lng: HUE.longitude } });
  });

  it('uploads a photo and sends it as an attachment', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    await page.locator('#photo').setInputFiles({ name: 'pothole.png', mimeType: 'image/png', buffer: png });
    await page.locator('.msg.bot', { hasText: 'echo: photo' }).waitFor();
    expect(calls.at(-1)?.attachments?.[0]?.ref).toMatch(/^uploads\/[0-9a-f]{16}-[\w-]+\.png$/);
    expect(existsSync(uploadFile(dataDir, calls.at(-1)!.attachments![0]!.ref)!)).toBe(true);
  });

  it('keeps the conversation across a reload', async () => {
    const conversationId = calls.at(-1)!.conversationId;
    await page.reload();
    await page.locator('.msg.me', { hasText: 'Bonjour' }).waitFor();
    expect(await page.locator('.msg').count()).toBeGreaterThanOrEqual(11);
    expect(await page.locator('#lang').inputValue()).toBe('fr');
    await page.getByLabel('Message').fill('encore');
    await page.keyboard.press('Enter');
    await page.locator('.msg.bot', { hasText: 'echo: encore' }).waitFor();
    expect(calls.at(-1)!.conversationId).toBe(conversationId);
    expect(calls.every((c) => c.conversationId === conversationId)).toBe(true);
    await page.screenshot({ path: join(SHOTS, '3-after-reload.png'), fullPage: true });
  });
});

if (!hasChromium) console.warn(`web-chat e2e skipped: ${CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)`);

/**
 * The web chat page in Debian's Chromium against the real server (`startApp`): a tourist asks a
 * question, switches to Korean, and a citizen files a complaint with the browser's location.
 * Screenshots go to test-output/screenshots/.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../adapters/config.ts';
import { silentLogger } from '../adapters/logger.ts';
import { startApp, type RunningApp } from '../main.ts';
import { hasChromium, openPhoneBrowser, SCREENSHOTS as SHOTS, type PhoneBrowser } from './helpers/phone-browser.ts';

const LE_LOI = { latitude: 16.4637, longitude: 107.5909 };

describe.skipIf(!hasChromium)('web chat page on the real assistant (chromium)', () => {
  let app: RunningApp;
  let browser: PhoneBrowser;
  let page: Page;
  /** Notice streams the page opened: one per page, or the browser runs out of connections for chat requests. */
  let noticeStreams = 0;

  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: await mkdtemp(join(tmpdir(), 'web-real-')),
      KNOWLEDGE_WATCH: 'false',
      MODEL_DIR: await mkdtemp(join(tmpdir(), 'no-model-')),
    });
    app = await startApp(config, silentLogger);
    browser = await openPhoneBrowser({ geolocation: LE_LOI, locale: 'vi-VN' });
    page = browser.page;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/chat/events') noticeStreams++;
    });
    await page.goto(app.url + '/');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const lastBot = () => page.locator('.msg.bot').last();
  const send = async (text: string) => {
    const before = await page.locator('.msg.bot').count();
    await page.locator('#text').fill(text);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.msg.bot').count(), { timeout: 10_000 }).toBeGreaterThan(before);
  };
  const press = async (name: string | RegExp) => {
    const before = await page.locator('.msg.bot').count();
    await page.locator('#quick').getByRole('button', { name }).first().click();
    await expect.poll(() => page.locator('.msg.bot').count(), { timeout: 10_000 }).toBeGreaterThan(before);
  };

  it('answers an unaccented Vietnamese question with the sourced ticket price', async () => {
    await send('ve vao dai noi bao nhieu tien');
    await expect.poll(() => lastBot().textContent()).toContain('200.000');
    expect(await lastBot().textContent()).toMatch(/Nguồn|Source/);
    await page.screenshot({ path: join(SHOTS, 'real-1-answer-vi.png'), fullPage: true });
  });

  it('switches to Korean and answers in Korean', async () => {
    await page.locator('#lang').selectOption('ko');
    await expect.poll(() => page.locator('#send').textContent()).toBe('보내기');
    await send('후에 왕궁 입장료 얼마예요');
    await expect.poll(() => lastBot().textContent()).toMatch(/[\uac00-\ud7af]/);
    expect(await lastBot().textContent()).toContain('200,000동');
    await page.screenshot({ path: join(SHOTS, 'real-2-answer-ko.png'), fullPage: true });
  });

  it('files a complaint with the browser location and shows the ticket code', async () => {
    await page.locator('#lang').selectOption('vi');
    await send('đèn đường trước số 12 Lê Lợi tắt cả tuần nay rồi');
    await expect.poll(() => lastBot().textContent()).toMatch(/chiếu sáng/i);
    await press(/chiếu sáng/i);
    const before = await page.locator('.msg.bot').count();
    await page.locator('#locate').click();
    await expect.poll(() => page.locator('.msg.bot').count(), { timeout: 10_000 }).toBeGreaterThan(before);
    // Photos and phone are optional: skip both, then confirm the summary.
    await press(/Bỏ qua/);
    await press(/Bỏ qua|Không/);
    await expect.poll(() => lastBot().textContent()).toMatch(/kiểm tra lại/);
    await press(/Gửi|Xác nhận/);
    await expect.poll(() => lastBot().textContent()).toMatch(/HUE-\d{4}-[0-9A-HJKMNP-TV-Z]{7}/);
    await page.screenshot({ path: join(SHOTS, 'real-3-complaint.png'), fullPage: true });
    // Every message, button and language change went over the one notice stream opened with the page.
    expect(noticeStreams).toBe(1);
  });
});

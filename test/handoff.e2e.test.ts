/**
 * Handoff and live updates in Debian's Chromium against the real server (`startApp`): a citizen
 * asks for a person in the web chat; a clerk takes the conversation over in the console inbox,
 * answers, and hands it back; while the clerk holds it the assistant stays silent; a status change
 * by staff reaches the open chat page by Server-Sent Events. Screenshots go to
 * test-output/screenshots/handoff-*.png.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStaffCommand } from '../adapters/cli/staff.ts';
import { loadConfig } from '../adapters/config.ts';
import { silentLogger } from '../adapters/logger.ts';
import { openSqliteStaffStore } from '../adapters/stores/sqlite-staff-store.ts';
import { openSqliteTicketStore } from '../adapters/stores/sqlite-ticket-store.ts';
import { startApp, type RunningApp } from '../main.ts';
import { seriousViolations } from './helpers/axe.ts';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, SCREENSHOTS as SHOTS } from './helpers/phone-browser.ts';
import { sampleTicket } from './ticket-store.contract.ts';

const STAFF_TOKEN = 'handoff-e2e-staff-token';
const PASSWORD = 'inbox clerk passphrase 2026';
const REPLY = 'Chào bạn, mình là Lan ở Trung tâm. Bạn cần hỗ trợ gì ạ?';

describe.skipIf(!hasChromium)('handoff and live updates in Chromium on the real server', () => {
  let app: RunningApp;
  let dataDir: string;
  let browser: Browser;
  let citizen: BrowserContext;
  let chat: Page;
  let clerk: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'handoff-e2e-'));
    app = await startApp(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        KNOWLEDGE_WATCH: 'false',
        MODEL_DIR: await mkdtemp(join(tmpdir(), 'no-model-')),
        STAFF_TOKENS: STAFF_TOKEN,
        ...(process.env.MODEL_CACHE_DIR ? { MODEL_CACHE_DIR: process.env.MODEL_CACHE_DIR } : {}),
      }),
      silentLogger,
    );
    const staff = openSqliteStaffStore({ file: join(dataDir, 'tickets.sqlite') });
    const out: string[] = [];
    await runStaffCommand(['add', 'lan', '--role', 'agent'], staff, (l) => out.push(l));
    await staff.close();
    const oneTime = /one-time password.*: (\S+)$/m.exec(out.join('\n'))![1]!;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    citizen = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    chat = await citizen.newPage();
    clerk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    page = await clerk.newPage();
    // Log in and choose a password, as the console test does in detail.
    await page.goto(app.url + '/staff/login');
    await page.locator('#name').fill('lan');
    await page.locator('#password').fill(oneTime);
    await Promise.all([page.waitForURL(/\/staff\/password/), page.keyboard.press('Enter')]);
    await page.locator('#current').fill(oneTime);
    await page.locator('#new-password').fill(PASSWORD);
    await page.locator('#confirm').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/staff\/tickets/), page.keyboard.press('Enter')]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const bots = () => chat.locator('.msg.bot');
  const send = async (text: string) => {
    await chat.locator('#text').fill(text);
    await chat.keyboard.press('Enter');
  };
  const conversationId = () => chat.evaluate(() => JSON.parse(localStorage.getItem('hue-assistant.chat.v1') ?? '{}').conversationId as string);

  it('takes a web-chat conversation over from the inbox, answers, and hands it back', async () => {
    await chat.goto(app.url + '/');
    let before = await bots().count();
    await send('mình muốn nói chuyện với cán bộ');
    await expect.poll(() => bots().count(), { timeout: 15_000 }).toBeGreaterThan(before);
    expect(await bots().last().textContent()).toContain('cán bộ');

    await page.goto(app.url + '/staff/inbox');
    expect(await page.getByRole('link', { name: 'Chuyển cán bộ' }).count()).toBe(1);
    const row = page.locator('tbody tr', { hasText: 'mình muốn nói chuyện với cán bộ' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'handoff-1-inbox-vi.png'), fullPage: true });
    await row.getByRole('link').click();
    await expect.poll(() => page.locator('#transcript li').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Nhận xử lý cuộc trò chuyện này' }).click();
    await expect.poll(() => page.locator('main .handoff-claimed').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    before = await bots().count();
    await page.locator('#r-text').fill(REPLY);
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    // Pushed to the open chat page: no reload, no polling.
    await expect.poll(async () => (await bots().allTextContents()).join('\n'), { timeout: 5000 }).toContain(REPLY);
    await chat.screenshot({ path: join(SHOTS, 'handoff-2-chat-staff-reply-vi.png'), fullPage: true });

    // Held by staff: the person's question gets no answer from the assistant, and the clerk sees it.
    const held = await bots().count();
    await send('vé vào Đại Nội bao nhiêu tiền');
    await expect.poll(() => page.locator('#transcript').textContent(), { timeout: 10_000 }).toContain('vé vào Đại Nội bao nhiêu tiền');
    expect(await bots().count()).toBe(held);
    await page.screenshot({ path: join(SHOTS, 'handoff-3-conversation-vi.png'), fullPage: true });

    await page.getByRole('button', { name: 'Trả lại cho trợ lý' }).click();
    await expect.poll(async () => (await bots().allTextContents()).join('\n'), { timeout: 5000 }).toContain('trợ lý tự động');
    before = await bots().count();
    await send('vé vào Đại Nội bao nhiêu tiền');
    await expect.poll(() => bots().count(), { timeout: 15_000 }).toBeGreaterThan(before);
    expect(await bots().last().textContent()).toContain('200.000');
    await chat.screenshot({ path: join(SHOTS, 'handoff-4-chat-handed-back-vi.png'), fullPage: true });

    // The same conversation in English, as an English-speaking clerk reads it.
    await page.goto(`${page.url().split('?')[0]}?lang=en`);
    expect(await page.locator('main').textContent()).toContain('Handed back');
    expect(await page.getByRole('link', { name: 'Handoffs', exact: true }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'handoff-6-conversation-en.png'), fullPage: true });
  }, 120_000);

  it('shows a staff status change in the open chat page as it happens', async () => {
    const cookie = (await citizen.cookies()).find((c) => c.name === 'hue_chat')!;
    const userId = decodeURIComponent(cookie.value).split('.')[0]!;
    const store = openSqliteTicketStore({ file: join(dataDir, 'tickets.sqlite') });
    const ticket = await store.create(sampleTicket({ lang: 'vi', reporter: { channel: 'web', conversationId: await conversationId(), userId } }));
    await store.close();

    const before = await bots().count();
    const started = Date.now();
    const res = await fetch(`${app.url}/staff/api/tickets/${ticket.code}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STAFF_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'in_progress', publicNote: 'Đội môi trường đang đến.' }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => bots().count(), { timeout: 5000, interval: 50 }).toBeGreaterThan(before);
    console.log(`status change shown in the chat page after ${Date.now() - started} ms`);
    const text = await bots().last().textContent();
    expect(text).toContain(ticket.code);
    expect(text).toContain('Đội môi trường đang đến.');
    await chat.screenshot({ path: join(SHOTS, 'handoff-5-chat-live-status-vi.png'), fullPage: true });
  }, 60_000);
});

/**
 * The review loop in Debian's Chromium against the real server (`startApp`, one assistant
 * worker, the knowledge watcher on): a visitor's question is refused in the web chat; an editor
 * logs into the console, finds it in the review queue and adds it as an alternate question of an
 * entry; the visitor's next message with that question is answered from the entry. The knowledge
 * folder is a temporary git checkout copied from the repository's. Screenshots in Vietnamese and
 * English go to test-output/screenshots/review-*.png.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStaffCommand } from '../../adapters/cli/staff.ts';
import { loadConfig } from '../../adapters/config.ts';
import { silentLogger } from '../../adapters/logger.ts';
import { openSqliteStaffStore } from '../../adapters/stores/sqlite-staff-store.ts';
import { startApp, type RunningApp } from '../../main.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, SCREENSHOTS as SHOTS } from '../helpers/phone-browser.ts';

const REPO_KNOWLEDGE = resolve(import.meta.dirname, '../../knowledge');
const QUESTION = 'is there a luggage storage near the station';
const ENTRY = 'tour.getting-there';
const PASSWORD = 'hue editor passphrase 2026';
const NAV = { timeout: 15_000 };

interface ChatMeta {
  intent: string;
  sources: { id: string }[];
}

describe.skipIf(!hasChromium)('review queue → next answer in Chromium on the real server', () => {
  let app: RunningApp;
  let browser: Browser;
  let chat: Page;
  let page: Page;
  let repo: string;
  let oneTimePassword: string;

  beforeAll(async () => {
    repo = join(mkdtempSync(join(tmpdir(), 'review-e2e-')), 'repo');
    cpSync(REPO_KNOWLEDGE, join(repo, 'knowledge'), { recursive: true });
    execFileSync('git', ['-C', repo, 'init', '-q']);
    execFileSync('git', ['-C', repo, 'add', '.']);
    execFileSync('git', ['-C', repo, '-c', 'user.name=Seed', '-c', 'user.email=seed@example.invalid', 'commit', '-qm', 'seed']);
    const dataDir = mkdtempSync(join(tmpdir(), 'review-e2e-data-'));
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      KNOWLEDGE_DIR: join(repo, 'knowledge'),
      ASSISTANT_WORKERS: '1',
      MODEL_DIR: mkdtempSync(join(tmpdir(), 'no-model-')),
      ...(process.env.MODEL_CACHE_DIR ? { MODEL_CACHE_DIR: process.env.MODEL_CACHE_DIR } : {}),
    });
    app = await startApp(config, silentLogger);
    // As an administrator would: `npm run staff -- add lan --role editor`.
    const staff = openSqliteStaffStore({ file: join(dataDir, 'tickets.sqlite') });
    const out: string[] = [];
    await runStaffCommand(['add', 'lan', '--role', 'editor'], staff, (l) => out.push(l));
    await staff.close();
    oneTimePassword = /one-time password.*: (\S+)$/m.exec(out.join('\n'))![1]!;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    chat = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' })).newPage();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Types a message in the web chat and returns what the server answered (its meta). */
  const ask = async (text: string): Promise<ChatMeta> => {
    const answered = chat.waitForResponse((r) => r.url().endsWith('/api/chat') && r.request().method() === 'POST', { timeout: 30_000 });
    const before = await chat.locator('.msg.bot').count();
    await chat.locator('#text').fill(text);
    await chat.keyboard.press('Enter');
    const meta = ((await (await answered).json()) as { meta: ChatMeta }).meta;
    await expect.poll(() => chat.locator('.msg.bot').count(), NAV).toBeGreaterThan(before);
    return meta;
  };

  it('refuses the question in the web chat, honestly', async () => {
    await chat.goto(app.url + '/');
    await chat.locator('#lang').selectOption('en');
    const meta = await ask(QUESTION);
    expect(meta.intent).toBe('oos');
    await chat.screenshot({ path: join(SHOTS, 'review-1-refused-en.png'), fullPage: true });
  }, 60_000);

  it('shows the question in the editor’s review queue, in Vietnamese and English', async () => {
    await page.goto(app.url + '/staff/login');
    await page.locator('#name').fill('lan');
    await page.locator('#password').fill(oneTimePassword);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url(), NAV).toContain('/staff/password');
    await page.locator('#current').fill(oneTimePassword);
    await page.locator('#new-password').fill(PASSWORD);
    await page.locator('#confirm').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname, NAV).toBe('/staff/tickets');

    await page.getByRole('link', { name: 'Câu hỏi cần xem lại' }).click();
    await expect.poll(() => new URL(page.url()).pathname, NAV).toBe('/staff/review');
    const card = page.locator('section.review-group', { has: page.getByRole('heading', { name: QUESTION }) });
    expect(await card.count()).toBe(1);
    expect(await card.textContent()).toContain('Trò chuyện trên web × 1');
    expect(await card.textContent()).toContain('từ chối');
    const violations = await seriousViolations(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'review-2-queue-vi.png'), fullPage: true });
    await page.goto(app.url + '/staff/review?lang=en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Questions to review');
    await page.screenshot({ path: join(SHOTS, 'review-3-queue-en.png'), fullPage: true });
  }, 90_000);

  it('adds it as an alternate question of the entry; the next chat message is answered from it', async () => {
    const card = page.locator('section.review-group', { has: page.getByRole('heading', { name: QUESTION }) });
    await card.getByLabel('Entry that answers it').selectOption(ENTRY);
    const started = Date.now();
    // The page returns once the assistant answers from the change (reload and retraining).
    await Promise.all([
      page.waitForURL(/\/staff\/review\?done=added/, { timeout: 240_000 }),
      card.getByRole('button', { name: 'Add as an alternate question' }).click({ noWaitAfter: true }),
    ]);
    const notice = (await page.getByRole('status').textContent()) ?? '';
    expect(notice).toMatch(/The assistant answers it from the entry now \(ready after [\d.]+ s\)/);
    console.log(`add alternate → served: ${((Date.now() - started) / 1000).toFixed(1)} s in the browser; ${notice}`);
    await page.screenshot({ path: join(SHOTS, 'review-4-added-en.png'), fullPage: true });

    const meta = await ask(QUESTION);
    expect(meta.intent).toBe('answer');
    expect(meta.sources[0]!.id).toBe(ENTRY);
    await chat.screenshot({ path: join(SHOTS, 'review-5-answered-en.png'), fullPage: true });

    expect(execFileSync('git', ['-C', repo, 'log', '-1', '--format=%an'], { encoding: 'utf8' }).trim()).toBe('lan');
  }, 300_000);

  it('shows the knowledge-health page', async () => {
    await page.goto(app.url + '/staff/knowledge-health?lang=vi');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sức khỏe kho tri thức');
    expect(await page.getByRole('heading', { name: 'Mục chưa trả lời ai lần nào' }).count()).toBe(1);
    const violations = await seriousViolations(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'review-6-health-vi.png'), fullPage: true });
  }, 60_000);
});

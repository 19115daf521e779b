/**
 * Debian's Chromium through playwright-core, as a phone-sized page with a fixed geolocation.
 * Each launch gets a fresh profile directory, so no state leaks between runs.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-output/screenshots');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface PhoneBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openPhoneBrowser(options: { geolocation: { latitude: number; longitude: number }; locale: string }): Promise<PhoneBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 390, height: 844 },
    geolocation: options.geolocation,
    permissions: ['geolocation'],
    locale: options.locale,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../adapters/config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.dataDir).toMatch(/data$/);
    expect(config.EMBEDDING_MODEL).toBe('Xenova/multilingual-e5-small');
    expect(config.KNOWLEDGE_WATCH).toBe(true);
    expect(config.STAFF_TOKENS).toEqual([]);
    expect(config.ASSISTANT_WORKERS).toBe(1);
  });

  it('parses lists and flags', () => {
    const config = loadConfig({ STAFF_TOKENS: 'a, b,,c', ALLOW_MODEL_DOWNLOAD: '1', KNOWLEDGE_WATCH: 'false' });
    expect(config.STAFF_TOKENS).toEqual(['a', 'b', 'c']);
    expect(config.ALLOW_MODEL_DOWNLOAD).toBe(true);
    expect(config.KNOWLEDGE_WATCH).toBe(false);
  });

  it('takes the ticket prefix and default language from the city profile unless set', () => {
    expect(loadConfig({})).toMatchObject({ TICKET_CODE_PREFIX: 'HUE', DEFAULT_LANG: 'vi' });
    expect(loadConfig({ TICKET_CODE_PREFIX: 'TST', DEFAULT_LANG: 'en' })).toMatchObject({ TICKET_CODE_PREFIX: 'TST', DEFAULT_LANG: 'en' });
    const other = mkdtempSync(join(tmpdir(), 'hue-city-'));
    cpSync('knowledge/locales', join(other, 'locales'), { recursive: true });
    writeFileSync(join(other, 'city.yaml'), readFileSync('knowledge/city.yaml', 'utf8').replace('ticketPrefix: HUE', 'ticketPrefix: DNG').replace('defaultLang: vi', 'defaultLang: en'));
    expect(loadConfig({ KNOWLEDGE_DIR: other })).toMatchObject({ TICKET_CODE_PREFIX: 'DNG', DEFAULT_LANG: 'en' });
    expect(() => loadConfig({ KNOWLEDGE_DIR: join(other, 'missing') })).toThrow(/DEFAULT_LANG.*city\.yaml/);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DEFAULT_LANG: 'de' }, 'DEFAULT_LANG'],
    [{ TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_MODE: 'webhook' }, 'TELEGRAM_WEBHOOK_SECRET'],
    [{ MICROSOFT_APP_ID: 'id-only' }, 'MICROSOFT_APP_PASSWORD'],
    // The Bot Framework SDK will not run anonymously in production; start-up says so first.
    [{ BOTFRAMEWORK_ALLOW_UNAUTHENTICATED: 'true', NODE_ENV: 'production' }, 'BOTFRAMEWORK_ALLOW_UNAUTHENTICATED'],
    [{ ASSISTANT_WORKERS: '9' }, 'ASSISTANT_WORKERS'],
    // Photos anyone can send never go into the folder that holds the database.
    [{ DATA_DIR: '/srv/hue', UPLOADS_DIR: '/srv/hue/uploads' }, 'UPLOADS_DIR'],
    [{ DATA_DIR: '/srv/hue', UPLOADS_DIR: '/srv/hue' }, 'UPLOADS_DIR'],
    [{ UPLOAD_MAX_BYTES: '0' }, 'UPLOAD_MAX_BYTES'],
  ])('names the bad variable in %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('stops start-up with a message naming the variable', () => {
    let stderr = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'main.ts'], { env: { ...process.env, PORT: 'not-a-port' }, stdio: 'pipe', timeout: 30_000 });
    } catch (error) {
      stderr = String((error as { stderr: Buffer }).stderr);
      expect((error as { status: number }).status).toBe(1);
    }
    expect(stderr).toContain('PORT');
  });
});

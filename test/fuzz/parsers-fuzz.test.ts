/**
 * Property: the knowledge-file loader and the configuration reader never throw on bad input
 * other than in their own way: knowledge files yield problems (never an exception), the
 * environment yields a ConfigError naming the variable. FUZZ_RUNS and FUZZ_SEED as in harness.ts;
 * FUZZ_KNOWLEDGE_RUNS for the knowledge files.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../adapters/config.ts';
import { loadKnowledge } from '../../knowledge/src/loader.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/src/locales.ts';
import { oddDate, oddJsonValue, oddNumber, oddText } from './inputs.ts';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 10_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_261_202);
// Each input is a knowledge folder written and loaded from disk (about 8 ms for a valid file), so fewer by default.
const KNOWLEDGE_RUNS = Number(process.env['FUZZ_KNOWLEDGE_RUNS'] ?? 2_000);
const dir = mkdtempSync(join(tmpdir(), 'hue-kb-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small valid entry (the real ones are 10+ kB, and parsing them ten thousand times takes minutes). */
const ENTRY = `---
id: fuzz.opening-hours
area: tourism
title:
  vi: Giờ mở cửa Đại Nội
  en: Imperial City opening hours
names:
  vi: [Đại Nội]
questions:
  vi: [Đại Nội mở cửa mấy giờ, giờ mở cửa]
  en: [when does the Imperial City open]
tags: [hours]
related: [tour.tickets]
sources:
  - url: https://example.org/hours
    title: Opening hours
    publisher: Example
    lang: vi
    official: false
    checked: 2026-12-01
reviewed: 2026-12-01
---
## vi
Mở cửa từ 7 giờ.

## en
Opens at 7 a.m.
`;
/** The head of a real complaint category, whose schema differs. */
const CATEGORY = readFileSync(join(DEFAULT_KNOWLEDGE_DIR, 'complaints/drainage-flooding.md'), 'utf8').slice(0, 2500);

/** A real file with a few random edits: lines dropped, doubled or replaced, text inserted, the end cut. */
const mutated = (original: string) =>
  fc
    .array(
      fc.tuple(fc.constantFrom('drop', 'double', 'replace', 'insert', 'cut', 'indent'), fc.nat(), oddText),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) => {
      let lines = original.split('\n');
      for (const [kind, at, text] of edits) {
        const i = at % Math.max(lines.length, 1);
        if (kind === 'drop') lines.splice(i, 1);
        else if (kind === 'double') lines.splice(i, 0, lines[i] ?? '');
        else if (kind === 'replace') lines[i] = text;
        else if (kind === 'insert') lines[i] = `${(lines[i] ?? '').slice(0, at % 7)}${text}${(lines[i] ?? '').slice(at % 7)}`;
        else if (kind === 'indent') lines[i] = `  ${lines[i] ?? ''}`;
        else lines = lines.slice(0, i);
      }
      return lines.join('\n');
    });

const knowledgeFile = fc.oneof(
  { weight: 4, arbitrary: mutated(ENTRY) },
  { weight: 2, arbitrary: mutated(CATEGORY) },
  { weight: 2, arbitrary: fc.tuple(fc.dictionary(fc.constantFrom('id', 'area', 'title', 'questions', 'tags', 'related', 'sources', 'reviewed', 'facts', 'names', 'attributes', 'unit'), oddJsonValue), oddText).map(([front, body]) => `---\n${Object.entries(front).map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n${body}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('---\n---\n', '---\n', '', '---\na: &a [*a]\n---\n', '---\n' + '- '.repeat(500) + '\n---\n', '\uFEFF---\nid: x\n---\n') },
);

describe('knowledge-file parsing', () => {
  it('reports problems for any file and never throws', { timeout: 600_000 }, () => {
    // The base of the mutations is itself valid, so the edits are what the loader sees.
    mkdirSync(join(dir, 'entries'), { recursive: true });
    writeFileSync(join(dir, 'entries', 'base.md'), ENTRY);
    const base = loadKnowledge(dir);
    rmSync(join(dir, 'entries', 'base.md'));
    expect(base.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(base.entries.map((e) => e.id)).toEqual(['fuzz.opening-hours']);
    mkdirSync(join(dir, 'entries'), { recursive: true });
    mkdirSync(join(dir, 'complaints'), { recursive: true });
    let tried = 0;
    let problems = 0;
    fc.assert(
      fc.property(knowledgeFile, fc.boolean(), (text, asCategory) => {
        tried++;
        const file = join(dir, asCategory ? 'complaints' : 'entries', 'fuzzed.md');
        writeFileSync(file, text);
        const loaded = loadKnowledge(dir);
        rmSync(file);
        expect(Array.isArray(loaded.problems)).toBe(true);
        if (loaded.problems.length) problems++;
      }),
      { numRuns: KNOWLEDGE_RUNS, seed: SEED },
    );
    console.log(`fuzz knowledge files: ${tried} inputs, ${problems} reported problems, 0 exceptions, seed ${SEED}`);
    expect(tried).toBeGreaterThanOrEqual(KNOWLEDGE_RUNS);
  });
});

const VARIABLES: Record<string, fc.Arbitrary<string>> = {
  PORT: oddNumber, HOST: oddText, DATA_DIR: fc.constantFrom('./data', '/tmp/x', ''), LOG_LEVEL: fc.constantFrom('info', 'debug', 'loud', ''),
  DEFAULT_LANG: fc.constantFrom('vi', 'en', 'xx', 'VI', ''), KNOWLEDGE_WATCH: fc.constantFrom('true', 'false', 'maybe', ''), INTERPRETER: fc.constantFrom('trained', 'rules', 'x'),
  KNOWLEDGE_DIR: fc.oneof({ weight: 8, arbitrary: fc.constant(DEFAULT_KNOWLEDGE_DIR) }, { weight: 1, arbitrary: fc.constantFrom('/nonexistent', '', '\u0000', '/etc') }),
  DATABASE_URL: fc.constantFrom('postgres://x', 'mysql://x', 'postgres://', ''), DATABASE_SCHEMA: fc.constantFrom('ok_1', 'Bad', 'drop table;', ''),
  REDIS_URL: fc.constantFrom('redis://x', 'http://x', ''), CONVERSATION_TTL_MINUTES: oddNumber, INTAKE_TIMEOUT_MINUTES: oddNumber, RETENTION_DAYS: oddNumber,
  STAFF_TOKENS: fc.constantFrom('a,b', 'admin:x,editor:', ',,,', 'boss:y'), OPEN311_API_KEYS: oddText, TICKET_CODE_PREFIX: fc.constantFrom('HUE', 'hue', 'X', 'ABCDEFGHIJ'),
  RATE_LIMIT_PER_MINUTE: oddNumber, ASSISTANT_WORKERS: oddNumber, MAX_BODY_BYTES: oddNumber, CHAT_LIMIT_PER_IP: oddNumber, WEB_CHAT_SECRET: fc.constantFrom('short', 'x'.repeat(40)),
  TELEGRAM_BOT_TOKEN: oddText, TELEGRAM_MODE: fc.constantFrom('polling', 'webhook', 'push'), TELEGRAM_WEBHOOK_SECRET: oddText, TELEGRAM_WEBHOOK_URL: fc.constantFrom('https://x.org/h', 'not a url', ''),
  MICROSOFT_APP_ID: oddText, MICROSOFT_APP_PASSWORD: oddText, MICROSOFT_APP_TYPE: fc.constantFrom('MultiTenant', 'x'), BOTFRAMEWORK_ALLOW_UNAUTHENTICATED: fc.constantFrom('true', 'nah'),
  ZALO_APP_ID: oddText, ZALO_OA_SECRET_KEY: oddText, ZALO_ACCESS_TOKEN: oddText, ZALO_MAX_EVENT_AGE_SECONDS: oddNumber, ZALO_API_BASE: fc.constantFrom('https://openapi.zalo.me', 'ftp:/x'),
  SOMETHING_ELSE: oddText, START_DATE: oddDate,
};

describe('configuration parsing', () => {
  it('returns a configuration or throws ConfigError naming a variable, for any environment', { timeout: 600_000 }, () => {
    let tried = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...Object.keys(VARIABLES)), { maxLength: 4 }).chain((names) => fc.record(Object.fromEntries(names.map((n) => [n, VARIABLES[n]!])))), (env) => {
        tried++;
        try {
          // Language and prefix given, so most runs skip re-reading the city profile (the fuzzed ones may unset them).
          const config = loadConfig({ KNOWLEDGE_DIR: DEFAULT_KNOWLEDGE_DIR, DEFAULT_LANG: 'vi', TICKET_CODE_PREFIX: 'HUE', ...env });
          expect(typeof config.PORT).toBe('number');
        } catch (error) {
          refused++;
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).variable).toMatch(/^[A-Z_]+$|^environment$/);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(`fuzz configuration: ${tried} inputs, ${refused} refused with ConfigError, seed ${SEED}`);
    expect(tried).toBeGreaterThanOrEqual(RUNS);
  });
});

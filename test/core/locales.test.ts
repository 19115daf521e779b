import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { m } from '../../bot/complaints/messages/index.ts';
import { detectLanguage } from '../../bot/language/detect.ts';
import { normalizePhone } from '../../bot/complaints/phone.ts';
import { t } from '../../bot/i18n/catalog.ts';
import { isLang, supportedLangs } from '../../bot/language/langs.ts';
import { cityProfile, localePack } from '../../bot/locale/installed.ts';
import { CITY_PLACEHOLDERS, cityMenu } from '../../bot/locale/translate.ts';
import { defaultNoticeText } from '../../bot/tickets/notice-text.ts';
import type { Ticket } from '../../bot/tickets/types.ts';
import { knownWards, wardFromAddress } from '../../bot/tickets/ward.ts';
import { entryFrontMatterSchema } from '../../knowledge/src/schema.ts';
import { DEFAULT_KNOWLEDGE_DIR, installLocalesFrom, loadLocaleBundle, LocaleError } from '../../knowledge/src/locales.ts';

/** A copy of the real packs and city profile, to break or extend without touching the repository. */
function knowledgeCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hue-locales-'));
  cpSync(join(DEFAULT_KNOWLEDGE_DIR, 'locales'), join(dir, 'locales'), { recursive: true });
  cpSync(join(DEFAULT_KNOWLEDGE_DIR, 'city.yaml'), join(dir, 'city.yaml'));
  return dir;
}

function localeError(dir: string): LocaleError {
  try {
    loadLocaleBundle(dir);
  } catch (error) {
    if (error instanceof LocaleError) return error;
    throw error;
  }
  throw new Error('expected a LocaleError');
}

const folders: string[] = [];
const copy = () => {
  const dir = knowledgeCopy();
  folders.push(dir);
  return dir;
};

afterAll(() => {
  installLocalesFrom(DEFAULT_KNOWLEDGE_DIR);
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('locale packs', () => {
  const bundle = loadLocaleBundle(DEFAULT_KNOWLEDGE_DIR);
  const en = bundle.packs.find((p) => p.lang === 'en')!;

  it('are the supported languages, in the city profile fallback order', () => {
    expect(bundle.packs.map((p) => p.lang)).toEqual(['vi', 'en', 'ko', 'zh', 'ja', 'fr']);
    expect(supportedLangs()).toEqual(['vi', 'en', 'ko', 'zh', 'ja', 'fr']);
    expect(isLang('ko')).toBe(true);
    expect(isLang('de')).toBe(false);
  });

  it.each(['vi', 'ko', 'zh', 'ja', 'fr'])('%s has every message key of en and no other', (lang) => {
    const pack = bundle.packs.find((p) => p.lang === lang)!;
    expect(Object.keys(pack.messages).sort()).toEqual(Object.keys(en.messages).sort());
  });

  it('hold word lists for the interpreter in every language', () => {
    for (const pack of bundle.packs) {
      const u = pack.understanding;
      for (const examples of Object.values(u.smallTalk)) expect(examples.length).toBeGreaterThanOrEqual(8);
      expect(u.status.length).toBeGreaterThanOrEqual(10);
      expect(u.handoff.length).toBeGreaterThanOrEqual(8);
      expect(u.languageRequest.length).toBeGreaterThanOrEqual(10);
      for (const words of Object.values(u.intake)) expect(words.length).toBeGreaterThan(0);
    }
    const vi = bundle.packs.find((p) => p.lang === 'vi')!.understanding;
    expect(vi.shorthand.ko).toBe('không');
    expect(vi.dialect['răng']).toBe('sao');
    expect(vi.smallTalk.greeting).toContain('xin chao');
  });

  it('hold no city fact: hotline, law, ticket format and place names come from the city profile', () => {
    const facts = [/1900 1075/, /0234/, /Hu[eế]/, /Hue-S/, /HUE-\d/, /13\/2023/, /91\/2025/, /Lê Lợi/, /Đông Ba/, /후에(시|의| 여행| 안내)/, /顺化/, /フエ/];
    for (const pack of bundle.packs) {
      for (const [key, text] of Object.entries(pack.messages)) {
        for (const fact of facts) expect(`${pack.lang} ${key}: ${text}`).not.toMatch(fact);
      }
    }
  });

  it('fill the city placeholders in every message of every language', () => {
    const leftover = new RegExp(`\\{(${CITY_PLACEHOLDERS.join('|')})\\}`);
    for (const pack of bundle.packs) {
      for (const key of Object.keys(pack.messages)) expect(`${pack.lang} ${key}: ${t(pack.lang, key)}`).not.toMatch(leftover);
    }
    expect(t('en', 'error')).toContain('Hue-S hotline 1900 1075');
    expect(m('vi', 'consent.ask')).toContain('Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15');
    expect(m('en', 'status.not-found', { code: 'HUE-2020-000001' })).toMatch(/HUE-2020-000001.*HUE-\d{4}-K7M4QX[0-9A-Z]/);
    expect(t('fr', 'capabilities')).toContain('vietnamien, anglais, coréen, chinois, japonais et français');
    expect(t('ko', 'greeting')).toContain('후에시');
  });

  it('every literal key the code passes to t(), m() or channelText() exists in en', () => {
    const keys = new Set<string>();
    const scan = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) scan(path);
        else if (entry.name.endsWith('.ts')) {
          const source = readFileSync(path, 'utf8');
          for (const [, fn, key] of source.matchAll(/\b(t|m|channelText)\([^,()]+, '([a-z0-9._-]+)'/gi)) {
            keys.add(fn === 'm' ? `intake.${key}` : fn === 'channelText' ? `channel.${key!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : key!);
          }
        }
      }
    };
    scan('bot');
    scan('adapters');
    expect(keys.size).toBeGreaterThan(40);
    expect([...keys].filter((key) => !(key in en.messages))).toEqual([]);
  });

  it('word ticket updates in every language: a message per status, the staff note as written after its label', () => {
    const ticket = { code: 'HUE-2026-000001' } as Ticket;
    for (const lang of supportedLangs()) {
      const messages = new Set<string>();
      for (const status of ['received', 'in_progress', 'resolved', 'rejected'] as const) {
        const [first, ...rest] = defaultNoticeText(ticket, { status, publicNote: 'Đã thay bóng đèn' }, lang).split('\n');
        expect(first).toBe(t(lang, `notice.changed.${status}`, { code: 'HUE-2026-000001' }));
        expect(first).toContain('HUE-2026-000001');
        expect(rest[0]).toBe(`${t(lang, 'notice.note')} Đã thay bóng đèn`);
        messages.add(first!);
      }
      expect(messages.size).toBe(4);
    }
    expect(defaultNoticeText(ticket, { status: 'in_progress', publicNote: 'Crew sent' }, 'vi')).toContain('Ghi chú của cán bộ thành phố: Crew sent');
    expect(defaultNoticeText(ticket, { status: 'resolved' }, 'en')).toBe(
      'Your report HUE-2026-000001 has been resolved.\nAre you satisfied with the result?',
    );
  });
});

describe('a broken pack is refused with its file and key named', () => {
  it('a file that is not named by a two-letter code', () => {
    const dir = copy();
    cpSync(join(dir, 'locales', 'fr.yaml'), join(dir, 'locales', 'french.yaml'));
    const error = localeError(dir);
    expect(error.problems[0]).toMatchObject({ file: 'locales/french.yaml', field: '(file name)' });
    expect(error.message).toContain('locales/french.yaml');
  });

  it('a pack missing a message key that en has', () => {
    const dir = copy();
    const path = join(dir, 'locales', 'ko.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^ {2}intake\.summary\.ask: .*\n/m, ''));
    const error = localeError(dir);
    expect(error.problems).toEqual([expect.objectContaining({ file: 'locales/ko.yaml', field: 'messages.intake.summary.ask' })]);
    expect(error.message).toMatch(/locales\/ko\.yaml: messages\.intake\.summary\.ask: missing/);
  });

  it('an unknown message key, an unknown field and an unknown placeholder', () => {
    const dir = copy();
    const path = join(dir, 'locales', 'ja.yaml');
    const text = readFileSync(path, 'utf8')
      .replace('messages:\n', 'messages:\n  greting: こんにちは\n')
      .replace('understanding:\n', 'understanding:\n  smalltalk: {}\n')
      .replace(/^( {2}more: ).*$/m, '$1もっと {count}');
    writeFileSync(path, text);
    const fields = localeError(dir).problems.map((p) => `${p.file} ${p.field}`);
    expect(fields).toEqual(expect.arrayContaining(['locales/ja.yaml messages.greting', 'locales/ja.yaml understanding.smalltalk', 'locales/ja.yaml messages.more']));
  });

  it('a city profile naming a default language without a pack', () => {
    const dir = copy();
    rmSync(join(dir, 'locales', 'vi.yaml'));
    const fields = localeError(dir).problems.map((p) => `${p.file} ${p.field}`);
    expect(fields).toEqual(expect.arrayContaining(['city.yaml defaultLang', 'city.yaml fallbackOrder.0']));
  });
});

describe('a seventh language added as a pack, with no code change', () => {
  it('loads, is supported and speaks German with the city facts filled in', () => {
    const dir = copy();
    cpSync(join('test', 'fixtures', 'locales', 'de.yaml'), join(dir, 'locales', 'de.yaml'));
    const bundle = installLocalesFrom(dir);

    expect(bundle.packs.map((p) => p.lang)).toEqual(['vi', 'en', 'ko', 'zh', 'ja', 'fr', 'de']);
    expect(isLang('de')).toBe(true);
    expect(t('de', 'greeting')).toMatch(/^Hallo! Ich bin der Assistent der Stadt Huế\./);
    expect(t('de', 'error')).toContain('Hue-S-Hotline 1900 1075');
    expect(m('de', 'status.not-found', { code: 'X' })).toMatch(/HUE-\d{4}-K7M4QX[0-9A-Z]/);
    expect(m('de', 'consent.ask')).toContain('91/2025/QH15');
    // The other languages now list German too, by its own name where they have none for it.
    expect(t('de', 'capabilities')).toContain('Vietnamesisch, Englisch, Koreanisch, Chinesisch, Japanisch, Französisch und Deutsch');
    expect(t('en', 'capabilities')).toContain('French and Deutsch');
    // City-specific menu items fall back to English; the rest comes from the pack.
    expect(cityMenu('de').map((q) => q.label)).toEqual(['Imperial City', 'Eintrittspreise', 'Behördendienste', 'Problem melden', 'Meine Meldungen', 'Mit einem Menschen sprechen']);
    // Language identification learns German from its pack alone.
    expect(detectLanguage('Wie viel kostet der Eintritt, bitte?')?.lang).toBe('de');
    expect(detectLanguage('where is the citadel')?.lang).toBe('en');
    // Knowledge files may now carry German.
    const entry = {
      id: 'tour.test',
      area: 'tourism',
      title: { de: 'Test' },
      questions: { de: ['wie viel kostet es'] },
      sources: [{ url: 'https://example.org', checked: '2026-12-01' }],
      reviewed: '2026-12-01',
    };
    expect(entryFrontMatterSchema.safeParse(entry).success).toBe(true);
    installLocalesFrom(DEFAULT_KNOWLEDGE_DIR);
    expect(isLang('de')).toBe(false);
    expect(detectLanguage('Wie viel kostet der Eintritt, bitte?')?.lang).not.toBe('de');
    expect(entryFrontMatterSchema.safeParse(entry).success).toBe(false);
  });
});

describe('city profile', () => {
  it('keeps citizens and tourists apart, each contact with its sources', () => {
    const { citizens, tourists } = cityProfile().contacts;
    expect(citizens.phone).toBe('1900 1075');
    expect(tourists.phone).toBe('0234.3828288');
    expect(tourists.phone).not.toBe(citizens.phone);
    expect(tourists.name.en).not.toBe(citizens.name.en);
    for (const contact of [citizens, tourists]) {
      expect(contact.sources.length).toBeGreaterThan(0);
      for (const source of contact.sources) expect(source.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(tourists.confidence).toBe('single-source');
    expect(t('en', 'error')).not.toContain(tourists.phone);
  });

  it('finds the wards it lists in free-text addresses', () => {
    expect(knownWards()).toEqual(['Phú Xuân', 'Thuận Hóa', 'Vỹ Dạ', 'Thủy Xuân']);
    expect(wardFromAddress('12 Lê Lợi, phường Phú Xuân')).toBe('Phú Xuân');
    expect(wardFromAddress('kiệt 5, p. Thuận Hóa')).toBe('Thuận Hóa');
    expect(wardFromAddress('phuong vy da gan cho')).toBe('Vỹ Dạ');
    expect(wardFromAddress('38 Lê Ngô Cát, Thủy Xuân')).toBe('Thủy Xuân');
    expect(wardFromAddress('Tran Hung Dao, vi da ward')).toBe('Vỹ Dạ');
    // The former ward Thuận Hòa (grave accent) is another place that folds to the same letters.
    expect(wardFromAddress('phường Thuận Hòa cũ')).toBeUndefined();
    expect(wardFromAddress('phường Hương Long')).toBeUndefined();
    expect(wardFromAddress(undefined)).toBeUndefined();
  });

  it('reads phone numbers in its numbering plan', () => {
    expect(normalizePhone('+84 905 123 456')).toBe('0905123456');
    expect(normalizePhone('0234 3822 123')).toBe('02343822123');
    expect(normalizePhone('12345')).toBeUndefined();
    const plan = { ...cityProfile().phone, countryCode: '49', trunkPrefix: '0', mobile: '^01[5-7]\\d{8,9}$', landline: '^0[2-9]\\d{6,10}$' };
    expect(normalizePhone('+49 151 23456789', plan)).toBe('015123456789');
  });

  it('labels the menu from the packs and its own per-language items', () => {
    expect(cityMenu('vi')[0]).toEqual({ label: 'Đại Nội', payload: 'entry:tour.imperial-city' });
    expect(cityMenu('en').map((q) => q.payload)).toEqual(['entry:tour.imperial-city', 'entry:tour.tickets', 'entry:ps.service-center', 'report', 'status:mine', 'entry:bot.human']);
    expect(localePack('zh')?.intlLocale).toBe('zh-CN');
  });
});

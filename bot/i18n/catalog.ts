/** Looks up user-facing strings in the per-language catalogues and fills `{placeholders}`. */
import type { Lang } from '../language/langs.ts';
import { en, type CoreCatalog, type CoreMessageKey } from './core/en.ts';
import { fr } from './core/fr.ts';
import { ja } from './core/ja.ts';
import { ko } from './core/ko.ts';
import { vi } from './core/vi.ts';
import { zh } from './core/zh.ts';

export type { CoreMessageKey };
export type Catalogs<K extends string> = Record<Lang, Record<K, string>>;

export const coreCatalogs: Catalogs<CoreMessageKey> = { vi, en: en as CoreCatalog, ko, zh, ja, fr };

export function format(template: string, params: Record<string, string | number> = {}): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{([a-z0-9_-]+)\}/gi, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translator bound to one set of catalogues (core, intake, channels…). */
export function translator<K extends string>(catalogs: Catalogs<K>) {
  return (lang: Lang, key: K, params?: Record<string, string | number>): string => format(catalogs[lang][key], params);
}

export const t = translator(coreCatalogs);

/** Each language's own name, as shown in language pickers and notes. */
export const LANGUAGE_NAMES: Record<Lang, Record<Lang, string>> = {
  vi: { vi: 'tiếng Việt', en: 'tiếng Anh', ko: 'tiếng Hàn', zh: 'tiếng Trung', ja: 'tiếng Nhật', fr: 'tiếng Pháp' },
  en: { vi: 'Vietnamese', en: 'English', ko: 'Korean', zh: 'Chinese', ja: 'Japanese', fr: 'French' },
  ko: { vi: '베트남어', en: '영어', ko: '한국어', zh: '중국어', ja: '일본어', fr: '프랑스어' },
  zh: { vi: '越南语', en: '英语', ko: '韩语', zh: '中文', ja: '日语', fr: '法语' },
  ja: { vi: 'ベトナム語', en: '英語', ko: '韓国語', zh: '中国語', ja: '日本語', fr: 'フランス語' },
  fr: { vi: 'vietnamien', en: 'anglais', ko: 'coréen', zh: 'chinois', ja: 'japonais', fr: 'français' },
};

/** A language's name in itself, for a language picker. */
export const ENDONYMS: Record<Lang, string> = { vi: 'Tiếng Việt', en: 'English', ko: '한국어', zh: '中文', ja: '日本語', fr: 'Français' };

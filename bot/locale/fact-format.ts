/**
 * Typed facts (a price, an opening time, a phone number, a count) rendered in a language's own
 * convention: the digits come from Intl for the pack's `intlLocale`, the pattern around them from
 * the pack's `formats`, so "200,000 VND", "200.000 đ" and "20万越南盾" are the translators' choice.
 */
import type { Lang } from '../language/langs.ts';
import { localePack, localesInstalled } from './installed.ts';

/** How a pack writes numbers; every field has a default, so a pack states only what differs. */
export interface NumberFormats {
  /** A price in đồng: `{amount}` is the grouped number. */
  vnd: string;
  /** Two prices: `{from}`/`{to}` are grouped numbers. */
  vndRange: string;
  /** "compact" writes 200000 as 20万 in Chinese or Japanese; "standard" groups the digits. */
  vndNotation: 'standard' | 'compact';
  /** A clock time: `{h}` hours (0–23, no leading zero), `{hh}` two-digit hours, `{mm}` minutes. */
  time: string;
  /** An opening-hours range of two times. */
  timeRange: string;
  /** Any other range of two values. */
  range: string;
}

export const DEFAULT_FORMATS: NumberFormats = {
  vnd: '{amount} VND',
  vndRange: '{from}–{to} VND',
  vndNotation: 'standard',
  time: '{h}:{mm}',
  timeRange: '{from}–{to}',
  range: '{from}–{to}',
};

export type PerLangText = Partial<Record<string, string>>;

/** A price in đồng, one value or a range. */
export interface MoneyFact {
  vnd: number;
  to?: number;
  source?: string;
}
/** A clock time ("07:00"), or opening hours with `to`. */
export interface TimeFact {
  time: string;
  to?: string;
  source?: string;
}
/** A phone number, written the way it is dialled. */
export interface PhoneFact {
  phone: string;
  source?: string;
}
/** A count or measure: the number is grouped per language, the unit written per language or once. */
export interface NumberFact {
  number: number;
  to?: number;
  unit?: string | PerLangText;
  source?: string;
}
export type TypedFact = MoneyFact | TimeFact | PhoneFact | NumberFact;
export type FactValue = string | number | PerLangText | TypedFact;

export function isTypedFact(value: unknown): value is TypedFact {
  return typeof value === 'object' && value !== null && ('vnd' in value || 'time' in value || 'phone' in value || 'number' in value);
}

export function factKind(value: TypedFact): 'price' | 'time' | 'phone' | 'number' {
  if ('vnd' in value) return 'price';
  if ('time' in value) return 'time';
  if ('phone' in value) return 'phone';
  return 'number';
}

interface PackFormats {
  locale: string;
  formats: NumberFormats;
}

function formatsFor(lang: Lang): PackFormats {
  const pack = localesInstalled() ? localePack(lang) : undefined;
  return { locale: pack?.intlLocale ?? lang, formats: { ...DEFAULT_FORMATS, ...(pack?.formats ?? {}) } };
}

const fill = (pattern: string, values: Record<string, string>) => pattern.replace(/\{([a-z]+)\}/g, (whole, name: string) => values[name] ?? whole);

function grouped(locale: string, n: number, notation: 'standard' | 'compact' = 'standard'): string {
  return new Intl.NumberFormat(locale, notation === 'compact' ? { notation: 'compact', maximumFractionDigits: 1 } : { maximumFractionDigits: 2 }).format(n);
}

const TIME = /^([01]?\d|2[0-4]):([0-5]\d)$/;

export function isClockTime(text: string): boolean {
  return TIME.test(text);
}

function clock(pattern: string, text: string): string {
  const match = TIME.exec(text);
  if (!match) return text;
  const h = String(Number(match[1]));
  return fill(pattern, { h, hh: h.padStart(2, '0'), mm: match[2]! });
}

function unitText(unit: NumberFact['unit'], lang: Lang): string {
  if (unit === undefined) return '';
  if (typeof unit === 'string') return unit;
  return unit[lang] ?? unit.en ?? Object.values(unit)[0] ?? '';
}

/** The text a typed fact reads as in `lang`. */
export function renderTypedFact(value: TypedFact, lang: Lang): string {
  const { locale, formats } = formatsFor(lang);
  if ('vnd' in value) {
    const amount = (n: number) => grouped(locale, n, formats.vndNotation);
    return value.to === undefined ? fill(formats.vnd, { amount: amount(value.vnd) }) : fill(formats.vndRange, { from: amount(value.vnd), to: amount(value.to) });
  }
  if ('time' in value) {
    const from = clock(formats.time, value.time);
    return value.to === undefined ? from : fill(formats.timeRange, { from, to: clock(formats.time, value.to) });
  }
  if ('phone' in value) return value.phone;
  const n = value.to === undefined ? grouped(locale, value.number) : fill(formats.range, { from: grouped(locale, value.number), to: grouped(locale, value.to) });
  const unit = unitText(value.unit, lang);
  if (!unit) return n;
  // Units written without a space (ja "万人", zh "公里") say so by starting with "~".
  return unit.startsWith('~') ? `${n}${unit.slice(1)}` : `${n} ${unit}`;
}

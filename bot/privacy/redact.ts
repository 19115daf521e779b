/**
 * Masks personal identifiers: the one redaction used by logs, public notes and public output.
 * It is precise on purpose — a number is masked only when its whole shape is a phone number,
 * a citizen ID number or a licence plate, so prices, dates, UUIDs, hashes and ticket codes stay.
 * Public text (the Open311 listing, public notes) also has people's names masked.
 */
import { cityProfile, localesInstalled } from '../locale/installed.ts';
import { redactNames } from './person-names.ts';

// Neither inside a longer word, number, UUID or path segment, nor continued by one.
const START = String.raw`(?<![\p{L}\p{N}_+\-./@])`;
const END = String.raw`(?![\p{L}\p{N}_]|[.\-@]\p{N})`;
const SEP = '[ .\\-\\u00a0]?';

// Vietnamese mobile numbers (0 + 3/5/7/8/9 + 8 digits) and landlines (02 + 9 digits), also as
// +84 / 84 …, digits optionally grouped with single spaces, dots or dashes.
const PHONE = new RegExp(`${START}(?:\\+84|84|0)${SEP}(?:[35789](?:${SEP}\\d){8}|2(?:${SEP}\\d){9})${END}`, 'gu');
// The same with the area or network code in brackets: "(0234) 382 8288", "(0905) 123 456".
const PHONE_BRACKETED = /\((?:\+84 ?|0)(?:2\d{2}\) ?\d{3}[ .]?\d{4}|[35789]\d{2}\) ?\d{3}[ .]?\d{3})(?!\p{N})/gu;
// 12-digit citizen ID numbers (căn cước): province code 001–096 first; written whole or in groups.
const ID_NUMBER = new RegExp(`${START}(?:0\\d{11}|0\\d{2} \\d{3} \\d{3} \\d{3}|0\\d{3} \\d{4} \\d{4})${END}`, 'gu');
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/gu;
// Vietnamese plates: province 11–99, series letter (+ letter or digit), number: "43A-123.45", "75F1 234.56", "29A 12345".
const PLATE = new RegExp(`${START}[1-9]\\d[- ]?[A-Z][A-Z0-9]?[- ]?(?:\\d{3}\\.\\d{2}|\\d{4,5})${END}`, 'gu');
// Bot tokens ("123456:ABC…", also inside Telegram file URLs) and OAuth tokens in query strings or JSON.
const BOT_TOKEN = /(?<!\d)\d{5,}:[A-Za-z0-9_-]{20,}/g;
const ACCESS_TOKEN = /(access_token|refresh_token|secret_key)(["'=:\s]+)[^"'&\s,}]+/gi;

const nationalDigits = (phone: string) => {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('84') && !phone.startsWith('0') ? `0${digits.slice(2)}` : digits;
};

let publicNumbersFor: unknown;
let publicNumbers = new Set<string>();

/** The city's published contact numbers (city profile) are public, not personal: they stay. */
function isPublicNumber(phone: string): boolean {
  if (localesInstalled()) {
    const city = cityProfile();
    if (publicNumbersFor !== city) {
      publicNumbersFor = city;
      publicNumbers = new Set(Object.values(city.contacts).map((c) => nationalDigits(c.phone)));
    }
  }
  return publicNumbers.has(nationalDigits(phone));
}

const maskPhone = (m: string) => (isPublicNumber(m) ? m : `[phone …${m.replace(/\D/g, '').slice(-2)}]`);

/** Masks tokens, e-mails, phone numbers, ID numbers and licence plates. */
export function redact(text: string): string {
  return text
    .replace(BOT_TOKEN, '[token]')
    .replace(ACCESS_TOKEN, '$1$2[redacted]')
    .replace(EMAIL, '[email]')
    .replace(ID_NUMBER, '[id-number]')
    .replace(PHONE, maskPhone)
    .replace(PHONE_BRACKETED, maskPhone)
    .replace(PLATE, '[plate]');
}

/** What anyone may read: identifiers and people's names masked. */
export function redactPublic(text: string): string {
  return redactNames(redact(text));
}

/** Redacts every string inside a log context, however deep. */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, /phone|token|password|secret|email/i.test(k) ? '[redacted]' : redactValue(v)]));
  }
  return value;
}

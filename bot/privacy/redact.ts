/** Masks personal identifiers before text reaches a log line. */

// Vietnamese phone numbers (0xx… or +84…), with optional spaces, dots or dashes.
const PHONE = /(?<!\d)(?:\+?84|0)(?:[\s.-]?\d){8,10}(?!\d)/g;
// 12-digit citizen ID numbers (căn cước) and 9-digit old ID cards.
const ID_NUMBER = /(?<!\d)\d{12}(?!\d)|(?<!\d)\d{9}(?!\d)/g;
// Bot tokens ("123456:ABC…", also inside Telegram file URLs) and OAuth tokens in query strings or JSON.
const BOT_TOKEN = /\d{5,}:[A-Za-z0-9_-]{20,}/g;
const ACCESS_TOKEN = /(access_token|refresh_token|secret_key)(["'=:\s]+)[^"'&\s,}]+/gi;

/** Masks tokens, phone numbers and ID numbers: the one redaction used by logs and public output. */
export function redact(text: string): string {
  return text
    .replace(BOT_TOKEN, '[token]')
    .replace(ACCESS_TOKEN, '$1$2[redacted]')
    .replace(PHONE, (m) => `[phone …${m.replace(/\D/g, '').slice(-2)}]`)
    .replace(ID_NUMBER, '[id-number]');
}

/** Redacts every string inside a log context, however deep. */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, /phone|token|password|secret/i.test(k) ? '[redacted]' : redactValue(v)]));
  }
  return value;
}

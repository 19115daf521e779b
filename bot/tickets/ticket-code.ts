/**
 * Ticket codes read aloud on the phone: PREFIX-YEAR-XXXXXXC — six random characters and a check
 * character from Crockford's base 32 (no I, L, O or U), so codes cannot be enumerated and a typo is
 * caught before a lookup. Codes of the earlier sequential form (PREFIX-YEAR-NNNNNN) still parse.
 */
import { randomInt } from 'node:crypto';

const HUE_OFFSET_MS = 7 * 60 * 60 * 1000;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_LENGTH = 6;

/** New codes (random part + check) and earlier sequential ones (six or more digits). */
export const TICKET_CODE_PATTERN = /^([A-Z]{2,8})-(\d{4})-([0-9A-HJKMNP-TV-Z]{7}|\d{6,})$/;

/** Luhn mod 32 over year and random part: catches every single-character error and every swap of neighbours but 0 ↔ Z. */
function checkCharacter(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * ALPHABET.indexOf(body[i]!);
    addend = Math.floor(addend / 32) + (addend % 32);
    sum += addend;
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET[(32 - (sum % 32)) % 32]!;
}

/** A fresh code; the store retries on the (rare) collision its UNIQUE constraint reports. */
export function newTicketCode(prefix: string, year: number, random: (max: number) => number = randomInt): string {
  let part = '';
  // An all-digit part would read like a sequential code; it is drawn again.
  while (part.length < RANDOM_LENGTH || /^\d+$/.test(part)) {
    part = Array.from({ length: RANDOM_LENGTH }, () => ALPHABET[random(ALPHABET.length)]!).join('');
  }
  return `${prefix}-${year}-${part}${checkCharacter(`${year}${part}`)}`;
}

/** The same well-formed code every time, for "it looks like …" in messages; no ticket is meant by it. */
export function exampleTicketCode(prefix: string, year: number): string {
  const part = 'K7M4QX';
  return `${prefix}-${year}-${part}${checkCharacter(`${year}${part}`)}`;
}

/** Earlier codes, PREFIX-YEAR-NNNNNN, kept for tickets filed before random codes. */
export function formatSequentialTicketCode(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Whether the last character of a new-form code matches; sequential codes carry no check. */
export function hasValidCheck(code: string): boolean {
  const m = TICKET_CODE_PATTERN.exec(code);
  if (!m) return false;
  const tail = m[3]!;
  if (/^\d+$/.test(tail)) return true;
  return checkCharacter(`${m[2]}${tail.slice(0, -1)}`) === tail.slice(-1);
}

export function parseTicketCode(code: string): { prefix: string; year: number; tail: string } | undefined {
  const normalized = normalizeTicketCode(code);
  const m = normalized ? TICKET_CODE_PATTERN.exec(normalized) : null;
  if (!m) return undefined;
  return { prefix: m[1]!, year: Number(m[2]), tail: m[3]! };
}

/** Crockford's reading of what a person typed: lower case, and O for 0, I or L for 1. */
function readTail(tail: string): string {
  return tail.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
}

/**
 * Normalises what a person typed ("hue 2026 k7m4qxz" → "HUE-2026-K7M4QXZ", "hue-2026-123" →
 * "HUE-2026-000123"), or undefined when it does not have a code's shape. The check character is
 * not judged here: a mistyped code is still a code, and its lookup says it is unknown.
 */
export function normalizeTicketCode(text: string): string | undefined {
  const m = /^([A-Za-z]{2,8})[-\s]?(\d{4})[-\s]?([0-9A-Za-z]{1,9})$/.exec(text.trim());
  if (!m) return undefined;
  const prefix = m[1]!.toUpperCase();
  const tail = readTail(m[3]!);
  if (/^\d+$/.test(tail)) return formatSequentialTicketCode(prefix, Number(m[2]), Number(tail));
  const code = `${prefix}-${m[2]}-${tail}`;
  return TICKET_CODE_PATTERN.test(code) ? code : undefined;
}

const codeInText = new Map<string, RegExp>();

/** The first ticket code with this prefix anywhere in a message, normalised, or undefined. */
export function findTicketCode(text: string, prefix: string): string | undefined {
  const clean = prefix.replace(/[^A-Za-z]/g, '');
  let pattern = codeInText.get(clean);
  if (!pattern) codeInText.set(clean, (pattern = new RegExp(`(?<![A-Za-z0-9])(${clean})[-\\s]?(\\d{4})[-\\s]?([0-9A-Za-z]{7}|\\d{1,6})(?![A-Za-z0-9])`, 'gi')));
  for (const m of text.matchAll(pattern)) {
    const code = normalizeTicketCode(`${m[1]}-${m[2]}-${m[3]}`);
    if (code && code.startsWith(`${prefix.toUpperCase()}-`)) return code;
  }
  return undefined;
}

/** Year in Huế (UTC+7, no daylight saving), so a report at 00:30 on 1 January counts in the new year. */
export function hueYear(at: Date): number {
  return new Date(at.getTime() + HUE_OFFSET_MS).getUTCFullYear();
}

/** Calendar date in Huế, YYYY-MM-DD. */
export function hueDate(at: Date): string {
  return new Date(at.getTime() + HUE_OFFSET_MS).toISOString().slice(0, 10);
}

/** ISO 8601 with the +07:00 offset, as Open311 wants a timezone on every date-time. */
export function hueDateTime(at: Date): string {
  return new Date(at.getTime() + HUE_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

/**
 * Date by which a ticket is due: `workingDays` Monday–Friday days after the report (Huế time).
 * Public holidays are not known here, so the date can be a little early around Tết.
 */
export function expectedByDate(createdAt: Date, workingDays: number): string {
  const d = new Date(`${hueDate(createdAt)}T00:00:00Z`);
  let left = Math.max(0, Math.floor(workingDays));
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) left -= 1;
  }
  return d.toISOString().slice(0, 10);
}

/**
 * Ticket codes read aloud on the phone: PREFIX-YEAR-NNNNNN, sequential per year (Huế time).
 * The store allocates the number; this module only formats and parses.
 */
const HUE_OFFSET_MS = 7 * 60 * 60 * 1000;

export const TICKET_CODE_PATTERN = /^([A-Z]{2,8})-(\d{4})-(\d{6,})$/;

export function formatTicketCode(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function parseTicketCode(code: string): { prefix: string; year: number; sequence: number } | undefined {
  const m = TICKET_CODE_PATTERN.exec(code.trim().toUpperCase());
  if (!m) return undefined;
  return { prefix: m[1]!, year: Number(m[2]), sequence: Number(m[3]) };
}

/** Normalises what a person typed ("hue-2026-123" → "HUE-2026-000123"), or undefined. */
export function normalizeTicketCode(text: string): string | undefined {
  const m = /^([A-Za-z]{2,8})[-\s]?(\d{4})[-\s]?(\d{1,9})$/.exec(text.trim());
  if (!m) return undefined;
  return formatTicketCode(m[1]!.toUpperCase(), Number(m[2]), Number(m[3]));
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

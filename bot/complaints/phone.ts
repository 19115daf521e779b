/**
 * Vietnamese phone numbers as people type them: "0905 123 456", "090.512.3456", "+84 905123456",
 * "84905123456", landlines "0234 3822 123". Normalised to the national form 0XXXXXXXXX.
 */

// Mobile prefixes after the leading 0 (2018 numbering plan) and landline area codes (02x).
const MOBILE = /^0(3[2-9]|5[2689]|7[06-9]|8[1-9]|9\d)\d{7}$/;
const LANDLINE = /^02\d{9}$/;

export function normalizeVietnamesePhone(text: string): string | undefined {
  const compact = text.trim().replace(/[\s.\-()]/g, '');
  if (!/^\+?\d{9,12}$/.test(compact)) return undefined;
  let national = compact.replace(/^\+/, '');
  if (national.startsWith('84')) national = `0${national.slice(2)}`;
  else if (!national.startsWith('0')) national = `0${national}`;
  return MOBILE.test(national) || LANDLINE.test(national) ? national : undefined;
}

/** "0905123456" → "••••••3456", so a summary shows which number without repeating it whole. */
export function maskPhone(phone: string): string {
  return `${'•'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-4)}`;
}

/** Text that looks like a number attempt (mostly digits), to tell a typo from a question. */
export function looksLikePhoneAttempt(text: string): boolean {
  const digits = text.replace(/\D/g, '').length;
  return digits >= 6 && digits >= text.replace(/\s/g, '').length * 0.6;
}

/**
 * Phone numbers as people type them, in the city profile's numbering plan (knowledge/city.yaml
 * `phone`): "0905 123 456", "090.512.3456", "+84 905123456", "84905123456", landlines
 * "0234 3822 123". Normalised to the national form (trunk prefix, e.g. 0XXXXXXXXX).
 */
import type { PhoneFormat } from '../locale/city-profile.ts';
import { cityProfile } from '../locale/installed.ts';

const compiled = new WeakMap<PhoneFormat, RegExp[]>();

function patterns(format: PhoneFormat): RegExp[] {
  let list = compiled.get(format);
  if (!list) compiled.set(format, (list = [new RegExp(format.mobile), new RegExp(format.landline)]));
  return list;
}

export function normalizePhone(text: string, format: PhoneFormat = cityProfile().phone): string | undefined {
  const compact = text.trim().replace(/[\s.\-()]/g, '');
  if (!/^\+?\d{6,15}$/.test(compact)) return undefined;
  let national = compact.replace(/^\+/, '');
  if (national.startsWith(format.countryCode)) national = `${format.trunkPrefix}${national.slice(format.countryCode.length)}`;
  else if (format.trunkPrefix && !national.startsWith(format.trunkPrefix)) national = `${format.trunkPrefix}${national}`;
  return patterns(format).some((p) => p.test(national)) ? national : undefined;
}

/** A phone number anywhere in a sentence ("sdt 0905 123 456 nhé"), in the national form. */
export function findPhone(text: string, format: PhoneFormat = cityProfile().phone): string | undefined {
  const whole = normalizePhone(text, format);
  if (whole) return whole;
  for (const candidate of text.match(/\+?\d[\d\s.\-()]{4,}\d/g) ?? []) {
    const found = normalizePhone(candidate, format);
    if (found) return found;
  }
  return undefined;
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

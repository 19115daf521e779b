/** Masks anything that looks like a phone number (8+ digits, spaces/dots/dashes allowed) before logging. */
export function redactPhones(text: string): string {
  return text.replace(/\+?\d[\d .-]{6,}\d/g, (m) => (m.replace(/\D/g, '').length >= 8 ? '[phone]' : m));
}

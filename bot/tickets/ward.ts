import { foldText } from './text-fold.ts';

/**
 * Wards recognised in addresses. Only the names our reference sheet states are listed; the city's
 * final list of 40 wards/communes is not compiled yet, so anything else yields undefined and staff
 * fill the ward in.
 */
const WARDS: readonly { name: string; folded: readonly string[] }[] = [
  { name: 'Phú Xuân', folded: ['phu xuan'] },
  { name: 'Thuận Hóa', folded: ['thuan hoa'] },
  { name: 'Vỹ Dạ', folded: ['vy da', 'vi da'] },
  { name: 'Thủy Xuân', folded: ['thuy xuan'] },
];

export const KNOWN_WARDS: readonly string[] = WARDS.map((w) => w.name);

// "Thuận Hòa" (grave accent) is a former ward merged into Phú Xuân; unaccented text cannot tell it apart.
const FORMER_THUAN_HOA = /thu[ậa]n\s+h(?:òa|oà)/u;

/** Ward named in a free-text address ("phường Phú Xuân", "p. Thuận Hóa", "phuong vy da"), if known. */
export function wardFromAddress(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const lower = address.normalize('NFC').toLowerCase();
  const folded = foldText(address);
  const segments = address.split(/[,;\n]/).map(foldText);
  for (const ward of WARDS) {
    for (const f of ward.folded) {
      const marked = new RegExp(`(?:^| )(?:phuong|p|ward)\\s?${f}(?: |$)|(?:^| )${f} ward(?: |$)`).test(folded);
      const alone = segments.includes(f);
      if (!marked && !alone) continue;
      if (f === 'thuan hoa' && FORMER_THUAN_HOA.test(lower)) continue;
      return ward.name;
    }
  }
  return undefined;
}

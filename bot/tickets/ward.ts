import { cityProfile } from '../locale/installed.ts';
import { foldText } from './text-fold.ts';

/**
 * Wards recognised in addresses: the city profile's `wards` (knowledge/city.yaml). Anything else
 * yields undefined and staff fill the ward in.
 */
export function knownWards(): readonly string[] {
  return cityProfile().wards.map((w) => w.name);
}

const normalized = (text: string) => text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ');

/** Ward named in a free-text address ("phường Phú Xuân", "p. Thuận Hóa", "phuong vy da"), if known. */
export function wardFromAddress(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const city = cityProfile();
  const lower = normalized(address);
  const folded = foldText(address);
  const segments = address.split(/[,;\n]/).map(foldText);
  const markers = city.wardMarkers.join('|');
  for (const ward of city.wards) {
    // An accented spelling of another place that folds to the same letters is not this ward.
    if (ward.notWhen.some((other) => lower.includes(normalized(other)))) continue;
    for (const f of ward.folded) {
      const marked = markers !== '' && new RegExp(`(?:^| )(?:${markers})\\s?${f}(?: |$)|(?:^| )${f} (?:${markers})(?: |$)`).test(folded);
      if (marked || segments.includes(f)) return ward.name;
    }
  }
  return undefined;
}

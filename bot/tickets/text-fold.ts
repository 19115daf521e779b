import { foldDiacritics } from '../text/vietnamese.ts';

/** Lower-case, strip Vietnamese accents (đ → d) and collapse spaces, for forgiving comparisons. */
export function foldText(text: string): string {
  return foldDiacritics(text.toLowerCase())
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

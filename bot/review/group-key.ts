/**
 * Which review-queue group a question belongs to. Two questions share a group when, in the same
 * language, they use the same content words: chat shorthand expanded, diacritics and case folded,
 * the pack's stop words dropped, word order ignored. "Vé Đại Nội bao nhiêu?" and "dai noi ve bn"
 * land together; CJK text (no spaces) groups by its folded characters.
 */
import { localePack, onLocalesInstalled } from '../locale/installed.ts';
import { expandShorthand } from '../locale/shorthand.ts';
import { foldDiacritics } from '../text/vietnamese.ts';

const stopWordCache = new Map<string, Set<string>>();
onLocalesInstalled(() => stopWordCache.clear());

function stopWords(lang: string): Set<string> {
  let words = stopWordCache.get(lang);
  if (!words) {
    words = new Set((localePack(lang)?.understanding.stopWords ?? []).map((w) => foldDiacritics(w.toLowerCase())));
    stopWordCache.set(lang, words);
  }
  return words;
}

export function reviewGroupKey(text: string, lang: string): string {
  const folded = foldDiacritics(expandShorthand(text, lang).text.toLowerCase());
  const words = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  const stop = stopWords(lang);
  const content = words.filter((w) => !stop.has(w));
  const kept = content.length > 0 ? content : words;
  return `${lang}:${[...new Set(kept)].sort().join(' ')}`;
}

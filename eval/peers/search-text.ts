/**
 * The text preparation every search-library peer gets: lower case, Vietnamese/French accents
 * folded (đ→d), Latin words split on non-letters, Chinese/Japanese runs cut into character
 * bigrams and Korean words kept whole plus syllable bigrams. Without this, the libraries'
 * default tokenizers return nothing for unspaced CJK text or unaccented Vietnamese, and the
 * comparison would measure tokenizers rather than retrieval.
 */
const CJK_RUN = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
const HANGUL_WORD = /[\uac00-\ud7af]+/gu;
const LATIN_WORD = /[\p{Script=Latin}\p{N}]+/gu;

export function foldForSearch(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd').normalize('NFC');
}

function bigrams(chars: string[]): string[] {
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 1; i < chars.length; i++) out.push(chars[i - 1]! + chars[i]!);
  return out;
}

export function tokenizeForSearch(text: string): string[] {
  const folded = foldForSearch(text);
  const tokens: string[] = [...(folded.match(LATIN_WORD) ?? [])];
  for (const run of folded.match(CJK_RUN) ?? []) tokens.push(...bigrams([...run]));
  for (const word of folded.match(HANGUL_WORD) ?? []) {
    tokens.push(word);
    if (word.length > 1) tokens.push(...bigrams([...word]));
  }
  return tokens;
}

/**
 * Vietnamese text normalisation: Unicode NFC, one tone-mark placement and diacritic folding. Used
 * on knowledge text at index time and on messages at query time, so both sides meet in the same
 * form. Chat abbreviations and regional words are the locale pack's (bot/locale/shorthand.ts).
 */

const TONE_MARKS: Record<string, number> = { '\u0300': 1, '\u0301': 2, '\u0303': 3, '\u0309': 4, '\u0323': 5 };
const TONE_CHARS = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const PLAIN_VOWELS = 'aeiouy';
/** Vowels whose shape (not tone) is already marked: the tone goes on these first. */
const SHAPED_VOWELS = 'ăâêôơư';

/** The reference folding: decompose, drop the Latin combining marks, recompose. */
function foldSlow(text: string): string {
  // Only the Latin combining marks go: Hangul and kana dakuten must survive (they recompose in NFC).
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]+/g, '')
    .normalize('NFC')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;
/**
 * Text whose characters each fold on their own: precomposed Latin letters (Latin-1 to Latin
 * Extended-B, Latin Extended Additional), CJK punctuation, kana without combining marks, CJK
 * ideographs, Hangul syllables and full-width forms. Anything else (combining marks, conjoining
 * jamo, compatibility ideographs, emoji) takes the reference path.
 */
const SELF_CONTAINED = /^[\x00-\u024f\u1e00-\u1eff\u3000-\u3098\u309b-\u30ff\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef]*$/;
const foldedLetters = new Map<string, string>();
let lastFoldInput = '';
let lastFoldOutput = '';

/** đ→d and every combining mark removed: "Đại Nội" → "Dai Noi". */
export function foldDiacritics(text: string): string {
  // Every message is folded by several detectors in one turn: ASCII needs nothing, and the last
  // result is kept for the next caller.
  if (ASCII_ONLY.test(text)) return text;
  if (text === lastFoldInput) return lastFoldOutput;
  let folded: string;
  if (SELF_CONTAINED.test(text)) {
    folded = '';
    for (const char of text) {
      // Only Latin letters carry marks to drop.
      if (char < '\x80' || char >= '\u3000') {
        folded += char;
        continue;
      }
      let letter = foldedLetters.get(char);
      if (letter === undefined) foldedLetters.set(char, (letter = foldSlow(char)));
      folded += letter;
    }
  } else {
    folded = foldSlow(text);
  }
  lastFoldInput = text;
  lastFoldOutput = folded;
  return folded;
}

const VIETNAMESE_ONLY_LETTERS = 'ăđơưạảãấầẩẫậắằẳẵặẹẻẽếềểễệỉĩịọỏõốồổỗộớờởỡợụủũứừửữựỳỷỹỵ';
const VIETNAMESE_DIACRITIC = new RegExp(`[âêô${VIETNAMESE_ONLY_LETTERS}]`, 'i');

export function hasVietnameseDiacritics(text: string): boolean {
  return VIETNAMESE_DIACRITIC.test(text.normalize('NFC'));
}

/**
 * Puts the tone mark of one syllable where the "new" orthography puts it, so that "hoà" and
 * "hòa", "thuỷ" and "thủy" become the same string. Non-Vietnamese words pass through unchanged.
 */
export function canonicalToneSyllable(word: string): string {
  const decomposed = word.normalize('NFD');
  let tone = 0;
  const base = decomposed.replace(/[\u0300\u0301\u0303\u0309\u0323]/g, (m) => {
    tone = TONE_MARKS[m] ?? 0;
    return '';
  }).normalize('NFC');
  if (tone === 0) return word.normalize('NFC');
  const lower = base.toLowerCase();
  const isVowel = (c: string) => PLAIN_VOWELS.includes(c) || SHAPED_VOWELS.includes(c);
  let start = 0;
  // "qu" and "gi" act as initial consonants when a vowel follows.
  if (/^(qu|gi)/.test(lower) && lower.length > 2 && isVowel(lower[2]!)) start = 2;
  while (start < lower.length && !isVowel(lower[start]!)) start++;
  let end = start;
  while (end < lower.length && isVowel(lower[end]!)) end++;
  if (end === start) return word.normalize('NFC');
  const nucleus = lower.slice(start, end);
  const closed = end < lower.length;
  let target: number;
  const shaped = [...nucleus].map((c, i) => (SHAPED_VOWELS.includes(c) ? i : -1)).filter((i) => i >= 0);
  if (shaped.length > 0) target = shaped[shaped.length - 1]!;
  else if (nucleus.length === 1) target = 0;
  else if (closed || nucleus.length === 3) target = nucleus.length === 3 ? 1 : nucleus.length - 1;
  else if (['oa', 'oe', 'uy'].includes(nucleus)) target = 1;
  else target = 0;
  const at = start + target;
  const withTone = (base.slice(0, at + 1).normalize('NFD') + TONE_CHARS[tone]).normalize('NFC');
  return withTone + base.slice(at + 1);
}

const canonicalWords = new Map<string, string>();
function canonicalWord(word: string): string {
  let canonical = canonicalWords.get(word);
  if (canonical === undefined) {
    canonical = /[\u0300-\u0323]/.test(word.normalize('NFD')) ? canonicalToneSyllable(word) : word;
    if (canonicalWords.size > 200_000) canonicalWords.clear();
    canonicalWords.set(word, canonical);
  }
  return canonical;
}

/** NFC plus canonical tone placement for every word. */
export function canonicalVietnamese(text: string): string {
  // Plain ASCII carries no tone marks and is already NFC.
  if (ASCII_ONLY.test(text)) return text;
  return text.normalize('NFC').replace(/\p{L}+/gu, canonicalWord);
}

/**
 * Vietnamese text normalisation: Unicode NFC, one tone-mark placement, diacritic folding and
 * chat abbreviations. Used on knowledge text at index time and on messages at query time, so both
 * sides meet in the same form.
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
const VIETNAMESE_ONLY = new RegExp(`[${VIETNAMESE_ONLY_LETTERS}]`, 'i');
const VIETNAMESE_DIACRITIC = new RegExp(`[âêô${VIETNAMESE_ONLY_LETTERS}]`, 'i');

/** Letters no other Latin-script language uses (â, ê, ô alone are French too). */
export function hasVietnameseOnlyLetters(text: string): boolean {
  return VIETNAMESE_ONLY.test(text.normalize('NFC'));
}

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

/**
 * Chat abbreviations and spellings as typed on phones, mapped to standard Vietnamese.
 * Keys are lowercase tokens compared after folding (so "đc" and "dc" both hit).
 */
const ABBREVIATIONS: Record<string, string> = {
  ko: 'không', k: 'không', kh: 'không', khg: 'không', kg: 'không', hok: 'không', hong: 'không', hem: 'không',
  khum: 'không', k0: 'không', 'kô': 'không', 'hông': 'không', thui: 'thôi', 'ròi': 'rồi', 'nhìu': 'nhiều', 'zậy': 'vậy',
  'dzậy': 'vậy', 'bít': 'biết', wen: 'quen', bh: 'bao giờ', bgio: 'bây giờ', bjo: 'bây giờ', ngta: 'người ta',
  kq: 'kết quả', vd: 'ví dụ', sv: 'sinh viên', vn: 'việt nam', cq: 'cơ quan', gpkd: 'giấy phép kinh doanh',
  dkkd: 'đăng ký kinh doanh', tphcm: 'thành phố hồ chí minh', ib: 'nhắn tin', nt: 'nhắn tin', lq: 'liên quan',
  dc: 'được', dk: 'đăng ký', dki: 'đăng ký', dky: 'đăng ký', dangky: 'đăng ký',
  j: 'gì', ji: 'gì', z: 'vậy', v: 'vậy', dz: 'vậy', zay: 'vậy',
  sdt: 'số điện thoại', dt: 'điện thoại', dthoai: 'điện thoại',
  tp: 'thành phố', tph: 'thành phố',
  bn: 'bao nhiêu', bnh: 'bao nhiêu', nhiu: 'nhiêu',
  ntn: 'như thế nào',
  vs: 'với', ms: 'mới', r: 'rồi',
  mik: 'mình', mn: 'mọi người', ng: 'người',
  trc: 'trước', ns: 'nói', lm: 'làm', bik: 'biết', bit: 'biết', bt: 'biết',
  h: 'giờ', hnay: 'hôm nay', hqua: 'hôm qua',
  cccd: 'căn cước công dân', cmnd: 'chứng minh nhân dân', cmt: 'chứng minh thư',
  gplx: 'giấy phép lái xe', bhyt: 'bảo hiểm y tế', bhxh: 'bảo hiểm xã hội', ubnd: 'ủy ban nhân dân',
  gcn: 'giấy chứng nhận', qsdd: 'quyền sử dụng đất', gpxd: 'giấy phép xây dựng', hkd: 'hộ kinh doanh',
  tthc: 'thủ tục hành chính', dvc: 'dịch vụ công', hcc: 'hành chính công', lltp: 'lý lịch tư pháp',
  cx: 'cũng', cg: 'cũng', ae: 'anh em', ad: 'admin', pls: 'làm ơn', plz: 'làm ơn',
  ak: 'à', uk: 'ừ', uh: 'ừ', oke: 'ok', okie: 'ok',
  thik: 'thích', iu: 'yêu', wa: 'qua', wá: 'quá', ik: 'đi',
};

/** Abbreviations with several common readings: every reading is added for matching. */
const AMBIGUOUS: Record<string, string[]> = {
  mk: ['mình', 'mật khẩu'],
  hk: ['không', 'hộ khẩu'],
  tk: ['tài khoản'],
  hs: ['hồ sơ', 'học sinh'],
  tt: ['thủ tục', 'thông tin'],
  gt: ['giấy tờ'],
  hn: ['hôm nay', 'hà nội'],
  b: ['bạn'],
  e: ['em'],
};

/** Huế dialect words, added next to the original (not replacing it: "chi phí" must stay). */
const DIALECT: Record<string, string> = {
  mô: 'đâu', răng: 'sao', rứa: 'thế', chi: 'gì', ni: 'này', tê: 'kia', ri: 'thế này', nớ: 'đó',
  mệ: 'bà', tui: 'tôi', hắn: 'nó', hè: 'nhỉ', nì: 'này', vô: 'vào', chừ: 'bây giờ',
};

export interface NormalizedVietnamese {
  /** Standard spelling: abbreviations expanded, tones canonical; diacritics kept where typed. */
  text: string;
  /** Extra words implied by dialect (added for matching, never shown). */
  extra: string[];
}

/** Expands chat abbreviations and notes dialect words. Only call this on Vietnamese text. */
export function normalizeVietnamese(input: string): NormalizedVietnamese {
  const canonical = canonicalVietnamese(input);
  const extra: string[] = [];
  const text = canonical.replace(/[\p{L}\p{N}]+/gu, (word) => {
    const lower = word.toLowerCase();
    const dialect = DIALECT[lower];
    if (dialect) extra.push(dialect);
    const readings = AMBIGUOUS[lower];
    if (readings) extra.push(...readings);
    // Only bare (unaccented) abbreviations are expanded; "đc" folds to "dc" and is expanded too.
    const key = foldDiacritics(lower);
    const expansion = ABBREVIATIONS[lower] ?? (lower.includes('đ') ? ABBREVIATIONS[key] : undefined);
    return expansion ?? word;
  });
  return { text, extra };
}

export function abbreviationCount(input: string): number {
  let hits = 0;
  for (const word of input.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (word.length <= 4 && ABBREVIATIONS[word] && word !== 'ok' && word !== 'v' && word !== 'h' && word !== 'r') hits++;
  }
  return hits;
}

/** The shape of one Vietnamese syllable written without diacritics. */
export const VI_SYLLABLE =
  /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?(uye|uya|oai|oay|uoi|uou|ieu|yeu|uay|uao|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uy|ye|[aeiouy])(ch|ng|nh|[cmnpt])?$/;

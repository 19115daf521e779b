/**
 * Language identification tuned for short chat messages. Scripts settle ko/ja/zh; Latin text is
 * scored against Vietnamese (with and without diacritics), English and French, because general
 * detectors read unaccented Vietnamese ("gio mo cua dai noi") as Italian or Chichewa.
 */
import { packOwnerOf } from '../locale/pack-vocabulary.ts';
import { shorthandCount } from '../locale/shorthand.ts';
import { foldDiacritics, hasVietnameseOnlyLetters, VI_SYLLABLE } from '../text/vietnamese.ts';
import type { Lang } from './langs.ts';

export interface Detection {
  lang: Lang;
  /** 0..1: how sure; ≥ 0.8 means the text alone is enough to switch a conversation's language. */
  confidence: number;
}

// Frequent unaccented Vietnamese syllables (folded). Many are also valid English/French words,
// which is why they only add evidence together with syllable shape.
const VI_COMMON = new Set(
  ('gi la cua co khong duoc o dau nao may bao nhieu lam sao the toi minh can giay di ve an mo dong cho hoi ' +
    'nhu nay kia thi va voi den tu trong ngoai gio ngay thang nam tien phi phai muon biet xin chao cam on ' +
    'bi hu hong tat sang nuoc dien rac duong nha pho phuong xa thanh hue dai noi lang chua song cho ' +
    'ho so dang ky khai sinh ket hon can cuoc chieu xe mat ve gia ban mua nguoi dan o day roi chua nua ' +
    'duoc khong nhe a oi ak u ha hem nhau luon con vay sao rang ru chi ni te mo vo chu ' +
    'tra cuu nop online truc tuyen thu tuc lam viec buoi sang chieu toi dem le hoi du lich an uong')
    .split(' '),
);
const EN_WORDS = new Set(
  ('the a an is are was be to of in on at for from with by and or but how what where when which who why ' +
    'can could do does did i my me you your we our it its this that there here please thanks thank hello hi ' +
    'hey help ticket tickets price prices open opening hours hour time get go near best much many any ' +
    'need want should would will have has tell about visit visiting city imperial tomb pagoda river food ' +
    'airport taxi bus train hotel street light broken report status my dear way good day night today')
    .split(' '),
);
const FR_WORDS = new Set(
  ("le la les de des du un une est sont et ou où à au aux en pour par avec sur dans quel quelle quels " +
    "quelles combien comment quand qui que quoi je j tu il elle nous vous on mon ma mes ce cette ces " +
    "bonjour merci salut svp s'il plaît prix billet billets heure heures ouvert ouverture fermé visite " +
    "aller ville cité citadelle tombeau pagode rivière aéroport manger où est-ce puis-je peut-on faut-il y a " +
    "devant derrière notre votre nos vos leur leurs très tres trop beaucoup peu ça ici là voilà chez rue mauvais mauvaise " +
    "bon bonne hier demain aujourd'hui depuis encore toujours jamais rien mais donc alors aussi sans sous entre vers " +
    "ont sommes êtes suis était avait fait faire peux pouvez veux voulez dois doit nuit soir matin")
    .split(' '),
);
const LATIN_LETTER = /\p{Script=Latin}/u;
const FR_ONLY_CHARS = /[çœæîïëûÿ]/i;
const FR_SPELLING = /(eau|eaux|eux|aux|oir|oire|eur|euse|ette|elle|ille|ais|ait|aient|ez|ons|ent|ée|és|ées|ère|ès|ême|ôt|qu[eio]|gn|tion|ment|isme|ique|[éèêàùâôç])/;
const EN_SPELLING = /(th|wh|sh|ck|ng$|ing|ed$|ly$|tion$|ness|ful|ght|oo|ee|ea|ou|ow|aw|w|y$|ss$|ll|er$|est$|s$)/;

/** Letters per script, counted in one pass over the text. */
function scripts(text: string) {
  let hangul = 0;
  let kana = 0;
  let han = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
    } else if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) hangul++;
    else if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff) || (c >= 0xff66 && c <= 0xff9f)) kana++;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) han++;
    else if (LATIN_LETTER.test(text[i]!)) latin++;
  }
  return { hangul, kana, han, latin };
}

export function detectLanguage(text: string): Detection | undefined {
  const s = scripts(text);
  const cjk = s.hangul + s.kana + s.han;
  if (cjk > 0 && cjk >= s.latin / 3) {
    if (s.hangul >= s.kana + s.han / 2) return { lang: 'ko', confidence: 0.95 };
    if (s.kana > 0) return { lang: 'ja', confidence: 0.95 };
    // Han only: Chinese, unless Japanese-only character forms appear.
    return { lang: /[々〆ヶ]/.test(text) ? 'ja' : 'zh', confidence: s.han >= 2 ? 0.9 : 0.7 };
  }
  if (s.latin === 0) return undefined;
  if (hasVietnameseOnlyLetters(text)) {
    // "Minh Mạng tomb opening hours": Vietnamese place names inside an English or French sentence.
    if (onlyNamesAreVietnamese(text)) {
      const scored = scoreLatin(text);
      if (scored && scored.lang !== 'vi' && scored.confidence >= 0.6) return scored;
    }
    return { lang: 'vi', confidence: 0.97 };
  }
  return scoreLatin(text);
}

/** True when every word with a Vietnamese-only letter is capitalised (a name) and at least two other words surround them. */
function onlyNamesAreVietnamese(text: string): boolean {
  const words = text.normalize('NFC').match(/\p{L}+/gu) ?? [];
  let others = 0;
  for (const word of words) {
    if (!hasVietnameseOnlyLetters(word)) others++;
    else if (word[0] === word[0]!.toLowerCase()) return false;
  }
  return others >= 2;
}

function scoreLatin(text: string): Detection | undefined {
  const lower = text.toLowerCase().normalize('NFC');
  const words = lower.match(/[\p{L}']+/gu) ?? [];
  if (words.length === 0) return undefined;
  let vi = 0;
  let en = 0;
  let fr = FR_ONLY_CHARS.test(lower) ? 2 : 0;
  for (const word of words) {
    const folded = foldDiacritics(word);
    // A word only one pack's dialogue lists use ("alo", "ơi", "merci") is evidence for that language.
    const owner = packOwnerOf(word);
    if (owner === 'vi') vi += 1;
    else if (owner === 'en') en += 1;
    else if (owner === 'fr') fr += 1;
    const accentedFrench = word !== folded;
    if (EN_WORDS.has(word)) en += 1;
    // â, ê, ô on a word shaped like a Vietnamese syllable ("tên", "bên") is Vietnamese; on "tête" or "hôtel", French.
    const vietnameseShape = VI_SYLLABLE.test(folded);
    if (FR_WORDS.has(word)) fr += accentedFrench ? 1.5 : 1;
    else if (accentedFrench && vietnameseShape && /[âêô]/.test(word)) vi += 1.2;
    else if (accentedFrench && /[éèêàùâô]/.test(word)) fr += 0.8;
    if (vietnameseShape) vi += VI_COMMON.has(folded) ? 1 : 0.45;
    else {
      // Not a Vietnamese syllable: some other Latin-script language, told apart by spelling.
      vi -= 0.6;
      if (FR_SPELLING.test(word)) fr += 0.6;
      else if (EN_SPELLING.test(word)) en += 0.6;
      else en += 0.3;
    }
  }
  // Chat shorthand ("ko", "dc", "sdt") is Vietnamese; single letters and words English or French use are not evidence.
  vi += shorthandCount(lower, 'vi', (w) => w.length < 2 || EN_WORDS.has(w) || FR_WORDS.has(w) || w === 'ok') * 1.5;
  // Apostrophe elisions ("l'aéroport", "qu'est") are French.
  if (/\b(l|d|qu|j|n|c|s)'\p{L}/u.test(lower)) fr += 1.5;
  const ranked = (
    [
      ['vi', vi],
      ['en', en],
      ['fr', fr],
    ] as [Lang, number][]
  ).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked as [[Lang, number], [Lang, number]];
  if (best[1] <= 0) return undefined;
  const margin = (best[1] - Math.max(0, second[1])) / Math.max(1, words.length);
  const confidence = Math.min(0.95, 0.45 + margin * 0.6 + Math.min(words.length, 6) * 0.04);
  return { lang: best[0], confidence };
}

/**
 * Language identification for short chat messages. The Unicode scripts settle Korean, Japanese
 * and Chinese; Latin-script text goes to a model learned from the packs and knowledge files,
 * because general detectors read unaccented Vietnamese ("gio mo cua dai noi") as Italian.
 */
import type { Lang } from './langs.ts';

export interface Detection {
  lang: Lang;
  /** 0..1: how sure; ≥ 0.8 means the text alone is enough to switch a conversation's language. */
  confidence: number;
}

/**
 * Identifies the language of Latin-script text. The default is trained from the locale packs and
 * knowledge files (knowledge/src/understanding/language-identifier.ts) and installed at start-up
 * with the packs; the core only asks it.
 */
export interface LatinLanguageModel {
  /** The languages it tells apart. */
  readonly languages: readonly string[];
  identify(text: string): Detection | undefined;
}

let latinModel: LatinLanguageModel | undefined;

export function installLatinLanguageModel(model: LatinLanguageModel | undefined): void {
  latinModel = model;
}

const LATIN_LETTER = /\p{Script=Latin}/u;

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
  return latinModel?.identify(text);
}

/**
 * The place a first report already names ("gần số 40 Nguyễn Huệ", "in front of 12 Le Loi",
 * "黎利街12号前面"), so the intake confirms it instead of asking again. The words that introduce,
 * name or close a place come from the locale packs. A span counts only when it holds a house
 * number, a capitalised name or a kind of place, so "ở đây" or "at night" is not a place.
 */
import type { LocaleUnderstanding } from '../locale/locale-pack.ts';
import { localePack } from '../locale/installed.ts';
import { UNSPACED_SCRIPT } from '../text/scripts.ts';
import { foldDiacritics } from '../text/vietnamese.ts';

// Clauses end at punctuation, but not at the dot of "no. 12" or the comma of "1,5".
const CLAUSE_END = /[;!?\n，。！？]|,(?!\d)|\.(?=\s+\p{Lu})/u;
/** A place longer than this has swallowed the rest of the sentence. */
const MAX_PLACE_WORDS = 8;
/** The place word must come this close to the name or number it introduces. */
const MAX_MARKER_GAP = 4;

interface Token {
  text: string;
  lower: string;
  /** Typed with diacritics: compared as typed ("chắn" is not "chân"), otherwise folded. */
  accented: boolean;
  folded: string;
}

const fold = (text: string) => foldDiacritics(text.toLowerCase());
const tokenize = (clause: string): Token[] =>
  (clause.match(/[\p{L}\p{N}°]+/gu) ?? []).map((text) => {
    const lower = text.toLowerCase();
    const folded = fold(text);
    return { text, lower, folded, accented: folded !== lower };
  });
const phrases = (list: string[]) => list.map((m) => m.toLowerCase().split(/\s+/)).sort((a, b) => b.length - a.length);
const sameWord = (token: Token | undefined, word: string) => token !== undefined && (token.accented ? token.lower === word : token.folded === fold(word));

/** How many tokens a phrase from the list spans at position i (0 when none starts there). */
function phraseAt(tokens: Token[], i: number, list: string[][]): number {
  for (const phrase of list) if (phrase.every((word, k) => sameWord(tokens[i + k], word))) return phrase.length;
  return 0;
}

const isAnchor = (token: Token, index: number) => /\d/.test(token.text) || (index > 0 && /^\p{Lu}/u.test(token.text));

function placeInClause(clause: string, u: LocaleUnderstanding): string | undefined {
  const tokens = tokenize(clause);
  const markers = phrases(u.placeMarkers);
  const nouns = phrases(u.placeNouns);
  const placeWordAt = (i: number) => phraseAt(tokens, i, markers) || phraseAt(tokens, i, nouns);
  for (let anchor = 0; anchor < tokens.length; anchor++) {
    if (!isAnchor(tokens[anchor]!, anchor)) continue;
    // Start at the last marker shortly before the name or number, else at the kinds of place right before it.
    let start: number | undefined;
    for (let i = Math.max(0, anchor - MAX_MARKER_GAP); i < anchor; i++) if (phraseAt(tokens, i, markers)) start = i;
    if (start === undefined) {
      let i = anchor;
      while (i > 0 && phraseAt(tokens, i - 1, nouns) === 1) i--;
      if (i < anchor) start = i;
    }
    // Run on while words belong to a place (names, numbers, kinds of place, markers, short links).
    let end = anchor;
    let namesKind = start !== undefined;
    for (let i = anchor; i < tokens.length && i - (start ?? anchor) < MAX_PLACE_WORDS; ) {
      const span = placeWordAt(i);
      if (span > 0) namesKind = true;
      if (isAnchor(tokens[i]!, i) || span > 0) end = i + Math.max(span, 1) - 1;
      else if (tokens[i]!.text.length > 3) break;
      i += Math.max(span, 1);
    }
    if (namesKind) return tokens.slice(start ?? anchor, end + 1).map((t) => t.text).join(' ');
  }
  return undefined;
}

function placeBeforeSuffix(clause: string, u: LocaleUnderstanding): string | undefined {
  for (const suffix of u.placeSuffixes) {
    const at = clause.indexOf(suffix);
    if (at <= 0) continue;
    const place = clause.slice(0, at + suffix.length).trim();
    if (/\d/.test(place) || u.placeNouns.some((n) => place.includes(n))) return place;
  }
  return undefined;
}

export function placeInReport(text: string, lang: string): string | undefined {
  const u = localePack(lang)?.understanding;
  if (!u) return undefined;
  for (const clause of text.normalize('NFC').split(CLAUSE_END)) {
    const place = UNSPACED_SCRIPT.test(clause) ? placeBeforeSuffix(clause, u) : placeInClause(clause, u);
    if (place) return place;
  }
  return undefined;
}

/**
 * Finds people's names in free text, so public output can mask them. The mechanism here is
 * generic; the words are data: each locale pack's `personNames` (titles, family and middle names,
 * words of address after a name, place words) and the city profile's `namedPlaces`.
 *
 * A name is
 *  - a title and one to three capitalised words after it ("chị Lan", "Mr. John Smith"), or a title
 *    and a family name, middle name and one given name in any case ("ong tran van binh");
 *  - a capitalised family name, middle name and one or two given names ("Nguyen Thi Hoa");
 *  - a family name and a few letters before a word of address ("王先生", "김민수 씨").
 * A name in the first two forms is a place instead, and kept, when a place word or a house number
 * comes before it ("đường Nguyễn Huệ", "12 Võ Thị Sáu"), a place word after it ("… street"), or it
 * is one of the city's named places, its wards or its name.
 */
import { cityProfile, installedBundle, localesInstalled, onLocalesInstalled } from '../locale/installed.ts';
import type { NameSuffix } from '../locale/locale-pack.ts';
import { foldDiacritics } from '../text/vietnamese.ts';

export interface NameSpan {
  start: number;
  end: number;
}

interface Title {
  words: string[];
  /** Written with a full stop after it ("Mr.", "M."). */
  dot: boolean;
  /** Written with a capital in the list: it matches only so ("Mr", "Monsieur"). */
  exact?: string;
}

interface JoinedRule extends NameSuffix {
  /** Longest first, so "佐々木" wins over a shorter family name ending the same way. */
  surnames: string[];
  startsWord: boolean;
  notNames: Set<string>;
}

interface Rules {
  titles: Map<string, Title[]>;
  surnames: Set<string>;
  surnamesFolded: Set<string>;
  middles: Set<string>;
  middlesFolded: Set<string>;
  notNames: Set<string>;
  stopWords: Set<string>;
  placesBefore: string[][];
  placeMarkers: string[][];
  placesAfter: Set<string>;
  namedPlaces: Map<string, string[][]>;
  joined: JoinedRule[];
}

interface Word {
  start: number;
  end: number;
  text: string;
  lower: string;
  folded: string;
  /** Has diacritics: it then matches family and middle names only as spelled. */
  marked: boolean;
  capital: boolean;
  /** Two or more letters, all capitals: an acronym ("CSGT", "UBND"), not a name. */
  acronym: boolean;
}

const lower = (s: string) => s.normalize('NFC').toLowerCase();
const foldedWords = (s: string) => foldDiacritics(lower(s)).split(/\s+/).filter(Boolean);
const phrase = (s: string) => lower(s).split(/\s+/).filter(Boolean);

let rules: Rules | undefined;
onLocalesInstalled(() => (rules = undefined));

function build(): Rules {
  const r: Rules = {
    titles: new Map(),
    surnames: new Set(),
    surnamesFolded: new Set(),
    middles: new Set(),
    middlesFolded: new Set(),
    notNames: new Set(),
    stopWords: new Set(),
    placesBefore: [],
    placeMarkers: [],
    placesAfter: new Set(),
    namedPlaces: new Map(),
    joined: [],
  };
  for (const pack of installedBundle().packs) {
    const cues = pack.personNames;
    for (const raw of cues.titles) {
      const dot = raw.endsWith('.');
      const written = dot ? raw.slice(0, -1) : raw;
      const words = phrase(written);
      if (words.length === 0) continue;
      const first = written.normalize('NFC').split(/\s+/)[0]!;
      const title: Title = { words, dot, ...(first !== lower(first) ? { exact: first } : {}) };
      r.titles.set(words[0]!, [...(r.titles.get(words[0]!) ?? []), title]);
    }
    for (const s of cues.surnames) (r.surnames.add(lower(s)), r.surnamesFolded.add(foldDiacritics(lower(s))));
    for (const s of cues.middleNames) (r.middles.add(lower(s)), r.middlesFolded.add(foldDiacritics(lower(s))));
    for (const s of cues.notNames) r.notNames.add(lower(s));
    for (const s of cues.placesBefore) r.placesBefore.push(phrase(s));
    for (const s of cues.placesAfter) r.placesAfter.add(lower(s));
    for (const s of pack.understanding.placeMarkers) r.placeMarkers.push(phrase(s));
    for (const s of pack.understanding.stopWords) r.stopWords.add(foldDiacritics(lower(s)));
    const surnames = [...cues.surnames].map((s) => s.normalize('NFC')).sort((a, b) => b.length - a.length);
    for (const suffix of cues.suffixes) r.joined.push({ ...suffix, surnames, startsWord: cues.nameStartsWord, notNames: new Set(cues.notNames.map(lower)) });
  }
  for (const titles of r.titles.values()) titles.sort((a, b) => b.words.length - a.words.length);
  const city = cityProfile();
  const places = [...city.namedPlaces, ...city.wards.flatMap((w) => [w.name, ...w.folded]), ...Object.values(city.name).filter((n): n is string => Boolean(n))];
  for (const place of places) {
    const words = foldedWords(place);
    if (words.length) r.namedPlaces.set(words[0]!, [...(r.namedPlaces.get(words[0]!) ?? []), words]);
  }
  return r;
}

// A run of letters (with apostrophes inside: "O'Brien"), not glued to digits ("12A", hashes, UUIDs).
const WORD = /(?<![\p{L}\p{M}\p{N}'’])[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*(?![\p{L}\p{M}\p{N}])/gu;
const SPACE = /^[ \t\u00a0]+$/;
const AFTER_DOT = /^\.[ \t\u00a0]+$/;
const SENTENCE_BREAK = /[.!?…:;\n"“«(\[•*–—]/;
const HOUSE_NUMBER = /\p{N}[\p{L}\p{N}/-]*[ \t\u00a0]+$/u;

function tokenize(text: string): Word[] {
  return [...text.matchAll(WORD)].map((m) => {
    const l = lower(m[0]);
    const folded = foldDiacritics(l);
    return {
      start: m.index,
      end: m.index + m[0].length,
      text: m[0].normalize('NFC'),
      lower: l,
      folded,
      marked: folded !== l,
      capital: /^\p{Lu}/u.test(m[0]),
      acronym: m[0].length >= 2 && !/\p{Ll}/u.test(m[0]),
    };
  });
}

/** Finds the spans of people's names in a text (the name only: a title or word of address stays outside). */
export function findNames(text: string): NameSpan[] {
  if (!localesInstalled() || !text) return [];
  const r = (rules ??= build());
  const words = tokenize(text);
  const gap = (i: number) => text.slice(words[i - 1]?.end ?? 0, words[i]!.start);
  const spaced = (i: number) => i > 0 && i < words.length && SPACE.test(gap(i));
  const sentenceStart = (i: number) => {
    const before = gap(i);
    return !/[\p{L}\p{N}]/u.test(before) && (i === 0 || SENTENCE_BREAK.test(before));
  };
  const isSurname = (w: Word) => r.surnames.has(w.lower) || (!w.marked && r.surnamesFolded.has(w.folded));
  const isMiddle = (w: Word) => r.middles.has(w.lower) || (!w.marked && r.middlesFolded.has(w.folded));
  const nameWord = (w: Word | undefined) => Boolean(w && w.capital && !w.acronym && (w.text.length >= 2 || w.marked) && !r.notNames.has(w.lower) && !r.placesAfter.has(w.lower));
  const givenWord = (w: Word | undefined) => Boolean(w && (w.text.length >= 2 || w.marked) && !r.notNames.has(w.lower) && !r.stopWords.has(w.folded) && !r.placesAfter.has(w.lower));

  /** The words before index `i` (touching, one space apart) end with one of these phrases. */
  const preceded = (i: number, phrases: string[][]) =>
    phrases.some((p) => {
      if (i < p.length || !spaced(i)) return false;
      return p.every((word, k) => words[i - p.length + k]!.lower === word && (k === 0 || spaced(i - p.length + k)));
    });
  /** A named place starts at word `i` and reaches word `last` ("Bà Triệu" is no place in "bà Triệu Văn Bình"). */
  const placeAhead = (i: number, last: number) =>
    (r.namedPlaces.get(words[i]!.folded) ?? []).some((p) => i + p.length > last && p.every((word, k) => words[i + k]?.folded === word && (k === 0 || spaced(i + k))));
  const placeAfter = (last: number) => spaced(last + 1) && r.placesAfter.has(words[last + 1]!.lower);

  const titleAt = (i: number): number | undefined => {
    const w = words[i]!;
    for (const t of r.titles.get(w.lower) ?? []) {
      const k = t.words.length;
      if (!t.words.every((word, m) => words[i + m]?.lower === word && (m === 0 || spaced(i + m)))) continue;
      const cased = t.exact ? w.text === t.exact : w.text === w.lower || (sentenceStart(i) && w.text === w.lower.charAt(0).toUpperCase() + w.lower.slice(1));
      if (!cased || i + k >= words.length) continue;
      if (!(t.dot ? AFTER_DOT : SPACE).test(gap(i + k))) continue;
      return i + k;
    }
    return undefined;
  };

  /** The last word of a name that starts at `j` right after a title, if one does. */
  const nameAfterTitle = (j: number): number | undefined => {
    const first = words[j]!;
    // A full name, even when its family name is also a word of some language ("La", "Mai").
    const full = fullNameAt(j);
    if (full !== undefined) return full;
    if (nameWord(first)) {
      let last = j;
      while (last - j + 1 < 3 && spaced(last + 1) && nameWord(words[last + 1])) last++;
      return last;
    }
    // Written in lower case, only a full name: family, middle and one given name (nothing tells a
    // second given name from the next word: "tran van binh hang xom").
    if (!isSurname(first) || !spaced(j + 1) || !isMiddle(words[j + 1]!) || !spaced(j + 2) || !givenWord(words[j + 2])) return undefined;
    return j + 2;
  };

  /** The last word of a capitalised full name starting at `i` without a title, if one does. */
  const fullNameAt = (i: number): number | undefined => {
    const w = words[i]!;
    if (!w.capital || w.acronym || !isSurname(w) || !spaced(i + 1)) return undefined;
    const middle = words[i + 1]!;
    if (!middle.capital || !isMiddle(middle) || !spaced(i + 2) || !nameWord(words[i + 2])) return undefined;
    return spaced(i + 3) && nameWord(words[i + 3]) ? i + 3 : i + 2;
  };

  const spans: NameSpan[] = [];
  for (let i = 0; i < words.length; i++) {
    // A capitalised title word that starts a full name is its family name ("Chu Văn Nam").
    const j = fullNameAt(i) === undefined ? titleAt(i) : undefined;
    if (j !== undefined) {
      const last = nameAfterTitle(j);
      if (last !== undefined) {
        const place = preceded(i, r.placesBefore) || placeAhead(i, last) || placeAhead(j, last) || placeAfter(last);
        if (!place) spans.push({ start: words[j]!.start, end: words[last]!.end });
        i = last;
        continue;
      }
    }
    const last = fullNameAt(i);
    if (last === undefined) continue;
    const houseNumber = HOUSE_NUMBER.test(text.slice(Math.max(0, words[i]!.start - 12), words[i]!.start));
    const place = houseNumber || preceded(i, r.placesBefore) || preceded(i, r.placeMarkers) || placeAhead(i, last) || placeAfter(last);
    if (!place) spans.push({ start: words[i]!.start, end: words[last]!.end });
    i = last;
  }
  for (const rule of r.joined) spans.push(...joinedNames(text, rule));
  return merge(spans);
}

const LETTERS = /^\p{L}*$/u;

/** Family name + given letters before a word of address: "王先生", "田中太郎さん", "김민수 씨". */
function joinedNames(text: string, rule: JoinedRule): NameSpan[] {
  const spans: NameSpan[] = [];
  for (const word of rule.words) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
      const end = rule.spaced ? at - 1 : at;
      if (rule.spaced ? text[end] !== ' ' : !/\p{L}/u.test(text[end - 1] ?? '')) continue;
      if (rule.particles && !endsWord(text, at + word.length, rule.particles)) continue;
      for (let given = rule.given[1]; given >= rule.given[0]; given--) {
        const givenStart = end - given;
        if (givenStart < 1 || !LETTERS.test(text.slice(givenStart, end))) continue;
        const surname = rule.surnames.find((s) => s.length <= givenStart && text.startsWith(s, givenStart - s.length));
        if (!surname) continue;
        const start = givenStart - surname.length;
        if (rule.startsWord && /\p{L}/u.test(text[start - 1] ?? '')) continue;
        if (rule.notNames.has(text.slice(start, end))) continue;
        spans.push({ start, end });
        break;
      }
    }
  }
  return spans;
}

/** Nothing of the word goes on at `at`, or only one of the particles does. */
function endsWord(text: string, at: number, particles: string[]): boolean {
  const ends = (i: number) => !/[\p{L}\p{M}\p{N}]/u.test(text[i] ?? '');
  return ends(at) || particles.some((p) => text.startsWith(p, at) && ends(at + p.length));
}

function merge(spans: NameSpan[]): NameSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: NameSpan[] = [];
  for (const s of sorted) {
    const prev = out.at(-1);
    if (prev && s.start <= prev.end) prev.end = Math.max(prev.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

export const NAME_PLACEHOLDER = '[name]';

/** Replaces every name found with "[name]"; the title or word of address around it stays. */
export function redactNames(text: string): string {
  const spans = findNames(text);
  if (spans.length === 0) return text;
  let out = '';
  let from = 0;
  for (const s of spans) {
    out += text.slice(from, s.start) + NAME_PLACEHOLDER;
    from = s.end;
  }
  return out + text.slice(from);
}

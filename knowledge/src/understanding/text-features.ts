/**
 * Sparse features that survive spelling variation: character 1–4-grams of every folded word
 * (with word boundaries), folded word unigrams and bigrams, and the accented words as typed.
 * The same shape as Rasa's count-vector featurizers (`char_wb` 1–4 plus words), hashed into a
 * fixed space so the model needs no vocabulary file.
 */
import { UNSPACED_SCRIPT } from '../../../bot/text/scripts.ts';
import { foldDiacritics } from '../../../bot/text/vietnamese.ts';

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** Size of the hashed feature space; collisions at this size cost nothing measurable. */
export const FEATURE_SPACE = 1 << 20;

const WORD = /[\p{L}\p{N}]+/gu;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME);
}

/** FNV-1a of a string's UTF-16 units, continued from `h`. */
function fnvString(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = fnvStep(h, text.charCodeAt(i));
  return h;
}

/** 32-bit FNV-1a: fast, deterministic across runs and machines. */
export function hash(text: string): number {
  return fnvString(FNV_OFFSET, text) >>> 0;
}

export interface FeatureOptions {
  /** Token → standard spelling, applied to folded tokens before features are taken ("ko" → "khong"). */
  shorthand?: ReadonlyMap<string, string>;
}

/** Lower-case, NFC, diacritics folded: "Đại Nội" → "dai noi". */
export function foldText(text: string): string {
  return foldDiacritics(text.normalize('NFC').toLowerCase());
}

let lastSpacedInput = '';
let lastSpacedOutput = '';

/**
 * Folded text with every run of non-letters made one space: "Chùa Thiên Mụ?" → "chua thien mu".
 * Several matchers read each message this way in one turn, so the last result is kept.
 */
export function foldedWords(text: string): string {
  if (text !== lastSpacedInput) {
    lastSpacedOutput = foldText(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    lastSpacedInput = text;
  }
  return lastSpacedOutput;
}

export function tokens(text: string, options: FeatureOptions = {}): string[] {
  const words = foldText(text).match(WORD) ?? [];
  if (!options.shorthand) return words;
  return words.flatMap((w) => (options.shorthand!.get(w) ?? w).split(' '));
}

/**
 * Character n-grams of ` word ` hashed as `prefix + gram` would be, without building the strings:
 * every message passes through here, and the garbage of ~100 short strings each adds up. Grams
 * are of code points; a word in the Basic Multilingual Plane (every script the packs use) is
 * walked by UTF-16 unit, which is the same thing without splitting it into an array.
 */
function addNgrams(keys: KeyList, word: string, seed: number, maxN: number): void {
  if (ASTRAL.test(word)) return addNgramsOfCodePoints(keys, [...word], seed, maxN);
  const length = word.length + 2;
  // Position i of ` word `: the boundary space at both ends, the word's units between.
  const unitAt = (i: number) => (i === 0 || i === length - 1 ? SPACE : word.charCodeAt(i - 1));
  for (let start = 0; start < length; start++) {
    let h = seed;
    for (let n = 1; n <= maxN && start + n <= length; n++) {
      h = fnvStep(h, unitAt(start + n - 1));
      // A lone boundary space carries nothing.
      if (n === 1 && (start === 0 || start === length - 1)) continue;
      keys.push((h >>> 0) % FEATURE_SPACE);
    }
  }
}

function addNgramsOfCodePoints(keys: KeyList, points: string[], seed: number, maxN: number): void {
  const units: string[] = [' ', ...points, ' '];
  for (let start = 0; start < units.length; start++) {
    let h = seed;
    for (let n = 1; n <= maxN && start + n <= units.length; n++) {
      h = fnvString(h, units[start + n - 1]!);
      if (n === 1 && units[start] === ' ') continue;
      keys.push((h >>> 0) % FEATURE_SPACE);
    }
  }
}

/** Feature keys of one message, duplicates included, in a buffer reused from message to message. */
class KeyList {
  private buffer = new Int32Array(512);
  length = 0;

  push(key: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Int32Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = key;
  }

  /** The keys in ascending order (a view into the buffer, valid until the next message). */
  sorted(): Int32Array {
    return this.buffer.subarray(0, this.length).sort();
  }
}

const SPACE = 0x20;
const ASTRAL = /[\ud800-\udfff]/;
const CHAR_SEED = fnvString(FNV_OFFSET, 'c:');
// `hash('w:' + word)` and the others are the prefix's hash continued with the text.
const WORD_SEED = fnvString(FNV_OFFSET, 'w:');
const BIGRAM_SEED = fnvString(FNV_OFFSET, 'b:');
const ACCENT_SEED = fnvString(FNV_OFFSET, 'a:');
const keyOf = (h: number) => (h >>> 0) % FEATURE_SPACE;
const keyList = new KeyList();

/** L2-normalised log-count features of one message. */
export function featurize(text: string, options: FeatureOptions = {}): SparseVector {
  const keys = keyList;
  keys.length = 0;
  const words = tokens(text, options);
  for (const w of words) {
    keys.push(keyOf(fnvString(WORD_SEED, w)));
    // Scripts without spaces keep whole clauses in one token: their n-grams carry the meaning.
    addNgrams(keys, w, CHAR_SEED, UNSPACED_SCRIPT.test(w) ? 3 : 4);
  }
  for (let i = 1; i < words.length; i++) keys.push(keyOf(fnvString(fnvStep(fnvString(BIGRAM_SEED, words[i - 1]!), SPACE), words[i]!)));
  // Accents disambiguate when typed ("hỏng" broken vs "hồng" pink); folded forms carry the rest.
  for (const w of text.normalize('NFC').toLowerCase().match(WORD) ?? []) if (w !== foldDiacritics(w)) keys.push(keyOf(fnvString(ACCENT_SEED, w)));
  // Equal keys sit together once sorted: each run is one feature and its count.
  const all = keys.sorted();
  let distinct = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) distinct++;
  const indices = new Int32Array(distinct);
  const values = new Float32Array(distinct);
  let norm = 0;
  for (let i = 0, at = -1; i < all.length; i++) {
    if (i === 0 || all[i] !== all[i - 1]) indices[++at] = all[i]!;
    values[at]!++;
  }
  for (let i = 0; i < distinct; i++) {
    const v = Math.log1p(values[i]!);
    values[i] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < values.length; i++) values[i]! /= norm;
  return { indices, values };
}

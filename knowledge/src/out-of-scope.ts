/**
 * Matches messages against the topics the assistant deliberately does not cover
 * (knowledge/out-of-scope.md): other cities, visas, divorce, hotel recommendations…
 * Runs on every message, so words are compared as space-delimited substrings, not regexes.
 */
import { canonicalVietnamese, foldDiacritics, hasVietnameseDiacritics } from '../../bot/text/vietnamese.ts';
import type { OutOfScopeFile } from './schema.ts';

type Matcher = (text: PreparedText) => boolean;

interface PreparedText {
  /** Lower-case, canonical tones, words separated by single spaces and padded: " vé vào hội an ". */
  accented: string;
  folded: string;
  /** The words of each form, so most rules are ruled out by one set lookup. */
  accentedWords: Set<string>;
  foldedWords: Set<string>;
  /** Unaccented Vietnamese can only be compared folded. */
  hasDiacritics: boolean;
  hasCjk: boolean;
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/;
const WORD = /[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu;

function wordList(text: string): string[] {
  return text.match(WORD) ?? [];
}

function padded(words: string[]): string {
  return ` ${words.join(' ')} `;
}

function wordMatcher(raw: string): Matcher {
  const word = canonicalVietnamese(raw.toLowerCase().normalize('NFC'));
  if (CJK.test(word)) return (text) => text.hasCjk && text.accented.includes(word);
  // A message typed with diacritics is compared as typed ("hỏi an toàn" is not "Hội An");
  // one typed without them can only be compared folded.
  const foldedWords = wordList(foldDiacritics(word));
  const accentedWords = wordList(word);
  const folded = padded(foldedWords);
  const accented = padded(accentedWords);
  const firstFolded = foldedWords[0] ?? '';
  const firstAccented = accentedWords[0] ?? '';
  return (text) =>
    text.hasDiacritics
      ? text.accentedWords.has(firstAccented) && text.accented.includes(accented)
      : text.foldedWords.has(firstFolded) && text.folded.includes(folded);
}

export interface OutOfScopeMatcher {
  /** The id of the uncovered topic the message is about, if any. */
  match(text: string): string | undefined;
}

export function compileOutOfScope(file: OutOfScopeFile | undefined): OutOfScopeMatcher {
  const topics = (file?.topics ?? []).map((topic) => ({
    id: topic.id,
    rules: topic.match.map((rule) => rule.map(wordMatcher)),
    unless: topic.unless.map(wordMatcher),
  }));
  return {
    match(input: string): string | undefined {
      const canonical = canonicalVietnamese(input.toLowerCase().normalize('NFC'));
      const accentedWords = wordList(canonical);
      const accented = padded(accentedWords);
      const folded = foldDiacritics(accented);
      const text: PreparedText = {
        accented,
        folded,
        accentedWords: new Set(accentedWords),
        foldedWords: new Set(wordList(folded)),
        hasDiacritics: hasVietnameseDiacritics(canonical),
        hasCjk: CJK.test(canonical),
      };
      for (const topic of topics) {
        if (!topic.rules.some((rule) => rule.every((m) => m(text)))) continue;
        if (topic.unless.some((m) => m(text))) continue;
        return topic.id;
      }
      return undefined;
    },
  };
}

/**
 * Matches messages against the topics the assistant deliberately does not cover
 * (knowledge/out-of-scope.md): other cities, visas, divorce, hotel recommendations…
 */
import { canonicalVietnamese, foldDiacritics, hasVietnameseDiacritics } from '../../bot/text/vietnamese.ts';
import type { OutOfScopeFile } from './schema.ts';

type Matcher = (text: PreparedText) => boolean;

interface PreparedText {
  accented: string;
  folded: string;
  /** Unaccented Vietnamese can only be compared folded. */
  hasDiacritics: boolean;
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/;

function wordMatcher(raw: string): Matcher {
  const word = canonicalVietnamese(raw.toLowerCase());
  if (CJK.test(word)) return (text) => text.accented.includes(word);
  const bounded = (w: string) => new RegExp(`(^|[^\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u');
  const folded = bounded(foldDiacritics(word));
  if (foldDiacritics(word) === word) return (text) => folded.test(text.folded);
  const accented = bounded(word);
  return (text) => (text.hasDiacritics ? accented.test(text.accented) : folded.test(text.folded));
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
      const accented = canonicalVietnamese(input.toLowerCase().normalize('NFC'));
      const text: PreparedText = { accented, folded: foldDiacritics(accented), hasDiacritics: hasVietnameseDiacritics(accented) };
      for (const topic of topics) {
        if (!topic.rules.some((rule) => rule.every((m) => m(text)))) continue;
        if (topic.unless.some((m) => m(text))) continue;
        return topic.id;
      }
      return undefined;
    },
  };
}

/**
 * Finds which of a list of names a message contains, as whole words ("thien mu" in "chua thien mu
 * o dau", not "mu" in "mua"), folded like the classifier's features. Names in scripts written
 * without spaces are compared as substrings with spaces removed. Runs on every message, so a
 * message is only compared with the names its own words start, plus the few unspaced ones.
 */
import { UNSPACED_SCRIPT } from '../../../bot/text/scripts.ts';
import { foldedWords } from './text-features.ts';

interface PreparedName<T> {
  value: T;
  folded: string;
  compact: string;
  unspaced: boolean;
  /** Position in longest-first order, so candidates from both lists sort without comparing strings. */
  rank: number;
}

export interface NameMatch<T> {
  value: T;
  /** Where the name starts in the normalised message (spaces removed for unspaced names). */
  at: number;
}

export interface NameFinder<T> {
  /** Every name the text contains, longest first (ties in the order the names were given). */
  matches(text: string): NameMatch<T>[];
}

export function createNameFinder<T>(names: readonly { value: T; name: string }[]): NameFinder<T> {
  const prepared: PreparedName<T>[] = [];
  for (const { value, name } of names) {
    const folded = foldedWords(name);
    if (folded) prepared.push({ value, folded, compact: folded.replace(/\s+/g, ''), unspaced: UNSPACED_SCRIPT.test(folded), rank: 0 });
  }
  // A stable sort: "lăng Minh Mạng" is tried before a shorter name inside it.
  prepared.sort((a, b) => b.folded.length - a.folded.length);
  prepared.forEach((n, i) => (n.rank = i));
  const byFirstWord = new Map<string, PreparedName<T>[]>();
  const unspaced = prepared.filter((n) => n.unspaced);
  for (const name of prepared) {
    if (name.unspaced) continue;
    const first = name.folded.split(' ')[0]!;
    const list = byFirstWord.get(first);
    if (list) list.push(name);
    else byFirstWord.set(first, [name]);
  }
  return {
    matches(text) {
      const folded = foldedWords(text);
      if (!folded) return [];
      const padded = ` ${folded} `;
      const candidates = new Set<PreparedName<T>>();
      for (const word of folded.split(' ')) for (const name of byFirstWord.get(word) ?? []) candidates.add(name);
      let compact: string | undefined;
      if (UNSPACED_SCRIPT.test(folded)) {
        compact = folded.replace(/\s+/g, '');
        for (const name of unspaced) candidates.add(name);
      }
      const found: NameMatch<T>[] = [];
      for (const name of [...candidates].sort((a, b) => a.rank - b.rank)) {
        const at = name.unspaced ? compact!.indexOf(name.compact) : padded.indexOf(` ${name.folded} `);
        if (at >= 0) found.push({ value: name.value, at });
      }
      return found;
    },
  };
}

/**
 * Chat abbreviations and regional words as a language's locale pack lists them ("ko" → "không",
 * Huế "mô" → "đâu"), applied to messages and to knowledge text alike so both meet in one form.
 */
import { foldDiacritics } from '../text/vietnamese.ts';
import { localePack, onLocalesInstalled } from './installed.ts';

export interface ExpandedText {
  /** Standard spelling: abbreviations expanded; diacritics kept where typed. */
  text: string;
  /** Extra words implied by regional words and ambiguous abbreviations (added for matching, never shown). */
  extra: string[];
}

interface Tables {
  shorthand: Map<string, string>;
  ambiguous: Map<string, string[]>;
  dialect: Map<string, string>;
}

const tables = new Map<string, Tables | null>();
onLocalesInstalled(() => tables.clear());

function tablesFor(lang: string): Tables | null {
  if (!tables.has(lang)) {
    const u = localePack(lang)?.understanding;
    const lower = <T>(record: Record<string, T>) => new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
    const empty = !u || (Object.keys(u.shorthand).length === 0 && Object.keys(u.ambiguousShorthand).length === 0 && Object.keys(u.dialect).length === 0);
    tables.set(lang, empty ? null : { shorthand: lower(u.shorthand), ambiguous: lower(u.ambiguousShorthand), dialect: lower(u.dialect) });
  }
  return tables.get(lang) ?? null;
}

export function expandShorthand(input: string, lang: string): ExpandedText {
  const t = tablesFor(lang);
  if (!t) return { text: input, extra: [] };
  const extra: string[] = [];
  const text = input.replace(/[\p{L}\p{N}]+/gu, (word) => {
    const lower = word.toLowerCase();
    const dialect = t.dialect.get(lower);
    if (dialect) extra.push(dialect);
    const readings = t.ambiguous.get(lower);
    if (readings) extra.push(...readings);
    // Only bare (unaccented) abbreviations are expanded; "đc" folds to "dc" and is expanded too.
    const folded = foldDiacritics(lower);
    return t.shorthand.get(lower) ?? (folded !== lower ? t.shorthand.get(folded) : undefined) ?? word;
  });
  return { text, extra };
}

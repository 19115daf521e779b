/**
 * Checks on what answers say, on top of the schema: every phone number, price and hour is a
 * declared fact with a source, numbers go through the locale formatter, the first part fits a
 * phone, sources are recent, short and (at least one) official, and a fact means the same in
 * every entry that declares it.
 */
import { FIRST_PART_CHARS, renderedLength, splitAnswer } from '../../bot/answer/answer-reply.ts';
import type { Lang } from '../../bot/language/langs.ts';
import { factKind, isTypedFact, type FactValue } from '../../bot/locale/fact-format.ts';
import type { SourceRef } from '../../bot/ports.ts';
import { FACT_REFERENCE, type LoadedCategory, type LoadedEntry, type LoadedKnowledge, type Problem } from './loader.ts';

export const SOURCE_MAX_AGE_DAYS = 365;
export const SOURCE_TITLE_MAX_CHARS = 120;
export const FIRST_PART_LIMIT_NOTE = `${FIRST_PART_CHARS} characters`;

/** What a literal in answer text looks like; each must be a typed fact instead. */
const LITERALS: { kind: string; pattern: RegExp }[] = [
  // 1900 1075, 0234.3828288, 0234 382 8288, 19001909, and the short national numbers 111–115.
  { kind: 'phone number', pattern: /(?<![\d.,/])(?:0\d{2,3}[ .]?\d{3,4}[ .]?\d{3,4}|1[89]00[ .]?\d{3,4}|11[1-5])(?![\d.,/]*\d)/gu },
  // 200.000 VND, 15.000 đồng, 150,000 VND, 20万越南盾, 200,000동, 50.000đ, 5 USD
  { kind: 'price', pattern: /\d[\d.,\u00a0\u202f ]*\s?(?:VND|VNĐ|vnđ|đồng|đ(?![\p{L}])|₫|ドン|万?越南盾|동(?![\p{L}])|USD|\$)/gu },
  // 7:00, 17h30, 7時, 7시 30분, 7 h 30, 8h
  { kind: 'hour', pattern: /(?<![\d/])(?:[01]?\d|2[0-4])(?:[:h]\s?[0-5]\d|\s?h\s[0-5]\d|時(?!間)|시(?!간)|点(?!\d)|h(?![\p{L}\d/]))/gu },
  // 1,236,393 / 2.500 / 4 947: grouped digits read differently per language
  { kind: 'grouped number', pattern: /(?<![\d.,])\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?![\d])/gu },
];

const URLS = /\[[^\]\n]*\]\([^)\s]*\)|https?:\/\/\S+|\b[\w-]+(?:\.[\w-]+)+\.(?:vn|com|org|net|gov)\b\S*/gu;
const DATES = /\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b|\b\d{4}\/\d{1,2}\b/g;
/** Legal document numbers like 91/2025/QH15 or Decree 120/2025/NĐ-CP. */
const DOCUMENT_NUMBERS = /\b\d+\/\d{4}\/[\p{L}\d-]+/gu;

/** The phone numbers, prices, hours and grouped numbers written literally in `text`. */
export function literalNumbers(text: string): { kind: string; text: string }[] {
  const found: { kind: string; text: string }[] = [];
  let rest = text.replace(FACT_REFERENCE, ' ').replace(URLS, ' ').replace(DOCUMENT_NUMBERS, ' ').replace(DATES, ' ');
  for (const { kind, pattern } of LITERALS) {
    rest = rest.replace(pattern, (match) => {
      found.push({ kind, text: match.trim() });
      return ' ';
    });
  }
  return found;
}

const daysBetween = (from: string, to: Date) => (to.getTime() - Date.parse(from)) / 86_400_000;

function checkSources(file: string, sources: readonly SourceRef[], today: Date, problems: Problem[]): void {
  const at = (i: number, field: string) => `sources.${i}.${field}`;
  sources.forEach((source, i) => {
    const err = (field: string, message: string) => problems.push({ file, field: at(i, field), message, severity: 'error' });
    if (!source.title) err('title', 'a short title people can read under the answer is required');
    else if ([...source.title].length > SOURCE_TITLE_MAX_CHARS) err('title', `title is ${[...source.title].length} characters; keep it under ${SOURCE_TITLE_MAX_CHARS} (put remarks in "note")`);
    if (!source.publisher) err('publisher', 'name who published the page');
    if (!source.lang) err('lang', 'give the language of the page');
    if (source.official === undefined) err('official', 'say whether it is official (true/false)');
    const age = daysBetween(source.checked, today);
    if (age < -1) err('checked', `checked ${source.checked} is in the future`);
    else if (age > SOURCE_MAX_AGE_DAYS) problems.push({ file, field: at(i, 'checked'), message: `checked ${source.checked}, more than ${SOURCE_MAX_AGE_DAYS} days ago: re-check it`, severity: 'warning' });
  });
}

function factUses(entry: LoadedEntry): Set<string> {
  const used = new Set<string>();
  const texts = [...Object.values(entry.rawAnswers)] as string[];
  for (const value of Object.values(entry.facts)) {
    if (typeof value === 'string') texts.push(value);
    else if (typeof value === 'object' && !isTypedFact(value)) texts.push(...(Object.values(value) as string[]));
  }
  for (const text of texts) for (const match of text.matchAll(FACT_REFERENCE)) used.add(match[1]!);
  return used;
}

function comparable(value: FactValue): string {
  if (isTypedFact(value)) {
    const { source: _source, ...rest } = value as unknown as Record<string, unknown>;
    return JSON.stringify(rest, Object.keys(rest).sort());
  }
  return JSON.stringify(value);
}

function checkFacts(entry: LoadedEntry, problems: Problem[]): void {
  const used = factUses(entry);
  const urls = new Set(entry.sources.map((s) => s.url));
  for (const [name, value] of Object.entries(entry.facts)) {
    const field = `facts.${name}`;
    if (!used.has(name)) problems.push({ file: entry.file, field, message: `declared but used in no answer`, severity: 'warning' });
    if (isTypedFact(value)) {
      const source = (value as { source?: string }).source;
      if (!source) problems.push({ file: entry.file, field, message: `a ${factKind(value)} needs the source that states it ("source: <url of one of the entry's sources>")`, severity: 'error' });
      else if (!urls.has(source)) problems.push({ file: entry.file, field, message: `source ${source} is not one of the entry's sources`, severity: 'error' });
      continue;
    }
    const texts = typeof value === 'object' ? Object.values(value) : [String(value)];
    for (const text of texts) {
      for (const literal of literalNumbers(String(text))) {
        problems.push({ file: entry.file, field, message: `"${literal.text}" is a ${literal.kind} written as text: declare it as a typed value ({ vnd: … }, { time: … }, { phone: … }, { number: … }) so each language renders it`, severity: 'error' });
      }
    }
  }
}

function checkAnswers(entry: LoadedEntry, problems: Problem[]): void {
  for (const [lang, raw] of Object.entries(entry.rawAnswers) as [Lang, string][]) {
    for (const literal of literalNumbers(raw)) {
      problems.push({ file: entry.file, field: `## ${lang}`, message: `"${literal.text}" is a ${literal.kind} written into the answer: make it a declared fact with a source and write {{name}}`, severity: 'error' });
    }
    const first = splitAnswer(entry.content[lang]!.answer).part;
    const length = renderedLength(first);
    if (length > FIRST_PART_CHARS) problems.push({ file: entry.file, field: `## ${lang}`, message: `first part is ${length} characters on screen; keep it under ${FIRST_PART_CHARS} (put the detail after a blank line, behind "more")`, severity: 'error' });
  }
}

/** The same fact name must mean the same value in every entry that declares it. */
function checkFactAgreement(entries: readonly LoadedEntry[], problems: Problem[]): void {
  const seen = new Map<string, { value: string; file: string }>();
  for (const entry of entries) {
    for (const [name, value] of Object.entries(entry.facts)) {
      const key = comparable(value);
      const other = seen.get(name);
      if (!other) seen.set(name, { value: key, file: entry.file });
      else if (other.value !== key) problems.push({ file: entry.file, field: `facts.${name}`, message: `differs from the fact of the same name in ${other.file}: ${key} here, ${other.value} there`, severity: 'error' });
    }
  }
}

export function answerChecks(knowledge: Pick<LoadedKnowledge, 'entries' | 'categories'>, today: Date): Problem[] {
  const problems: Problem[] = [];
  for (const entry of knowledge.entries) {
    checkSources(entry.file, entry.sources, today, problems);
    if (!entry.sources.some((s) => s.official && s.shown !== false)) problems.push({ file: entry.file, field: 'sources', message: 'no official source that can be shown: people see no source line under this answer', severity: 'warning' });
    checkFacts(entry, problems);
    checkAnswers(entry, problems);
  }
  for (const category of knowledge.categories as LoadedCategory[]) if (category.file) checkSources(category.file, category.sources, today, problems);
  checkFactAgreement(knowledge.entries, problems);
  return problems;
}

/** Counts for the validator's summary line. */
export function answerStats(knowledge: Pick<LoadedKnowledge, 'entries' | 'categories'>, today: Date): { answers: number; overPhoneLimit: number; sources: number; staleSources: number } {
  let answers = 0;
  let overPhoneLimit = 0;
  let sources = 0;
  let staleSources = 0;
  const countSources = (list: readonly SourceRef[]) => {
    sources += list.length;
    staleSources += list.filter((s) => daysBetween(s.checked, today) > SOURCE_MAX_AGE_DAYS).length;
  };
  for (const entry of knowledge.entries) {
    countSources(entry.sources);
    for (const content of Object.values(entry.content)) {
      answers++;
      if (renderedLength(splitAnswer(content!.answer).part) > FIRST_PART_CHARS) overPhoneLimit++;
    }
  }
  for (const category of knowledge.categories as LoadedCategory[]) countSources(category.sources ?? []);
  return { answers, overPhoneLimit, sources, staleSources };
}

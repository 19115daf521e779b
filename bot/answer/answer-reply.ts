/** Turns a knowledge entry into a phone-sized reply in the person's language. */
import { languageName, t } from '../i18n/catalog.ts';
import { REFERENCE_LANG, supportedLangs, type Lang } from '../language/langs.ts';
import type { KnowledgeEntry, KnowledgeSnapshot, SourceRef } from '../ports.ts';
import type { QuickReply } from '../types.ts';

/** The first part answers the usual question on a phone screen; the detail is behind "more". */
export const FIRST_PART_CHARS = 400;
/** Each part after "more". */
export const MAX_ANSWER_CHARS = 600;
const MAX_FOLLOW_UPS = 3;

/** The language to show an entry in: the person's, else English, else the city's fallback order. */
export function answerLanguage(entry: KnowledgeEntry, wanted: Lang): Lang | undefined {
  for (const lang of [wanted, REFERENCE_LANG, ...supportedLangs()]) if (entry.content[lang]) return lang;
  return Object.keys(entry.content)[0] as Lang | undefined;
}

/** Characters a person sees: bold markers and link targets are not shown. */
export function renderedLength(markdown: string): number {
  return [...markdown.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, '$1')].length;
}

type AnswerPart = { part: string; next: number | undefined };

/** Parts already cut: an answer's text is fixed until the knowledge is reloaded, and a few hundred answers are asked all day. */
const cutParts = new Map<string, AnswerPart>();
const CUT_PARTS_KEPT = 5_000;

/** Splits an answer into the part that fits on a phone screen and the rest. */
export function splitAnswer(answer: string, from = 0, limit = from === 0 ? FIRST_PART_CHARS : MAX_ANSWER_CHARS): AnswerPart {
  const key = `${from}\u0000${limit}\u0000${answer}`;
  let cut = cutParts.get(key);
  if (!cut) {
    if (cutParts.size >= CUT_PARTS_KEPT) cutParts.clear();
    cutParts.set(key, (cut = cutAnswer(answer, from, limit)));
  }
  return { ...cut };
}

function cutAnswer(answer: string, from: number, limit: number): AnswerPart {
  const paragraphs = answer.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const rest = paragraphs.slice(from);
  if (rest.length === 0) return { part: '', next: undefined };
  let part = rest[0]!;
  let used = 1;
  while (used < rest.length && renderedLength(part) + 2 + renderedLength(rest[used]!) <= limit) part += `\n\n${rest[used++]}`;
  const nextIndex = from + used;
  return { part, next: nextIndex < paragraphs.length ? nextIndex : undefined };
}

function sourceName(url: string, title?: string): string {
  if (title) return title;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/**
 * The source people see: the first official one in the answer's language, else the first official
 * one; sources marked `shown: false` back a side fact only. Unofficial sources stay in the file for
 * staff; an entry without an official one shows none.
 */
export function shownSource(entry: KnowledgeEntry, lang: Lang): SourceRef | undefined {
  const official = entry.sources.filter((s) => s.official === true && s.shown !== false);
  return official.find((s) => s.lang === lang) ?? official[0];
}

/** "Source: [short title](url) (checked date)": channels with links show the title as one. */
export function sourceLine(entry: KnowledgeEntry, lang: Lang, shownLang: Lang = lang): string {
  const source = shownSource(entry, shownLang);
  if (!source) return '';
  const label = sourceName(source.url, source.title).replace(/[[\]]/g, '');
  // Every channel renders https links; a plain-http page keeps its address visible.
  const shown = source.url.startsWith('https://') ? `[${label}](${source.url})` : `${label} — ${source.url}`;
  return t(lang, 'source-line', { source: shown, date: source.checked });
}

export function entryTitle(entry: KnowledgeEntry, lang: Lang): string {
  const shown = answerLanguage(entry, lang);
  return (shown && entry.content[shown]?.title) || entry.id;
}

/** Buttons for related entries, labelled in the person's language where possible. */
export function followUps(entry: KnowledgeEntry, knowledge: KnowledgeSnapshot, lang: Lang): QuickReply[] {
  return entry.related
    .map((id) => knowledge.entry(id))
    .filter((e): e is KnowledgeEntry => !!e)
    .slice(0, MAX_FOLLOW_UPS)
    .map((e) => ({ label: entryTitle(e, lang), payload: `entry:${e.id}` }));
}

export interface ComposedAnswer {
  text: string;
  quickReplies: QuickReply[];
  shownLang: Lang;
  /** Paragraph index to continue from with "more", when the answer was cut. */
  next: number | undefined;
}

export function composeAnswer(entry: KnowledgeEntry, knowledge: KnowledgeSnapshot, lang: Lang, from = 0): ComposedAnswer {
  const shownLang = answerLanguage(entry, lang) ?? lang;
  const content = entry.content[shownLang]!;
  const { part, next } = splitAnswer(content.answer, from);
  const lines: string[] = [];
  if (shownLang !== lang) lines.push(`(${t(lang, 'shown-in-fallback', { language: languageName(lang, shownLang) })})`);
  if (from === 0) lines.push(`**${content.title}**`);
  lines.push(part);
  // Every part ends with its source, so a person who never presses "more" still sees it.
  lines.push(sourceLine(entry, lang, shownLang));
  const quickReplies: QuickReply[] = [];
  if (next !== undefined) quickReplies.push({ label: t(lang, 'more'), payload: 'more' });
  quickReplies.push(...followUps(entry, knowledge, lang));
  return { text: lines.filter(Boolean).join('\n\n'), quickReplies, shownLang, next };
}

/**
 * The interpreter's training data, taken from the knowledge files without hand labelling: entry
 * titles and alternate questions, complaint examples, the out-of-scope topics, and the locale
 * packs' small-talk, status, handoff and language-request examples.
 */
import type { LocalePack } from '../../../bot/locale/locale-pack.ts';
import type { ComplaintCategory, KnowledgeEntry } from '../../../bot/ports.ts';
import { SMALL_TALK_KINDS } from '../../../bot/understanding/small-talk-kind.ts';
import type { OutOfScopeFile } from '../schema.ts';
import { foldText } from './text-features.ts';

/** Class labels: an entry id, or one of these prefixes and names. */
export const LABEL = {
  complaint: (id: string) => `complaint:${id}`,
  smallTalk: (kind: string) => `small-talk:${kind}`,
  language: 'language',
  status: 'status',
  handoff: 'handoff',
  reportRequest: 'report-request',
  outOfScope: 'oos',
} as const;

export interface Sample {
  text: string;
  label: string;
  lang: string;
  /** The entry a question belongs to, for leave-entry-out folds. */
  entryId?: string;
}

export interface TrainingSources {
  entries: readonly KnowledgeEntry[];
  categories: readonly ComplaintCategory[];
  outOfScope?: OutOfScopeFile;
  packs: readonly LocalePack[];
}

export function entrySamples(entries: readonly KnowledgeEntry[]): Sample[] {
  const out: Sample[] = [];
  for (const entry of entries) {
    for (const [lang, content] of Object.entries(entry.content)) {
      if (!content) continue;
      out.push({ text: content.title, label: entry.id, lang, entryId: entry.id });
      for (const q of content.questions) out.push({ text: q, label: entry.id, lang, entryId: entry.id });
    }
  }
  return out;
}

export function otherSamples(sources: TrainingSources): Sample[] {
  const out: Sample[] = [];
  for (const category of sources.categories) {
    for (const [lang, examples] of Object.entries(category.examples)) {
      for (const text of examples ?? []) out.push({ text, label: LABEL.complaint(category.id), lang });
    }
  }
  // A topic rule's words ("bitcoin", "hội an") are short examples of what is not covered.
  for (const topic of sources.outOfScope?.topics ?? []) {
    for (const rule of topic.match) out.push({ text: rule.join(' '), label: LABEL.outOfScope, lang: '' });
    for (const [lang, examples] of Object.entries(topic.examples ?? {})) for (const text of examples) out.push({ text, label: LABEL.outOfScope, lang });
  }
  for (const pack of sources.packs) {
    const u = pack.understanding;
    for (const kind of SMALL_TALK_KINDS) for (const text of u.smallTalk[kind] ?? []) out.push({ text, label: LABEL.smallTalk(kind), lang: pack.lang });
    for (const text of u.status) out.push({ text, label: LABEL.status, lang: pack.lang });
    for (const text of u.handoff) out.push({ text, label: LABEL.handoff, lang: pack.lang });
    for (const text of u.reportRequest) out.push({ text, label: LABEL.reportRequest, lang: pack.lang });
    for (const text of u.languageRequest) out.push({ text, label: LABEL.language, lang: pack.lang });
  }
  return out;
}

export function allSamples(sources: TrainingSources): Sample[] {
  return [...entrySamples(sources.entries), ...otherSamples(sources)];
}

/** The fixed class list: every label that can occur, sorted, so the model layout is stable. */
export function classesOf(samples: readonly Sample[]): string[] {
  return [...new Set(samples.map((s) => s.label))].sort();
}

/** Shorthand of every pack, folded token → expansion, for features. */
export function shorthandOf(packs: readonly LocalePack[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const pack of packs) {
    for (const [from, to] of Object.entries(pack.understanding.shorthand)) map.set(foldText(from), foldText(to));
  }
  return map;
}

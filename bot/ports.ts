/**
 * What the core needs from the outside world. The outer folders (knowledge/, adapters/)
 * implement these; the core imports none of them.
 */
import type { Lang } from './language/langs.ts';
import type { Interpreter } from './understanding/interpreter.ts';

export interface SourceRef {
  url: string;
  /** Short title shown under an answer. */
  title?: string;
  publisher?: string;
  /** Language of the page. */
  lang?: string;
  /** Published by a government body, a state agency or operator, or their official news organ. */
  official?: boolean;
  published?: string;
  checked: string;
  /** false: backs a side fact only, never shown under the answer. */
  shown?: boolean;
  /** For staff only. */
  note?: string;
}

export interface EntryContent {
  title: string;
  /** Answer text with every fact reference already filled in. */
  answer: string;
  questions: string[];
}

export interface KnowledgeEntry {
  id: string;
  area: string;
  tags: string[];
  related: string[];
  sources: SourceRef[];
  reviewed: string;
  content: Partial<Record<Lang, EntryContent>>;
  /** Names of the site, procedure or office the entry is about, per language (none for general entries). */
  names: Partial<Record<Lang, string[]>>;
}

export interface ComplaintAttribute {
  code: string;
  required: boolean;
  datatype: 'string' | 'number' | 'text' | 'singlevaluelist';
  description: Partial<Record<Lang, string>>;
  values?: { key: string; name: Partial<Record<Lang, string>> }[];
}

export interface ComplaintCategory {
  id: string;
  name: Partial<Record<Lang, string>>;
  unit: { name: Partial<Record<Lang, string>>; contact?: string };
  /** Working days past published cases were given: an estimate shown as such, never a deadline. */
  handlingDays: number;
  examples: Partial<Record<Lang, string[]>>;
  keywords: Partial<Record<Lang, string[]>>;
  attributes: ComplaintAttribute[];
}

export interface SearchHit {
  /** Knowledge entry id. */
  id: string;
  /** Fused ranking score; only comparable within one search. */
  score: number;
  /** Share of the query's informative terms (by weight) that the entry matched, 0..1. */
  coverage: number;
  /** The same share, counting only titles, alternate questions and tags. */
  shortCoverage: number;
  /** Share of the query's term weight unknown to the whole knowledge base. */
  unknown: number;
  /** Content words (or CJK characters) in the query: long questions spread their weight thin. */
  queryWords?: number;
  /** Cosine similarity of the best vector match, when a vector index is present. */
  similarity?: number;
}

export interface SearchOptions {
  lang: Lang;
  limit: number;
}

/** One consistent view of the knowledge base; a reload swaps the whole snapshot. */
export interface KnowledgeSnapshot {
  readonly version: string;
  entry(id: string): KnowledgeEntry | undefined;
  entries(): readonly KnowledgeEntry[];
  categories(): readonly ComplaintCategory[];
  /** The id of a topic the knowledge base deliberately does not cover, when the text is about one. */
  uncoveredTopic(text: string): string | undefined;
  search(text: string, options: SearchOptions): Promise<SearchHit[]>;
  /** Complaint categories whose example reports resemble `text`, best first. */
  matchComplaintCategories(text: string, options: SearchOptions): SearchHit[];
  /** The default understanding of this snapshot, trained from its files. */
  readonly interpreter: Interpreter;
}

export interface KnowledgeSource {
  current(): KnowledgeSnapshot;
}

/** A question the assistant could not answer well: material for the staff's review queue. */
export interface UnansweredQuestion {
  text: string;
  lang: Lang;
  channel: string;
  /**
   * `out-of-scope` and `low-confidence` are refusals; `unresolved-clarification` is a "Did you
   * mean…?" the person answered with none of the offered entries; `thumbs-down` an answer rated 👎.
   */
  reason: 'low-confidence' | 'out-of-scope' | 'unresolved-clarification' | 'thumbs-down';
  candidates: { id: string; score: number; coverage: number }[];
  /** The entry whose answer was rated down (thumbs-down only). */
  entryId?: string;
  at: Date;
}

export interface UnansweredLog {
  record(question: UnansweredQuestion): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Logger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** Conversation state is keyed by channel + conversation id and survives knowledge reloads. */
export interface ConversationStore<State> {
  get(key: string): Promise<State | undefined>;
  set(key: string, state: State, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * The review queue: what the assistant could not answer well, grouped by similar question, for
 * editors to turn into knowledge; and the knowledge files as editors change them.
 */
import type { Lang } from '../language/langs.ts';
import type { KnowledgeEntry, UnansweredLog, UnansweredQuestion } from '../ports.ts';

export const REVIEW_STATUSES = ['open', 'added', 'dismissed', 'out-of-scope'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export type ReviewReason = UnansweredQuestion['reason'];

export interface ReviewCandidate {
  id: string;
  /** The best confidence the assistant gave this entry over the group's questions. */
  score: number;
  coverage: number;
}

export interface ReviewGroup {
  id: string;
  /** Language + folded content words (see `reviewGroupKey`). */
  key: string;
  lang: Lang;
  /** The latest question of the group, redacted. */
  sample: string;
  /** Up to five distinct questions of the group, redacted, latest first. */
  examples: string[];
  /** The entry rated down, for a group of thumbs-down answers. */
  entryId?: string;
  count: number;
  reasons: Partial<Record<ReviewReason, number>>;
  channels: Record<string, number>;
  candidates: ReviewCandidate[];
  status: ReviewStatus;
  firstAt: Date;
  lastAt: Date;
  resolvedAt?: Date;
  resolvedBy?: string;
  /** What the editor did: `entry-id/lang` for an added alternate, the out-of-scope topic, or a note. */
  resolution?: string;
}

export interface ReviewListQuery {
  status?: ReviewStatus;
  lang?: Lang;
  limit: number;
  offset: number;
}

export interface ReviewResolution {
  status: Exclude<ReviewStatus, 'open'>;
  by: string;
  resolution?: string;
}

/** An answer rated 👎: the intake side of per-answer feedback. */
export interface ThumbsDown {
  entryId: string;
  lang: Lang;
  channel: string;
  /** The question the answer was given to, when the feedback store knows it. */
  question?: string;
  at: Date;
}

export interface EntryUsage {
  entryId: string;
  lang: Lang;
  answers: number;
  lastAt: Date;
}

export interface ReviewQueue extends UnansweredLog {
  recordThumbsDown(feedback: ThumbsDown): Promise<void>;
  list(query: ReviewListQuery): Promise<{ groups: ReviewGroup[]; total: number }>;
  get(id: string): Promise<ReviewGroup | undefined>;
  /** Closes an open group; throws ReviewGroupNotFoundError or ReviewGroupClosedError. */
  resolve(id: string, resolution: ReviewResolution): Promise<ReviewGroup>;
  /** Counts answers given from each entry (batched by the caller). */
  addUsage(counts: readonly { entryId: string; lang: Lang; answers: number; at: Date }[]): Promise<void>;
  usage(): Promise<EntryUsage[]>;
  close(): Promise<void>;
}

export class ReviewGroupNotFoundError extends Error {
  constructor(id: string) {
    super(`review group ${id} does not exist`);
    this.name = 'ReviewGroupNotFoundError';
  }
}

export class ReviewGroupClosedError extends Error {
  constructor(id: string, readonly status: ReviewStatus) {
    super(`review group ${id} is already ${status}`);
    this.name = 'ReviewGroupClosedError';
  }
}

/** Ratings per entry, from the per-answer feedback store. */
export interface AnswerRatings {
  byEntry(): Promise<{ entryId: string; up: number; down: number }[]>;
}

export type { KnowledgeEntry };

/** One change an editor made to a knowledge file, validated and written. */
export interface KnowledgeEdit {
  /** The file changed, relative to the knowledge folder. */
  file: string;
  /** The knowledge base's version once the change is loaded (its content hash). */
  version: string;
}

export type KnowledgeEditProblem = 'not-found' | 'conflict' | 'invalid';

export class KnowledgeEditError extends Error {
  constructor(readonly problem: KnowledgeEditProblem, message: string, readonly field?: string) {
    super(message);
    this.name = 'KnowledgeEditError';
  }
}

/** Which languages the topic list requires per entry, or why it is not checked. */
export type TopicRequirements = { topics: { id: string; langs: string[] }[] } | { skipped: string };

/** The knowledge files as editors see and change them (the running assistant reloads on its own). */
export interface KnowledgeFiles {
  readonly dir: string;
  /** The entries as the files say now (read afresh). */
  entries(): KnowledgeEntry[];
  outOfScopeTopics(): { id: string; reason: string }[];
  topicRequirements(): TopicRequirements;
  addAlternateQuestion(entryId: string, lang: Lang, question: string): Promise<KnowledgeEdit>;
  addOutOfScopeExample(topicId: string, lang: Lang, question: string): Promise<KnowledgeEdit>;
}

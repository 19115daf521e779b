/**
 * 👍 / 👎 under knowledge answers. The curation review queue and the knowledge-health page read
 * these through `AnswerFeedbackStore`; a thumbs-down is also a review item (`listThumbsDown`).
 */
import type { Lang } from '../language/langs.ts';
import type { Channel } from '../types.ts';

export type FeedbackValue = 'up' | 'down';

export interface AnswerFeedback {
  entryId: string;
  value: FeedbackValue;
  lang: Lang;
  channel: Channel;
  /** The question that was answered, redacted; absent when the answer came from a button. */
  question?: string;
  at: Date;
}

export interface StoredFeedback extends AnswerFeedback {
  id: string;
}

export interface FeedbackTally {
  entryId: string;
  up: number;
  down: number;
}

export interface AnswerFeedbackStore {
  record(feedback: AnswerFeedback): Promise<void>;
  /** Thumbs-down answers, newest first: what the review queue shows beside refusals. */
  listThumbsDown(filter?: { since?: Date; limit?: number }): Promise<StoredFeedback[]>;
  /** Counts per entry, worst-rated first (most 👎, then fewest 👍). */
  tally(filter?: { since?: Date }): Promise<FeedbackTally[]>;
}

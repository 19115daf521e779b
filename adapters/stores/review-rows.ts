/** What the SQLite and PostgreSQL review queues share: redaction and grouping on intake, rows to groups. */
import { redact } from '../../bot/privacy/redact.ts';
import { reviewGroupKey } from '../../bot/review/group-key.ts';
import type { ReviewCandidate, ReviewGroup, ReviewReason, ReviewStatus, ThumbsDown } from '../../bot/review/ports.ts';
import type { Lang } from '../../bot/language/langs.ts';
import type { UnansweredQuestion } from '../../bot/ports.ts';

/** One question as stored: redacted before anything else sees it, with its group key. */
export interface ReviewIntake {
  key: string;
  text: string;
  lang: Lang;
  channel: string;
  reason: ReviewReason;
  candidates: ReviewCandidate[];
  entryId: string | null;
  at: Date;
}

export function reviewIntake(question: UnansweredQuestion): ReviewIntake {
  const text = redact(question.text.trim()).slice(0, 1000);
  // A rating without its question groups with the other ratings of the same answer.
  const key = text ? reviewGroupKey(text, question.lang) : `${question.lang}:thumbs-down ${question.entryId ?? ''}`;
  return {
    key,
    text,
    lang: question.lang,
    channel: question.channel,
    reason: question.reason,
    candidates: question.candidates.map((c) => ({ id: c.id, score: Number(c.score.toFixed(4)), coverage: Number(c.coverage.toFixed(4)) })),
    entryId: question.entryId ?? null,
    at: question.at,
  };
}

export function thumbsDownQuestion(feedback: ThumbsDown): UnansweredQuestion {
  return {
    text: feedback.question ?? '',
    lang: feedback.lang,
    channel: feedback.channel,
    reason: 'thumbs-down',
    candidates: [{ id: feedback.entryId, score: 1, coverage: 1 }],
    entryId: feedback.entryId,
    at: feedback.at,
  };
}

export interface GroupRow {
  id: string;
  group_key: string;
  lang: string;
  sample: string;
  entry_id: string | null;
  count: number;
  status: string;
  first_at: string | Date;
  last_at: string | Date;
  resolved_at: string | Date | null;
  resolved_by: string | null;
  resolution: string | null;
}

export interface QuestionRow {
  group_id: string;
  text: string;
  channel: string;
  reason: string;
  candidates: string | ReviewCandidate[];
}

/** Questions of a group read back to describe it; older ones only add to the counts. */
export const QUESTIONS_PER_GROUP = 200;

export function groupFromRows(row: GroupRow, questions: readonly QuestionRow[]): ReviewGroup {
  const reasons: Partial<Record<ReviewReason, number>> = {};
  const channels: Record<string, number> = {};
  const best = new Map<string, ReviewCandidate>();
  const examples: string[] = [];
  for (const q of questions) {
    reasons[q.reason as ReviewReason] = (reasons[q.reason as ReviewReason] ?? 0) + 1;
    channels[q.channel] = (channels[q.channel] ?? 0) + 1;
    const candidates = typeof q.candidates === 'string' ? (JSON.parse(q.candidates) as ReviewCandidate[]) : q.candidates;
    for (const c of candidates) {
      const seen = best.get(c.id);
      if (!seen || c.score > seen.score) best.set(c.id, c);
    }
    if (q.text && examples.length < 5 && !examples.includes(q.text)) examples.push(q.text);
  }
  return {
    id: row.id,
    key: row.group_key,
    lang: row.lang as Lang,
    sample: row.sample,
    examples,
    ...(row.entry_id ? { entryId: row.entry_id } : {}),
    count: Number(row.count),
    reasons,
    channels,
    candidates: [...best.values()].sort((a, b) => b.score - a.score).slice(0, 5),
    status: row.status as ReviewStatus,
    firstAt: new Date(row.first_at),
    lastAt: new Date(row.last_at),
    ...(row.resolved_at ? { resolvedAt: new Date(row.resolved_at) } : {}),
    ...(row.resolved_by ? { resolvedBy: row.resolved_by } : {}),
    ...(row.resolution ? { resolution: row.resolution } : {}),
  };
}

/**
 * The editors' API under /staff/api: the review queue (`/review`) with its actions — add as an
 * alternate question of an entry, mark out of scope, dismiss — and the knowledge-health report
 * (`/knowledge-health`). Every route needs the `editor` role.
 * The actions themselves are in `curation/review-actions.ts`, shared with the console pages.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { isLang, type Lang } from '../../bot/language/langs.ts';
import type { Clock } from '../../bot/ports.ts';
import { knowledgeHealth } from '../../bot/review/health.ts';
import {
  KnowledgeEditError,
  REVIEW_STATUSES,
  ReviewGroupClosedError,
  ReviewGroupNotFoundError,
  type AnswerRatings,
  type KnowledgeFiles,
  type ReviewGroup,
  type ReviewQueue,
} from '../../bot/review/ports.ts';
import { ReviewActionError, type ReviewActions } from '../curation/review-actions.ts';
import { recordStaffAction, requireStaff, staffOf } from './staff-auth.ts';

export interface CurationRouterOptions {
  queue: ReviewQueue;
  knowledge: KnowledgeFiles;
  actions: ReviewActions;
  ratings?: AnswerRatings;
  clock: Clock;
}

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const lang = z.string().refine((l) => isLang(l), 'not a supported language') as unknown as z.ZodType<Lang>;
const listQuery = z.object({
  status: z.preprocess(first, z.enum(REVIEW_STATUSES).optional()),
  lang: z.preprocess(first, lang.optional()),
  limit: z.preprocess(first, z.coerce.number().int().min(1).max(200).optional()),
  offset: z.preprocess(first, z.coerce.number().int().min(0).optional()),
});
const question = z.string().trim().min(1).max(300);
export const alternateBody = z.object({ entryId: z.string().trim().min(1).max(120), lang: lang.optional(), question: question.optional() }).strict();
export const outOfScopeBody = z.object({ topic: z.string().trim().min(1).max(80), lang: lang.optional(), question: question.optional() }).strict();
export const dismissBody = z.object({ note: z.string().trim().max(500).optional() }).strict();

type Fail = { status: number; error: string; reason: string; field?: string };
const fail = (res: Response, f: Fail) => res.status(f.status).json({ error: f.error, reason: f.reason, ...(f.field ? { field: f.field } : {}) });
const invalid = (res: Response, issues: z.ZodIssue[]) =>
  fail(res, { status: 400, error: 'invalid_request', reason: issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), field: issues[0]?.path.join('.') || undefined });

export function viewGroup(group: ReviewGroup) {
  return { ...group, firstAt: group.firstAt.toISOString(), lastAt: group.lastAt.toISOString(), resolvedAt: group.resolvedAt?.toISOString() };
}

/** How a failed action answers: the same for the API and the console pages. */
export function actionFailure(err: unknown): Fail | undefined {
  if (err instanceof ReviewActionError) return { status: err.status, error: err.error, reason: err.message, ...(err.field ? { field: err.field } : {}) };
  if (err instanceof KnowledgeEditError) {
    const status = err.problem === 'not-found' ? 404 : err.problem === 'conflict' ? 409 : 422;
    return { status, error: err.problem === 'invalid' ? 'invalid_change' : err.problem.replace('-', '_'), reason: err.message, ...(err.field ? { field: err.field } : {}) };
  }
  if (err instanceof ReviewGroupNotFoundError) return { status: 404, error: 'not_found', reason: err.message };
  if (err instanceof ReviewGroupClosedError) return { status: 409, error: 'already_resolved', reason: err.message };
  return undefined;
}

export async function healthReport(options: Pick<CurationRouterOptions, 'queue' | 'knowledge' | 'ratings' | 'clock'>) {
  const ratings = options.ratings ? await options.ratings.byEntry() : { skipped: 'no answer feedback store is connected' };
  return knowledgeHealth({ entries: options.knowledge.entries(), requirements: options.knowledge.topicRequirements(), usage: await options.queue.usage(), ratings, today: options.clock.now() });
}

export function createCurationRouter(options: CurationRouterOptions): Router {
  const { queue, knowledge, actions } = options;
  const router = express.Router();
  router.use(['/review', '/knowledge-health'], requireStaff('editor'), express.json({ limit: '16kb' }));
  const actor = (req: Request) => staffOf(req)!.actor;

  router.get('/review', async (req, res) => {
    const q = listQuery.safeParse(req.query);
    if (!q.success) return void invalid(res, q.error.issues);
    const limit = q.data.limit ?? 50;
    const offset = q.data.offset ?? 0;
    const { groups, total } = await queue.list({ status: q.data.status ?? 'open', ...(q.data.lang ? { lang: q.data.lang } : {}), limit, offset });
    res.json({ groups: groups.map(viewGroup), total, limit, offset });
  });

  /** What the actions can point at: entries with their titles, out-of-scope topics. */
  router.get('/review/targets', (_req, res) => {
    const entries = knowledge.entries().map((e) => ({ id: e.id, langs: Object.keys(e.content), titles: Object.fromEntries(Object.entries(e.content).map(([l, c]) => [l, c!.title])) }));
    res.json({ entries, topics: knowledge.outOfScopeTopics() });
  });

  router.get('/review/:id', async (req, res) => {
    const group = await queue.get(String(req.params.id));
    if (!group) return void fail(res, { status: 404, error: 'not_found', reason: 'no such review group' });
    res.json(viewGroup(group));
  });

  router.post('/review/:id/alternate', async (req, res) => {
    const body = alternateBody.safeParse(req.body ?? {});
    if (!body.success) return void invalid(res, body.error.issues);
    const result = await actions.addAlternate(String(req.params.id), body.data, actor(req));
    await recordStaffAction(req, 'review.added', { details: { group: result.group.id, file: result.edit.file, entry: body.data.entryId, ...(result.git.commit ? { commit: result.git.commit.slice(0, 12) } : {}) } });
    res.json({ ...result, group: viewGroup(result.group), served: result.servedAfterMs !== undefined });
  });

  router.post('/review/:id/out-of-scope', async (req, res) => {
    const body = outOfScopeBody.safeParse(req.body ?? {});
    if (!body.success) return void invalid(res, body.error.issues);
    const result = await actions.markOutOfScope(String(req.params.id), body.data, actor(req));
    await recordStaffAction(req, 'review.out-of-scope', { details: { group: result.group.id, topic: body.data.topic, ...(result.git.commit ? { commit: result.git.commit.slice(0, 12) } : {}) } });
    res.json({ ...result, group: viewGroup(result.group), served: result.servedAfterMs !== undefined });
  });

  router.post('/review/:id/dismiss', async (req, res) => {
    const body = dismissBody.safeParse(req.body ?? {});
    if (!body.success) return void invalid(res, body.error.issues);
    const group = await actions.dismiss(String(req.params.id), body.data.note, actor(req));
    await recordStaffAction(req, 'review.dismissed', { details: { group: group.id } });
    res.json({ group: viewGroup(group) });
  });

  router.get('/knowledge-health', async (_req, res) => {
    res.json(await healthReport(options));
  });

  router.use(['/review', '/knowledge-health'], (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const failure = res.headersSent ? undefined : actionFailure(err);
    if (!failure) return next(err);
    fail(res, failure);
  });
  return router;
}

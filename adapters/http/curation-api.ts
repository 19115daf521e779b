/**
 * The editors' API under /staff/api: the review queue (`/review`) with its actions — add as an
 * alternate question of an entry, mark out of scope, dismiss — and the knowledge-health report
 * (`/knowledge-health`). Every route needs the `editor` role.
 *
 * An added question is written to the knowledge file (validated first), committed when the
 * knowledge folder is a git checkout, and the answer waits until the running assistant serves
 * the new version (its file watcher reloads and retrains), so the editor can try it at once.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { isLang, type Lang } from '../../bot/language/langs.ts';
import type { Clock, Logger } from '../../bot/ports.ts';
import { knowledgeHealth } from '../../bot/review/health.ts';
import {
  KnowledgeEditError,
  REVIEW_STATUSES,
  ReviewGroupClosedError,
  ReviewGroupNotFoundError,
  type AnswerRatings,
  type KnowledgeEdit,
  type KnowledgeFiles,
  type ReviewGroup,
  type ReviewQueue,
} from '../../bot/review/ports.ts';
import { commitKnowledgeFile, editorAuthor, type KnowledgeCommit } from '../curation/git-history.ts';
import { recordStaffAction, requireStaff, staffOf } from './staff-auth.ts';

export interface CurationRouterOptions {
  queue: ReviewQueue;
  knowledge: KnowledgeFiles;
  /** The version of the knowledge base the assistant answers from now. */
  servedVersion(): string;
  ratings?: AnswerRatings;
  clock: Clock;
  logger: Logger;
  /** How long an edit waits for the assistant to serve it. */
  reloadTimeoutMs?: number;
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
const alternateBody = z.object({ entryId: z.string().trim().min(1).max(120), lang: lang.optional(), question: question.optional() }).strict();
const outOfScopeBody = z.object({ topic: z.string().trim().min(1).max(80), lang: lang.optional(), question: question.optional() }).strict();
const dismissBody = z.object({ note: z.string().trim().max(500).optional() }).strict();

type Fail = { status: number; error: string; reason: string; field?: string };
const fail = (res: Response, f: Fail) => res.status(f.status).json({ error: f.error, reason: f.reason, ...(f.field ? { field: f.field } : {}) });
const invalid = (res: Response, issues: z.ZodIssue[]) =>
  fail(res, { status: 400, error: 'invalid_request', reason: issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), field: issues[0]?.path.join('.') || undefined });

function view(group: ReviewGroup) {
  return {
    ...group,
    firstAt: group.firstAt.toISOString(),
    lastAt: group.lastAt.toISOString(),
    resolvedAt: group.resolvedAt?.toISOString(),
  };
}

export function createCurationRouter(options: CurationRouterOptions): Router {
  const { queue, knowledge, logger, clock } = options;
  const router = express.Router();
  router.use(['/review', '/knowledge-health'], requireStaff('editor'), express.json({ limit: '16kb' }));

  const actor = (req: Request) => staffOf(req)?.actor ?? 'editor';

  /** Waits until the assistant answers from `version`; how long it took, or undefined on time-out. */
  const servedWithin = async (version: string, started: number): Promise<number | undefined> => {
    const deadline = started + (options.reloadTimeoutMs ?? 60_000);
    while (Date.now() < deadline) {
      if (options.servedVersion() === version) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  };

  const openGroup = async (req: Request, res: Response): Promise<ReviewGroup | undefined> => {
    const group = await queue.get(String(req.params.id));
    if (!group) return void fail(res, { status: 404, error: 'not_found', reason: 'no such review group' });
    if (group.status !== 'open') return void fail(res, { status: 409, error: 'already_resolved', reason: `this question was already ${group.status}` });
    return group;
  };

  /** The question an action works on: the editor's wording, or the group's (redacted) sample. */
  const questionOf = (res: Response, group: ReviewGroup, given: string | undefined): string | undefined => {
    const text = given ?? group.sample;
    if (!text) return void fail(res, { status: 400, error: 'invalid_request', reason: 'this rating has no question: write the question to add', field: 'question' });
    return text;
  };

  const commit = async (req: Request, edit: KnowledgeEdit, message: string): Promise<KnowledgeCommit> => {
    try {
      return await commitKnowledgeFile(knowledge.dir, edit.file, message, editorAuthor(actor(req)));
    } catch (error) {
      // The file is written and valid; a failed commit must not undo the editor's work.
      logger.error('knowledge change written but not committed', { file: edit.file, error: (error as Error).message });
      return { skipped: 'git commit failed; see the log' };
    }
  };

  const finish = async (req: Request, res: Response, group: ReviewGroup, edit: KnowledgeEdit, message: string, resolution: string, status: 'added' | 'out-of-scope') => {
    const started = Date.now();
    const committed = await commit(req, edit, message);
    const resolved = await queue.resolve(group.id, { status, by: actor(req), resolution });
    await recordStaffAction(req, `review.${status}`, { details: { group: group.id, file: edit.file, resolution, ...(committed.commit ? { commit: committed.commit.slice(0, 12) } : {}) } });
    const servedAfterMs = await servedWithin(edit.version, started);
    logger.info('knowledge edited from the review queue', { group: group.id, file: edit.file, status, by: actor(req), servedAfterMs });
    res.json({ group: view(resolved), edit, git: committed, served: servedAfterMs !== undefined, servedAfterMs });
  };

  router.get('/review', async (req, res) => {
    const q = listQuery.safeParse(req.query);
    if (!q.success) return void invalid(res, q.error.issues);
    const limit = q.data.limit ?? 50;
    const offset = q.data.offset ?? 0;
    const { groups, total } = await queue.list({ status: q.data.status ?? 'open', ...(q.data.lang ? { lang: q.data.lang } : {}), limit, offset });
    res.json({ groups: groups.map(view), total, limit, offset });
  });

  /** What the actions can point at: entries with their titles, out-of-scope topics. */
  router.get('/review/targets', (_req, res) => {
    const entries = knowledge.entries().map((e) => ({ id: e.id, langs: Object.keys(e.content), titles: Object.fromEntries(Object.entries(e.content).map(([l, c]) => [l, c!.title])) }));
    res.json({ entries, topics: knowledge.outOfScopeTopics() });
  });

  router.get('/review/:id', async (req, res) => {
    const group = await queue.get(String(req.params.id));
    if (!group) return void fail(res, { status: 404, error: 'not_found', reason: 'no such review group' });
    res.json(view(group));
  });

  router.post('/review/:id/alternate', async (req, res) => {
    const body = alternateBody.safeParse(req.body ?? {});
    if (!body.success) return void invalid(res, body.error.issues);
    const group = await openGroup(req, res);
    if (!group) return;
    const text = questionOf(res, group, body.data.question);
    if (!text) return;
    const lang = body.data.lang ?? group.lang;
    const edit = await knowledge.addAlternateQuestion(body.data.entryId, lang, text);
    await finish(req, res, group, edit, `Knowledge: "${text}" as an alternate question of ${body.data.entryId} (${lang})`, `${body.data.entryId}/${lang}`, 'added');
  });

  router.post('/review/:id/out-of-scope', async (req, res) => {
    const body = outOfScopeBody.safeParse(req.body ?? {});
    if (!body.success) return void invalid(res, body.error.issues);
    const group = await openGroup(req, res);
    if (!group) return;
    const text = questionOf(res, group, body.data.question);
    if (!text) return;
    const lang = body.data.lang ?? group.lang;
    const edit = await knowledge.addOutOfScopeExample(body.data.topic, lang, text);
    await finish(req, res, group, edit, `Knowledge: "${text}" as an out-of-scope example of ${body.data.topic} (${lang})`, body.data.topic, 'out-of-scope');
  });

  router.post('/review/:id/dismiss', async (req, res) => {
    const body = dismissBody.safeParse(req.body ?? {});
    if (!body.success) return void invalid(res, body.error.issues);
    const group = await openGroup(req, res);
    if (!group) return;
    const resolved = await queue.resolve(group.id, { status: 'dismissed', by: actor(req), ...(body.data.note ? { resolution: body.data.note } : {}) });
    await recordStaffAction(req, 'review.dismissed', { details: { group: group.id } });
    res.json({ group: view(resolved) });
  });

  router.get('/knowledge-health', async (_req, res) => {
    const ratings = options.ratings ? await options.ratings.byEntry() : { skipped: 'no answer feedback store is connected' };
    res.json(knowledgeHealth({ entries: knowledge.entries(), requirements: knowledge.topicRequirements(), usage: await queue.usage(), ratings, today: clock.now() }));
  });

  router.use(['/review', '/knowledge-health'], (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err instanceof KnowledgeEditError) {
      const status = err.problem === 'not-found' ? 404 : err.problem === 'conflict' ? 409 : 422;
      return void fail(res, { status, error: err.problem === 'invalid' ? 'invalid_change' : err.problem.replace('-', '_'), reason: err.message, ...(err.field ? { field: err.field } : {}) });
    }
    if (err instanceof ReviewGroupNotFoundError) return void fail(res, { status: 404, error: 'not_found', reason: err.message });
    if (err instanceof ReviewGroupClosedError) return void fail(res, { status: 409, error: 'already_resolved', reason: err.message });
    next(err);
  });
  return router;
}

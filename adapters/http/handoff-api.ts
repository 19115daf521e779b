/**
 * Staff side of handoffs, mounted at /staff/api behind the staff authentication:
 *   GET  /handoffs[?status=waiting,claimed,released,expired]  the inbox, with each conversation so far
 *   GET  /handoffs/:id
 *   POST /handoffs/:id/claim                 take the conversation over
 *   POST /handoffs/:id/messages { text }     write to the person, in their own channel
 *   POST /handoffs/:id/release               hand the conversation back to the assistant
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { HandoffConflictError, HandoffNotFoundError } from '../../bot/handoff/errors.ts';
import type { StaffDesk } from '../../bot/handoff/staff-desk.ts';
import { HANDOFF_STATUSES, type Handoff } from '../../bot/handoff/types.ts';
import type { Logger } from '../../bot/ports.ts';
import { redact } from '../../bot/privacy/redact.ts';

export interface HandoffRouterOptions {
  desk: StaffDesk;
  logger: Logger;
  /** Who is acting, from the authentication in front of this router (`requireStaff` sets res.locals.staff). */
  staffId?: (res: Response) => string;
  /** Records each change in the staff audit trail. */
  audit?: (req: Request, action: string, extra: { details: Record<string, string> }) => Promise<void>;
}

const statusQuery = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined),
  z.array(z.enum(HANDOFF_STATUSES)).max(4).optional(),
);
const messageBody = z.object({ text: z.string().trim().min(1, 'write something').max(2000) }).strict();
const ID = /^[A-Za-z0-9-]{1,64}$/;

export function handoffJson(h: Handoff) {
  return {
    id: h.id,
    channel: h.channel,
    conversationId: h.conversationId,
    lang: h.lang,
    contact: h.contact,
    status: h.status,
    claimedBy: h.claimedBy,
    openedAt: h.openedAt.toISOString(),
    claimedAt: h.claimedAt?.toISOString(),
    closedAt: h.closedAt?.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
    messages: h.messages.map((m) => ({ from: m.from, text: m.text, at: m.at.toISOString(), ...(m.by ? { by: m.by } : {}) })),
  };
}

export function createHandoffRouter(options: HandoffRouterOptions): Router {
  const { desk, logger } = options;
  const staffId = options.staffId ?? ((res: Response) => String((res.locals.staff as { actor?: string } | undefined)?.actor ?? 'staff'));
  const router = express.Router();

  const withId = (handler: (id: string, req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response, next: NextFunction) => {
    const id = String(req.params.id);
    if (!ID.test(id)) return void res.status(404).json({ error: 'not_found', reason: 'no such handoff' });
    try {
      await handler(id, req, res);
    } catch (error) {
      next(error);
    }
  };

  router.get('/handoffs', async (req, res, next) => {
    const status = statusQuery.safeParse(req.query.status);
    if (!status.success) return void res.status(400).json({ error: 'invalid_request', field: 'status', reason: `one or more of ${HANDOFF_STATUSES.join(', ')}` });
    try {
      res.set('Cache-Control', 'no-store').json({ handoffs: (await desk.list(status.data)).map(handoffJson) });
    } catch (error) {
      next(error);
    }
  });
  router.get('/handoffs/:id', withId(async (id, _req, res) => void res.set('Cache-Control', 'no-store').json(handoffJson(await desk.get(id)))));
  router.post('/handoffs/:id/claim', withId(async (id, _req, res) => {
    const handoff = await desk.claim(id, staffId(res));
    await options.audit?.(_req, 'handoff-claim', { details: { handoff: id } });
    logger.info('handoff claimed', { handoff: id, by: staffId(res) });
    res.json(handoffJson(handoff));
  }));
  router.post('/handoffs/:id/messages', express.json({ limit: '16kb' }), withId(async (id, req, res) => {
    const body = messageBody.safeParse(req.body);
    if (!body.success) {
      const issue = body.error.issues[0]!;
      return void res.status(400).json({ error: 'invalid_request', field: issue.path.join('.') || 'body', reason: issue.message });
    }
    const handoff = await desk.reply(id, staffId(res), body.data.text);
    await options.audit?.(req, 'handoff-messages', { details: { handoff: id } });
    logger.info('handoff staff message', { handoff: id, by: staffId(res) });
    res.status(201).json(handoffJson(handoff));
  }));
  router.post('/handoffs/:id/release', withId(async (id, _req, res) => {
    const handoff = await desk.release(id, staffId(res));
    await options.audit?.(_req, 'handoff-release', { details: { handoff: id } });
    logger.info('handoff released', { handoff: id, by: staffId(res) });
    res.json(handoffJson(handoff));
  }));

  router.use('/handoffs', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof HandoffNotFoundError) return void res.status(404).json({ error: 'not_found', reason: 'no such handoff' });
    if (err instanceof HandoffConflictError) return void res.status(409).json({ error: 'conflict', reason: err.message });
    const status = (err as { status?: unknown }).status;
    if (status === 400 || status === 413 || status === 415) {
      return void res.status(status).json({ error: status === 413 ? 'payload_too_large' : 'invalid_json', reason: status === 413 ? 'request body is too large' : 'request body is not valid JSON' });
    }
    if (res.headersSent) return next(err);
    logger.error('handoff api failed', { error: redact(err instanceof Error ? err.message : String(err)) });
    res.status(500).json({ error: 'internal_error', reason: 'something went wrong; it has been logged' });
  });
  return router;
}

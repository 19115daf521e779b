/**
 * Staff API for the city units that handle tickets, mounted at /staff/api behind the staff
 * identification router (staff-auth.ts): a console session (with its CSRF token for changes) or
 * `Authorization: Bearer <token>` from STAFF_TOKENS. Every change is written to the audit trail.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../../bot/ports.ts';
import { IllegalTransitionError, InvalidTicketError, TicketError, TicketNotFoundError } from '../../bot/tickets/errors.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';
import { TICKET_STATUSES, type Ticket } from '../../bot/tickets/types.ts';
import { recordStaffAction, requireStaff, staffOf, ticketAudit } from './staff-auth.ts';
import { errorHandler, invalidRequest, sendError } from './errors.ts';

export interface StaffRouterOptions {
  store: TicketStore;
  logger: Logger;
}

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
// PostgreSQL refuses U+0000 in text, and no search needs it.
const noNul = (s: string) => !s.includes('\u0000');
const text = (max: number) => z.preprocess(first, z.string().trim().min(1).max(max).refine(noNul, 'may not contain NUL characters').optional());
// Beyond these years the stores' timestamp types overflow, and no ticket lives there.
const MIN_DATE = new Date('1970-01-01T00:00:00Z');
const MAX_DATE = new Date('9999-12-31T23:59:59Z');
const date = z.preprocess(
  first,
  z.string().max(64).pipe(z.coerce.date({ errorMap: () => ({ message: 'expected an ISO 8601 date' }) }).min(MIN_DATE, 'dates start in 1970').max(MAX_DATE, 'dates end in 9999')).optional(),
);
// OFFSET and LIMIT are 64-bit in PostgreSQL; a safe integer fits, a larger one overflows.
const count = (min: number, max: number) => z.preprocess(first, z.string().max(20).regex(/^\d+$/, 'expected a whole number').pipe(z.coerce.number().int().min(min).max(max)).optional());
const statusList = z.preprocess(
  (v) => (typeof first(v) === 'string' ? String(first(v)).split(',').map((s) => s.trim()).filter(Boolean) : undefined),
  z.array(z.enum(TICKET_STATUSES)).optional(),
);

const listQuery = z.object({
  status: statusList,
  category: text(64),
  unit: text(200),
  ward: text(100),
  from: date,
  to: date,
  q: text(200),
  limit: count(1, 1000),
  offset: count(0, Number.MAX_SAFE_INTEGER),
});

const statusBody = z
  .object({
    status: z.enum(TICKET_STATUSES),
    publicNote: z.string().trim().max(2000).refine(noNul, 'may not contain NUL characters').optional(),
    internalNote: z.string().trim().max(4000).refine(noNul, 'may not contain NUL characters').optional(),
    /** Name of the officer, shown in the history next to the token's id. */
    by: z.string().trim().min(1).max(80).refine(noNul, 'may not contain NUL characters').optional(),
  })
  .strict();

/** What a list shows: no phone, no history. */
function summary(t: Ticket) {
  return {
    id: t.id,
    code: t.code,
    category: t.category,
    unitName: t.unitName,
    status: t.status,
    description: t.description,
    address: t.address,
    ward: t.ward,
    location: t.location,
    photos: t.photos.length,
    supporters: t.supporters,
    lang: t.lang,
    channel: t.reporter.channel,
    satisfaction: t.satisfaction,
    expectedBy: t.expectedBy,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** Staff see everything needed to handle the report, including the consented contact and internal notes. */
function detail(t: Ticket) {
  return {
    ...summary(t),
    photos: t.photos,
    attributes: t.attributes,
    contactPhone: t.contactPhone,
    consent: t.consent && { purpose: t.consent.purpose, at: t.consent.at.toISOString() },
    personalDataErasedAt: t.personalDataErasedAt?.toISOString(),
    history: t.history.map((h) => ({ ...h, at: h.at.toISOString() })),
  };
}

/** Ticket codes are short and printable; anything else cannot name a ticket and never reaches the store. */
const TICKET_CODE = /^[A-Za-z0-9_-]{1,64}$/;
const ticketCode = (req: Request) => {
  const code = String(req.params.code);
  if (!TICKET_CODE.test(code)) throw new TicketNotFoundError('with that code');
  return code;
};

export function createStaffRouter(options: StaffRouterOptions): Router {
  const { store, logger } = options;
  const router = express.Router();

  router.use(requireStaff('agent'));
  router.use(express.json({ limit: '64kb' }));

  router.get('/tickets', async (req, res) => {
    const q = listQuery.safeParse(req.query);
    if (!q.success) return void res.status(400).json(invalidRequest(q.error.issues, 'query', true));
    const { q: textQuery, ...rest } = q.data;
    const limit = rest.limit ?? 50;
    const offset = rest.offset ?? 0;
    const tickets = await store.list({ ...rest, text: textQuery, limit, offset });
    res.json({ tickets: tickets.map(summary), limit, offset });
  });

  router.get('/tickets/:code', async (req, res) => {
    const ticket = await store.getByCode(ticketCode(req));
    if (!ticket) return void sendError(res, 404, 'not_found', 'no ticket with that code');
    res.json({ ...detail(ticket), audit: (await ticketAudit(req, ticket.code)).map((a) => ({ ...a, at: a.at.toISOString() })) });
  });

  router.post('/tickets/:code/status', async (req, res) => {
    const body = statusBody.safeParse(req.body);
    if (!body.success) return void res.status(400).json(invalidRequest(body.error.issues));
    const { by, ...change } = body.data;
    const staffId = staffOf(req)!.actor;
    const ticket = await store.changeStatus(ticketCode(req), { ...change, by: by ? `${by} (${staffId})` : staffId });
    await recordStaffAction(req, 'status', {
      ticketCode: ticket.code,
      details: { status: ticket.status, publicNote: Boolean(change.publicNote), internalNote: Boolean(change.internalNote) },
    });
    logger.info('ticket status changed', { code: ticket.code, status: ticket.status, by: staffId });
    res.json(detail(ticket));
  });

  router.delete('/tickets/:code/personal-data', async (req, res) => {
    const staffId = staffOf(req)!.actor;
    const ticket = await store.erasePersonalData(ticketCode(req), staffId);
    await recordStaffAction(req, 'erase-personal-data', { ticketCode: ticket.code });
    logger.info('ticket personal data erased', { code: ticket.code, by: staffId });
    res.json(detail(ticket));
  });

  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (err instanceof TicketNotFoundError) return void sendError(res, 404, 'not_found', 'no ticket with that code');
    if (err instanceof IllegalTransitionError) return void sendError(res, 400, 'illegal_transition', err.message, 'status');
    if (err instanceof InvalidTicketError || err instanceof TicketError) return void sendError(res, 400, 'invalid_request', err.message);
    errorHandler(logger, 'staff api')(err, req, res, next);
  });

  return router;
}

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
import { redact } from '../../bot/privacy/redact.ts';
import { TICKET_STATUSES, type Ticket } from '../../bot/tickets/types.ts';
import { recordStaffAction, requireStaff, staffOf, ticketAudit } from './staff-auth.ts';

export interface StaffRouterOptions {
  store: TicketStore;
  logger: Logger;
}

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = (max: number) => z.preprocess(first, z.string().trim().min(1).max(max).optional());
const date = z.preprocess(first, z.coerce.date().optional()).refine((d) => d === undefined || !Number.isNaN(d.getTime()), 'invalid date');
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
  limit: z.preprocess(first, z.coerce.number().int().min(1).max(1000).optional()),
  offset: z.preprocess(first, z.coerce.number().int().min(0).optional()),
});

const statusBody = z
  .object({
    status: z.enum(TICKET_STATUSES),
    publicNote: z.string().trim().max(2000).optional(),
    internalNote: z.string().trim().max(4000).optional(),
    /** Name of the officer, shown in the history next to the token's id. */
    by: z.string().trim().min(1).max(80).optional(),
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

const badRequest = (res: Response, error: string, details?: unknown) => res.status(400).json({ error, details });

export function createStaffRouter(options: StaffRouterOptions): Router {
  const { store, logger } = options;
  const router = express.Router();

  router.use(requireStaff('agent'));
  router.use(express.json({ limit: '64kb' }));

  router.get('/tickets', async (req, res) => {
    const q = listQuery.safeParse(req.query);
    if (!q.success) return void badRequest(res, 'invalid query', q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    const { q: textQuery, ...rest } = q.data;
    const limit = rest.limit ?? 50;
    const offset = rest.offset ?? 0;
    const tickets = await store.list({ ...rest, text: textQuery, limit, offset });
    res.json({ tickets: tickets.map(summary), limit, offset });
  });

  router.get('/tickets/:code', async (req, res) => {
    const ticket = await store.getByCode(String(req.params.code));
    if (!ticket) return void res.status(404).json({ error: 'not found' });
    res.json({ ...detail(ticket), audit: (await ticketAudit(req, ticket.code)).map((a) => ({ ...a, at: a.at.toISOString() })) });
  });

  router.post('/tickets/:code/status', async (req, res) => {
    const body = statusBody.safeParse(req.body);
    if (!body.success) return void badRequest(res, 'invalid body', body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    const { by, ...change } = body.data;
    const staffId = staffOf(req)!.actor;
    const ticket = await store.changeStatus(String(req.params.code), { ...change, by: by ? `${by} (${staffId})` : staffId });
    await recordStaffAction(req, 'status', {
      ticketCode: ticket.code,
      details: { status: ticket.status, publicNote: Boolean(change.publicNote), internalNote: Boolean(change.internalNote) },
    });
    logger.info('ticket status changed', { code: ticket.code, status: ticket.status, by: staffId });
    res.json(detail(ticket));
  });

  router.delete('/tickets/:code/personal-data', async (req, res) => {
    const staffId = staffOf(req)!.actor;
    const ticket = await store.erasePersonalData(String(req.params.code), staffId);
    await recordStaffAction(req, 'erase-personal-data', { ticketCode: ticket.code });
    logger.info('ticket personal data erased', { code: ticket.code, by: staffId });
    res.json(detail(ticket));
  });

  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof TicketNotFoundError) return void res.status(404).json({ error: 'not found' });
    if (err instanceof IllegalTransitionError) {
      return void res.status(400).json({ error: 'illegal transition', from: err.from, to: err.to, details: err.message });
    }
    if (err instanceof InvalidTicketError || err instanceof TicketError) return void badRequest(res, err.message);
    const status = (err as { status?: unknown; type?: unknown }).status;
    if (status === 400 || status === 413 || status === 415) {
      return void res.status(status).json({ error: status === 413 ? 'body too large' : 'malformed body' });
    }
    logger.error('staff api failed', { error: redact(err instanceof Error ? err.message : String(err)) });
    res.status(500).json({ error: 'internal error' });
  });

  return router;
}

/**
 * Open311 GeoReport v2 endpoint, mounted at /open311/v2: discovery, services, service
 * definitions, and service requests (POST needs an api_key). Format by suffix: .json or .xml.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthBackoff } from '../auth-backoff.ts';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { systemClock, type Clock, type ComplaintCategory, type Logger } from '../../../bot/ports.ts';
import { TicketError } from '../../../bot/tickets/errors.ts';
import type { TicketStore } from '../../../bot/tickets/ports.ts';
import type { IdempotencyKey } from '../../../bot/tickets/types.ts';
import { redact } from '../../../bot/privacy/redact.ts';
import { clientErrorStatus } from '../errors.ts';
import { errorEntry, Open311Error } from './errors.ts';
import { field, filtersFromQuery, newTicketFromRequest, requestFromTicket, serviceNotice, type Body } from './requests.ts';
import { discovery, service, serviceDefinition } from './services.ts';
import { toXmlDocument, type XmlValue } from './xml.ts';

export interface Open311RouterOptions {
  store: TicketStore;
  categories: () => readonly ComplaintCategory[];
  apiKeys: readonly string[];
  /** Refuses a client address for a while after repeated wrong api_keys. */
  backoff?: AuthBackoff;
  jurisdictionId: string;
  /** Public URL of this endpoint, for discovery; derived from the request when absent. */
  baseUrl?: string;
  clock?: Clock;
  logger?: Logger;
  contact?: string;
  keyService?: string;
  changeset?: string;
}

type Format = 'json' | 'xml';

/** Ticket codes are short and printable; anything else cannot name a ticket and never reaches the store. */
const TICKET_CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** Input quoted back in an error, cut short: the answer never grows with the request. */
const shown = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);

const digest = (s: string) => createHash('sha256').update(s).digest();

function splitFile(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw new Open311Error(404, 'Unknown resource: add .json or .xml');
  return { name: m[1]!, format: m[2] as Format };
}

function send(res: Response, format: Format, root: string, value: XmlValue, status = 200): void {
  res.status(status);
  if (format === 'xml') res.type('text/xml; charset=utf-8').send(toXmlDocument(root, value));
  else res.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

/** Printable ASCII, as the IETF Idempotency-Key draft and common clients use (UUIDs, ULIDs, hashes). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** JSON with sorted keys, so the same fields in another order are the same request. */
function canonical(value: unknown, depth = 0): string {
  // A body nested this deep is no service request; refusing it keeps the recursion bounded.
  if (depth > 32) throw new Open311Error(400, 'The request body is nested too deeply');
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `Idempotency-Key`: a client retrying after a lost response gets the same answer and no second
 * ticket. Keys are per client (API key), and the request body (without the key) is fingerprinted.
 */
function idempotencyFrom(req: Request, body: Body, clientId: string): IdempotencyKey | undefined {
  const header = req.get('idempotency-key');
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) throw new Open311Error(400, 'Idempotency-Key must be 1 to 255 printable ASCII characters');
  const { api_key: _key, ...request } = body;
  return { key: `open311:${clientId}:${header}`, fingerprint: createHash('sha256').update(canonical(request)).digest('hex') };
}

/** The spec's errors list, the same two fields in JSON and XML. */
function sendErrors(res: Response, format: Format, status: number, description: string): void {
  send(res, format, 'errors', [errorEntry(status, description)], status);
}

export function createOpen311Router(options: Open311RouterOptions): Router {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const keys = options.apiKeys.filter(Boolean).map(digest);
  const changeset = options.changeset ?? '2026-01-01T00:00:00+07:00';
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.use(express.json({ limit: '64kb' }));

  const findCategory = (code: string) => options.categories().find((c) => c.id === code);

  const checkJurisdiction = (params: Body) => {
    const j = field(params, 'jurisdiction_id');
    if (j && j !== options.jurisdictionId) throw new Open311Error(404, `Unknown jurisdiction_id ${shown(j)}`);
  };

  /** Returns a pseudonymous client id for a valid key; compares digests in constant time. */
  const checkApiKey = (params: Body): string => {
    const key = field(params, 'api_key');
    const d = key ? digest(key) : undefined;
    const ok = d !== undefined && keys.reduce((hit, k) => timingSafeEqual(d, k) || hit, false);
    if (!ok) throw new Open311Error(403, key ? 'Invalid api_key received' : 'api_key is required');
    return `open311-${d.toString('hex').slice(0, 8)}`;
  };

  const list = async (req: Request, res: Response, format: Format) => {
    const query = req.query as Body;
    checkJurisdiction(query);
    const tickets = await store.list(filtersFromQuery(query, clock.now()));
    send(res, format, 'service_requests', tickets.map((t) => requestFromTicket(t, findCategory(t.category))));
  };

  const create = async (req: Request, res: Response, format: Format) => {
    const body: Body = { ...(req.query as Body), ...((req.body as Body | undefined) ?? {}) };
    const wait = await options.backoff?.waitSeconds(req);
    if (wait !== undefined) {
      res.set('Retry-After', String(wait));
      throw new Open311Error(429, `Too many failed api_key attempts; try again in ${wait} s`);
    }
    let clientId: string;
    try {
      clientId = checkApiKey(body);
    } catch (error) {
      await options.backoff?.failed(req);
      throw error;
    }
    checkJurisdiction(body);
    const code = field(body, 'service_code');
    if (!code) throw new Open311Error(400, 'service_code is required');
    const category = findCategory(code);
    if (!category) throw new Open311Error(404, `Unknown service_code ${shown(code)}`);
    const idempotency = idempotencyFrom(req, body, clientId);
    const ticket = await store.create({ ...newTicketFromRequest(body, category, { now: clock.now(), clientId }), ...(idempotency ? { idempotency } : {}) });
    options.logger?.info('open311 request created', { code: ticket.code, service: category.id, client: clientId });
    const account = field(body, 'account_id') ?? null;
    const notice = serviceNotice(ticket.unitName, ticket.expectedBy);
    send(res, format, 'service_requests', [{ service_request_id: ticket.code, service_notice: notice, account_id: account }], 201);
  };

  router.get('/:file', async (req, res) => {
    const { name, format } = splitFile(String(req.params.file));
    if (name === 'discovery') {
      const url = options.baseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
      const contact = options.contact ?? 'Hue-S hotline 1900 1075';
      const keyService = options.keyService ?? 'Ask the operator of this service for an API key.';
      return void send(res, format, 'discovery', discovery({ url, changeset, contact, keyService }));
    }
    if (name === 'services') {
      checkJurisdiction(req.query as Body);
      return void send(res, format, 'services', options.categories().map(service));
    }
    if (name === 'requests') return void (await list(req, res, format));
    throw new Open311Error(404, `Unknown resource ${shown(name)}`);
  });

  router.post('/:file', async (req, res) => {
    const { name, format } = splitFile(String(req.params.file));
    if (name !== 'requests') throw new Open311Error(404, `Unknown resource ${shown(name)}`);
    await create(req, res, format);
  });

  router.get('/services/:file', async (req, res) => {
    const { name, format } = splitFile(String(req.params.file));
    checkJurisdiction(req.query as Body);
    const category = findCategory(name);
    if (!category) throw new Open311Error(404, `Unknown service_code ${shown(name)}`);
    send(res, format, 'service_definition', serviceDefinition(category));
  });

  router.get('/requests/:file', async (req, res) => {
    const { name, format } = splitFile(String(req.params.file));
    checkJurisdiction(req.query as Body);
    const ticket = TICKET_CODE.test(name) ? await store.getByCode(name) : undefined;
    if (!ticket) throw new Open311Error(404, `Unknown service_request_id ${shown(name)}`);
    send(res, format, 'service_requests', [requestFromTicket(ticket, findCategory(ticket.category))]);
  });

  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const format: Format = req.path.endsWith('.xml') ? 'xml' : 'json';
    let e: Open311Error;
    if (err instanceof Open311Error) e = err;
    else if (err instanceof TicketError) e = new Open311Error(err.code === 'not-found' ? 404 : err.code === 'conflict' ? 422 : 400, err.message);
    else if ((err as { type?: unknown }).type === 'entity.parse.failed') {
      e = new Open311Error(400, 'The request body is not valid JSON (numbers may not have leading zeros; quote codes such as "001")');
    }
    else if (clientErrorStatus(err) !== undefined) e = new Open311Error(400, 'The request body could not be read');
    else {
      options.logger?.error('open311 failed', { kind: (err as Error)?.name, error: redact(err instanceof Error ? err.message : String(err)) });
      return void sendErrors(res, format, 500, 'Internal error');
    }
    sendErrors(res, format, e.status, e.description);
  });

  return router;
}

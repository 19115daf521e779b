/** GeoReport v2 service requests ↔ tickets. */
import type { ComplaintCategory } from '../../../bot/ports.ts';
import { redactPublic } from '../../../bot/privacy/redact.ts';
import { hueDateTime } from '../../../bot/tickets/ticket-code.ts';
import { isOpenStatus } from '../../../bot/tickets/transitions.ts';
import type { NewTicket, Ticket, TicketAttributes, TicketFilters, TicketStatus } from '../../../bot/tickets/types.ts';
import { Open311Error } from './errors.ts';
import { pick, serviceName } from './services.ts';

const STATUS_TEXT: Record<TicketStatus, string> = {
  received: 'Received',
  in_progress: 'In progress',
  resolved: 'Resolved',
  rejected: 'Rejected',
};

export function serviceNotice(unitName: string, expectedBy: string): string {
  return `Handled by ${unitName}. Expected by ${expectedBy}.`;
}

/**
 * A ticket as the public sees it: no photos, phone, reporter or internal notes. Description and
 * address appear only when the reporter agreed to publication, and every text is redacted
 * (identifiers and people's names masked).
 */
export function requestFromTicket(t: Ticket, category: ComplaintCategory | undefined) {
  const lastNote = [...t.history].reverse().find((h) => h.publicNote)?.publicNote;
  const published = Boolean(t.publicConsentAt) && !t.personalDataErasedAt;
  return {
    service_request_id: t.code,
    status: isOpenStatus(t.status) ? 'open' : 'closed',
    status_notes: lastNote ? `${STATUS_TEXT[t.status]}. ${redactPublic(lastNote)}` : `${STATUS_TEXT[t.status]}.`,
    service_name: category ? serviceName(category) : t.category,
    service_code: t.category,
    description: published ? redactPublic(t.description) : null,
    agency_responsible: t.unitName,
    service_notice: serviceNotice(t.unitName, t.expectedBy),
    requested_datetime: hueDateTime(t.createdAt),
    updated_datetime: hueDateTime(t.updatedAt),
    expected_datetime: `${t.expectedBy}T23:59:59+07:00`,
    address: published && t.address ? redactPublic(t.address) : null,
    address_id: null,
    zipcode: null,
    lat: t.location?.lat ?? null,
    long: t.location?.lng ?? null,
    // Photos may show people or homes; they are not published.
    media_url: null,
  };
}

export type Body = Record<string, unknown>;

/** A scalar a form or JSON client may send for a text parameter; anything else is refused. */
function scalar(name: string, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') {
    if (v.includes('\u0000')) throw new Open311Error(400, `${name} may not contain NUL characters`);
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Open311Error(400, `${name} must be a string`);
}

/** "Optional" in the spec means an empty value counts as missing. A repeated form field counts once. */
export function field(body: Body, name: string): string | undefined {
  const v = Object.hasOwn(body, name) ? body[name] : undefined;
  const s = scalar(name, Array.isArray(v) ? v[0] : v);
  const text = s?.trim();
  return text ? text : undefined;
}

/** Collects `attribute[code]` and `attribute[code][]` from a flat form body or a nested JSON one. */
export function attributesFrom(body: Body): TicketAttributes {
  const out: TicketAttributes = {};
  const value = (code: string, v: unknown, many: boolean): string | string[] => {
    const name = `attribute[${code}]`;
    if (Array.isArray(v)) {
      if (v.length > 100) throw new Open311Error(400, `${name} has too many values`);
      return v.map((x) => scalar(name, x) ?? '');
    }
    const one = scalar(name, v) ?? '';
    return many ? [one] : one;
  };
  const nested = Object.hasOwn(body, 'attribute') ? body.attribute : undefined;
  if (nested !== undefined && nested !== null) {
    if (typeof nested !== 'object' || Array.isArray(nested)) throw new Open311Error(400, 'attribute must be an object of codes');
    for (const [k, v] of Object.entries(nested)) out[k] = value(k, v, false);
  }
  for (const [key, v] of Object.entries(body)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (!m) continue;
    out[m[1]!] = value(m[1]!, v, Boolean(m[2]));
  }
  return out;
}

function checkAttributes(category: ComplaintCategory, attrs: TicketAttributes): void {
  for (const a of category.attributes) {
    const v = attrs[a.code];
    const empty = v === undefined || (Array.isArray(v) ? v.every((x) => !x.trim()) : !v.trim());
    if (empty) {
      if (a.required) throw new Open311Error(400, `attribute[${a.code}] is required for service_code ${category.id}`);
      continue;
    }
    const values = Array.isArray(v) ? v : [v];
    if (a.datatype === 'number' && values.some((x) => !Number.isFinite(Number(x)))) {
      throw new Open311Error(400, `attribute[${a.code}] must be a number`);
    }
    if (a.datatype === 'singlevaluelist' && a.values && values.some((x) => !a.values!.some((opt) => opt.key === x))) {
      throw new Open311Error(400, `attribute[${a.code}] must be one of: ${a.values.map((o) => o.key).join(', ')}`);
    }
  }
}

function coordinate(body: Body, name: 'lat' | 'long', min: number, max: number): number | undefined {
  const raw = field(body, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Open311Error(400, `${name} must be a WGS84 coordinate`);
  return n;
}

export interface PostContext {
  now: Date;
  /** Pseudonymous id of the client application (from its api_key). */
  clientId: string;
}

/** Validates a POST service request and turns it into a new ticket; throws Open311Error. */
export function newTicketFromRequest(body: Body, category: ComplaintCategory, ctx: PostContext): NewTicket {
  const lat = coordinate(body, 'lat', -90, 90);
  const lng = coordinate(body, 'long', -180, 180);
  if ((lat === undefined) !== (lng === undefined)) throw new Open311Error(400, 'lat and long must be given together');
  const addressString = field(body, 'address_string');
  const addressId = field(body, 'address_id');
  if (lat === undefined && !addressString && !addressId) {
    throw new Open311Error(400, 'A location is required: lat and long, address_string or address_id');
  }
  const description = field(body, 'description');
  if (description && description.length > 4000) throw new Open311Error(400, 'description is longer than 4000 characters');
  const attributes = attributesFrom(body);
  checkAttributes(category, attributes);
  const mediaUrl = field(body, 'media_url');
  if (mediaUrl && !/^https?:\/\/\S+$/i.test(mediaUrl)) throw new Open311Error(400, 'media_url must be an http(s) URL');
  const phone = field(body, 'phone');
  const account = field(body, 'account_id') ?? field(body, 'device_id');
  return {
    category: category.id,
    unitName: pick(category.unit.name, ['vi', 'en']) ?? category.id,
    handlingDays: category.handlingDays,
    description: description ?? serviceName(category),
    location: lat !== undefined && lng !== undefined ? { lat, lng } : undefined,
    address: addressString ?? (addressId ? `address_id ${addressId}` : undefined),
    photos: mediaUrl ? [mediaUrl] : [],
    // GeoReport requests are public by the standard's design: the client sent it to be listed.
    publicConsentAt: ctx.now,
    // The requester gave their phone with the request so the city can reach them about it.
    ...(phone ? { contactPhone: phone.slice(0, 40), consent: { purpose: 'open311 request', at: ctx.now } } : {}),
    attributes,
    reporter: { channel: 'api', conversationId: account ?? ctx.clientId, userId: ctx.clientId },
    lang: 'vi',
  };
}

const DAY = 24 * 60 * 60 * 1000;
const MAX_WINDOW = 90 * DAY;

function dateParam(body: Body, name: string): Date | undefined {
  const raw = field(body, name);
  if (raw === undefined) return undefined;
  const d = new Date(raw);
  // Beyond these years the stores' timestamp types overflow, and no ticket lives there.
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1970 || d.getUTCFullYear() > 9999) {
    throw new Open311Error(400, `${name} must be an ISO 8601 date-time between the years 1970 and 9999`);
  }
  return d;
}

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

/** GET /requests filters; service_request_id overrides the others, as the spec says. */
export function filtersFromQuery(query: Body, now: Date): TicketFilters {
  const ids = list(field(query, 'service_request_id'));
  if (ids.length) return { codes: ids.map((s) => s.toUpperCase()).slice(0, 1000), limit: 1000 };
  const statuses = list(field(query, 'status'));
  const status: TicketStatus[] = [];
  for (const s of statuses) {
    if (s === 'open') status.push('received', 'in_progress');
    else if (s === 'closed') status.push('resolved', 'rejected');
    else throw new Open311Error(400, 'status must be open or closed');
  }
  let from = dateParam(query, 'start_date');
  let to = dateParam(query, 'end_date');
  if (!from && !to) to = now;
  if (from && !to) to = new Date(Math.min(from.getTime() + MAX_WINDOW, now.getTime() + DAY));
  if (to && !from) from = new Date(to.getTime() - MAX_WINDOW);
  if (from!.getTime() > to!.getTime()) throw new Open311Error(400, 'start_date is after end_date');
  if (to!.getTime() - from!.getTime() > MAX_WINDOW) throw new Open311Error(400, 'The date range may not exceed 90 days');
  const codes = list(field(query, 'service_code'));
  return {
    status: status.length ? status : undefined,
    category: codes.length ? codes : undefined,
    from,
    // end_date is inclusive in the spec; the store's `to` is exclusive.
    to: new Date(to!.getTime() + 1),
    limit: 1000,
  };
}

import type { Lang } from '../language/langs.ts';
import type { Channel, GeoPoint } from '../types.ts';

export const TICKET_STATUSES = ['received', 'in_progress', 'resolved', 'rejected'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export type Satisfaction = 'up' | 'down';

export interface Reporter {
  channel: Channel;
  conversationId: string;
  userId: string;
}

export interface Consent {
  /** What the person agreed their contact may be used for, e.g. "call back about this report". */
  purpose: string;
  at: Date;
}

/** What happened to a ticket: creation, a status change or note, a +1, an erasure. */
export type HistoryEvent = 'created' | 'status' | 'support' | 'erased';

export interface HistoryEntry {
  event: HistoryEvent;
  /** Status after this event. */
  status: TicketStatus;
  /** Shown to the reporter and on the public API. */
  publicNote?: string;
  /** Staff only. */
  internalNote?: string;
  at: Date;
  /** Staff member, "citizen" or "system". */
  by: string;
}

/** Extra answers asked by the category (Open311 `attribute[code]`). */
export type TicketAttributes = Record<string, string | string[]>;

export interface Ticket {
  id: string;
  /** Human code, e.g. HUE-2026-000123. */
  code: string;
  category: string;
  unitName: string;
  /** Date (YYYY-MM-DD, Huế time) by which the unit is expected to have handled it. */
  expectedBy: string;
  status: TicketStatus;
  description: string;
  location?: GeoPoint;
  address?: string;
  ward?: string;
  photos: string[];
  /** Only present when the reporter consented; see `consent`. */
  contactPhone?: string;
  consent?: Consent;
  /** When the reporter agreed that description and address may appear in the public listing. */
  publicConsentAt?: Date;
  attributes: TicketAttributes;
  reporter: Reporter;
  lang: Lang;
  /** Number of +1s from other reports of the same problem. */
  supporters: number;
  createdAt: Date;
  updatedAt: Date;
  satisfaction?: Satisfaction;
  personalDataErasedAt?: Date;
  history: HistoryEntry[];
}

/** What intake knows when it files a ticket; the store fills in id, code, status and dates. */
export interface NewTicket {
  category: string;
  unitName: string;
  /** Expected handling time in working days (from the category). */
  handlingDays: number;
  description: string;
  location?: GeoPoint;
  address?: string;
  ward?: string;
  photos?: string[];
  contactPhone?: string;
  consent?: Consent;
  /** The reporter agreed that description and address may be published (Open311 listing). */
  publicConsentAt?: Date;
  attributes?: TicketAttributes;
  reporter: Reporter;
  lang: Lang;
  /** Filing the same key again returns the ticket it filed instead of a second one. */
  idempotency?: IdempotencyKey;
}

/**
 * Makes a creation safe to repeat (a double tap, two replicas, a client retry). The key is unique
 * in the database; `fingerprint`, when given, must match the first request's or the store refuses.
 */
export interface IdempotencyKey {
  key: string;
  fingerprint?: string;
}

export interface TicketFilters {
  status?: TicketStatus | TicketStatus[];
  category?: string | string[];
  unit?: string;
  ward?: string;
  /** Channel the report came in on. */
  channel?: Channel | Channel[];
  /** Created at or after. */
  from?: Date;
  /** Created strictly before. */
  to?: Date;
  /** Free text in code, description or address (case-insensitive substring). */
  text?: string;
  codes?: string[];
  limit?: number;
  offset?: number;
}

export interface StatusChange {
  status: TicketStatus;
  publicNote?: string;
  internalNote?: string;
  by: string;
}

export interface SupportDetails {
  description?: string;
  photos?: string[];
  by?: string;
}

/** A public change waiting to be told to the reporter. */
export interface OutboxItem {
  id: string;
  ticketId: string;
  ticketCode: string;
  channel: Channel;
  conversationId: string;
  userId: string;
  lang: Lang;
  status: TicketStatus;
  publicNote?: string;
  createdAt: Date;
  /** Failed send attempts so far. */
  attempts: number;
}

export type OutboxState = 'pending' | 'delivered' | 'undeliverable';

/** Open tickets of the same problem within `radiusMeters` of `point`, created at or after `since`. */
export interface NearbyQuery {
  category: string;
  point: GeoPoint;
  radiusMeters: number;
  since: Date;
}

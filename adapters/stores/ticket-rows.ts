/** Row ↔ domain mapping shared by the SQLite and PostgreSQL stores (column names are identical). */
import type { Lang } from '../../bot/language/langs.ts';
import type { HistoryEntry, OutboxItem, Ticket, TicketAttributes } from '../../bot/tickets/types.ts';
import type { Channel } from '../../bot/types.ts';

export interface TicketRow {
  id: string;
  code: string;
  category: string;
  unit_name: string;
  expected_by: string;
  status: Ticket['status'];
  description: string;
  lat: number | null;
  lng: number | null;
  address: string | null;
  ward: string | null;
  photos: string | string[];
  contact_phone: string | null;
  consent_purpose: string | null;
  consent_at: string | Date | null;
  public_consent_at?: string | Date | null;
  attributes: string | TicketAttributes;
  reporter_channel: string;
  reporter_conversation: string;
  reporter_user: string;
  lang: string;
  supporters: number;
  created_at: string | Date;
  updated_at: string | Date;
  satisfaction: 'up' | 'down' | null;
  personal_data_erased_at: string | Date | null;
}

export interface HistoryRow {
  ticket_id: string;
  event: HistoryEntry['event'];
  status: HistoryEntry['status'];
  public_note: string | null;
  internal_note: string | null;
  at: string | Date;
  by: string;
}

export interface OutboxRow {
  id: string;
  ticket_id: string;
  ticket_code: string;
  channel: string;
  conversation_id: string;
  user_id: string;
  lang: string;
  status: Ticket['status'];
  public_note: string | null;
  created_at: string | Date;
  attempts: number;
}

const toDate = (v: string | Date): Date => (v instanceof Date ? v : new Date(v));
const json = <T>(v: string | T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function historyFromRow(r: HistoryRow): HistoryEntry {
  const entry: HistoryEntry = { event: r.event, status: r.status, at: toDate(r.at), by: r.by };
  if (r.public_note !== null) entry.publicNote = r.public_note;
  if (r.internal_note !== null) entry.internalNote = r.internal_note;
  return entry;
}

export function ticketFromRow(r: TicketRow, history: HistoryRow[]): Ticket {
  const t: Ticket = {
    id: r.id,
    code: r.code,
    category: r.category,
    unitName: r.unit_name,
    expectedBy: r.expected_by,
    status: r.status,
    description: r.description,
    photos: json<string[]>(r.photos),
    attributes: json<TicketAttributes>(r.attributes),
    reporter: { channel: r.reporter_channel as Channel, conversationId: r.reporter_conversation, userId: r.reporter_user },
    lang: r.lang as Lang,
    supporters: Number(r.supporters),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
    history: history.map(historyFromRow),
  };
  if (r.lat !== null && r.lng !== null) t.location = { lat: Number(r.lat), lng: Number(r.lng) };
  if (r.address !== null) t.address = r.address;
  if (r.ward !== null) t.ward = r.ward;
  if (r.contact_phone !== null) t.contactPhone = r.contact_phone;
  if (r.consent_purpose !== null && r.consent_at !== null) t.consent = { purpose: r.consent_purpose, at: toDate(r.consent_at) };
  if (r.public_consent_at) t.publicConsentAt = toDate(r.public_consent_at);
  if (r.satisfaction !== null) t.satisfaction = r.satisfaction;
  const erased = opt(r.personal_data_erased_at);
  if (erased) t.personalDataErasedAt = toDate(erased);
  return t;
}

export function outboxFromRow(r: OutboxRow): OutboxItem {
  const item: OutboxItem = {
    id: r.id,
    ticketId: r.ticket_id,
    ticketCode: r.ticket_code,
    channel: r.channel as Channel,
    conversationId: r.conversation_id,
    userId: r.user_id,
    lang: r.lang as Lang,
    status: r.status,
    createdAt: toDate(r.created_at),
    attempts: Number(r.attempts),
  };
  if (r.public_note !== null) item.publicNote = r.public_note;
  return item;
}

/** Groups history rows by ticket, keeping their order. */
export function groupHistory(rows: HistoryRow[]): Map<string, HistoryRow[]> {
  const byTicket = new Map<string, HistoryRow[]>();
  for (const row of rows) {
    const list = byTicket.get(row.ticket_id);
    if (list) list.push(row);
    else byTicket.set(row.ticket_id, [row]);
  }
  return byTicket;
}

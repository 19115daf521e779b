/** Rows of the handoff, message-queue and feedback tables, as both databases return them. */
import type { Lang } from '../../bot/language/langs.ts';
import type { Handoff, HandoffContact, HandoffMessage, HandoffStatus } from '../../bot/handoff/types.ts';
import type { StoredFeedback } from '../../bot/feedback/ports.ts';
import type { PersonLink, QueuedMessageItem } from '../../bot/notices/ports.ts';
import type { TicketStatus } from '../../bot/tickets/types.ts';
import type { Channel } from '../../bot/types.ts';

type When = string | Date;
const date = (v: When) => (v instanceof Date ? v : new Date(v));
const optionalDate = (v: When | null) => (v === null ? undefined : date(v));

export interface HandoffRow {
  id: string;
  channel: string;
  conversation_id: string;
  user_id: string;
  lang: string;
  contact: string;
  status: string;
  claimed_by: string | null;
  opened_at: When;
  claimed_at: When | null;
  closed_at: When | null;
  updated_at: When;
}

export interface HandoffMessageRow {
  handoff_id: string;
  author: string;
  by: string | null;
  text: string;
  at: When;
}

export interface MessageRow {
  id: string;
  channel: string;
  conversation_id: string;
  user_id: string;
  lang: string;
  kind: string;
  ticket_code: string | null;
  text: string;
  attempts: number;
  created_at: When;
  ticket_status: string | null;
  public_note: string | null;
}

export interface PersonLinkRow {
  person_key: string;
  channel: string;
  user_id: string;
  source: string;
  ticket_id: string | null;
  linked_at: When;
}

export interface FeedbackRow {
  id: string;
  entry_id: string;
  value: string;
  lang: string;
  channel: string;
  question: string | null;
  at: When;
}

export function messageFromRow(row: HandoffMessageRow): HandoffMessage {
  return { from: row.author as HandoffMessage['from'], text: row.text, at: date(row.at), ...(row.by ? { by: row.by } : {}) };
}

export function handoffFromRow(row: HandoffRow, messages: HandoffMessageRow[]): Handoff {
  return {
    id: row.id,
    channel: row.channel as Channel,
    conversationId: row.conversation_id,
    userId: row.user_id,
    lang: row.lang as Lang,
    contact: row.contact as HandoffContact,
    status: row.status as HandoffStatus,
    ...(row.claimed_by ? { claimedBy: row.claimed_by } : {}),
    openedAt: date(row.opened_at),
    ...(row.claimed_at !== null ? { claimedAt: optionalDate(row.claimed_at) } : {}),
    ...(row.closed_at !== null ? { closedAt: optionalDate(row.closed_at) } : {}),
    updatedAt: date(row.updated_at),
    messages: messages.map(messageFromRow),
  };
}

export function queuedFromRow(row: MessageRow): QueuedMessageItem {
  return {
    id: row.id,
    channel: row.channel as Channel,
    conversationId: row.conversation_id,
    userId: row.user_id,
    lang: row.lang as Lang,
    kind: row.kind as QueuedMessageItem['kind'],
    ...(row.ticket_code ? { ticketCode: row.ticket_code } : {}),
    ...(row.ticket_status
      ? { update: { status: row.ticket_status as TicketStatus, ...(row.public_note ? { publicNote: row.public_note } : {}) } }
      : {}),
    text: row.text,
    attempts: Number(row.attempts),
    createdAt: date(row.created_at),
  };
}

export function personLinkFromRow(row: PersonLinkRow): PersonLink & { linkedAt: Date } {
  return {
    personKey: row.person_key,
    channel: row.channel as Channel,
    userId: row.user_id,
    source: row.source as PersonLink['source'],
    ...(row.ticket_id ? { ticketId: row.ticket_id } : {}),
    linkedAt: date(row.linked_at),
  };
}

export function feedbackFromRow(row: FeedbackRow): StoredFeedback {
  return {
    id: row.id,
    entryId: row.entry_id,
    value: row.value as StoredFeedback['value'],
    lang: row.lang as Lang,
    channel: row.channel as Channel,
    ...(row.question ? { question: row.question } : {}),
    at: date(row.at),
  };
}

export function groupBy<T extends { handoff_id: string }>(rows: T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) grouped.set(row.handoff_id, [...(grouped.get(row.handoff_id) ?? []), row]);
  return grouped;
}

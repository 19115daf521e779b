import type { AnswerFeedbackStore } from '../feedback/ports.ts';
import type { HandoffStore } from '../handoff/ports.ts';
import type { MessageQueue, PersonLinkStore } from '../notices/ports.ts';
import type { Channel, OutboundNotice } from '../types.ts';
import type {
  NearbyQuery,
  NewTicket,
  OutboxItem,
  Satisfaction,
  StatusChange,
  SupportDetails,
  Ticket,
  TicketFilters,
} from './types.ts';

/**
 * Durable home of tickets and of the updates owed to their reporters.
 * Implementations: adapters/stores (SQLite, PostgreSQL); both pass test/ticket-store.contract.ts.
 */
export interface TicketStore {
  /**
   * Files a ticket, allocating the next code of the year atomically. With `ticket.idempotency`,
   * a repeat of the same key returns the ticket already filed (throws IdempotencyConflictError
   * when its fingerprint differs); the database's unique constraint decides between racing repeats.
   */
  create(ticket: NewTicket): Promise<Ticket>;
  getByCode(code: string): Promise<Ticket | undefined>;
  /** The ticket filed under an idempotency key, if one was. */
  getByIdempotencyKey(key: string): Promise<Ticket | undefined>;
  getById(id: string): Promise<Ticket | undefined>;
  /** Newest first. */
  listByReporter(channel: Channel, userId: string, limit?: number): Promise<Ticket[]>;
  /** Newest first; `limit` defaults to 50, capped at 1000. */
  list(filters?: TicketFilters): Promise<Ticket[]>;
  /** Open tickets of the category near a point, nearest first. */
  findOpenNearby(query: NearbyQuery): Promise<Ticket[]>;
  /** Open tickets of the category at the same address (compared without case or accents). */
  findOpenByAddress(category: string, address: string, since: Date): Promise<Ticket[]>;
  /** A +1 from someone reporting the same problem; details go to the history. */
  addSupport(ticketId: string, details: SupportDetails): Promise<Ticket>;
  /**
   * Changes status and/or adds notes in one transaction. A public change (new status or a
   * public note) also queues one outbox item for the reporter.
   * Throws TicketNotFoundError, IllegalTransitionError.
   */
  changeStatus(code: string, change: StatusChange): Promise<Ticket>;
  recordSatisfaction(code: string, value: Satisfaction): Promise<Ticket>;
  /** Removes phone, photos, consent, exact address and the person link its phone made; the history is kept. */
  erasePersonalData(code: string, by?: string): Promise<Ticket>;
  /**
   * Erases personal data of tickets created before `cutoff`, and drops conversation references
   * and person links not renewed since; returns how many tickets were erased.
   */
  purgePersonalDataOlderThan(cutoff: Date): Promise<number>;

  /** How many tickets there are per category and status, and how many updates still wait to be sent. */
  counts(): Promise<TicketCounts>;

  outbox: OutboxStore;
  /** Messages for a person that are not ticket updates (staff replies), and updates held for later. */
  messages: MessageQueue;
  handoffs: HandoffStore;
  /** Which conversations belong to the same person, so an update held on one is shown on another. */
  personLinks: PersonLinkStore;
  /** 👍 / 👎 on knowledge answers. */
  feedback: AnswerFeedbackStore;
  conversationRefs: ConversationRefStore;
  /** Those of `refs` that some ticket lists among its photos (so they must be kept). */
  photosInUse(refs: string[]): Promise<Set<string>>;
  /** Resolves when the database answers a trivial query (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface TicketCounts {
  byCategoryAndStatus: { category: string; status: string; count: number }[];
  outboxPending: number;
}

export interface OutboxStore {
  /**
   * Leases up to `limit` pending items due at `now` for `leaseMs`; a leased item is not
   * returned again until its lease ends, so two dispatchers never send the same item at once.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxItem[]>;
  markDelivered(id: string): Promise<void>;
  markFailed(id: string, error: string, nextAttemptAt: Date): Promise<void>;
  markUndeliverable(id: string, reason: string): Promise<void>;
}

/** Whatever a channel needs to message a conversation later (e.g. a Bot Framework reference). */
export interface ConversationRefStore {
  put(channel: Channel, conversationId: string, ref: unknown): Promise<void>;
  get(channel: Channel, conversationId: string): Promise<unknown | undefined>;
}

/** A ticket update for one reporter; `idempotencyKey` lets a channel drop a repeat. */
export interface TicketNotice extends OutboundNotice {
  idempotencyKey: string;
  ticketCode: string;
}

/** Sends proactive messages on one channel. Throw PermanentDeliveryError when retrying is pointless. */
export interface Notifier {
  send(notice: TicketNotice): Promise<void>;
}

import type { Channel } from '../types.ts';
import type { Handoff, HandoffRequest, HandoffStatus, QueuedMessage } from './types.ts';

/**
 * Durable home of handoffs to staff. Every change that the person must hear about queues its
 * message in the same transaction (see MessageQueue), so a crash cannot lose or invent one.
 * Implementations: adapters/stores (SQLite, PostgreSQL).
 */
export interface HandoffStore {
  /** Opens a handoff, or returns the conversation's active one: there is never more than one. */
  open(request: HandoffRequest, now: Date): Promise<Handoff>;
  get(id: string): Promise<Handoff | undefined>;
  /** Newest first; by default the active ones (waiting and claimed). */
  list(filter: { status?: readonly HandoffStatus[]; limit?: number }): Promise<Handoff[]>;
  /** Adds what the person wrote while the handoff is active; false when it no longer is. */
  addPersonMessage(id: string, text: string, now: Date): Promise<boolean>;
  /** waiting → claimed by `by`. Throws HandoffNotFoundError, HandoffConflictError (closed, or held by someone else). */
  claim(id: string, by: string, now: Date, notice?: QueuedMessage): Promise<Handoff>;
  /** A staff message, queued for the person; a waiting handoff is claimed by the sender. */
  addStaffMessage(id: string, by: string, text: string, notice: QueuedMessage, now: Date): Promise<Handoff>;
  /** Hands the conversation back to the assistant and queues `notice` (saying so). */
  release(id: string, by: string, notice: QueuedMessage, now: Date): Promise<Handoff>;
  /** Closes handoffs still waiting since before `cutoff`, queueing each one's message. */
  expireWaiting(cutoff: Date, noticeFor: (handoff: Handoff) => QueuedMessage, now: Date): Promise<Handoff[]>;
  /** How many handoffs wait for a staff member (for metrics). */
  countWaiting(): Promise<number>;
}

export type { Channel };

/**
 * Messages owed to a person outside a turn (staff replies, handoff news, ticket updates that could
 * not be pushed), in the ticket database beside the tickets' own outbox.
 */
import type { QueuedMessage } from '../handoff/types.ts';
import type { Channel } from '../types.ts';

export interface QueuedMessageItem extends QueuedMessage {
  id: string;
  attempts: number;
  createdAt: Date;
}

export interface MessageQueue {
  enqueue(message: QueuedMessage, now: Date): Promise<string>;
  /** Leases up to `limit` pending messages due at `now`, oldest first (see OutboxStore.claimDue). */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<QueuedMessageItem[]>;
  markDelivered(id: string, now: Date): Promise<void>;
  markFailed(id: string, error: string, nextAttemptAt: Date): Promise<void>;
  /** The channel cannot reach the person now: the message waits for their next message. */
  hold(id: string, reason: string): Promise<void>;
  /** Stores a message that could not be pushed, to be shown at the person's next message. */
  holdNew(message: QueuedMessage, reason: string, now: Date): Promise<void>;
  /** Takes (and marks shown) the messages waiting for this person, oldest first. */
  takeHeld(channel: Channel, userId: string, now: Date): Promise<QueuedMessageItem[]>;
}

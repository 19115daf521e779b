/**
 * Messages owed to a person outside a turn (staff replies, handoff news, ticket updates that could
 * not be pushed), in the ticket database beside the tickets' own outbox; and the links that tell
 * which conversations on which channels belong to the same person.
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
  /**
   * Takes (and marks shown) the messages waiting for this person, oldest first: those addressed
   * to this user on this channel, and the ticket updates held for any user the person links
   * (PersonLinkStore) to this one. One atomic step, so two servers answering the same person on
   * two channels at once show each message once.
   */
  takeHeld(channel: Channel, userId: string, now: Date): Promise<QueuedMessageItem[]>;
}

/** One user on one channel, as a held message addresses them. */
export interface PersonAddress {
  channel: Channel;
  userId: string;
}

/** How the person gave the number: typed in a report with consent, or shared from the platform. */
export type PersonLinkSource = 'intake' | 'contact';

export interface PersonLink extends PersonAddress {
  /** A keyed hash of the phone number (never the number itself). */
  personKey: string;
  source: PersonLinkSource;
  /**
   * The ticket whose intake last gave the number: erasing that ticket's personal data removes the
   * link (a later report or shared contact that gives the number again takes its place).
   */
  ticketId?: string;
}

/** Conversations known to belong to one person because each gave the same phone number. */
export interface PersonLinkStore {
  /** Adds the link, or refreshes when it was last confirmed (retention counts from then). */
  link(link: PersonLink, now: Date): Promise<void>;
  /** The links of this user on this channel (to inspect and test them). */
  linksOf(address: PersonAddress): Promise<(PersonLink & { linkedAt: Date })[]>;
}

/**
 * What the core calls when a person gives a phone number: the number, in the national form, is
 * turned into a person key by the implementation and only the key is stored.
 */
export interface PersonLinks {
  linkPhone(address: PersonAddress, phone: string, origin: { source: PersonLinkSource; ticketId?: string }, now: Date): Promise<void>;
}

/**
 * Messages owed to a person outside a turn (staff replies, handoff news, ticket updates that could
 * not be pushed), in the ticket database beside the tickets' own outbox; and the links that tell
 * which other conversations, on any channel, belong to the person a report's number names.
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
   * to this user on this channel, and the ticket updates held for reports elsewhere that gave the
   * number this user's platform vouches is theirs (PersonLinkStore). A number this user only typed
   * brings nothing here. One atomic step, so two servers answering the same person on two
   * channels at once show each message once.
   */
  takeHeld(channel: Channel, userId: string, now: Date): Promise<QueuedMessageItem[]>;
}

/** One user on one channel, as a held message addresses them. */
export interface PersonAddress {
  channel: Channel;
  userId: string;
}

/**
 * How the platform vouched that the number is the user's own: 'contact' is a number it shared as
 * the sender's (a Telegram contact card naming the sender, a number Zalo gave when the user agreed
 * to share it). Only such a number links a conversation; one typed in a report links only that
 * report (PersonLinkStore.linkReport), since anyone can type anyone's number.
 */
export type PersonLinkSource = 'contact';

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

/**
 * Which conversations may show a report's held updates besides the one it came from: those whose
 * own number, as the platform vouches for it, is the number the report gave.
 */
export interface PersonLinkStore {
  /** Adds the conversation's link, or refreshes when it was last confirmed (retention counts from then). */
  link(link: PersonLink, now: Date): Promise<void>;
  /** Records the person key of the number a report gave with consent; erased with its personal data. */
  linkReport(ticketId: string, personKey: string): Promise<void>;
  /** The links of this user on this channel (to inspect and test them). */
  linksOf(address: PersonAddress): Promise<(PersonLink & { linkedAt: Date })[]>;
}

/**
 * What the core calls when a person gives a phone number: the number, in the national form, is
 * turned into a person key by the implementation and only the key is stored.
 */
export interface PersonLinks {
  /**
   * The platform vouches that the number is the sender's own (InboundMessage.contact): held updates
   * on reports that gave it may be shown in this conversation. `ticketId` when it was given in
   * that report's intake.
   */
  linkOwnPhone(address: PersonAddress, phone: string, now: Date, ticketId?: string): Promise<void>;
  /** A report gave this number with consent (typed or shared): its held updates may be shown where the number is the person's own. */
  linkReport(ticketId: string, phone: string): Promise<void>;
}

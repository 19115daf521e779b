/** A conversation handed to city staff: who asked, who holds it, and what was said. */
import type { Lang } from '../language/langs.ts';
import type { PublicChange } from '../tickets/notice-text.ts';
import type { Channel } from '../types.ts';

export const HANDOFF_STATUSES = ['waiting', 'claimed', 'released', 'expired'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/** Which public line the person is sent to when nobody picks the handoff up. */
export type HandoffContact = 'citizens' | 'tourists';

export interface HandoffMessage {
  from: 'person' | 'assistant' | 'staff';
  text: string;
  at: Date;
  /** The staff member, for staff messages. */
  by?: string;
}

export interface Handoff {
  id: string;
  channel: Channel;
  conversationId: string;
  userId: string;
  lang: Lang;
  contact: HandoffContact;
  status: HandoffStatus;
  claimedBy?: string;
  openedAt: Date;
  claimedAt?: Date;
  closedAt?: Date;
  updatedAt: Date;
  /** The conversation so far, oldest first. */
  messages: HandoffMessage[];
}

export interface HandoffRequest {
  channel: Channel;
  conversationId: string;
  userId: string;
  lang: Lang;
  contact: HandoffContact;
  /** What was said before the person asked for staff. */
  transcript: HandoffMessage[];
}

/** A message for the person, queued in the same transaction as the change that caused it. */
export interface QueuedMessage {
  channel: Channel;
  conversationId: string;
  userId: string;
  lang: Lang;
  text: string;
  kind: 'handoff' | 'ticket';
  ticketCode?: string;
  /** For a ticket update: what changed, so it can be worded again in the language of wherever it is shown. */
  update?: PublicChange;
}

export const isActiveHandoff = (status: HandoffStatus) => status === 'waiting' || status === 'claimed';

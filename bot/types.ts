import type { Lang } from './language/langs.ts';

/** Where a message came from. Adapters add their own name here. */
export type Channel = 'web' | 'cli' | 'telegram' | 'botframework' | 'zalo' | 'api' | 'eval';

export interface GeoPoint {
  lat: number;
  lng: number;
}

export interface Attachment {
  kind: 'image';
  /** Path of the stored file under the data folder, or an https URL the platform guarantees is public. */
  ref: string;
  contentType?: string;
  bytes?: number;
}

/**
 * The one message type the core understands. Adapters convert platform payloads into this
 * at the edge; the core never sees a Telegram Update, an Activity or a Zalo event.
 */
export interface InboundMessage {
  channel: Channel;
  conversationId: string;
  userId: string;
  /** Platform id of this message, used by adapters for de-duplication. */
  messageId?: string;
  text?: string;
  /** The payload of a pressed quick reply, when the platform tells pressing apart from typing. */
  postback?: string;
  location?: GeoPoint;
  /**
   * The sender's own phone number as the platform vouches for it (a Telegram contact shared by
   * the user it belongs to, the number a Zalo user shared from their account). Someone else's
   * contact card, or a number the user typed, is never passed on as this.
   */
  contact?: { phone: string };
  attachments?: Attachment[];
  /** Language the platform believes the user speaks (Telegram language_code, Activity locale). */
  localeHint?: string;
  /** Explicit language choice, e.g. from a web page's language picker. */
  langChoice?: Lang;
  receivedAt?: Date;
}

export interface QuickReply {
  /** Text shown on the button. */
  label: string;
  /** What comes back as `postback` (or `text`) when the button is pressed. Keep it ≤ 64 bytes. */
  payload: string;
}

export type Intent =
  | 'answer'
  | 'clarify'
  | 'complaint'
  | 'status'
  | 'greeting'
  | 'oos'
  | 'language'
  | 'more'
  | 'error'
  | 'rate-limited'
  | 'handoff';

export interface ScoredSource {
  id: string;
  score: number;
}

export interface ReplyMeta {
  intent: Intent;
  lang: Lang;
  confidence: number;
  /** Ranked knowledge entries considered for this turn, best first. */
  sources: ScoredSource[];
  /** Complaint category, when intent is complaint. */
  category?: string;
  /** Ticket code created or looked up this turn. */
  ticketCode?: string;
}

export interface Reply {
  text: string;
  quickReplies: QuickReply[];
  /** Ask the channel to offer a "share my location" button (complaint intake). */
  requestLocation?: boolean;
  /** Nothing goes out this turn: city staff hold the conversation and answer it themselves. */
  silent?: boolean;
  meta: ReplyMeta;
}

/** A message the core sends on its own, e.g. a ticket status update. */
export interface OutboundNotice {
  channel: Channel;
  conversationId: string;
  userId: string;
  text: string;
  quickReplies: QuickReply[];
}

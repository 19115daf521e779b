/** What one turn of a conversation carries through the middleware chain. */
import type { Lang } from './language/langs.ts';
import type { KnowledgeSnapshot } from './ports.ts';
import type { InboundMessage, QuickReply, Reply } from './types.ts';
import type { Interpretation } from './understanding/interpreter.ts';

export interface ConversationState {
  lang?: Lang;
  /** The entry whose answer was cut short, for the "more" button. */
  more?: { entryId: string; lang: Lang; shown: number };
  /** What the conversation is about, for follow-up questions. */
  dialogue?: { entryId?: string; entity?: string; at: string };
  /** The buttons last offered, so a typed number or label word can pick one. */
  choices?: QuickReply[];
  /** A "Did you mean…?" awaiting the person's pick: a question that gets none goes to the review queue. */
  clarifying?: { text: string; lang: Lang; candidates: { id: string; score: number; coverage: number }[] };
  /** Complaint intake in progress, owned by the intake dialogue. */
  intake?: unknown;
  /** The ticket the last intake filed or supported, so a repeated confirmation answers the same. */
  filed?: { code: string; outcome: 'created' | 'supported'; at: string };
  /** The handoff to city staff this conversation opened, until it is handed back or times out. */
  handoff?: { id: string };
  /** The last few messages both ways, which city staff see when the person asks for them. */
  transcript?: TranscriptLine[];
  updatedAt?: string;
}

export interface TranscriptLine {
  from: 'person' | 'assistant';
  text: string;
  at: string;
}

export type LangSource = 'explicit' | 'conversation' | 'detected' | 'hint' | 'default';

export interface TurnContext {
  message: InboundMessage;
  /** The typed text or the pressed button's payload, trimmed. */
  text: string;
  lang: Lang;
  langSource: LangSource;
  state: ConversationState;
  knowledge: KnowledgeSnapshot;
  now: Date;
  /** What the interpreter made of the typed text (absent for button presses and empty messages). */
  interpretation?: Interpretation;
  reply?: Reply;
}

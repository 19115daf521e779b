/**
 * The assistant core: one inbound message in, one reply out. It knows nothing about platforms;
 * adapters translate to and from InboundMessage and Reply.
 */
import { compose } from './compose.ts';
import { t } from './i18n/catalog.ts';
import { resolveLanguage } from './language/resolve.ts';
import type { Lang } from './language/langs.ts';
import { systemClock, type Clock, type ConversationStore, type KnowledgeSnapshot, type KnowledgeSource, type Logger, type UnansweredLog } from './ports.ts';
import { createRouter, menu, rememberTurn, reply, type TicketFeatures } from './router.ts';
import type { ConversationState, TurnContext } from './turn.ts';
import type { Channel, InboundMessage, Reply } from './types.ts';
import type { Interpreter } from './understanding/interpreter.ts';
import type { HandoffFeatures } from './handoff/handoff-features.ts';
import type { FeedbackFeatures } from './feedback/feedback-features.ts';
import type { AwayNotices } from './notices/away-notices.ts';
import type { TranscriptLine } from './turn.ts';

export { menu, reply, type TicketFeatures };

export interface Assistant {
  handle(message: InboundMessage): Promise<Reply>;
  /** Whether the conversation has state (it is live: it spoke within the state's time to live). */
  hasConversation?(channel: Channel, conversationId: string): Promise<boolean>;
}

export interface AssistantOptions {
  knowledge: KnowledgeSource;
  conversations: ConversationStore<ConversationState>;
  unanswered: UnansweredLog;
  logger: Logger;
  clock?: Clock;
  defaultLang: Lang;
  conversationTtlSeconds: number;
  tickets?: TicketFeatures;
  handoff?: HandoffFeatures;
  feedback?: FeedbackFeatures;
  /** Shows updates that could not be pushed, first thing at the person's next message. */
  awayNotices?: AwayNotices;
  /** Understanding for a snapshot; by default the one trained with it. */
  interpreterFor?: (snapshot: KnowledgeSnapshot) => Interpreter;
}

/** Lines of the conversation kept for staff, and the longest line kept. */
const TRANSCRIPT_LINES = 12;
const TRANSCRIPT_LINE_CHARS = 500;

/** The last few lines both ways, for the staff member who may take the conversation over. */
function rememberLines(ctx: TurnContext, final: Reply): void {
  const lines: TranscriptLine[] = [...(ctx.state.transcript ?? [])];
  const at = ctx.now.toISOString();
  const said = ctx.message.text?.trim();
  if (said) lines.push({ from: 'person', text: said.slice(0, TRANSCRIPT_LINE_CHARS), at });
  if (!final.silent && final.text) lines.push({ from: 'assistant', text: final.text.slice(0, TRANSCRIPT_LINE_CHARS), at });
  ctx.state.transcript = lines.slice(-TRANSCRIPT_LINES);
}

/** Longest text read from one message; the rest is dropped rather than analysed. */
const MAX_TEXT_CHARS = 2000;

export function createAssistant(options: AssistantOptions): Assistant {
  const clock = options.clock ?? systemClock;
  const chain = compose<TurnContext>(
    createRouter({
      interpreterFor: options.interpreterFor ?? ((snapshot) => snapshot.interpreter),
      unanswered: options.unanswered,
      tickets: options.tickets,
      handoff: options.handoff,
      feedback: options.feedback,
    }),
  );

  const loadState = async (key: string): Promise<ConversationState> => {
    try {
      return (await options.conversations.get(key)) ?? {};
    } catch (error) {
      // The turn still gets an answer; it only loses what the conversation had said before.
      options.logger.warn('conversation state not read', { error: (error as Error).message });
      return {};
    }
  };

  return {
    async hasConversation(channel, conversationId) {
      return (await options.conversations.get(`${channel}:${conversationId}`)) !== undefined;
    },
    async handle(message: InboundMessage): Promise<Reply> {
      const key = `${message.channel}:${message.conversationId}`;
      const state = await loadState(key);
      const text = (message.postback ?? message.text ?? '').normalize('NFC').trim().slice(0, MAX_TEXT_CHARS);
      const { lang, source } = resolveLanguage({
        text,
        explicit: message.langChoice,
        conversation: state.lang,
        hint: message.localeHint,
        fallback: options.defaultLang,
        isPostback: message.postback !== undefined,
      });
      const ctx: TurnContext = { message, text, lang, langSource: source, state, knowledge: options.knowledge.current(), now: clock.now() };
      try {
        await chain(ctx);
      } catch (error) {
        options.logger.error('turn failed', { channel: message.channel, error: (error as Error).message, stack: (error as Error).stack });
        ctx.reply = reply(ctx.lang, 'error', t(ctx.lang, 'error'), menu(ctx.lang), { confidence: 0 });
      }
      let final = ctx.reply ?? reply(ctx.lang, 'error', t(ctx.lang, 'error'), menu(ctx.lang), { confidence: 0 });
      if (options.feedback) final = options.feedback.decorate(final);
      rememberTurn(ctx, final);
      rememberLines(ctx, final);
      if (options.awayNotices) final = await options.awayNotices(ctx, final);
      ctx.state.lang = final.meta.lang;
      ctx.state.updatedAt = ctx.now.toISOString();
      await options.conversations.set(key, ctx.state, options.conversationTtlSeconds).catch((error: Error) =>
        options.logger.warn('conversation state not saved', { error: error.message }),
      );
      return final;
    },
  };
}

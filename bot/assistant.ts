/**
 * The assistant core: one inbound message in, one reply out. It knows nothing about platforms;
 * adapters translate to and from InboundMessage and Reply.
 */
import { composeAnswer, entryTitle } from './answer/answer-reply.ts';
import { decide, DEFAULT_THRESHOLDS, type DecisionThresholds } from './answer/decide.ts';
import { compose, type Middleware } from './compose.ts';
import { t } from './i18n/catalog.ts';
import { detectComplaint } from './intents/complaint-detector.ts';
import { parseLanguageCommand } from './intents/language-command.ts';
import { detectSmallTalk } from './intents/small-talk.ts';
import { detectStatusRequest } from './intents/status-request.ts';
import { resolveLanguage } from './language/resolve.ts';
import type { Lang } from './language/langs.ts';
import { systemClock, type Clock, type ConversationStore, type KnowledgeSource, type Logger, type SearchHit, type UnansweredLog, type UnansweredQuestion } from './ports.ts';
import type { ConversationState, TurnContext } from './turn.ts';
import type { InboundMessage, QuickReply, Reply, ReplyMeta } from './types.ts';

export interface Assistant {
  handle(message: InboundMessage): Promise<Reply>;
}

/** Complaint intake and ticket status, plugged in when a ticket store is configured. */
export interface TicketFeatures {
  /** Continues an intake in progress (runs before everything else). */
  resume: Middleware<TurnContext>;
  /** Answers a status lookup. */
  status(ctx: TurnContext, request: NonNullable<ReturnType<typeof detectStatusRequest>>): Promise<Reply>;
  /** Starts intake for a recognised report. */
  start(ctx: TurnContext, detection: NonNullable<ReturnType<typeof detectComplaint>>): Promise<Reply>;
  /** Button payloads the ticket features own (e.g. "report", "rate:…"). */
  postback?: Middleware<TurnContext>;
}

export interface AssistantOptions {
  knowledge: KnowledgeSource;
  conversations: ConversationStore<ConversationState>;
  unanswered: UnansweredLog;
  logger: Logger;
  clock?: Clock;
  defaultLang?: Lang;
  ticketPrefix?: string;
  conversationTtlSeconds?: number;
  thresholds?: DecisionThresholds;
  tickets?: TicketFeatures;
}

export function reply(lang: Lang, intent: ReplyMeta['intent'], text: string, quickReplies: QuickReply[] = [], extra: Partial<ReplyMeta> = {}): Reply {
  return { text, quickReplies, meta: { intent, lang, confidence: 1, sources: [], ...extra } };
}

const ABOUT_ENTRY = 'bot.about';
/** Coverage at which a refused question's best candidate is still worth offering as a button. */
const SUGGEST_COVERAGE = 0.3;

export function menu(lang: Lang): QuickReply[] {
  return [
    { label: t(lang, 'menu.imperial-city'), payload: 'entry:tour.imperial-city' },
    { label: t(lang, 'menu.tickets'), payload: 'entry:tour.tickets' },
    { label: t(lang, 'menu.services'), payload: 'entry:ps.service-center' },
    { label: t(lang, 'menu.report'), payload: 'report' },
    { label: t(lang, 'menu.my-reports'), payload: 'status:mine' },
    { label: t(lang, 'menu.human'), payload: 'entry:bot.human' },
  ];
}

export function createAssistant(options: AssistantOptions): Assistant {
  const clock = options.clock ?? systemClock;
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const ticketPrefix = options.ticketPrefix ?? 'HUE';
  const ttl = options.conversationTtlSeconds ?? 24 * 3600;
  const tickets = options.tickets;

  const languageCommand: Middleware<TurnContext> = async (ctx, next) => {
    const chosen = parseLanguageCommand(ctx.text);
    if (!chosen) return next();
    ctx.lang = chosen;
    ctx.state.lang = chosen;
    ctx.reply = reply(chosen, 'language', t(chosen, 'lang-switched'), menu(chosen));
  };

  const smallTalk: Middleware<TurnContext> = async (ctx, next) => {
    if (!ctx.text) {
      const hasOther = Boolean(ctx.message.location || ctx.message.attachments?.length);
      ctx.reply = reply(ctx.lang, 'greeting', t(ctx.lang, hasOther ? 'unsupported-input' : 'empty'), menu(ctx.lang));
      return;
    }
    const kind = detectSmallTalk(ctx.text);
    if (!kind) return next();
    // "What can you do?" is answered by the knowledge base's own entry about the assistant, when there is one.
    const about = kind === 'capabilities' ? answerEntry(ctx, ABOUT_ENTRY, 0, { sources: [{ id: ABOUT_ENTRY, score: 1 }] }) : undefined;
    ctx.reply = about ?? reply(ctx.lang, 'greeting', t(ctx.lang, kind), menu(ctx.lang));
  };

  const answerEntry = (ctx: TurnContext, entryId: string, from: number, meta: Partial<ReplyMeta>): Reply | undefined => {
    const entry = ctx.knowledge.entry(entryId);
    if (!entry) return undefined;
    const composed = composeAnswer(entry, ctx.knowledge, ctx.lang, from);
    ctx.state.more = composed.next === undefined ? undefined : { entryId, lang: ctx.lang, shown: composed.next };
    return reply(ctx.lang, from > 0 ? 'more' : 'answer', composed.text, composed.quickReplies, meta);
  };

  const postbacks: Middleware<TurnContext> = async (ctx, next) => {
    const payload = ctx.message.postback ?? ctx.text;
    if (payload === 'more') {
      const more = ctx.state.more;
      ctx.reply =
        (more && answerEntry(ctx, more.entryId, more.shown, { sources: [{ id: more.entryId, score: 1 }] })) ??
        reply(ctx.lang, 'more', t(ctx.lang, 'more-none'), menu(ctx.lang));
      return;
    }
    const entry = /^entry:([a-z0-9.-]+)$/.exec(payload);
    if (entry) {
      const answered = answerEntry(ctx, entry[1]!, 0, { sources: [{ id: entry[1]!, score: 1 }] });
      if (answered) {
        ctx.reply = answered;
        return;
      }
    }
    if (payload === 'status:mine') {
      ctx.reply = tickets ? await tickets.status(ctx, { kind: 'mine' }) : reply(ctx.lang, 'status', t(ctx.lang, 'status-coming-soon'), menu(ctx.lang));
      return;
    }
    if (tickets?.postback) return tickets.postback(ctx, next);
    return next();
  };

  const status: Middleware<TurnContext> = async (ctx, next) => {
    const request = detectStatusRequest(ctx.text, ticketPrefix);
    if (!request) return next();
    ctx.reply = tickets ? await tickets.status(ctx, request) : reply(ctx.lang, 'status', t(ctx.lang, 'status-coming-soon'), menu(ctx.lang));
  };

  const refuse = async (ctx: TurnContext, hits: SearchHit[], reason: UnansweredQuestion['reason'], confidence: number) => {
    await options.unanswered.record({
      text: ctx.text,
      lang: ctx.lang,
      channel: ctx.message.channel,
      reason,
      candidates: hits.slice(0, 3).map((h) => ({ id: h.id, score: h.score, coverage: h.shortCoverage })),
      at: ctx.now,
    });
    // A question phrased far from the knowledge base may still be about its best candidate: offer it
    // as a button, after the human contact, without answering from it.
    const near = reason === 'low-confidence' ? hits.filter((h) => h.shortCoverage >= SUGGEST_COVERAGE).slice(0, 1) : [];
    const suggestions = near.flatMap((h) => {
      const entry = ctx.knowledge.entry(h.id);
      return entry ? [{ label: entryTitle(entry, ctx.lang), payload: `entry:${h.id}` }] : [];
    });
    const others = menu(ctx.lang).filter((q) => q.payload !== 'entry:bot.human' && !suggestions.some((s) => s.payload === q.payload));
    const quick = [...menu(ctx.lang).filter((q) => q.payload === 'entry:bot.human'), ...suggestions, ...others].slice(0, 4);
    const sources = hits.map((h) => ({ id: h.id, score: Number(h.score.toFixed(4)) }));
    ctx.reply = reply(ctx.lang, 'oos', t(ctx.lang, 'oos'), quick, { confidence, sources });
  };

  const knowledgeOrComplaint: Middleware<TurnContext> = async (ctx) => {
    const hits = await ctx.knowledge.search(ctx.text, { lang: ctx.lang, limit: 5 });
    if (ctx.knowledge.uncoveredTopic(ctx.text)) return refuse(ctx, hits, 'out-of-scope', 0);
    const sources = hits.map((h) => ({ id: h.id, score: Number(h.score.toFixed(4)) }));
    const complaint = detectComplaint(ctx.text, ctx.lang, ctx.knowledge, hits);
    if (complaint) {
      if (tickets) {
        ctx.reply = await tickets.start(ctx, complaint);
      } else {
        const category = ctx.knowledge.categories().find((c) => c.id === complaint.category);
        const name = category?.name[ctx.lang] ?? category?.name.en ?? complaint.category;
        ctx.reply = reply(ctx.lang, 'complaint', t(ctx.lang, 'complaint-coming-soon', { category: name }), menu(ctx.lang), {
          category: complaint.category,
          confidence: complaint.confidence,
          sources,
        });
      }
      return;
    }
    const decision = decide(hits, thresholds);
    if (decision.kind === 'answer') {
      ctx.reply = answerEntry(ctx, decision.hit.id, 0, { confidence: decision.confidence, sources })!;
      return;
    }
    if (decision.kind === 'clarify') {
      const options = decision.options.map((h) => ({ label: entryTitle(ctx.knowledge.entry(h.id)!, ctx.lang), payload: `entry:${h.id}` }));
      ctx.reply = reply(ctx.lang, 'clarify', t(ctx.lang, 'clarify'), options, { confidence: decision.confidence, sources });
      return;
    }
    await refuse(ctx, hits, hits.length === 0 ? 'out-of-scope' : 'low-confidence', decision.confidence);
  };

  const chain = compose<TurnContext>([
    languageCommand,
    ...(tickets ? [tickets.resume] : []),
    smallTalk,
    postbacks,
    status,
    knowledgeOrComplaint,
  ]);

  return {
    async handle(message: InboundMessage): Promise<Reply> {
      const key = `${message.channel}:${message.conversationId}`;
      const state: ConversationState = (await options.conversations.get(key).catch(() => undefined)) ?? {};
      const text = (message.postback ?? message.text ?? '').normalize('NFC').trim().slice(0, 2000);
      const { lang, source } = resolveLanguage({
        text,
        explicit: message.langChoice,
        conversation: state.lang,
        hint: message.localeHint,
        fallback: options.defaultLang ?? 'vi',
        isPostback: message.postback !== undefined,
      });
      const ctx: TurnContext = { message, text, lang, langSource: source, state, knowledge: options.knowledge.current(), now: clock.now() };
      try {
        await chain(ctx);
      } catch (error) {
        options.logger.error('turn failed', { channel: message.channel, error: (error as Error).message, stack: (error as Error).stack });
        ctx.reply = reply(ctx.lang, 'error', t(ctx.lang, 'error'), menu(ctx.lang), { confidence: 0 });
      }
      const final = ctx.reply ?? reply(ctx.lang, 'error', t(ctx.lang, 'error'), menu(ctx.lang), { confidence: 0 });
      ctx.state.lang = final.meta.lang;
      ctx.state.updatedAt = ctx.now.toISOString();
      await options.conversations.set(key, ctx.state, ttl).catch((error: Error) =>
        options.logger.warn('conversation state not saved', { error: error.message }),
      );
      return final;
    },
  };
}

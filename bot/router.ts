/**
 * The steps of one turn, each small and named. Understanding happens once, in `understand`;
 * every later step routes on the Interpretation it left on the context.
 */
import { composeAnswer, entryTitle } from './answer/answer-reply.ts';
import type { Middleware } from './compose.ts';
import { t } from './i18n/catalog.ts';
import { cityProfile } from './locale/installed.ts';
import { cityMenu } from './locale/translate.ts';
import type { Lang } from './language/langs.ts';
import type { KnowledgeSnapshot, UnansweredLog, UnansweredQuestion } from './ports.ts';
import type { TurnContext } from './turn.ts';
import type { QuickReply, Reply, ReplyMeta } from './types.ts';
import type { DialogueContext, Interpretation, Interpreter } from './understanding/interpreter.ts';
import { typedChoice } from './understanding/typed-choice.ts';
import type { ReportDetection, StatusRequest } from './understanding/requests.ts';
import type { HandoffFeatures } from './handoff/handoff-features.ts';
import type { FeedbackFeatures } from './feedback/feedback-features.ts';

/** Complaint intake and ticket status, plugged in when a ticket store is configured. */
export interface TicketFeatures {
  /** Continues an intake in progress (runs before the knowledge steps). */
  resume: Middleware<TurnContext>;
  status(ctx: TurnContext, request: StatusRequest): Promise<Reply>;
  start(ctx: TurnContext, detection: ReportDetection): Promise<Reply>;
  /** Starts intake with nothing known yet: the description comes first. */
  startBlank(ctx: TurnContext): Promise<Reply>;
  /** Button payloads the ticket features own (e.g. "report", "rate:…"). */
  postback?: Middleware<TurnContext>;
}

export interface RouterDeps {
  interpreterFor(snapshot: KnowledgeSnapshot): Interpreter;
  unanswered: UnansweredLog;
  tickets?: TicketFeatures;
  /** Handoff to city staff; without it, asking for a person answers with the contacts. */
  handoff?: HandoffFeatures;
  /** 👍 / 👎 under knowledge answers. */
  feedback?: FeedbackFeatures;
}

export function reply(lang: Lang, intent: ReplyMeta['intent'], text: string, quickReplies: QuickReply[] = [], extra: Partial<ReplyMeta> = {}): Reply {
  return { text, quickReplies, meta: { intent, lang, confidence: 1, sources: [], ...extra } };
}

/** Share of a refused question that the best entry's titles explain, above which it is offered as a button. */
const SUGGEST_COVERAGE = 0.3;

/** The city profile's quick-reply menu (knowledge/city.yaml `menu`), labelled in `lang`. */
export function menu(lang: Lang): QuickReply[] {
  return cityMenu(lang);
}

/** The entries the assistant considered, as the review queue shows them. */
const candidatesOf = (interpretation: Interpretation) =>
  interpretation.entries.slice(0, 3).map((e) => ({ id: e.id, score: e.confidence, coverage: e.retrieval?.evidence.shortCoverage ?? 0 }));

const sourcesOf = (interpretation: Interpretation) => interpretation.entries.map((e) => ({ id: e.id, score: Number(e.confidence.toFixed(4)) }));

/** A dialogue context older than this is forgotten: after a long pause a question starts afresh. */
const DIALOGUE_MINUTES = 30;

function currentDialogue(ctx: TurnContext): DialogueContext | undefined {
  const dialogue = ctx.state.dialogue;
  if (!dialogue || ctx.now.getTime() - Date.parse(dialogue.at) > DIALOGUE_MINUTES * 60_000) return undefined;
  return { ...(dialogue.entryId ? { entryId: dialogue.entryId } : {}), ...(dialogue.entity ? { entity: dialogue.entity } : {}) };
}

function entityName(knowledge: KnowledgeSnapshot, entryId: string, lang: Lang): string | undefined {
  const entry = knowledge.entry(entryId);
  return entry?.names[lang]?.[0] ?? entry?.content[lang]?.title ?? entry?.content.en?.title;
}

/**
 * What the next turn needs to know about this one: the entry and entity answered (a greeting, a
 * report or a status lookup start afresh) and the buttons offered.
 */
export function rememberTurn(ctx: TurnContext, final: Reply): void {
  const { intent, sources } = final.meta;
  if (intent === 'answer' || intent === 'more') {
    const entryId = sources[0]?.id;
    const entry = entryId ? ctx.knowledge.entry(entryId) : undefined;
    const named = entry && Object.keys(entry.names).length > 0 ? entry.id : undefined;
    // A general entry's answer (ticket prices, getting around) keeps the entity under discussion.
    const entity = ctx.interpretation?.entity ?? named ?? ctx.state.dialogue?.entity;
    ctx.state.dialogue = { ...(entryId ? { entryId } : {}), ...(entity ? { entity } : {}), at: ctx.now.toISOString() };
  } else if (intent === 'greeting' || intent === 'complaint' || intent === 'status' || intent === 'handoff') {
    ctx.state.dialogue = undefined;
  }
  ctx.state.choices = final.quickReplies.length > 0 ? final.quickReplies : undefined;
}

export function answerEntry(ctx: TurnContext, entryId: string, from: number, meta: Partial<ReplyMeta>): Reply | undefined {
  const entry = ctx.knowledge.entry(entryId);
  if (!entry) return undefined;
  const composed = composeAnswer(entry, ctx.knowledge, ctx.lang, from);
  ctx.state.more = composed.next === undefined ? undefined : { entryId, lang: ctx.lang, shown: composed.next };
  return reply(ctx.lang, from > 0 ? 'more' : 'answer', composed.text, composed.quickReplies, meta);
}

export function createRouter(deps: RouterDeps): Middleware<TurnContext>[] {
  const { tickets, handoff: staff, feedback } = deps;
  const handoffEntry = () => `entry:${cityProfile().entries.handoff}`;

  /** A number or a label word typed after buttons counts as pressing that button. */
  const pickTypedChoice: Middleware<TurnContext> = async (ctx, next) => {
    const picked = ctx.message.postback === undefined && ctx.state.choices ? typedChoice(ctx.text, ctx.state.choices) : undefined;
    if (picked) {
      ctx.message = { ...ctx.message, postback: picked.payload };
      ctx.text = picked.payload;
    }
    return next();
  };

  /** A "Did you mean…?" answered with anything but one of its entries stays unresolved: staff should see it. */
  const settleClarification: Middleware<TurnContext> = async (ctx, next) => {
    const pending = ctx.state.clarifying;
    if (pending) {
      ctx.state.clarifying = undefined;
      const picked = ctx.message.postback;
      if (!picked || !pending.candidates.some((c) => picked === `entry:${c.id}`)) {
        await deps.unanswered.record({ ...pending, channel: ctx.message.channel, reason: 'unresolved-clarification', at: ctx.now });
      }
    }
    return next();
  };

  const understand: Middleware<TurnContext> = async (ctx, next) => {
    if (ctx.text && ctx.message.postback === undefined) {
      const context = currentDialogue(ctx);
      ctx.interpretation = await deps.interpreterFor(ctx.knowledge).interpret({ text: ctx.text, lang: ctx.lang, ...(context ? { context } : {}) });
    }
    return next();
  };

  const switchLanguage: Middleware<TurnContext> = async (ctx, next) => {
    const chosen = ctx.interpretation?.kind === 'language' ? ctx.interpretation.requestedLang : undefined;
    if (!chosen) return next();
    // The conversation's language so far; on a first message, the one it is written in.
    const alreadyInUse = chosen === (ctx.state.lang ?? ctx.lang);
    ctx.lang = chosen;
    ctx.state.lang = chosen;
    // "Vous parlez français ?" asked in French needs no switch: it asks what the assistant can do.
    const about = cityProfile().entries.about;
    if (alreadyInUse && ctx.interpretation?.phrasedAsQuestion) {
      ctx.reply = answerEntry(ctx, about, 0, { confidence: ctx.interpretation.confidence, sources: [{ id: about, score: 1 }] });
      if (ctx.reply) return;
    }
    ctx.reply = reply(chosen, 'language', t(chosen, 'lang-switched'), menu(chosen));
  };

  const emptyMessage: Middleware<TurnContext> = async (ctx, next) => {
    if (ctx.text) return next();
    const hasOther = Boolean(ctx.message.location || ctx.message.contact || ctx.message.attachments?.length);
    ctx.reply = reply(ctx.lang, 'greeting', t(ctx.lang, hasOther ? 'unsupported-input' : 'empty'), menu(ctx.lang));
  };

  const buttons: Middleware<TurnContext> = async (ctx, next) => {
    const payload = ctx.message.postback ?? ctx.text;
    if (payload === 'more') {
      const more = ctx.state.more;
      ctx.reply =
        (more && answerEntry(ctx, more.entryId, more.shown, { sources: [{ id: more.entryId, score: 1 }] })) ??
        reply(ctx.lang, 'more', t(ctx.lang, 'more-none'), menu(ctx.lang));
      return;
    }
    if (staff && (payload === handoffEntry() || payload === 'handoff')) {
      ctx.reply = (await staff.open(ctx)) ?? handoff(ctx, undefined);
      return;
    }
    const entry = /^entry:([a-z0-9.-]+)$/.exec(payload);
    const answered = entry && answerEntry(ctx, entry[1]!, 0, { sources: [{ id: entry[1]!, score: 1 }] });
    if (answered) {
      ctx.reply = answered;
      return;
    }
    if (payload === 'status:mine') return answerStatus(ctx, { kind: 'mine' });
    if (feedback && payload.startsWith('fb:')) return feedback.postback(ctx, () => (tickets?.postback ? tickets.postback(ctx, next) : next()));
    if (tickets?.postback) return tickets.postback(ctx, next);
    return next();
  };

  const answerStatus = async (ctx: TurnContext, request: StatusRequest) => {
    ctx.reply = tickets ? await tickets.status(ctx, request) : reply(ctx.lang, 'status', t(ctx.lang, 'status-coming-soon'), menu(ctx.lang));
  };

  const smallTalk = (ctx: TurnContext, interpretation: Interpretation): Reply => {
    const kind = interpretation.smallTalk ?? 'greeting';
    // "What can you do?" is answered by the knowledge base's own entry about the assistant, when there is one.
    const about = kind === 'capabilities' ? answerEntry(ctx, cityProfile().entries.about, 0, { sources: [{ id: cityProfile().entries.about, score: 1 }] }) : undefined;
    return about ?? reply(ctx.lang, 'greeting', t(ctx.lang, kind), menu(ctx.lang), { confidence: interpretation.confidence });
  };

  const handoff = (ctx: TurnContext, interpretation: Interpretation | undefined): Reply => {
    const answered = answerEntry(ctx, cityProfile().entries.handoff, 0, { confidence: interpretation?.confidence ?? 1, sources: [{ id: cityProfile().entries.handoff, score: 1 }] });
    return answered ? { ...answered, meta: { ...answered.meta, intent: 'handoff' } } : reply(ctx.lang, 'handoff', t(ctx.lang, 'help'), menu(ctx.lang));
  };

  /** An answer about the entity under discussion, from another entry, says which entity it is about. */
  const answerQuestion = (ctx: TurnContext, interpretation: Interpretation, entryId: string): Reply | undefined => {
    const answered = answerEntry(ctx, entryId, 0, { confidence: interpretation.confidence, sources: sourcesOf(interpretation) });
    const entity = interpretation.entity;
    if (!answered || !entity || entity === entryId) return answered;
    const name = entityName(ctx.knowledge, entity, ctx.lang);
    return name ? { ...answered, text: `**${name}**\n\n${answered.text}` } : answered;
  };

  const report = async (ctx: TurnContext, interpretation: Interpretation): Promise<Reply> => {
    const [best, ...others] = interpretation.categories ?? [];
    // "I want to report a problem": the intake asks what happened first.
    if (!best && tickets) return tickets.startBlank(ctx);
    const category = best?.id ?? 'other';
    const detection: ReportDetection = { category, alternatives: others.map((c) => c.id), confidence: interpretation.confidence };
    if (tickets) return tickets.start(ctx, detection);
    const found = ctx.knowledge.categories().find((c) => c.id === category);
    const name = found?.name[ctx.lang] ?? found?.name.en ?? category;
    return reply(ctx.lang, 'complaint', t(ctx.lang, 'complaint-coming-soon', { category: name }), menu(ctx.lang), {
      category,
      confidence: interpretation.confidence,
      sources: sourcesOf(interpretation),
    });
  };

  const clarify = (ctx: TurnContext, interpretation: Interpretation): Reply => {
    const options = interpretation.entries.flatMap((e) => {
      const entry = ctx.knowledge.entry(e.id);
      return entry ? [{ label: entryTitle(entry, ctx.lang), payload: `entry:${e.id}` }] : [];
    });
    ctx.state.clarifying = { text: ctx.text, lang: ctx.lang, candidates: candidatesOf(interpretation) };
    return reply(ctx.lang, 'clarify', t(ctx.lang, 'clarify'), options, { confidence: interpretation.confidence, sources: sourcesOf(interpretation) });
  };

  const refuse = async (ctx: TurnContext, interpretation: Interpretation): Promise<Reply> => {
    const reason: UnansweredQuestion['reason'] = interpretation.uncoveredTopic || interpretation.entries.length === 0 ? 'out-of-scope' : 'low-confidence';
    await deps.unanswered.record({
      text: ctx.text,
      lang: ctx.lang,
      channel: ctx.message.channel,
      reason,
      candidates: candidatesOf(interpretation),
      at: ctx.now,
    });
    // A question phrased far from the knowledge base may still be about its best candidate: offer it
    // as a button, after the human contact, without answering from it.
    const near = reason === 'low-confidence' ? interpretation.entries.filter((e) => (e.retrieval?.evidence.shortCoverage ?? 0) >= SUGGEST_COVERAGE).slice(0, 1) : [];
    const suggestions = near.flatMap((e) => {
      const entry = ctx.knowledge.entry(e.id);
      return entry ? [{ label: entryTitle(entry, ctx.lang), payload: `entry:${e.id}` }] : [];
    });
    const all = menu(ctx.lang);
    const human = all.filter((q) => q.payload === `entry:${cityProfile().entries.handoff}`);
    const others = all.filter((q) => q.payload !== `entry:${cityProfile().entries.handoff}` && !suggestions.some((s) => s.payload === q.payload));
    const quick = [...human, ...suggestions, ...others].slice(0, 4);
    return reply(ctx.lang, 'oos', t(ctx.lang, 'oos'), quick, { confidence: interpretation.confidence, sources: sourcesOf(interpretation) });
  };

  const route: Middleware<TurnContext> = async (ctx) => {
    const interpretation = ctx.interpretation;
    if (!interpretation) return;
    switch (interpretation.kind) {
      case 'small-talk':
        ctx.reply = smallTalk(ctx, interpretation);
        return;
      case 'status':
        return answerStatus(ctx, interpretation.ticketCode ? { kind: 'code', code: interpretation.ticketCode } : { kind: 'mine' });
      case 'handoff':
        ctx.reply = (staff && (await staff.open(ctx))) || handoff(ctx, interpretation);
        return;
      case 'report':
        ctx.reply = await report(ctx, interpretation);
        return;
      case 'question': {
        const best = interpretation.entries[0];
        if (interpretation.decision === 'answer' && best) {
          ctx.reply = answerQuestion(ctx, interpretation, best.id);
          if (ctx.reply) return;
        }
        if (interpretation.decision === 'clarify' && interpretation.entries.length > 1) {
          ctx.reply = clarify(ctx, interpretation);
          return;
        }
        ctx.reply = await refuse(ctx, interpretation);
        return;
      }
      default:
        ctx.reply = await refuse(ctx, interpretation);
    }
  };

  return [...(staff ? [staff.gate] : []), pickTypedChoice, settleClarification, understand, switchLanguage, ...(tickets ? [tickets.resume] : []), emptyMessage, buttons, route];
}

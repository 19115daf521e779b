/**
 * The complaint intake as middleware: it owns the turn while an intake is in progress, lets
 * questions asked on the way through to the rest of the assistant, and files the ticket.
 */
import { menu, reply } from '../assistant.ts';
import type { Middleware } from '../compose.ts';
import type { Interpretation } from '../understanding/interpreter.ts';
import type { ReportDetection } from '../understanding/requests.ts';
import type { Lang } from '../language/langs.ts';
import type { PersonLinks } from '../notices/ports.ts';
import type { Logger } from '../ports.ts';
import { redact } from '../privacy/redact.ts';
import type { TicketStore } from '../tickets/ports.ts';
import type { Ticket } from '../tickets/types.ts';
import type { TurnContext } from '../turn.ts';
import type { QuickReply, Reply } from '../types.ts';
import { createdText, duplicateText, findDuplicate, newTicketFrom, supportedText } from './filing.ts';
import { answerStep, type StepOutcome } from './intake-steps.ts';
import { idempotencyKeyOf, isExpired, newIntake, nextStep, readIntake, type IntakeState } from './intake-state.ts';
import { m } from './messages/index.ts';
import { placeInReport } from './place-in-report.ts';
import { editPrompt, PAYLOAD, promptFor, type Prompt } from './prompts.ts';

export interface IntakeDialogueOptions {
  store: TicketStore;
  logger: Logger;
  /** Links a filed report to its consented phone number, and the conversation when the platform shared it (see PersonLinks). */
  people?: PersonLinks;
  intakeTimeoutMinutes: number;
  ticketPrefix: string;
}

export interface IntakeDialogue {
  resume: Middleware<TurnContext>;
  start(ctx: TurnContext, detection: ReportDetection): Promise<Reply>;
  /** Starts an intake from the "report a problem" button: the description comes first. */
  startBlank(ctx: TurnContext): Promise<Reply>;
}

// Buttons of the core and of other features, which must never be taken for an intake answer.
const FOREIGN_PAYLOAD = /^(status:|entry:|rate:|more$|report$)/;
// Buttons that file an intake; pressed again once it is filed, they repeat its confirmation.
const CONFIRMING = new Set<string>([PAYLOAD.confirm, PAYLOAD.confirmPublic, PAYLOAD.support, PAYLOAD.fileNew]);
// A first message this short names a problem rather than describing it.
const MIN_FIRST_DESCRIPTION = 10;

/**
 * A turn the rest of the assistant should answer while the intake waits: a status lookup, small
 * talk, a request for a person, or a question phrased as one that the knowledge base answers.
 */
function isConversationalAside(interpretation: Interpretation | undefined): boolean {
  if (!interpretation) return false;
  if (interpretation.kind === 'status' || interpretation.kind === 'small-talk' || interpretation.kind === 'handoff') return true;
  return interpretation.kind === 'question' && interpretation.decision === 'answer' && interpretation.phrasedAsQuestion === true;
}

export function afterTicketButtons(lang: Lang): QuickReply[] {
  return [
    { label: m(lang, 'button.my-reports'), payload: 'status:mine' },
    { label: m(lang, 'button.report'), payload: 'report' },
  ];
}

export function createIntakeDialogue(options: IntakeDialogueOptions): IntakeDialogue {
  const { store, logger } = options;
  // Turns handed to the rest of the assistant as an aside, so a detected report does not restart the intake.
  const asides = new WeakSet<TurnContext>();

  const intakeReply = (ctx: TurnContext, intake: IntakeState, prompt: Prompt, notice?: string, extra: Partial<Reply['meta']> = {}): Reply => {
    const text = notice ? `${notice}\n\n${prompt.text}` : prompt.text;
    const base = reply(ctx.lang, 'complaint', text, prompt.quickReplies, { category: intake.category, ...extra });
    return prompt.requestLocation ? { ...base, requestLocation: true } : base;
  };

  const save = (ctx: TurnContext, intake: IntakeState): IntakeState => {
    const saved = { ...intake, updatedAt: ctx.now.toISOString() };
    ctx.state.intake = saved;
    return saved;
  };

  const isAside = (ctx: TurnContext): boolean => FOREIGN_PAYLOAD.test(ctx.text) || isConversationalAside(ctx.interpretation);

  const reporterOf = (ctx: TurnContext) => ({ channel: ctx.message.channel, conversationId: ctx.message.conversationId, userId: ctx.message.userId });

  const filedReply = (ctx: TurnContext, ticket: Ticket): Reply =>
    reply(ctx.lang, 'complaint', createdText(ticket, ctx.knowledge, ctx.lang), afterTicketButtons(ctx.lang), {
      category: ticket.category,
      ticketCode: ticket.code,
    });

  /**
   * A number given with consent links the report to it: its updates may also be shown where the
   * platform vouches the number is the person's own. Only a number shared that way links this
   * conversation too; a typed one could be anybody's.
   */
  const linkPerson = async (ctx: TurnContext, intake: IntakeState, ticket: Ticket): Promise<void> => {
    const people = options.people;
    const phone = intake.phone;
    if (!people || !phone || !intake.consentAt) return;
    const address = { channel: ctx.message.channel, userId: ctx.message.userId };
    // The report is filed either way; without the link, its updates still reach this conversation.
    const linking = async () => {
      await people.linkReport(ticket.id, phone);
      if (intake.phoneShared) await people.linkOwnPhone(address, phone, ctx.now, ticket.id);
    };
    await linking().catch((error: Error) => logger.warn('person link not stored', { channel: address.channel, error: redact(error.message) }));
  };

  const file = async (ctx: TurnContext, intake: IntakeState): Promise<Reply> => {
    const reporter = reporterOf(ctx);
    try {
      const ticket = await store.create(newTicketFrom(intake, ctx.knowledge, reporter, ctx.lang));
      await linkPerson(ctx, intake, ticket);
      ctx.state.intake = undefined;
      ctx.state.filed = { code: ticket.code, outcome: 'created', at: ctx.now.toISOString() };
      logger.info('ticket filed', { code: ticket.code, category: ticket.category, channel: reporter.channel });
      return filedReply(ctx, ticket);
    } catch (error) {
      // The answers stay in the conversation, so pressing "Send" again retries.
      logger.error('ticket filing failed', { channel: reporter.channel, error: redact((error as Error).message) });
      const kept = save(ctx, { ...intake, step: 'summary' });
      return intakeReply(ctx, kept, promptFor(kept, ctx.knowledge, ctx.lang), m(ctx.lang, 'create-failed'));
    }
  };

  const support = async (ctx: TurnContext, intake: IntakeState): Promise<Reply> => {
    const target = intake.duplicateOf;
    if (!target) return file(ctx, intake);
    try {
      const ticket = await store.addSupport(target.id, { description: intake.description, photos: intake.photos, by: 'citizen' });
      ctx.state.intake = undefined;
      ctx.state.filed = { code: ticket.code, outcome: 'supported', at: ctx.now.toISOString() };
      logger.info('report added to ticket', { code: ticket.code, channel: ctx.message.channel });
      return reply(ctx.lang, 'complaint', supportedText(ticket, ctx.lang), afterTicketButtons(ctx.lang), {
        category: ticket.category,
        ticketCode: ticket.code,
      });
    } catch (error) {
      logger.error('adding support failed', { code: target.code, error: redact((error as Error).message) });
      return file(ctx, intake);
    }
  };

  const confirm = async (ctx: TurnContext, intake: IntakeState): Promise<Reply> => {
    const duplicate = await findDuplicate(store, intake, ctx.now).catch((error: Error) => {
      logger.warn('duplicate check failed', { error: redact(error.message) });
      return undefined;
    });
    if (!duplicate) return file(ctx, intake);
    // Checked after the duplicate was seen: if another replica (or a press a moment ago) filed this
    // intake, its ticket is visible now, and it is no duplicate of itself.
    const already = await store.getByIdempotencyKey(idempotencyKeyOf(intake, reporterOf(ctx))).catch(() => undefined);
    if (already) {
      ctx.state.intake = undefined;
      ctx.state.filed = { code: already.code, outcome: 'created', at: ctx.now.toISOString() };
      return filedReply(ctx, already);
    }
    const offered = save(ctx, { ...intake, step: 'duplicate', duplicateOf: { id: duplicate.id, code: duplicate.code } });
    const prompt = { ...promptFor(offered, ctx.knowledge, ctx.lang), text: duplicateText(duplicate, ctx.knowledge, ctx.lang) };
    return intakeReply(ctx, offered, prompt, undefined, { ticketCode: duplicate.code });
  };

  const settle = async (ctx: TurnContext, outcome: Exclude<StepOutcome, { kind: 'pass' }>): Promise<Reply> => {
    switch (outcome.kind) {
      case 'cancel':
        ctx.state.intake = undefined;
        return reply(ctx.lang, 'complaint', m(ctx.lang, 'cancelled'), menu(ctx.lang));
      case 'prompt': {
        const saved = save(ctx, outcome.intake);
        const notice = outcome.notice ? m(ctx.lang, outcome.notice, outcome.noticeParams) : undefined;
        return intakeReply(ctx, saved, promptFor(saved, ctx.knowledge, ctx.lang), notice);
      }
      case 'edit-menu':
        return intakeReply(ctx, save(ctx, { ...outcome.intake, step: 'summary' }), editPrompt(ctx.lang));
      case 'file':
        return confirm(ctx, outcome.intake);
      case 'file-new':
        return file(ctx, outcome.intake);
      case 'support':
        return support(ctx, outcome.intake);
    }
  };

  /** Lets the rest of the assistant answer, then reminds the person where the intake stands. */
  const aside = async (ctx: TurnContext, intake: IntakeState, next: () => Promise<void>): Promise<void> => {
    const saved = save(ctx, intake);
    asides.add(ctx);
    try {
      await next();
    } finally {
      asides.delete(ctx);
    }
    const current = readIntake(ctx.state.intake);
    if (!current || ctx.reply?.meta.intent === 'complaint') return;
    const prompt = promptFor(saved, ctx.knowledge, ctx.lang);
    const continued = m(ctx.lang, 'continue', { prompt: prompt.text });
    ctx.reply = ctx.reply
      ? { ...ctx.reply, text: `${ctx.reply.text}\n\n${continued}`, quickReplies: prompt.quickReplies, requestLocation: prompt.requestLocation }
      : intakeReply(ctx, saved, prompt);
  };

  /**
   * A confirmation pressed again after the intake was filed (a double tap, a message sent twice)
   * answers with the ticket already filed instead of falling through to the rest of the assistant.
   */
  const repeatedConfirmation = async (ctx: TurnContext): Promise<Reply | undefined> => {
    const filed = ctx.state.filed;
    if (!filed || !CONFIRMING.has(ctx.text)) return undefined;
    if (ctx.now.getTime() - Date.parse(filed.at) > options.intakeTimeoutMinutes * 60_000) return undefined;
    const ticket = await store.getByCode(filed.code).catch(() => undefined);
    if (!ticket) return undefined;
    if (filed.outcome === 'created') return filedReply(ctx, ticket);
    return reply(ctx.lang, 'complaint', supportedText(ticket, ctx.lang), afterTicketButtons(ctx.lang), { category: ticket.category, ticketCode: ticket.code });
  };

  const resume: Middleware<TurnContext> = async (ctx, next) => {
    const intake = readIntake(ctx.state.intake);
    if (!intake) {
      const repeated = await repeatedConfirmation(ctx);
      if (repeated) ctx.reply = repeated;
      else return next();
      return;
    }
    if (isExpired(intake, ctx.now, options.intakeTimeoutMinutes)) {
      ctx.state.intake = undefined;
      await next();
      if (ctx.reply) ctx.reply = { ...ctx.reply, text: `${m(ctx.lang, 'expired')}\n\n${ctx.reply.text}` };
      return;
    }
    // Only an explicit choice changes the language mid-intake; detection is fooled by street names.
    if (intake.lang && ctx.langSource === 'detected') ctx.lang = intake.lang;
    const freeText = intake.step === 'description' || intake.step === 'location';
    if (freeText && !ctx.message.location && !ctx.message.attachments?.length && isAside(ctx)) return aside(ctx, intake, next);
    const outcome = answerStep(intake, { text: ctx.text, message: ctx.message, lang: ctx.lang, knowledge: ctx.knowledge, aside: isAside(ctx) }, ctx.now);
    if (outcome.kind === 'pass') return aside(ctx, intake, next);
    ctx.reply = await settle(ctx, outcome);
  };

  const begin = (ctx: TurnContext, intake: IntakeState, confidence: number): Reply => {
    const saved = save(ctx, { ...intake, step: nextStep(intake), lang: ctx.lang });
    const prompt = promptFor(saved, ctx.knowledge, ctx.lang);
    if (!saved.address) return intakeReply(ctx, saved, prompt, undefined, { confidence });
    // The first report named the place: say so, and let the person change it instead of asking again.
    const change = { label: m(ctx.lang, 'button.change-location'), payload: PAYLOAD.editField('location') };
    const withChange = { ...prompt, quickReplies: [...prompt.quickReplies.filter((q) => q.payload !== PAYLOAD.cancel), change, ...prompt.quickReplies.filter((q) => q.payload === PAYLOAD.cancel)] };
    return intakeReply(ctx, saved, withChange, m(ctx.lang, 'location.noted', { address: saved.address }), { confidence });
  };

  return {
    resume,
    async start(ctx, detection) {
      const current = readIntake(ctx.state.intake);
      if (current && asides.has(ctx)) return intakeReply(ctx, current, promptFor(current, ctx.knowledge, ctx.lang));
      const description = ctx.text.length >= MIN_FIRST_DESCRIPTION ? ctx.text : undefined;
      const address = description ? placeInReport(description, ctx.lang) : undefined;
      const intake = newIntake(ctx.now, { category: detection.category, alternatives: detection.alternatives, description, ...(address ? { address } : {}) });
      return begin(ctx, intake, detection.confidence);
    },
    async startBlank(ctx) {
      const current = readIntake(ctx.state.intake);
      if (current) return intakeReply(ctx, current, promptFor(current, ctx.knowledge, ctx.lang));
      return begin(ctx, newIntake(ctx.now), 1);
    },
  };
}

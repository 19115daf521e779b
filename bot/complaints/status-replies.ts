/**
 * Ticket status in the chat. A code is not a password: anyone who has it sees only the category,
 * status and dates. The reporter (same channel and user) also sees the unit's public notes, redacted
 * as public text (identifiers and people's names masked). A description, address, photo, phone or
 * internal note is never shown, whoever asks.
 */
import { reply } from '../assistant.ts';
import type { StatusRequest } from '../understanding/requests.ts';
import type { Lang } from '../language/langs.ts';
import type { KnowledgeSnapshot, Logger } from '../ports.ts';
import { redact, redactPublic } from '../privacy/redact.ts';
import type { TicketStore } from '../tickets/ports.ts';
import type { Ticket } from '../tickets/types.ts';
import type { TurnContext } from '../turn.ts';
import type { Reply } from '../types.ts';
import { categoryName, formatDate } from './display.ts';
import { afterTicketButtons } from './intake-dialogue.ts';
import { m } from './messages/index.ts';

const MY_REPORTS_LIMIT = 5;

/** Whether this message comes from the person who filed the ticket. */
export function isReporter(ticket: Ticket, message: { channel: string; userId: string }): boolean {
  return ticket.reporter.channel === message.channel && ticket.reporter.userId === message.userId;
}

export function publicStatusText(ticket: Ticket, knowledge: KnowledgeSnapshot, lang: Lang, audience: 'reporter' | 'anyone' = 'anyone'): string {
  const lines = [
    m(lang, 'status.header', { code: ticket.code, category: categoryName(knowledge, ticket.category, lang) }),
    m(lang, 'status.status', { status: m(lang, `status.${ticket.status}`) }),
    m(lang, 'status.received-on', { date: formatDate(ticket.createdAt, lang) }),
  ];
  if (ticket.status === 'received' || ticket.status === 'in_progress') lines.push(m(lang, 'status.expected', { date: formatDate(ticket.expectedBy, lang) }));
  if (ticket.updatedAt.getTime() !== ticket.createdAt.getTime()) lines.push(m(lang, 'status.updated', { date: formatDate(ticket.updatedAt, lang) }));
  if (audience === 'anyone') return lines.join('\n');
  if (ticket.supporters > 0) lines.push(m(lang, 'status.supporters', { count: ticket.supporters }));
  const notes = ticket.history.filter((h) => h.publicNote).map((h) => `• ${formatDate(h.at, lang)}: ${redactPublic(h.publicNote!)}`);
  if (notes.length > 0) lines.push(m(lang, 'status.notes'), ...notes);
  return lines.join('\n');
}

export function createStatusReplies(options: { store: TicketStore; logger: Logger }) {
  const { store, logger } = options;

  const byCode = async (ctx: TurnContext, code: string): Promise<Reply> => {
    const ticket = await store.getByCode(code);
    if (!ticket) return reply(ctx.lang, 'status', m(ctx.lang, 'status.not-found', { code }), afterTicketButtons(ctx.lang), { ticketCode: code });
    return reply(ctx.lang, 'status', publicStatusText(ticket, ctx.knowledge, ctx.lang, isReporter(ticket, ctx.message) ? 'reporter' : 'anyone'), afterTicketButtons(ctx.lang), {
      ticketCode: ticket.code,
      category: ticket.category,
    });
  };

  const mine = async (ctx: TurnContext): Promise<Reply> => {
    const tickets = await store.listByReporter(ctx.message.channel, ctx.message.userId, MY_REPORTS_LIMIT);
    if (tickets.length === 0) return reply(ctx.lang, 'status', m(ctx.lang, 'status.none'), afterTicketButtons(ctx.lang).slice(1));
    const items = tickets.map((t) =>
      m(ctx.lang, 'status.mine-item', {
        code: t.code,
        category: categoryName(ctx.knowledge, t.category, ctx.lang),
        status: m(ctx.lang, `status.${t.status}`),
        date: formatDate(t.createdAt, ctx.lang),
      }),
    );
    const text = [m(ctx.lang, 'status.mine'), ...items.map((i) => `• ${i}`), '', m(ctx.lang, 'status.mine-footer')].join('\n');
    // Each report gets a button that sends its code back.
    const buttons = tickets.map((t) => ({ label: t.code, payload: t.code }));
    return reply(ctx.lang, 'status', text, buttons);
  };

  return async (ctx: TurnContext, request: StatusRequest): Promise<Reply> => {
    try {
      return request.kind === 'code' ? await byCode(ctx, request.code) : await mine(ctx);
    } catch (error) {
      logger.error('status lookup failed', { channel: ctx.message.channel, error: redact((error as Error).message) });
      return reply(ctx.lang, 'status', m(ctx.lang, 'status.lookup-failed'), afterTicketButtons(ctx.lang), { confidence: 0 });
    }
  };
}

/** The reporter's rating of a resolved ticket, from the buttons sent with the resolved notice. */
import { reply } from '../assistant.ts';
import type { Logger } from '../ports.ts';
import { redact } from '../privacy/redact.ts';
import type { TicketStore } from '../tickets/ports.ts';
import type { TurnContext } from '../turn.ts';
import type { Reply } from '../types.ts';
import { m } from './messages/index.ts';

const RATE = /^rate:([A-Za-z]{2,8}-\d{4}-(?:[0-9A-Za-z]{7}|\d{6,})):(up|down)$/;

export function parseRating(payload: string): { code: string; value: 'up' | 'down' } | undefined {
  const match = RATE.exec(payload.trim());
  return match ? { code: match[1]!.toUpperCase(), value: match[2] as 'up' | 'down' } : undefined;
}

export async function rate(ctx: TurnContext, rating: { code: string; value: 'up' | 'down' }, deps: { store: TicketStore; logger: Logger }): Promise<Reply> {
  const meta = { ticketCode: rating.code };
  try {
    const ticket = await deps.store.getByCode(rating.code);
    // Only the reporter may rate, and only from the conversation the notice went to.
    const own = ticket?.reporter.channel === ctx.message.channel && ticket.reporter.userId === ctx.message.userId;
    if (!ticket || !own) return reply(ctx.lang, 'status', m(ctx.lang, 'rating.unavailable'), [], meta);
    await deps.store.recordSatisfaction(ticket.code, rating.value);
    deps.logger.info('ticket rated', { code: ticket.code, value: rating.value });
    return reply(ctx.lang, 'status', m(ctx.lang, rating.value === 'up' ? 'rating.up' : 'rating.down'), [], meta);
  } catch (error) {
    deps.logger.warn('rating not recorded', { code: rating.code, error: redact((error as Error).message) });
    return reply(ctx.lang, 'status', m(ctx.lang, 'rating.unavailable'), [], meta);
  }
}

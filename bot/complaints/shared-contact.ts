/**
 * A phone number the platform shared as the sender's own, outside a report: the conversation is
 * linked to it, so updates on reports filed with that number elsewhere are shown here when they
 * cannot reach the person where they filed them.
 */
import { menu, reply } from '../assistant.ts';
import type { Middleware } from '../compose.ts';
import type { PersonLinks } from '../notices/ports.ts';
import type { Logger } from '../ports.ts';
import { redact } from '../privacy/redact.ts';
import type { TurnContext } from '../turn.ts';
import { m } from './messages/index.ts';
import { maskPhone, normalizePhone } from './phone.ts';

export function createSharedContact(options: { people: PersonLinks; logger: Logger }): Middleware<TurnContext> {
  return async (ctx, next) => {
    const shared = ctx.message.contact;
    // A number outside the city's numbering plan could not match one typed in a report.
    const phone = shared ? normalizePhone(shared.phone) : undefined;
    if (!phone) return next();
    try {
      await options.people.linkOwnPhone({ channel: ctx.message.channel, userId: ctx.message.userId }, phone, ctx.now);
    } catch (error) {
      options.logger.warn('person link not stored', { channel: ctx.message.channel, error: redact((error as Error).message) });
      return next();
    }
    ctx.reply = reply(ctx.lang, 'status', m(ctx.lang, 'contact.linked', { phone: maskPhone(phone) }), menu(ctx.lang));
  };
}

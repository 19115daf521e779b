/**
 * Updates that could not be pushed to a person (a closed Zalo window, a blocked bot) wait in the
 * message queue and are shown first at their next message, on the channel they came from or on any
 * other whose platform vouches the report's phone number is the person's own: "While you were away: …".
 */
import { t } from '../i18n/catalog.ts';
import type { Lang } from '../language/langs.ts';
import type { Logger } from '../ports.ts';
import { defaultNoticeText, type PublicChange } from '../tickets/notice-text.ts';
import type { TurnContext } from '../turn.ts';
import type { Reply } from '../types.ts';
import type { MessageQueue, QueuedMessageItem } from './ports.ts';

export type AwayNotices = (ctx: TurnContext, reply: Reply) => Promise<Reply>;

export interface AwayNoticesOptions {
  queue: MessageQueue;
  logger: Logger;
  /** Wording of a ticket update; the outbox's default. */
  render?: (ticket: { code: string }, change: PublicChange, lang: Lang) => string;
}

export function createAwayNotices(options: AwayNoticesOptions): AwayNotices {
  const render = options.render ?? defaultNoticeText;
  // A ticket update is worded again in the language this conversation speaks now (it may have been
  // held for another conversation, in another language); a staff member's message stays as written.
  const textOf = (held: QueuedMessageItem, lang: Lang) =>
    held.kind === 'ticket' && held.ticketCode && held.update ? render({ code: held.ticketCode }, held.update, lang) : held.text;

  return async (ctx, reply) => {
    let held;
    try {
      held = await options.queue.takeHeld(ctx.message.channel, ctx.message.userId, ctx.now);
    } catch (error) {
      options.logger.warn('held updates not read', { error: (error as Error).message });
      return reply;
    }
    if (held.length === 0) return reply;
    const lang = reply.meta.lang;
    const elsewhere = held.filter((h) => h.channel !== ctx.message.channel || h.userId !== ctx.message.userId).length;
    if (elsewhere > 0) options.logger.info('held updates shown on a linked conversation', { channel: ctx.message.channel, count: elsewhere });
    const away = [t(lang, 'away.header'), ...held.map((h) => textOf(h, lang))].join('\n');
    return { ...reply, silent: false, text: reply.silent || !reply.text ? away : `${away}\n\n${reply.text}` };
  };
}

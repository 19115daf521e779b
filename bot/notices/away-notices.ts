/**
 * Updates that could not be pushed to a person (a closed Zalo window, a blocked bot) wait in the
 * message queue and are shown first at their next message: "While you were away: …".
 */
import { t } from '../i18n/catalog.ts';
import type { Logger } from '../ports.ts';
import type { TurnContext } from '../turn.ts';
import type { Reply } from '../types.ts';
import type { MessageQueue } from './ports.ts';

export type AwayNotices = (ctx: TurnContext, reply: Reply) => Promise<Reply>;

export function createAwayNotices(options: { queue: MessageQueue; logger: Logger }): AwayNotices {
  return async (ctx, reply) => {
    let held;
    try {
      held = await options.queue.takeHeld(ctx.message.channel, ctx.message.userId, ctx.now);
    } catch (error) {
      options.logger.warn('held updates not read', { error: (error as Error).message });
      return reply;
    }
    if (held.length === 0) return reply;
    const away = [t(reply.meta.lang, 'away.header'), ...held.map((h) => h.text)].join('\n');
    return { ...reply, silent: false, text: reply.silent || !reply.text ? away : `${away}\n\n${reply.text}` };
  };
}

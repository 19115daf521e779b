/** Builds the complaint intake, status lookups and ratings that the assistant core plugs in. */
import type { TicketFeatures } from '../assistant.ts';
import type { Middleware } from '../compose.ts';
import type { Logger } from '../ports.ts';
import type { TicketStore } from '../tickets/ports.ts';
import type { TurnContext } from '../turn.ts';
import { reply } from '../assistant.ts';
import { afterTicketButtons, createIntakeDialogue } from './intake-dialogue.ts';
import { m } from './messages/index.ts';
import { parseRating, rate } from './ratings.ts';
import { createStatusReplies } from './status-replies.ts';
import { cityProfile } from '../locale/installed.ts';

export interface TicketFeaturesOptions {
  store: TicketStore;
  logger: Logger;
  /** An intake left alone this long is dropped (default 30). */
  intakeTimeoutMinutes?: number;
  /** Prefix of ticket codes, as the store allocates them (default: the city profile's). */
  ticketPrefix?: string;
}

export function createTicketFeatures(options: TicketFeaturesOptions): TicketFeatures {
  const { store, logger } = options;
  const dialogue = createIntakeDialogue({
    store,
    logger,
    intakeTimeoutMinutes: options.intakeTimeoutMinutes ?? 30,
    ticketPrefix: options.ticketPrefix ?? cityProfile().ticketPrefix,
  });

  const postback: Middleware<TurnContext> = async (ctx, next) => {
    if (ctx.text === 'report') {
      ctx.reply = await dialogue.startBlank(ctx);
      return;
    }
    const rating = parseRating(ctx.text);
    if (rating) {
      ctx.reply = await rate(ctx, rating, { store, logger });
      return;
    }
    // An intake button pressed after the intake ended (cancelled, filed or expired).
    if (ctx.text.startsWith('intake:')) {
      ctx.reply = reply(ctx.lang, 'complaint', m(ctx.lang, 'stale-button'), afterTicketButtons(ctx.lang).reverse());
      return;
    }
    return next();
  };

  return {
    resume: dialogue.resume,
    status: createStatusReplies({ store, logger }),
    start: dialogue.start,
    startBlank: dialogue.startBlank,
    postback,
  };
}

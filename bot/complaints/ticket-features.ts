/** Builds the complaint intake, status lookups and ratings that the assistant core plugs in. */
import type { TicketFeatures } from '../assistant.ts';
import type { Middleware } from '../compose.ts';
import type { PersonLinks } from '../notices/ports.ts';
import type { Logger } from '../ports.ts';
import type { TicketStore } from '../tickets/ports.ts';
import type { TurnContext } from '../turn.ts';
import { reply } from '../assistant.ts';
import { afterTicketButtons, createIntakeDialogue } from './intake-dialogue.ts';
import { m } from './messages/index.ts';
import { parseRating, rate } from './ratings.ts';
import { createSharedContact } from './shared-contact.ts';
import { createStatusReplies } from './status-replies.ts';
import { cityProfile } from '../locale/installed.ts';

export interface TicketFeaturesOptions {
  store: TicketStore;
  logger: Logger;
  /** An intake left alone this long is dropped (default 30). */
  intakeTimeoutMinutes?: number;
  /** Prefix of ticket codes, as the store allocates them (default: the city profile's). */
  ticketPrefix?: string;
  /**
   * Links reports to the phone numbers they give with consent, and conversations to the numbers
   * their platform vouches are the sender's own, so an update held for a report is shown where its
   * number is the person's own. Without it, held updates are shown only where the report was filed.
   */
  people?: PersonLinks;
}

export function createTicketFeatures(options: TicketFeaturesOptions): TicketFeatures {
  const { store, logger } = options;
  const dialogue = createIntakeDialogue({
    store,
    logger,
    intakeTimeoutMinutes: options.intakeTimeoutMinutes ?? 30,
    ticketPrefix: options.ticketPrefix ?? cityProfile().ticketPrefix,
    ...(options.people ? { people: options.people } : {}),
  });
  const sharedContact = options.people ? createSharedContact({ people: options.people, logger }) : undefined;
  // Outside a report (none in progress, or it expired): the intake at its phone step reads the number itself.
  const resume: Middleware<TurnContext> = sharedContact ? (ctx, next) => dialogue.resume(ctx, () => sharedContact(ctx, next)) : dialogue.resume;

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
    resume,
    status: createStatusReplies({ store, logger }),
    start: dialogue.start,
    startBlank: dialogue.startBlank,
    postback,
  };
}

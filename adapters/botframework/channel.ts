/**
 * Bot Framework channel through botbuilder's CloudAdapter at POST /api/messages. JWTs are
 * validated by the SDK when an app id is configured; otherwise the route refuses everything
 * unless unauthenticated local development is explicitly allowed. Each conversation's reference
 * is stored so ticket updates can be sent proactively.
 */
import { ActivityTypes, CloudAdapter, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { Router, type Request, type Response } from 'express';
import type { Logger } from '../../bot/ports.ts';
import type { Lang } from '../../bot/language/langs.ts';
import { PermanentDeliveryError } from '../../bot/tickets/errors.ts';
import type { OutboundNotice } from '../../bot/types.ts';
import { bodyErrors, jsonBody, DEFAULT_BODY_LIMIT } from '../channels/body.ts';
import { sendError } from '../http/errors.ts';
import { createChoiceMemory } from '../channels/choices.ts';
import { silentLogger, type ChatChannel, type CommonChannelOptions } from '../channels/contract.ts';
import { describeError } from '../channels/errors.ts';
import { runTurn, turnDeps } from '../channels/pipeline.ts';
import type { ConversationReferences } from '../channels/references.ts';
import { authMode, createAuthentication, requireBearer, type BotFrameworkCredentials } from './auth.ts';
import { toInbound } from './inbound.ts';
import { toActivity } from './outbound.ts';
import { activityEnvelopeSchema } from './schema.ts';

export const BOTFRAMEWORK_PATH = '/api/messages';

export interface BotFrameworkChannelOptions extends BotFrameworkCredentials, CommonChannelOptions {
  references: ConversationReferences;
  bodyLimitBytes?: number;
}

/** Exposes the adapter's own processing step, which reports failures by throwing instead of answering. */
class ActivityAdapter extends CloudAdapter {
  handle(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authorization, activity, logic);
  }
}

/** The SDK's handlers expect Date timestamps; JSON carries strings (the raw text is kept beside, as the SDK does). */
function withDates(activity: Activity): Activity {
  const fixed: Record<string, unknown> = { ...activity };
  for (const [key, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    const value = fixed[key];
    if (typeof value === 'string') {
      fixed[raw] = value;
      fixed[key] = new Date(value);
    }
  }
  return fixed as unknown as Activity;
}

export function createBotFrameworkChannel(options: BotFrameworkChannelOptions): ChatChannel {
  const logger = options.logger ?? silentLogger;
  const mode = authMode(options);
  const adapter = new ActivityAdapter(createAuthentication(options));
  const choices = createChoiceMemory(options.state ? { store: options.state.store('choices:botframework') } : {});
  const deps = turnDeps(options);
  adapter.onTurnError = async (_context, error) => logger.error('botframework turn failed', describeError(error));
  if (mode === 'unauthenticated') logger.warn('Bot Framework accepts unauthenticated requests (local development only)');

  async function onTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message) return;
    await options.references.put('botframework', activity.conversation.id, TurnContext.getConversationReference(activity));
    const message = await toInbound(activity, choices);
    // Activity ids are unique within a conversation, not globally.
    const key = activity.id ? `${activity.conversation.id}:${activity.id}` : undefined;
    await runTurn(deps, message, key, async (reply) => {
      await context.sendActivity(toActivity(reply.text, reply.quickReplies));
      await choices.remember(activity.conversation.id, reply.quickReplies);
    });
  }

  const router = Router();
  router.post(BOTFRAMEWORK_PATH, requireBearer(mode), jsonBody(options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT), bodyErrors, async (req: Request, res: Response) => {
    if (!activityEnvelopeSchema.safeParse(req.body).success) return void sendError(res, 400, 'invalid_request', 'the body is not an activity', 'type');
    try {
      // processActivity rather than process(): process() answers failures with the SDK's internal error text.
      const invoke = await adapter.handle(req.get('authorization') ?? '', withDates(req.body as Activity), onTurn);
      // The SDK answers 501 to an invoke no handler took; this bot takes none, and says so as a client error.
      if (invoke && invoke.status >= 500) return void sendError(res, 400, 'unsupported_activity', 'this bot does not handle invoke activities', 'type');
      if (invoke?.body === undefined) return void res.status(invoke?.status ?? 200).end();
      res.status(invoke.status).json(invoke.body);
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      if (status === 401 || status === 403) return void sendError(res, 401, 'unauthorized', 'the bearer token was not accepted');
      // The signing keys or the token service could not be reached: the Bot Connector retries later.
      logger.error('botframework request failed', describeError(error));
      res.set('Retry-After', '30');
      sendError(res, 503, 'unavailable', 'the sender cannot be verified right now; try again later');
    }
  });

  return {
    name: 'botframework',
    router,
    notifier: {
      async send(notice: OutboundNotice) {
        const reference = (await options.references.get('botframework', notice.conversationId)) as Partial<ConversationReference> | undefined;
        if (!reference) throw new PermanentDeliveryError('botframework: no conversation reference stored for this conversation');
        await adapter.continueConversationAsync(options.appId ?? '', reference, async (context) => {
          await context.sendActivity(toActivity(notice.text, notice.quickReplies));
        });
        await choices.remember(notice.conversationId, notice.quickReplies);
      },
    },
  };
}

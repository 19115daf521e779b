/**
 * Bot Framework channel through botbuilder's CloudAdapter at POST /api/messages. JWTs are
 * validated by the SDK when an app id is configured; otherwise the route refuses everything
 * unless unauthenticated local development is explicitly allowed. Each conversation's reference
 * is stored so ticket updates can be sent proactively.
 */
import { ActivityTypes, CloudAdapter, TurnContext, type ConversationReference } from 'botbuilder';
import { Router, type Request, type Response } from 'express';
import type { Logger } from '../../bot/ports.ts';
import type { Lang } from '../../bot/language/langs.ts';
import { PermanentDeliveryError } from '../../bot/tickets/errors.ts';
import type { OutboundNotice } from '../../bot/types.ts';
import { bodyErrors, jsonBody, DEFAULT_BODY_LIMIT } from '../channels/body.ts';
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

export function createBotFrameworkChannel(options: BotFrameworkChannelOptions): ChatChannel {
  const logger = options.logger ?? silentLogger;
  const mode = authMode(options);
  const adapter = new CloudAdapter(createAuthentication(options));
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
    if (!activityEnvelopeSchema.safeParse(req.body).success) return void res.status(400).json({ error: 'not an activity' });
    try {
      await adapter.process(req, res, onTurn);
    } catch (error) {
      logger.error('botframework request failed', describeError(error));
      if (!res.headersSent) res.status(500).end();
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

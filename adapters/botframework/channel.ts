/**
 * Bot Framework channel through the Microsoft 365 Agents SDK's CloudAdapter at POST /api/messages.
 * The sender is verified before the body is read (auth.ts): a JWT when an app id is configured;
 * otherwise the route refuses everything unless unauthenticated local development is explicitly
 * allowed. Each conversation's reference is stored so ticket updates can be sent proactively.
 */
import { CloudAdapter, type Request as AgentsRequest, type TurnContext } from '@microsoft/agents-hosting';
import { ActivityTypes } from '@microsoft/agents-activity';
import { Router, type Request, type Response } from 'express';
import { PermanentDeliveryError } from '../../bot/tickets/errors.ts';
import type { OutboundNotice } from '../../bot/types.ts';
import { bodyErrors, jsonBody, DEFAULT_BODY_LIMIT } from '../channels/body.ts';
import { sendError } from '../http/errors.ts';
import { createChoiceMemory } from '../channels/choices.ts';
import { silentLogger, type ChatChannel, type CommonChannelOptions } from '../channels/contract.ts';
import { describeError } from '../channels/errors.ts';
import { runTurn, turnDeps } from '../channels/pipeline.ts';
import type { ConversationReferences } from '../channels/references.ts';
import { authMode, botIdentity, createAuthConfig, serviceUrlMatches, verifySender, type BotFrameworkCredentials } from './auth.ts';
import { toInbound } from './inbound.ts';
import { toActivity, toConversationReference } from './outbound.ts';
import { activityEnvelopeSchema, withSdkDefaults } from './schema.ts';

export const BOTFRAMEWORK_PATH = '/api/messages';

export interface BotFrameworkChannelOptions extends BotFrameworkCredentials, CommonChannelOptions {
  references: ConversationReferences;
  bodyLimitBytes?: number;
}

/** The connector's answers that retrying cannot change: bad request, bot not in the conversation, conversation gone. */
const PERMANENT_CONNECTOR_STATUSES = new Set([400, 403, 404]);

/** The SDK validates activities with its own zod copy, so the error is recognised by name. */
const isSchemaError = (error: unknown) => (error as { name?: unknown } | null)?.name === 'ZodError';

export function createBotFrameworkChannel(options: BotFrameworkChannelOptions): ChatChannel {
  const logger = options.logger ?? silentLogger;
  const mode = authMode(options);
  const authConfig = createAuthConfig(options);
  const adapter = new CloudAdapter(authConfig);
  const choices = createChoiceMemory(options.state ? { store: options.state.store('choices:botframework') } : {});
  const deps = turnDeps(options);
  // Replaces the SDK's default, which would tell the user the bot has a bug.
  adapter.onTurnError = async (_context, error) => logger.error('botframework turn failed', describeError(error));
  if (mode === 'unauthenticated') logger.warn('Bot Framework accepts unauthenticated requests (local development only)');

  async function onTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const conversationId = activity.conversation?.id;
    if (activity.type !== ActivityTypes.Message || !conversationId) return;
    await options.references.put('botframework', conversationId, activity.getConversationReference());
    const message = await toInbound(activity, conversationId, choices);
    // Activity ids are unique within a conversation, not globally.
    const key = activity.id ? `${conversationId}:${activity.id}` : undefined;
    await runTurn(deps, message, key, async (reply) => {
      await context.sendActivity(toActivity(reply.text, reply.quickReplies));
      await choices.remember(conversationId, reply.quickReplies);
    });
  }

  const router = Router();
  router.post(BOTFRAMEWORK_PATH, verifySender(mode, authConfig, logger), jsonBody(options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT), bodyErrors, async (req: Request, res: Response) => {
    const envelope = activityEnvelopeSchema.safeParse(req.body);
    if (!envelope.success) return void sendError(res, 400, 'invalid_request', 'the body is not an activity', String(envelope.error.issues[0]?.path[0] ?? 'type'));
    // The SDK answers 501 to an invoke no handler took; this bot takes none, and says so as a client error.
    if (envelope.data.type === ActivityTypes.Invoke) return void sendError(res, 400, 'unsupported_activity', 'this bot does not handle invoke activities', 'type');
    req.body = withSdkDefaults(req.body as Record<string, unknown>);
    const agentsRequest = req as unknown as AgentsRequest;
    if (!serviceUrlMatches(agentsRequest.user, envelope.data.serviceUrl)) return void sendError(res, 401, 'unauthorized', 'the bearer token was not issued for this serviceUrl');
    try {
      await adapter.process(agentsRequest, res, onTurn);
    } catch (error) {
      if (res.headersSent) return void logger.error('botframework request failed after answering', describeError(error));
      if (isSchemaError(error)) return void sendError(res, 400, 'invalid_request', 'the body is not an activity');
      // The bot's own token for the reply could not be had: the Bot Connector retries later.
      logger.error('botframework request failed', describeError(error));
      res.set('Retry-After', '30');
      sendError(res, 503, 'unavailable', 'the activity cannot be answered right now; try again later');
    }
  });

  return {
    name: 'botframework',
    router,
    notifier: {
      async send(notice: OutboundNotice) {
        const stored = await options.references.get('botframework', notice.conversationId);
        if (!stored) throw new PermanentDeliveryError('botframework: no conversation reference stored for this conversation');
        const reference = toConversationReference(stored);
        if (!reference) throw new PermanentDeliveryError('botframework: the stored conversation reference cannot address a message');
        // The adapter hands a failed turn to onTurnError and returns normally; the outbox must see the failure to retry.
        let failure: unknown;
        try {
          await adapter.continueConversation(botIdentity(options), reference, async (context) => {
            try {
              await context.sendActivity(toActivity(notice.text, notice.quickReplies));
            } catch (error) {
              failure = error;
            }
          });
        } catch (error) {
          failure = error;
        }
        if (failure !== undefined) throw deliveryError(failure);
        await choices.remember(notice.conversationId, notice.quickReplies);
      },
    },
  };
}

function deliveryError(error: unknown): unknown {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && PERMANENT_CONNECTOR_STATUSES.has(status)) {
    return new PermanentDeliveryError(`botframework: the connector refused the message (${status})`, { cause: error });
  }
  if (isSchemaError(error)) return new PermanentDeliveryError('botframework: the stored conversation reference is not valid', { cause: error });
  return error;
}

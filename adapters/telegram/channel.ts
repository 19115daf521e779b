/**
 * Telegram channel: webhook (POST /telegram/webhook, secret header checked in constant time)
 * or long polling through telegraf. Both paths share one pipeline: parse → claim update_id →
 * rate limit → core → render.
 */
import { Router, type Request, type Response } from 'express';
import { Telegraf } from 'telegraf';
import type { Logger } from '../../bot/ports.ts';
import type { Lang } from '../../bot/language/langs.ts';
import { PermanentDeliveryError } from '../../bot/tickets/errors.ts';
import type { Attachment, OutboundNotice, Reply } from '../../bot/types.ts';
import { bodyErrors, jsonBody, DEFAULT_BODY_LIMIT } from '../channels/body.ts';
import { sendError } from '../http/errors.ts';
import { silentLogger, type ChatChannel, type CommonChannelOptions } from '../channels/contract.ts';
import { describeError } from '../channels/errors.ts';
import { runTurn, turnDeps } from '../channels/pipeline.ts';
import { MAX_IMAGE_BYTES, saveImage } from '../channels/uploads.ts';
import { createTelegramClient, isPermanentTelegramError, type TelegramClient } from './client.ts';
import { parseUpdate } from './inbound.ts';
import { isShortenedPayload, renderMessages, shortenedPayloads, type RenderInput } from './outbound.ts';
import { MemoryConversationStore } from '../state/memory-conversation-store.ts';
import type { ConversationStore } from '../../bot/ports.ts';
import { updateEnvelopeSchema } from './schema.ts';
import { verifyTelegramSecret } from './verify.ts';
import { cityProfile } from '../../bot/locale/installed.ts';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
const CALLBACK_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface TelegramChannelOptions extends CommonChannelOptions {
  token: string;
  mode: 'polling' | 'webhook';
  /** Required in webhook mode. */
  webhookSecret?: string;
  /** When set (webhook mode), start() registers it with setWebhook. */
  webhookUrl?: string;
  apiRoot?: string;
  /** Where downloaded photos are stored (UPLOADS_DIR). */
  uploadsDir: string;
  /** Photo downloads may reach loopback and private addresses (a local fake Bot API in tests). */
  allowPrivateMediaAddresses?: boolean;
  bodyLimitBytes?: number;
}

export interface TelegramChannel extends ChatChannel {
  /** Runs one update through the pipeline; exposed for polling and tests. */
  processUpdate(update: unknown): Promise<void>;
}

export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  if (options.mode === 'webhook' && !options.webhookSecret) throw new Error('Telegram webhook mode needs a webhook secret');
  const logger = options.logger ?? silentLogger;
  const defaultLang = options.defaultLang ?? cityProfile().defaultLang;
  const bot = new Telegraf(options.token, { telegram: options.apiRoot ? { apiRoot: options.apiRoot } : {} });
  const client = createTelegramClient(bot.telegram, {
    allowedHosts: [new URL(options.apiRoot ?? 'https://api.telegram.org').hostname],
    allowPrivateAddresses: options.allowPrivateMediaAddresses ?? false,
  });
  const deps = turnDeps(options);
  // Buttons may be pressed days later, on another server.
  const payloads: ConversationStore<string> = options.state?.store<string>('telegram-callbacks') ?? new MemoryConversationStore<string>(Date.now, 10_000);
  const send = async (chatId: string, input: RenderInput) => {
    for (const [id, payload] of shortenedPayloads(input.quickReplies)) await payloads.set(id, payload, CALLBACK_TTL_SECONDS);
    await sendRendered(client, chatId, input);
  };

  async function processUpdate(update: unknown): Promise<void> {
    const envelope = updateEnvelopeSchema.safeParse(update);
    if (!envelope.success) return void logger.warn('telegram update without update_id ignored');
    const parsed = parseUpdate(envelope.data, envelope.data.update_id);
    if (!parsed) return;
    const { message } = parsed;
    const { callbackQueryId, photo } = parsed;
    if (message.postback !== undefined && isShortenedPayload(message.postback)) {
      // An unknown short id (expired) comes back as is; the core treats it as an unknown choice.
      message.postback = (await payloads.get(message.postback)) ?? message.postback;
    }
    await runTurn(deps, message, String(envelope.data.update_id), (reply) => send(message.conversationId, toRenderInput(reply)), {
      ...(callbackQueryId ? { onClaimed: () => acknowledge(client, callbackQueryId, logger) } : {}),
      ...(photo
        ? {
            beforeCore: async () => {
              const attachments = await downloadPhoto(client, photo.file_id, options.uploadsDir, logger);
              if (attachments) message.attachments = attachments;
            },
          }
        : {}),
    }).catch((error: unknown) => logger.error('telegram update failed', describeError(error)));
  }

  const router = options.mode === 'webhook' ? webhookRouter(options, processUpdate, logger) : undefined;
  if (options.mode === 'polling') bot.use((ctx) => processUpdate(ctx.update));
  let polling = false;

  return {
    name: 'telegram',
    ...(router ? { router } : {}),
    processUpdate,
    notifier: {
      async send(notice: OutboundNotice) {
        try {
          await send(notice.conversationId, { text: notice.text, quickReplies: notice.quickReplies, lang: defaultLang });
        } catch (error) {
          if (isPermanentTelegramError(error)) throw new PermanentDeliveryError('telegram chat unreachable', { cause: error });
          throw error;
        }
      },
    },
    async start() {
      if (options.mode === 'webhook') {
        if (options.webhookUrl) await client.setWebhook(options.webhookUrl, options.webhookSecret!);
        return;
      }
      if (polling) return;
      polling = true;
      await new Promise<void>((resolve, reject) => {
        // launch() settles only when polling ends; the callback says the bot is connected.
        bot.launch({ allowedUpdates: ['message', 'callback_query'] }, resolve).catch((error: unknown) => {
          polling = false;
          logger.error('telegram polling stopped', describeError(error));
          reject(error);
        });
      });
    },
    async stop() {
      if (!polling) return;
      polling = false;
      bot.stop('shutdown');
    },
  };
}

function webhookRouter(options: TelegramChannelOptions, processUpdate: (u: unknown) => Promise<void>, logger: Logger): Router {
  const router = Router();
  router.post(
    TELEGRAM_WEBHOOK_PATH,
    verifyTelegramSecret(options.webhookSecret!),
    jsonBody(options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT),
    bodyErrors,
    (req: Request, res: Response) => {
      if (!updateEnvelopeSchema.safeParse(req.body).success) return void sendError(res, 400, 'invalid_request', 'the body is not a Telegram update', 'update_id');
      // Acknowledge at once; the reply goes out through the Bot API.
      res.status(200).end();
      processUpdate(req.body).catch((error: unknown) => logger.error('telegram update failed', describeError(error)));
    },
  );
  return router;
}

function toRenderInput(reply: Reply): RenderInput {
  return { text: reply.text, quickReplies: reply.quickReplies, lang: reply.meta.lang, ...(reply.requestLocation ? { requestLocation: true } : {}) };
}

async function sendRendered(client: TelegramClient, chatId: string, input: RenderInput): Promise<void> {
  for (const message of renderMessages(input)) await client.sendMessage(chatId, message);
}

async function acknowledge(client: TelegramClient, id: string, logger: Logger): Promise<void> {
  await client.answerCallbackQuery(id).catch((error: unknown) => logger.warn('answerCallbackQuery failed', describeError(error)));
}

async function downloadPhoto(client: TelegramClient, fileId: string, uploadsDir: string, logger: Logger): Promise<Attachment[] | undefined> {
  try {
    const stored = await saveImage(uploadsDir, await client.downloadFile(fileId, MAX_IMAGE_BYTES * 2), MAX_IMAGE_BYTES * 2);
    return [{ kind: 'image', ref: stored.ref, contentType: stored.contentType, bytes: stored.bytes }];
  } catch (error) {
    logger.warn('telegram photo not stored', describeError(error));
    return undefined;
  }
}

/**
 * Builds the chat channels whose configuration is present. The composition root mounts each
 * `router` on the app (at "/"), hands each `notifier` to the outbox dispatcher by channel name,
 * and calls `start()` after the server listens and `stop()` on shutdown.
 */
import type { AppConfig } from '../config.ts';
import type { Logger } from '../../bot/ports.ts';
import { createBotFrameworkChannel } from '../botframework/channel.ts';
import { createTelegramChannel } from '../telegram/channel.ts';
import { createZaloChannel } from '../zalo/channel.ts';
import type { AssistantPort, ChatChannel } from './contract.ts';
import type { DedupeStore } from './dedupe.ts';
import type { SharedState } from '../state/shared-state.ts';
import type { ChannelTokenStore } from '../stores/channel-tokens.ts';
import { createDbTokenStore, readTokenFile, type ZaloTokens } from '../zalo/tokens.ts';
import { createFileReferences, type ConversationReferences } from './references.ts';

export interface ChannelDeps {
  assistant: AssistantPort;
  logger: Logger;
  /** Defaults to a JSON file under DATA_DIR; pass the ticket store's when there is one. */
  references?: ConversationReferences;
  /** Shared claims of platform update ids when several instances run; in memory otherwise. */
  dedupe?: DedupeStore;
  /** Choice memories, button payloads and rate-limit counters shared by several instances. */
  state?: SharedState;
  /** Rotating platform tokens in the database; the configured ones in memory otherwise. */
  channelTokens?: ChannelTokenStore;
}

export function createChannelsFromConfig(config: AppConfig, deps: ChannelDeps): ChatChannel[] {
  const common = {
    assistant: deps.assistant,
    logger: deps.logger,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    bodyLimitBytes: config.MAX_BODY_BYTES,
    defaultLang: config.DEFAULT_LANG,
    ...(deps.dedupe ? { dedupe: deps.dedupe } : {}),
    ...(deps.state ? { state: deps.state } : {}),
  };
  const channels: ChatChannel[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    channels.push(
      createTelegramChannel({
        ...common,
        token: config.TELEGRAM_BOT_TOKEN,
        mode: config.TELEGRAM_MODE,
        uploadsDir: config.uploadsDir,
        ...(config.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: config.TELEGRAM_WEBHOOK_SECRET } : {}),
        ...(config.TELEGRAM_WEBHOOK_URL ? { webhookUrl: config.TELEGRAM_WEBHOOK_URL } : {}),
        ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
        allowPrivateMediaAddresses: config.MEDIA_ALLOW_PRIVATE_ADDRESSES,
      }),
    );
  }
  if (config.MICROSOFT_APP_ID || config.BOTFRAMEWORK_ALLOW_UNAUTHENTICATED) {
    channels.push(
      createBotFrameworkChannel({
        ...common,
        references: deps.references ?? createFileReferences({ dataDir: config.dataDir }),
        appType: config.MICROSOFT_APP_TYPE,
        allowUnauthenticated: config.BOTFRAMEWORK_ALLOW_UNAUTHENTICATED,
        ...(config.MICROSOFT_APP_ID ? { appId: config.MICROSOFT_APP_ID } : {}),
        ...(config.MICROSOFT_APP_PASSWORD ? { appPassword: config.MICROSOFT_APP_PASSWORD } : {}),
        ...(config.MICROSOFT_APP_TENANT_ID ? { tenantId: config.MICROSOFT_APP_TENANT_ID } : {}),
      }),
    );
  }
  if (config.ZALO_APP_ID && config.ZALO_OA_SECRET_KEY && config.ZALO_ACCESS_TOKEN) {
    const configured: ZaloTokens = { accessToken: config.ZALO_ACCESS_TOKEN, ...(config.ZALO_REFRESH_TOKEN ? { refreshToken: config.ZALO_REFRESH_TOKEN } : {}) };
    // Until the database holds a pair: the one an earlier version kept under DATA_DIR, else the configured one.
    const initial = async () => (await readTokenFile(config.dataDir)) ?? configured;
    channels.push(
      createZaloChannel({
        ...common,
        appId: config.ZALO_APP_ID,
        oaSecretKey: config.ZALO_OA_SECRET_KEY,
        accessToken: config.ZALO_ACCESS_TOKEN,
        dataDir: config.dataDir,
        ...(deps.channelTokens ? { tokens: createDbTokenStore(deps.channelTokens, initial) } : {}),
        maxEventAgeMs: config.ZALO_MAX_EVENT_AGE_SECONDS * 1000,
        ...(config.ZALO_REFRESH_TOKEN ? { refreshToken: config.ZALO_REFRESH_TOKEN } : {}),
        ...(config.ZALO_APP_SECRET ? { appSecret: config.ZALO_APP_SECRET } : {}),
        ...(config.ZALO_API_BASE ? { apiBase: config.ZALO_API_BASE } : {}),
        ...(config.ZALO_OAUTH_BASE ? { oauthBase: config.ZALO_OAUTH_BASE } : {}),
        ...(config.ZALO_ZNS_TEMPLATE_TICKET_UPDATE ? { znsTemplateId: config.ZALO_ZNS_TEMPLATE_TICKET_UPDATE } : {}),
        ...(config.ZALO_ZNS_API_BASE ? { znsApiBase: config.ZALO_ZNS_API_BASE } : {}),
      }),
    );
  } else if (config.ZALO_APP_ID) {
    deps.logger.warn('Zalo is off: ZALO_ACCESS_TOKEN is not set');
  }
  deps.logger.info('chat channels', { on: channels.map((c) => c.name) });
  return channels;
}

/** Notifiers by channel name, for the outbox dispatcher. */
export function notifiersByChannel(channels: ChatChannel[]): Partial<Record<ChatChannel['name'], ChatChannel['notifier']>> {
  return Object.fromEntries(channels.map((c) => [c.name, c.notifier]));
}

/** Fallbacks by channel name (Zalo's ZNS), for the outbox dispatcher. */
export function fallbacksByChannel(channels: ChatChannel[]): Partial<Record<ChatChannel['name'], NonNullable<ChatChannel['fallback']>>> {
  return Object.fromEntries(channels.flatMap((c) => (c.fallback ? [[c.name, c.fallback]] : [])));
}

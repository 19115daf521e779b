/**
 * The Telegram Bot API through telegraf's client, with errors typed by who failed.
 * File links embed the bot token: they are used once, in memory, and never logged or stored.
 */
import type { Telegram } from 'telegraf';
import { NetworkError, PlatformError } from '../channels/errors.ts';
import { fetchMedia, MediaRefusedError, type MediaPolicy } from '../channels/media-fetch.ts';
import type { OutgoingMessage } from './outbound.ts';

type SendExtra = Parameters<Telegram['sendMessage']>[2];

export interface TelegramClient {
  sendMessage(chatId: string, message: OutgoingMessage): Promise<void>;
  answerCallbackQuery(id: string): Promise<void>;
  /** Downloads a file by id, refusing anything above `maxBytes`. */
  downloadFile(fileId: string, maxBytes: number): Promise<Uint8Array>;
  setWebhook(url: string, secretToken: string): Promise<void>;
}

/** Files come only from the Bot API's own host (the configured API root), never from a private address unless allowed. */
export function createTelegramClient(telegram: Telegram, media: MediaPolicy): TelegramClient {
  return {
    async sendMessage(chatId, message) {
      await call('sendMessage', () => telegram.sendMessage(chatId, message.text, message.extra as SendExtra));
    },
    async answerCallbackQuery(id) {
      await call('answerCallbackQuery', () => telegram.answerCbQuery(id));
    },
    async setWebhook(url, secretToken) {
      await call('setWebhook', () => telegram.setWebhook(url, { secret_token: secretToken, allowed_updates: ['message', 'callback_query'] }));
    },
    async downloadFile(fileId, maxBytes) {
      const link = await call('getFile', () => telegram.getFileLink(fileId));
      try {
        return await fetchMedia(link.href, media, { maxBytes });
      } catch (error) {
        if (error instanceof MediaRefusedError) throw new PlatformError('telegram', 'refused', error.message.replace(/bot[^/\s]+/g, 'bot…'));
        // The fetch error may quote the URL, hence the token: keep only its name.
        throw new NetworkError('telegram', `file download failed (${(error as Error).name})`);
      }
    },
  };
}

/** Telegram's answer for a user who blocked the bot or a chat that is gone: retrying will not help. */
export function isPermanentTelegramError(error: unknown): boolean {
  return error instanceof PlatformError && (error.code === '403' || (error.code === '400' && /chat not found|user is deactivated/i.test(error.message)));
}

async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const response = (error as { response?: { error_code?: number; description?: string } }).response;
    if (response?.error_code !== undefined) {
      throw new PlatformError('telegram', String(response.error_code), `${method}: ${response.description ?? 'error'}`, { cause: error });
    }
    throw new NetworkError('telegram', `${method}: ${(error as Error).name ?? 'request failed'}`);
  }
}

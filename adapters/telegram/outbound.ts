/** Reply → Telegram sendMessage calls: HTML parse mode, inline keyboards, location keyboard, 4096-char split. */
import { createHash } from 'node:crypto';
import type { Lang } from '../../bot/language/langs.ts';
import type { QuickReply } from '../../bot/types.ts';
import { channelText } from '../channels/messages.ts';
import { splitText } from '../channels/text.ts';

export const MAX_MESSAGE_CHARS = 4096;
const MAX_CALLBACK_BYTES = 64;
const SHORT_PREFIX = '~';

export interface OutgoingMessage {
  text: string;
  extra: { parse_mode: 'HTML'; reply_markup?: Record<string, unknown>; link_preview_options?: { is_disabled: boolean } };
}

export interface RenderInput {
  text: string;
  quickReplies: QuickReply[];
  requestLocation?: boolean;
  lang: Lang;
}

export function renderMessages(input: RenderInput): OutgoingMessage[] {
  const chunks = splitText(input.text, MAX_MESSAGE_CHARS).map(toTelegramHtml);
  const out: OutgoingMessage[] = chunks.map((text) => ({ text, extra: { parse_mode: 'HTML' } }));
  const last = out[out.length - 1]!;
  const locationKeyboard = {
    keyboard: [[{ text: channelText(input.lang, 'shareLocationButton'), request_location: true }]],
    resize_keyboard: true,
    one_time_keyboard: true,
  };
  if (input.quickReplies.length > 0) {
    last.extra.reply_markup = inlineKeyboard(input.quickReplies);
    // One message carries one keyboard kind: the location button goes on a short follow-up.
    if (input.requestLocation) {
      out.push({ text: toTelegramHtml(channelText(input.lang, 'shareLocationPrompt')), extra: { parse_mode: 'HTML', reply_markup: locationKeyboard } });
    }
  } else if (input.requestLocation) {
    last.extra.reply_markup = locationKeyboard;
  }
  return out;
}

function inlineKeyboard(quickReplies: QuickReply[]) {
  return { inline_keyboard: quickReplies.map((q) => [{ text: q.label, callback_data: callbackData(q.payload) }]) };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Light Markdown (**bold**, [label](https://…)) → Telegram HTML; everything else escaped. */
export function toTelegramHtml(markdown: string): string {
  return escapeHtml(markdown)
    .replace(/\*\*([^*\n][^*]*?)\*\*/g, '<b>$1</b>')
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, (_m, label: string, url: string) => `<a href="${url.replace(/"/g, '&quot;')}">${label}</a>`);
}

// callback_data is limited to 64 bytes; longer payloads travel as a short id kept in a shared store.
export function callbackData(payload: string): string {
  if (Buffer.byteLength(payload, 'utf8') <= MAX_CALLBACK_BYTES && !payload.startsWith(SHORT_PREFIX)) return payload;
  return SHORT_PREFIX + createHash('sha256').update(payload).digest('base64url').slice(0, 22);
}

/** The short ids of `quickReplies` that stand for a longer payload, to be stored before sending. */
export function shortenedPayloads(quickReplies: QuickReply[]): [id: string, payload: string][] {
  return quickReplies.flatMap((q) => {
    const id = callbackData(q.payload);
    return id === q.payload ? [] : [[id, q.payload] as [string, string]];
  });
}

export function isShortenedPayload(data: string): boolean {
  return data.startsWith(SHORT_PREFIX);
}

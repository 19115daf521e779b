/** Telegram Update → InboundMessage. Returns undefined for updates the assistant ignores. */
import type { InboundMessage } from '../../bot/types.ts';
import { callbackQuerySchema, messageSchema, type TelegramMessage, type TelegramPhotoSize } from './schema.ts';

export interface ParsedUpdate {
  message: InboundMessage;
  /** Set for a button press: it must be acknowledged with answerCallbackQuery. */
  callbackQueryId?: string;
  /** Largest photo, to be downloaded before the core sees the message. */
  photo?: TelegramPhotoSize;
}

export function parseUpdate(update: Record<string, unknown>, updateId: number, now = new Date()): ParsedUpdate | undefined {
  const base = { channel: 'telegram' as const, messageId: String(updateId), receivedAt: now };
  const msg = messageSchema.safeParse(update['message']);
  if (msg.success) {
    const m = msg.data;
    const text = m.text ?? m.caption;
    return {
      message: {
        ...base,
        conversationId: String(m.chat.id),
        userId: String(m.from?.id ?? m.chat.id),
        ...(text !== undefined ? { text } : {}),
        ...(m.location ? { location: { lat: m.location.latitude, lng: m.location.longitude } } : {}),
        ...(ownContact(m) ? { contact: { phone: m.contact!.phone_number.slice(0, 32) } } : {}),
        ...(m.from?.language_code ? { localeHint: m.from.language_code } : {}),
      },
      ...(m.photo && m.photo.length > 0 ? { photo: largestPhoto(m.photo) } : {}),
    };
  }
  const cb = callbackQuerySchema.safeParse(update['callback_query']);
  if (cb.success) {
    const q = cb.data;
    return {
      message: {
        ...base,
        conversationId: String(q.message?.chat.id ?? q.from.id),
        userId: String(q.from.id),
        // A shortened payload is looked up by the channel, which holds the store.
        ...(q.data !== undefined ? { postback: q.data } : {}),
        ...(q.from.language_code ? { localeHint: q.from.language_code } : {}),
      },
      callbackQueryId: q.id,
    };
  }
  return undefined;
}

/** Only the sender's own number (the card names them as its user): anyone can forward someone else's. */
function ownContact(m: TelegramMessage): boolean {
  return m.contact !== undefined && m.from !== undefined && m.contact.user_id === m.from.id;
}

function largestPhoto(sizes: TelegramPhotoSize[]): TelegramPhotoSize {
  const area = (p: TelegramPhotoSize) => p.file_size ?? (p.width ?? 0) * (p.height ?? 0);
  return sizes.reduce((best, p) => (area(p) >= area(best) ? p : best));
}

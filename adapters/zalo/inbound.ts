/** Zalo OA event → InboundMessage (or a follow to greet). Other events are ignored. */
import type { Attachment, GeoPoint, InboundMessage } from '../../bot/types.ts';
import type { ChoiceMemory } from '../channels/choices.ts';
import { ATTACHMENT_TYPES, EVENTS } from './protocol.ts';
import type { ZaloEvent } from './schema.ts';

export type ParsedEvent =
  | { kind: 'message'; message: InboundMessage; dedupeKey: string }
  | { kind: 'follow'; userId: string; dedupeKey: string };

const MESSAGE_EVENTS: ReadonlySet<string> = new Set([EVENTS.userSendText, EVENTS.userSendImage, EVENTS.userSendLocation]);

export async function parseEvent(event: ZaloEvent, choices: ChoiceMemory, now = new Date()): Promise<ParsedEvent | undefined> {
  const userId = event.event_name === EVENTS.follow ? (event.follower?.id ?? event.sender?.id) : event.sender?.id;
  if (!userId) return undefined;
  // Zalo gives a msg_id for messages; other events are told apart by app, time and sender.
  const dedupeKey = event.message?.msg_id ?? `${event.app_id ?? ''}:${event.timestamp}:${userId}:${event.event_name}`;
  if (event.event_name === EVENTS.follow) return { kind: 'follow', userId, dedupeKey };
  if (event.event_name === EVENTS.userSubmitInfo) {
    // The number the user agreed to share from their Zalo account: theirs, as Zalo vouches.
    const phone = event.info?.phone?.trim();
    if (!phone) return undefined;
    const message: InboundMessage = { channel: 'zalo', conversationId: userId, userId, messageId: dedupeKey, receivedAt: now, contact: { phone: phone.slice(0, 32) } };
    return { kind: 'message', message, dedupeKey };
  }
  if (!MESSAGE_EVENTS.has(event.event_name)) return undefined;

  const text = event.message?.text?.trim() ? event.message.text : undefined;
  const postback = text !== undefined ? await choices.resolve(userId, text) : undefined;
  const location = findLocation(event);
  const attachments = findImages(event);
  const message: InboundMessage = {
    channel: 'zalo',
    conversationId: userId,
    userId,
    messageId: dedupeKey,
    receivedAt: now,
    ...(text !== undefined ? { text } : {}),
    ...(postback !== undefined ? { postback } : {}),
    ...(location ? { location } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
  };
  return { kind: 'message', message, dedupeKey };
}

function findLocation(event: ZaloEvent): GeoPoint | undefined {
  for (const a of event.message?.attachments ?? []) {
    const c = a.payload?.coordinates;
    if (a.type === ATTACHMENT_TYPES.location && c && Math.abs(c.latitude) <= 90 && Math.abs(c.longitude) <= 180) {
      return { lat: c.latitude, lng: c.longitude };
    }
  }
  return undefined;
}

/** Zalo image URLs are public https links on its CDN, so they are passed on as refs. */
function findImages(event: ZaloEvent): Attachment[] {
  return (event.message?.attachments ?? [])
    .filter((a) => a.type === ATTACHMENT_TYPES.image && a.payload?.url?.startsWith('https://'))
    .map((a) => ({ kind: 'image' as const, ref: a.payload!.url! }));
}

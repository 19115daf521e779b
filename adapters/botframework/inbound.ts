/** Bot Framework Activity → InboundMessage. */
import type { Activity } from '@microsoft/agents-activity';
import type { Attachment, GeoPoint, InboundMessage } from '../../bot/types.ts';
import type { ChoiceMemory } from '../channels/choices.ts';

/** `conversationId` is the activity's, checked by the caller (the SDK's type leaves it optional). */
export async function toInbound(activity: Activity, conversationId: string, choices: ChoiceMemory, now = new Date()): Promise<InboundMessage> {
  const userId = activity.from?.id ?? conversationId;
  const text = typeof activity.text === 'string' && activity.text.trim() ? activity.text : undefined;
  const postback = postbackOf(activity.value) ?? (text !== undefined ? await choices.matchPayload(conversationId, text) : undefined);
  const location = locationOf(activity.entities);
  const attachments = imagesOf(activity.attachments);
  return {
    channel: 'botframework',
    conversationId,
    userId,
    receivedAt: now,
    ...(activity.id ? { messageId: activity.id } : {}),
    ...(text !== undefined ? { text } : {}),
    ...(postback !== undefined ? { postback } : {}),
    ...(location ? { location } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(activity.locale ? { localeHint: activity.locale } : {}),
  };
}

/** A messageBack/postBack value: a bare string, or an object carrying our payload. */
function postbackOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value) return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const payload = v['postback'] ?? v['payload'];
    if (typeof payload === 'string' && payload) return payload;
  }
  return undefined;
}

function locationOf(entities: unknown): GeoPoint | undefined {
  if (!Array.isArray(entities)) return undefined;
  for (const entity of entities as Record<string, unknown>[]) {
    const geo = entity?.['type'] === 'GeoCoordinates' ? entity : entity?.['type'] === 'Place' ? (entity['geo'] as Record<string, unknown> | undefined) : undefined;
    const lat = Number(geo?.['latitude']);
    const lng = Number(geo?.['longitude']);
    if (geo && Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) return { lat, lng };
  }
  return undefined;
}

function imagesOf(attachments: Activity['attachments']): Attachment[] {
  return (attachments ?? [])
    .filter((a) => a.contentType?.startsWith('image/') && typeof a.contentUrl === 'string' && /^https?:\/\//.test(a.contentUrl))
    .map((a) => ({ kind: 'image' as const, ref: a.contentUrl!, contentType: a.contentType }));
}

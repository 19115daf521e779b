/**
 * Web-chat notices shared by every server: each conversation's notices in a Redis stream (they
 * wait there when the browser is away), and one pub/sub channel telling every server of a new one,
 * so whichever server holds the browser's event stream pushes it.
 */
import type { Redis } from 'ioredis';
import { compareNoticeIds, createListeners, type NoticeMailbox, type WebNotice } from '../web/notice-mailbox.ts';

const KEEP_PER_CONVERSATION = 50;
const TTL_SECONDS = 14 * 24 * 60 * 60;

function fromFields(id: string, fields: string[]): WebNotice {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  return { id, userId: map.get('user') ?? '', text: map.get('text') ?? '', quickReplies: JSON.parse(map.get('qr') ?? '[]') };
}

export async function createRedisNoticeMailbox(redis: Redis, options: { prefix?: string } = {}): Promise<NoticeMailbox> {
  const prefix = options.prefix ?? 'hue:';
  // Keys carry the client's keyPrefix by themselves; a pub/sub channel name is spelled out in full.
  const channel = `${redis.options.keyPrefix ?? ''}${prefix}notices`;
  const streamKey = (conversationId: string) => `${prefix}notices:${conversationId}`;
  const collectedKey = (conversationId: string, userId: string) => `${prefix}notices-collected:${conversationId}:${userId}`;
  const listeners = createListeners();
  // A subscribed connection can do nothing else, so it is a second one.
  const subscriber = redis.duplicate();
  subscriber.on('message', (_channel: string, raw: string) => {
    try {
      const { conversationId, notice } = JSON.parse(raw) as { conversationId: string; notice: WebNotice };
      listeners.emit(conversationId, notice);
    } catch {
      // Not one of ours.
    }
  });
  await subscriber.subscribe(channel);

  return {
    async put(conversationId, notice) {
      if (notice.key) {
        const first = await redis.set(`${prefix}notice-key:${notice.key}`, '1', 'EX', TTL_SECONDS, 'NX');
        if (first === null) return;
      }
      const key = streamKey(conversationId);
      const qr = JSON.stringify(notice.quickReplies);
      const id = await redis.xadd(key, 'MAXLEN', '~', String(KEEP_PER_CONVERSATION), '*', 'user', notice.userId, 'text', notice.text, 'qr', qr);
      await redis.expire(key, TTL_SECONDS);
      const stored: WebNotice = { id: id!, userId: notice.userId, text: notice.text, quickReplies: notice.quickReplies };
      await redis.publish(channel, JSON.stringify({ conversationId, notice: stored }));
    },
    async since(conversationId, userId, after) {
      const from = after ?? (await redis.get(collectedKey(conversationId, userId))) ?? undefined;
      const entries = await redis.xrange(streamKey(conversationId), from ? `(${from}` : '-', '+');
      return entries.map(([id, fields]) => fromFields(id, fields)).filter((n) => n.userId === userId);
    },
    async markCollected(conversationId, userId, id) {
      const key = collectedKey(conversationId, userId);
      const current = await redis.get(key);
      if (!current || compareNoticeIds(id, current) > 0) await redis.set(key, id, 'EX', TTL_SECONDS);
    },
    subscribe: (conversationId, listener) => listeners.add(conversationId, listener),
    async close() {
      await subscriber.quit().catch(() => undefined);
    },
  };
}

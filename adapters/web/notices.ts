/**
 * Ticket updates for web chat visitors: the page has no push channel, so updates wait in a
 * mailbox per conversation and the page collects them with `GET /api/chat/notices`. A browser only
 * collects notices addressed to the identity its cookie carries, whatever conversation id it names.
 */
import { Router } from 'express';
import type { OutboundNotice } from '../../bot/types.ts';
import { webChatUserId } from './identity.ts';

const MAX_PER_CONVERSATION = 20;

export interface WebMailbox {
  notifier: { send(notice: OutboundNotice & { idempotencyKey?: string }): Promise<void> };
  router: Router;
}

export function createWebMailbox(): WebMailbox {
  const boxes = new Map<string, { key?: string; userId: string; text: string; quickReplies: OutboundNotice['quickReplies'] }[]>();
  const router = Router();
  router.get('/api/chat/notices', (req, res) => {
    const conversationId = typeof req.query.conversationId === 'string' ? req.query.conversationId : '';
    if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(conversationId)) {
      res.status(400).json({ error: 'invalid_request', field: 'conversationId', reason: 'letters, digits and _ . : - only' });
      return;
    }
    const userId = webChatUserId(req);
    const box = boxes.get(conversationId) ?? [];
    const mine = box.filter((n) => n.userId === userId);
    const others = box.filter((n) => n.userId !== userId);
    if (others.length > 0) boxes.set(conversationId, others);
    else boxes.delete(conversationId);
    res.json({ notices: mine.map(({ text, quickReplies }) => ({ text, quickReplies })) });
  });
  return {
    router,
    notifier: {
      async send(notice) {
        const box = boxes.get(notice.conversationId) ?? [];
        // The outbox may deliver twice after a crash; the same update is kept once.
        if (notice.idempotencyKey && box.some((n) => n.key === notice.idempotencyKey)) return;
        box.push({ key: notice.idempotencyKey, userId: notice.userId, text: notice.text, quickReplies: notice.quickReplies });
        boxes.set(notice.conversationId, box.slice(-MAX_PER_CONVERSATION));
      },
    },
  };
}

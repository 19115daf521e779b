/**
 * Ticket updates and staff replies for web chat visitors. They wait in a mailbox per conversation,
 * addressed to the web-chat identity of the person (the cookie, see identity.ts), and reach the
 * page two ways:
 * - `GET /api/chat/events?conversationId=…` — Server-Sent Events: what is waiting, then every new
 *   notice as it arrives (`event: notice`, `id:` the notice id, `data:` `{ id, text, quickReplies }`);
 *   a reconnecting browser sends `Last-Event-ID` (or `?after=`) and gets what it missed.
 * - `GET /api/chat/notices?conversationId=…[&after=…]` — the same as JSON, for clients without SSE.
 * A browser only ever receives notices addressed to its own identity, whatever conversation id it names.
 */
import { Router, type Request, type Response } from 'express';
import type { OutboundNotice } from '../../bot/types.ts';
import { webChatUserId } from './identity.ts';
import { createMemoryNoticeMailbox, NOTICE_ID, type NoticeMailbox, type WebNotice } from './notice-mailbox.ts';

export interface WebMailbox {
  notifier: { send(notice: OutboundNotice & { idempotencyKey?: string }): Promise<void> };
  router: Router;
  close(): Promise<void>;
}

export interface WebMailboxOptions {
  /** Memory by default; Redis when several servers share the web chat. */
  mailbox?: NoticeMailbox;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs?: number;
}

const CONVERSATION_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

type Cursor = { conversationId: string; after?: string } | { error: { field: string; reason: string } };

function readCursor(req: Request): Cursor {
  const conversationId = typeof req.query.conversationId === 'string' ? req.query.conversationId : '';
  if (!CONVERSATION_ID.test(conversationId)) return { error: { field: 'conversationId', reason: 'letters, digits and _ . : - only' } };
  const raw = req.get('last-event-id') ?? (typeof req.query.after === 'string' ? req.query.after : undefined);
  if (raw !== undefined && raw !== '' && !NOTICE_ID.test(raw)) return { error: { field: 'after', reason: 'a notice id such as 1733100000000-0' } };
  return { conversationId, ...(raw ? { after: raw } : {}) };
}

const visible = (n: WebNotice) => ({ id: n.id, text: n.text, quickReplies: n.quickReplies });

export function createWebMailbox(options: WebMailboxOptions = {}): WebMailbox {
  const mailbox = options.mailbox ?? createMemoryNoticeMailbox();
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const streams = new Set<Response>();
  const router = Router();

  router.get('/api/chat/notices', async (req, res, next) => {
    const cursor = readCursor(req);
    if ('error' in cursor) return void res.status(400).json({ error: 'invalid_request', ...cursor.error });
    try {
      const userId = webChatUserId(req);
      const notices = await mailbox.since(cursor.conversationId, userId, cursor.after);
      const last = notices.at(-1);
      if (last) await mailbox.markCollected(cursor.conversationId, userId, last.id);
      res.set('Cache-Control', 'no-store').json({ notices: notices.map(visible), ...(last ? { cursor: last.id } : {}) });
    } catch (error) {
      next(error);
    }
  });

  router.get('/api/chat/events', async (req, res, next) => {
    const cursor = readCursor(req);
    if ('error' in cursor) return void res.status(400).json({ error: 'invalid_request', ...cursor.error });
    const { conversationId } = cursor;
    let userId: string;
    try {
      userId = webChatUserId(req);
    } catch (error) {
      return next(error);
    }
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    streams.add(res);
    const sent = new Set<string>();
    let backlogDone = false;
    const early: WebNotice[] = [];
    const push = (notice: WebNotice) => {
      if (notice.userId !== userId || sent.has(notice.id)) return;
      sent.add(notice.id);
      res.write(`event: notice\nid: ${notice.id}\ndata: ${JSON.stringify(visible(notice))}\n\n`);
      void mailbox.markCollected(conversationId, userId, notice.id).catch(() => undefined);
    };
    // Subscribed before reading the backlog, so a notice arriving in between is not missed.
    const unsubscribe = mailbox.subscribe(conversationId, (notice) => (backlogDone ? push(notice) : early.push(notice)));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    heartbeat.unref();
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', end);
    try {
      for (const notice of await mailbox.since(conversationId, userId, cursor.after)) push(notice);
    } catch {
      // The live part still works; what waited is sent on the next connection.
    }
    backlogDone = true;
    for (const notice of early) push(notice);
  });

  return {
    router,
    notifier: {
      async send(notice) {
        await mailbox.put(notice.conversationId, {
          userId: notice.userId,
          text: notice.text,
          quickReplies: notice.quickReplies,
          ...(notice.idempotencyKey ? { key: notice.idempotencyKey } : {}),
        });
      },
    },
    async close() {
      for (const res of streams) res.end();
      streams.clear();
      await mailbox.close();
    },
  };
}

/**
 * Where web-chat notices wait for the browser: per conversation, addressed to one web-chat identity,
 * with ids that increase ("<ms>-<seq>", the shape of Redis stream ids) so a page can say what it
 * already has. Memory here; adapters/state/redis-notice-mailbox.ts shares them between servers.
 */
import type { QuickReply } from '../../bot/types.ts';

export interface WebNotice {
  id: string;
  userId: string;
  text: string;
  quickReplies: QuickReply[];
}

export interface NewWebNotice {
  userId: string;
  text: string;
  quickReplies: QuickReply[];
  /** The outbox id: a notice sent twice after a crash is kept once. */
  key?: string;
}

export interface NoticeMailbox {
  put(conversationId: string, notice: NewWebNotice): Promise<void>;
  /** The identity's notices after `after`, or else those it has not collected yet, oldest first. */
  since(conversationId: string, userId: string, after?: string): Promise<WebNotice[]>;
  /** Remembers that the identity has everything up to `id`. */
  markCollected(conversationId: string, userId: string, id: string): Promise<void>;
  /** Calls `listener` for every new notice of the conversation, whichever server received it. */
  subscribe(conversationId: string, listener: (notice: WebNotice) => void): () => void;
  close(): Promise<void>;
}

export const NOTICE_ID = /^\d{1,15}-\d{1,9}$/;

/** Orders notice ids; both parts are numbers. */
export function compareNoticeIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am - bm || as - bs;
}

const KEEP_PER_CONVERSATION = 50;

/** Listeners per conversation; shared by both mailboxes. */
export function createListeners() {
  const listeners = new Map<string, Set<(notice: WebNotice) => void>>();
  return {
    add(conversationId: string, listener: (notice: WebNotice) => void): () => void {
      const set = listeners.get(conversationId) ?? new Set();
      set.add(listener);
      listeners.set(conversationId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(conversationId);
      };
    },
    emit(conversationId: string, notice: WebNotice): void {
      for (const listener of listeners.get(conversationId) ?? []) listener(notice);
    },
  };
}

export function createMemoryNoticeMailbox(options: { now?: () => number } = {}): NoticeMailbox {
  const now = options.now ?? Date.now;
  const boxes = new Map<string, (WebNotice & { key?: string })[]>();
  const collected = new Map<string, string>();
  const listeners = createListeners();
  let lastMs = 0;
  let seq = 0;
  const nextId = () => {
    const ms = now();
    if (ms > lastMs) {
      lastMs = ms;
      seq = 0;
    } else seq += 1;
    return `${lastMs}-${seq}`;
  };
  return {
    async put(conversationId, notice) {
      const box = boxes.get(conversationId) ?? [];
      if (notice.key && box.some((n) => n.key === notice.key)) return;
      const stored = { id: nextId(), userId: notice.userId, text: notice.text, quickReplies: notice.quickReplies, ...(notice.key ? { key: notice.key } : {}) };
      box.push(stored);
      boxes.set(conversationId, box.slice(-KEEP_PER_CONVERSATION));
      const { key: _key, ...visible } = stored;
      listeners.emit(conversationId, visible);
    },
    async since(conversationId, userId, after) {
      const from = after ?? collected.get(`${conversationId}\u0000${userId}`);
      return (boxes.get(conversationId) ?? [])
        .filter((n) => n.userId === userId && (from === undefined || compareNoticeIds(n.id, from) > 0))
        .map(({ key: _key, ...n }) => n);
    },
    async markCollected(conversationId, userId, id) {
      const k = `${conversationId}\u0000${userId}`;
      const current = collected.get(k);
      if (!current || compareNoticeIds(id, current) > 0) collected.set(k, id);
    },
    subscribe: (conversationId, listener) => listeners.add(conversationId, listener),
    async close() {},
  };
}

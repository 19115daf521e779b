/**
 * For channels without buttons: quick replies are shown as a numbered list, and a reply that is
 * just one of those numbers is read back as the matching payload.
 */
import type { QuickReply } from '../../bot/types.ts';

export interface ChoiceMemory {
  remember(userId: string, quickReplies: QuickReply[]): void;
  /** The payload for a reply like "2" or "2.", if the user was last offered a list. */
  resolve(userId: string, text: string): string | undefined;
  /** The payload whose label (or payload) equals `text`, for buttons that send their title back as text. */
  matchPayload(userId: string, text: string): string | undefined;
}

export function createChoiceMemory(options: { ttlMs?: number; maxUsers?: number; now?: () => number } = {}): ChoiceMemory {
  const ttlMs = options.ttlMs ?? 30 * 60 * 1000;
  const maxUsers = options.maxUsers ?? 10_000;
  const now = options.now ?? Date.now;
  const lists = new Map<string, { payloads: string[]; labels: string[]; at: number }>();
  return {
    remember(userId, quickReplies) {
      lists.delete(userId);
      if (quickReplies.length === 0) return;
      if (lists.size >= maxUsers) lists.delete(lists.keys().next().value!);
      lists.set(userId, { payloads: quickReplies.map((q) => q.payload), labels: quickReplies.map((q) => q.label), at: now() });
    },
    resolve(userId, text) {
      const match = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
      const list = lists.get(userId);
      if (!match || !list || now() - list.at > ttlMs) return undefined;
      return list.payloads[Number(match[1]) - 1];
    },
    matchPayload(userId, text) {
      const list = lists.get(userId);
      if (!list || now() - list.at > ttlMs) return undefined;
      const at = list.labels.indexOf(text);
      return at >= 0 ? list.payloads[at] : list.payloads.includes(text) ? text : undefined;
    },
  };
}

/**
 * For channels without buttons: quick replies are shown as a numbered list, and a reply that is
 * just one of those numbers (or a button title sent back as text) is read back as the matching
 * payload. Lists live in a shared store, so the next message may reach another server.
 */
import type { ConversationStore } from '../../bot/ports.ts';
import type { QuickReply } from '../../bot/types.ts';
import { MemoryConversationStore } from '../state/memory-conversation-store.ts';

export interface ChoiceList {
  payloads: string[];
  labels: string[];
}

export interface ChoiceMemory {
  remember(userId: string, quickReplies: QuickReply[]): Promise<void>;
  /** The payload for a reply like "2" or "2.", if the user was last offered a list. */
  resolve(userId: string, text: string): Promise<string | undefined>;
  /** The payload whose label (or payload) equals `text`, for buttons that send their title back as text. */
  matchPayload(userId: string, text: string): Promise<string | undefined>;
}

export function createChoiceMemory(options: { store?: ConversationStore<ChoiceList>; ttlSeconds?: number } = {}): ChoiceMemory {
  const ttlSeconds = options.ttlSeconds ?? 30 * 60;
  const store = options.store ?? new MemoryConversationStore<ChoiceList>(Date.now, 10_000);
  return {
    async remember(userId, quickReplies) {
      if (quickReplies.length === 0) return store.delete(userId);
      await store.set(userId, { payloads: quickReplies.map((q) => q.payload), labels: quickReplies.map((q) => q.label) }, ttlSeconds);
    },
    async resolve(userId, text) {
      const match = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
      if (!match) return undefined;
      return (await store.get(userId))?.payloads[Number(match[1]) - 1];
    },
    async matchPayload(userId, text) {
      const list = await store.get(userId);
      if (!list) return undefined;
      const at = list.labels.indexOf(text);
      return at >= 0 ? list.payloads[at] : list.payloads.includes(text) ? text : undefined;
    },
  };
}

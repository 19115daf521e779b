import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryConversationStore } from '../adapters/state/memory-conversation-store.ts';
import { RedisConversationStore } from '../adapters/state/redis-conversation-store.ts';
import type { ConversationStore } from '../bot/ports.ts';

interface State {
  lang?: string;
  step?: number;
}

function describeConversationStore(name: string, make: () => ConversationStore<State> & { close?(): Promise<void> }) {
  describe(`${name} conversation store`, () => {
    const store = make();
    const key = () => `test:${randomUUID()}`;
    afterAll(async () => store.close?.());

    it('round-trips state and returns nothing for unknown keys', async () => {
      const k = key();
      expect(await store.get(k)).toBeUndefined();
      await store.set(k, { lang: 'ko', step: 2 }, 60);
      expect(await store.get(k)).toEqual({ lang: 'ko', step: 2 });
    });

    it('does not share mutable state with callers', async () => {
      const k = key();
      const state = { lang: 'vi' };
      await store.set(k, state, 60);
      state.lang = 'en';
      expect((await store.get(k))?.lang).toBe('vi');
    });

    it('forgets deleted and expired conversations', async () => {
      const k = key();
      await store.set(k, { lang: 'fr' }, 60);
      await store.delete(k);
      expect(await store.get(k)).toBeUndefined();
      const short = key();
      await store.set(short, { lang: 'fr' }, 1);
      await new Promise((r) => setTimeout(r, 1_200));
      expect(await store.get(short)).toBeUndefined();
    });
  });
}

describeConversationStore('memory', () => new MemoryConversationStore<State>());
describeConversationStore('redis', () => new RedisConversationStore<State>('redis://127.0.0.1:6379', `hue-test:${randomUUID()}:`));

import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryConversationStore } from '../adapters/state/memory-conversation-store.ts';
import { connectRedis, RedisConversationStore } from '../adapters/state/redis-conversation-store.ts';
import { createRedisDedupe } from '../adapters/state/redis-dedupe.ts';
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
describeConversationStore('redis', () => {
  const redis = connectRedis('redis://127.0.0.1:6379');
  const store = new RedisConversationStore<State>(redis, `hue-test:${randomUUID()}:`);
  return Object.assign(store, { close: async () => void (await redis.quit()) });
});

describe('redis update de-duplication', () => {
  const redis = connectRedis('redis://127.0.0.1:6379');
  afterAll(async () => void (await redis.quit()));

  it('lets exactly one of many concurrent claims of the same update win', async () => {
    const prefix = `hue-test-seen:${randomUUID()}:`;
    const instances = [createRedisDedupe(redis, { prefix }), createRedisDedupe(redis, { prefix })];
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => instances[i % 2]!.claim('telegram:update:42')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await instances[0]!.claim('telegram:update:43')).toBe(true);
  });

  it('forgets a claim after its time to live', async () => {
    const dedupe = createRedisDedupe(redis, { prefix: `hue-test-seen:${randomUUID()}:`, ttlMs: 200 });
    expect(await dedupe.claim('zalo:event:1')).toBe(true);
    expect(await dedupe.claim('zalo:event:1')).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(await dedupe.claim('zalo:event:1')).toBe(true);
  });
});

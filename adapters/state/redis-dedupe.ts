/** Update-id claims in Redis, so several server instances process each platform update once. */
import type { Redis } from 'ioredis';
import type { DedupeStore } from '../channels/dedupe.ts';

export function createRedisDedupe(redis: Redis, options: { ttlMs?: number; prefix?: string } = {}): DedupeStore {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const prefix = options.prefix ?? 'hue:seen:';
  return {
    async claim(key) {
      // SET NX is atomic: of two instances receiving the same redelivery, exactly one wins.
      return (await redis.set(prefix + key, '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
  };
}

/**
 * Small pieces of per-turn state that must be the same on every server: choice lists, long
 * button payloads, "last seen" times and rate-limit counters. With Redis they live there, so any
 * replica can take any turn; without it, in process memory (one server, embedded defaults).
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract, type RateLimiterStoreAbstract } from 'rate-limiter-flexible';
import type { ConversationStore } from '../../bot/ports.ts';
import { MemoryConversationStore } from './memory-conversation-store.ts';
import { RedisConversationStore } from './redis-conversation-store.ts';

export interface LimitVerdict {
  allowed: boolean;
  /** True for exactly one refusal per window, also across servers: the one that gets a reply. */
  firstRefusal: boolean;
  retryAfterSeconds: number;
}

/** A fixed-window counter per key. */
export interface Limiter {
  readonly points: number;
  /** Counts one event for `key` and says whether it is within the limit. */
  consume(key: string): Promise<LimitVerdict>;
  /** Whether `key` is over the limit now, without counting anything. */
  isBlocked(key: string): Promise<{ blocked: boolean; retryAfterSeconds: number }>;
  /** Forgets `key` (e.g. after a successful log-in). */
  reset(key: string): Promise<void>;
}

export interface SharedState {
  readonly kind: 'redis' | 'memory';
  /** A JSON store with TTLs under its own namespace. */
  store<T>(namespace: string): ConversationStore<T>;
  /** `points` events per `durationSeconds` and key; `name` keeps limiters apart. */
  limiter(name: string, points: number, durationSeconds: number): Limiter;
}

export function memorySharedState(now: () => number = Date.now): SharedState {
  return {
    kind: 'memory',
    store: <T>() => new MemoryConversationStore<T>(now, 50_000),
    limiter: (name, points, durationSeconds) => wrapLimiter(new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds })),
  };
}

export function redisSharedState(redis: Redis): SharedState {
  return {
    kind: 'redis',
    store: <T>(namespace: string) => new RedisConversationStore<T>(redis, `hue:${namespace}:`),
    limiter: (name, points, durationSeconds) =>
      wrapLimiter(
        new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `hue:limit:${name}`,
          points,
          duration: durationSeconds,
          // While Redis is unreachable each server counts on its own rather than refusing everyone.
          insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds }),
        }),
      ),
  };
}

function wrapLimiter(limiter: RateLimiterAbstract | RateLimiterStoreAbstract): Limiter {
  const points = limiter.points;
  const seconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return {
    points,
    async consume(key) {
      try {
        await limiter.consume(key);
        return { allowed: true, firstRefusal: false, retryAfterSeconds: 0 };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        // The counter goes on counting past the limit; the atomic increment gives points + 1 to one caller only.
        return { allowed: false, firstRefusal: rejection.consumedPoints === points + 1, retryAfterSeconds: seconds(rejection) };
      }
    },
    async isBlocked(key) {
      const res = await limiter.get(key);
      return res && res.consumedPoints >= points ? { blocked: true, retryAfterSeconds: seconds(res) } : { blocked: false, retryAfterSeconds: 0 };
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}

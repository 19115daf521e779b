/** Conversation state in Redis, shared by every server instance (used when REDIS_URL is set). */
import { Redis } from 'ioredis';
import type { ConversationStore } from '../../bot/ports.ts';

/**
 * One client per process, shared by conversation state, update claims, choice memories and rate
 * limits. `keyPrefix` (REDIS_KEY_PREFIX) goes before every key, so deployments can share a Redis.
 */
export function connectRedis(url: string, keyPrefix = ''): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, ...(keyPrefix ? { keyPrefix } : {}) });
}

export class RedisConversationStore<State> implements ConversationStore<State> {
  constructor(private readonly redis: Redis, private readonly prefix = 'hue:conv:') {}

  async get(key: string): Promise<State | undefined> {
    const raw = await this.redis.get(this.prefix + key);
    return raw ? (JSON.parse(raw) as State) : undefined;
  }

  async set(key: string, state: State, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.prefix + key, JSON.stringify(state), 'EX', ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

}

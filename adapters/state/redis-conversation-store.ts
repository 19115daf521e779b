/** Conversation state in Redis, shared by every server instance (used when REDIS_URL is set). */
import { Redis } from 'ioredis';
import type { ConversationStore } from '../../bot/ports.ts';
import { openState, unsealedState, type StateSealer } from './state-sealer.ts';

/**
 * One client per process, shared by conversation state, update claims, choice memories and rate
 * limits. `keyPrefix` (REDIS_KEY_PREFIX) goes before every key, so deployments can share a Redis.
 */
export function connectRedis(url: string, keyPrefix = ''): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, ...(keyPrefix ? { keyPrefix } : {}) });
}

export class RedisConversationStore<State> implements ConversationStore<State> {
  /** Conversation state is sealed (AES-256-GCM, see the runtime); replicas must share the sealer's key. */
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'hue:conv:',
    private readonly sealer: StateSealer = unsealedState,
  ) {}

  async get(key: string): Promise<State | undefined> {
    const raw = await this.redis.get(this.prefix + key);
    return raw ? (openState(this.sealer, raw) as State | undefined) : undefined;
  }

  async set(key: string, state: State, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.prefix + key, this.sealer.seal(JSON.stringify(state)), 'EX', ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

}

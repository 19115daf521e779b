/** Conversation state in Redis, shared by every server instance (used when REDIS_URL is set). */
import { Redis } from 'ioredis';
import type { ConversationStore } from '../../bot/ports.ts';

/** One client per process, shared by conversation state and update de-duplication. */
export function connectRedis(url: string): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
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

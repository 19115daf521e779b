/** Conversation state in Redis, shared by every server instance (used when REDIS_URL is set). */
import { Redis } from 'ioredis';
import type { ConversationStore } from '../../bot/ports.ts';

export class RedisConversationStore<State> implements ConversationStore<State> {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix = 'hue:conv:') {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  }

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

  async close(): Promise<void> {
    await this.redis.quit();
  }
}

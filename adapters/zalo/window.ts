/** When each user last wrote to the OA: Zalo only accepts CS messages within 48 h of that. */
import { join } from 'node:path';
import { createJsonMap } from '../channels/references.ts';

export interface LastSeenStore {
  touch(userId: string, at: Date): Promise<void>;
  lastSeen(userId: string): Promise<Date | undefined>;
}

export function createMemoryLastSeen(): LastSeenStore {
  const seen = new Map<string, number>();
  return {
    touch: async (userId, at) => void seen.set(userId, at.getTime()),
    lastSeen: async (userId) => {
      const t = seen.get(userId);
      return t === undefined ? undefined : new Date(t);
    },
  };
}

export function createFileLastSeen(dataDir: string): LastSeenStore {
  const file = createJsonMap(join(dataDir, 'zalo-last-seen.json'));
  return {
    touch: (userId, at) => file.set(userId, at.toISOString()),
    lastSeen: async (userId) => {
      const value = await file.get(userId);
      return typeof value === 'string' ? new Date(value) : undefined;
    },
  };
}

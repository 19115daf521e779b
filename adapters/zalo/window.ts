/** When each user last wrote to the OA: Zalo only accepts CS messages within 48 h of that. */
import { join } from 'node:path';
import { createJsonMap } from '../channels/references.ts';
import type { SharedState } from '../state/shared-state.ts';
import { CS_WINDOW_MS } from './protocol.ts';

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

/** In the shared state (Redis), so whichever server delivers a ticket update knows the window. */
export function createSharedLastSeen(state: SharedState): LastSeenStore {
  const store = state.store<string>('zalo-last-seen');
  return {
    touch: (userId, at) => store.set(userId, at.toISOString(), Math.ceil(CS_WINDOW_MS / 1000) + 3600),
    lastSeen: async (userId) => {
      const value = await store.get(userId);
      return typeof value === 'string' ? new Date(value) : undefined;
    },
  };
}

/**
 * OA tokens. Zalo rotates the refresh token on every refresh and the old one stops working, so
 * the newest pair must be kept where every server finds it (the database) and refreshed by one
 * server at a time; the configured pair is only the starting point.
 */
import { join } from 'node:path';
import { createJsonMap } from '../channels/references.ts';
import type { ChannelTokenStore } from '../stores/channel-tokens.ts';

export interface ZaloTokens {
  accessToken: string;
  refreshToken?: string;
}

export interface ZaloTokenStore {
  get(): Promise<ZaloTokens>;
  /**
   * Replaces `staleAccessToken` with a fresh pair: under a lock, and only when no one else has
   * replaced it meanwhile (then their pair is returned and `refresh` is not called).
   */
  rotate(staleAccessToken: string, refresh: (current: ZaloTokens) => Promise<ZaloTokens>): Promise<ZaloTokens>;
}

const isTokens = (value: unknown): value is ZaloTokens =>
  typeof value === 'object' && value !== null && typeof (value as ZaloTokens).accessToken === 'string';

/** In one process: a promise chain is the lock. */
function lockedInProcess(read: () => Promise<ZaloTokens>, write: (tokens: ZaloTokens) => Promise<void>): ZaloTokenStore {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    get: read,
    rotate(stale, refresh) {
      const run = queue.then(async () => {
        const current = await read();
        if (current.accessToken !== stale) return current;
        const next = await refresh(current);
        await write(next);
        return next;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

export function createMemoryTokenStore(initial: ZaloTokens): ZaloTokenStore {
  let current = initial;
  return lockedInProcess(async () => current, async (tokens) => void (current = tokens));
}

/** The earlier home of the pair (a file under DATA_DIR); read once as a starting point. */
export function readTokenFile(dataDir: string): Promise<ZaloTokens | undefined> {
  return createJsonMap(join(dataDir, 'zalo-tokens.json'))
    .get('tokens')
    .then((saved) => (isTokens(saved) ? saved : undefined))
    .catch(() => undefined);
}

/** The pair in the database, shared by every server. */
export function createDbTokenStore(store: ChannelTokenStore, initial: () => Promise<ZaloTokens>): ZaloTokenStore {
  const read = async () => {
    const saved = await store.get('zalo');
    return isTokens(saved) ? saved : initial();
  };
  return {
    get: read,
    async rotate(stale, refresh) {
      const stored = await store.withLock('zalo', async (saved) => {
        const current = isTokens(saved) ? saved : await initial();
        // Another server refreshed while this one waited for the lock: use its pair.
        if (current.accessToken !== stale) return isTokens(saved) ? undefined : current;
        return refresh(current);
      });
      if (!isTokens(stored)) throw new Error('zalo tokens missing after refresh');
      return stored;
    },
  };
}

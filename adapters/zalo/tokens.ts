/**
 * OA tokens. Zalo rotates the refresh token on every refresh, so the newest pair is kept in a
 * file under DATA_DIR and wins over the configured one after a restart.
 */
import { join } from 'node:path';
import { createJsonMap } from '../channels/references.ts';

export interface ZaloTokens {
  accessToken: string;
  refreshToken?: string;
}

export interface ZaloTokenStore {
  get(): Promise<ZaloTokens>;
  set(tokens: ZaloTokens): Promise<void>;
}

export function createMemoryTokenStore(initial: ZaloTokens): ZaloTokenStore {
  let current = initial;
  return {
    get: async () => current,
    set: async (tokens) => {
      current = tokens;
    },
  };
}

export function createFileTokenStore(dataDir: string, initial: ZaloTokens): ZaloTokenStore {
  const file = createJsonMap(join(dataDir, 'zalo-tokens.json'));
  return {
    async get() {
      const saved = (await file.get('tokens')) as ZaloTokens | undefined;
      return saved && typeof saved.accessToken === 'string' ? saved : initial;
    },
    set: (tokens) => file.set('tokens', tokens),
  };
}

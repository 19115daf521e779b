/**
 * Back-off on failed authentication (staff tokens, Open311 keys): after `failures` wrong guesses
 * from one client address within the window, that address is refused with 429 until the window
 * ends, right or wrong key. Counters live in the shared state, so the limit holds across replicas.
 */
import type { Request } from 'express';
import type { SharedState } from '../state/shared-state.ts';

export interface AuthBackoffOptions {
  state: SharedState;
  /** Keeps the counters of different doors apart ("staff", "open311"). */
  name: string;
  failures: number;
  backoffSeconds: number;
}

export interface AuthBackoff {
  /** Seconds to wait when this client is backing off now; undefined when it may try. */
  waitSeconds(req: Request): Promise<number | undefined>;
  /** Counts one failed attempt. */
  failed(req: Request): Promise<void>;
}

export function createAuthBackoff(options: AuthBackoffOptions): AuthBackoff {
  const limiter = options.state.limiter(`auth-${options.name}`, options.failures, options.backoffSeconds);
  const client = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
  return {
    async waitSeconds(req) {
      const { blocked, retryAfterSeconds } = await limiter.isBlocked(client(req));
      return blocked ? retryAfterSeconds : undefined;
    },
    async failed(req) {
      await limiter.consume(client(req));
    },
  };
}

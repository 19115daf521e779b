/** Per-user limit on the channels, so one chatty user cannot monopolise the assistant. */
import { memorySharedState, type SharedState } from '../state/shared-state.ts';

export interface RateLimiter {
  /** 'ok' within the limit; 'limited' on the first refusal of a window; 'silent' after that. */
  take(key: string): Promise<'ok' | 'limited' | 'silent'>;
}

/** Counters live in `state` (Redis when several servers run), so the limit holds across replicas. */
export function createRateLimiter(options: { perMinute: number; state?: SharedState }): RateLimiter {
  const limiter = (options.state ?? memorySharedState()).limiter('channel-user', options.perMinute, 60);
  return {
    async take(key) {
      const verdict = await limiter.consume(key);
      if (verdict.allowed) return 'ok';
      // Tell the user once per window; answering every extra message would add to the flood.
      return verdict.firstRefusal ? 'limited' : 'silent';
    },
  };
}

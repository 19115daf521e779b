/** Per-user fixed-window limit, so one chatty user cannot monopolise the assistant. */
export interface RateLimiter {
  /** 'ok' within the limit; 'limited' on the first refusal of a window; 'silent' after that. */
  take(key: string): 'ok' | 'limited' | 'silent';
}

export function createRateLimiter(options: { perMinute: number; now?: () => number }): RateLimiter {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key) {
      const t = now();
      if (windows.size > 10_000) {
        for (const [k, w] of windows) if (t - w.start >= 60_000) windows.delete(k);
      }
      let w = windows.get(key);
      if (!w || t - w.start >= 60_000) {
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      if (w.count <= options.perMinute) return 'ok';
      // Tell the user once per window; answering every extra message would add to the flood.
      return w.count === options.perMinute + 1 ? 'limited' : 'silent';
    },
  };
}

/**
 * Idempotent intake: a platform update id is claimed once per TTL. Redelivered updates
 * (webhook retries, polling overlaps) are acknowledged and dropped.
 */
export interface DedupeStore {
  /** True the first time `key` is seen within the TTL; false for a repeat. */
  claim(key: string): Promise<boolean>;
}

export interface MemoryDedupeOptions {
  ttlMs?: number;
  /** Bound on remembered keys; the oldest go first. */
  maxKeys?: number;
  now?: () => number;
}

export function createMemoryDedupe(options: MemoryDedupeOptions = {}): DedupeStore {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const maxKeys = options.maxKeys ?? 50_000;
  const now = options.now ?? Date.now;
  // Map keeps insertion order, so the first entries are the oldest claims.
  const seen = new Map<string, number>();
  return {
    async claim(key) {
      const t = now();
      for (const [k, expires] of seen) {
        if (expires > t && seen.size <= maxKeys) break;
        seen.delete(k);
      }
      const expires = seen.get(key);
      if (expires !== undefined && expires > t) return false;
      seen.delete(key);
      seen.set(key, t + ttlMs);
      return true;
    },
  };
}

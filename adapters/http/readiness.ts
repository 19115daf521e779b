/**
 * GET /readyz: whether this instance should get traffic. Each dependency is checked with a time
 * limit; any failure, or a shutdown under way, answers 503 so a load balancer moves on.
 * /healthz stays a liveness probe that only says the process answers.
 */
import type { RequestHandler } from 'express';

/** Resolves with details worth showing (a version, a count) when the dependency works; throws otherwise. */
export type ReadinessCheck = () => Promise<Record<string, unknown> | void>;

export interface ReadinessOptions {
  checks: Record<string, ReadinessCheck>;
  /** True once shutdown began: the instance finishes what it has but takes nothing new. */
  stopping?: () => boolean;
  timeoutMs?: number;
}

export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
  [detail: string]: unknown;
}

class CheckTimeout extends Error {}

async function run(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const details = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CheckTimeout(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started), ...(details ?? {}) };
  } catch (error) {
    // Only the error's class and a short message: connection strings and stack traces stay in the log.
    const message = error instanceof CheckTimeout ? error.message : (error as Error)?.name ?? 'failed';
    return { ok: false, ms: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}

export function readinessHandler(options: ReadinessOptions): RequestHandler {
  const timeoutMs = options.timeoutMs ?? 2000;
  return async (_req, res) => {
    const names = Object.keys(options.checks);
    const results = await Promise.all(names.map((name) => run(options.checks[name]!, timeoutMs)));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
    const stopping = options.stopping?.() ?? false;
    const ready = !stopping && results.every((r) => r.ok);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      ...(stopping ? { reason: 'shutting down' } : ready ? {} : { reason: `not ready: ${names.filter((_, i) => !results[i]!.ok).join(', ')}` }),
      checks,
    });
  };
}

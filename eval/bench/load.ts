/** Drives POST /api/chat with autocannon for a bounded time; every request carries the next body of the mix. */
import autocannon from 'autocannon';
import { chatBody } from './chat-mix.ts';

export interface LoadResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export async function loadChat(url: string, durationS: number, connections: number): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`load tests only target 127.0.0.1 (got ${url})`);
  let n = 0;
  const result = await autocannon({
    url: `${url}/api/chat`,
    connections,
    duration: durationS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: chatBody(n++) }) }],
  });
  return {
    rps: Number(result.requests.average.toFixed(1)),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

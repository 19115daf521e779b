/**
 * Closing an HTTP server without cutting answers short: stop accepting, close idle keep-alive
 * connections (and each one as soon as its answer is sent), wait for requests in flight, and
 * destroy whatever is still open at the deadline — such as a client that never finishes its body.
 */
import type { Server } from 'node:http';

export interface GracefulServer {
  /** True once close() was called. */
  readonly closing: boolean;
  /** Resolves true when every request finished, false when the deadline cut some off. */
  close(deadlineMs: number): Promise<boolean>;
}

const SWEEP_MS = 50;

export function gracefulServer(server: Server): GracefulServer {
  let inFlight = 0;
  let closing = false;
  let idle: (() => void) | undefined;
  server.on('request', (req, res) => {
    inFlight += 1;
    // Answers sent during shutdown tell the client not to reuse the connection.
    if (closing && !res.headersSent) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight -= 1;
      if (closing) server.closeIdleConnections();
      if (inFlight === 0) idle?.();
    });
  });
  return {
    get closing() {
      return closing;
    },
    async close(deadlineMs) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // A connection that turns idle between two sweeps is closed at the next one.
      const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
      const drained = inFlight === 0 ? Promise.resolve(true) : new Promise<boolean>((resolve) => (idle = () => resolve(true)));
      let timer: NodeJS.Timeout | undefined;
      const cut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), deadlineMs);
      });
      const finished = await Promise.race([drained, cut]);
      clearTimeout(timer);
      clearInterval(sweep);
      server.closeAllConnections();
      await closed;
      return finished;
    },
  };
}

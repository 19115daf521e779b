/**
 * A small round-robin HTTP reverse proxy on 127.0.0.1, standing in for nginx or a load balancer
 * in front of several replicas: each request goes to the next backend in turn, with
 * X-Forwarded-For set; bodies are buffered (they are small JSON), so a backend connection that
 * fails before answering is retried once on the next backend. It remembers which backend served each request, so tests can show that
 * consecutive turns of one conversation went to different replicas.
 */
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  backend: number;
  method: string;
  path: string;
  /** Undefined while the answer is outstanding. */
  status?: number;
  /** Why the proxy answered 502. */
  error?: string;
}

export interface RoundRobinProxy {
  url: string;
  /** Index of the backend that served each request, in arrival order, with its method, path and status (502: the backend failed). */
  served: Served[];
  close(): Promise<void>;
}

export async function startRoundRobinProxy(backends: string[]): Promise<RoundRobinProxy> {
  if (backends.length === 0) throw new Error('round-robin proxy needs at least one backend');
  const targets = backends.map((b) => new URL(b));
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const served: RoundRobinProxy['served'] = [];
  let next = 0;

  const pick = () => {
    const backend = next;
    next = (next + 1) % targets.length;
    return backend;
  };

  /** Sends the buffered request to `backend`; a connection that fails before any answer is retried once on the next one, as load balancers do. */
  const send = (req: IncomingMessage, body: Buffer, res: ServerResponse, backend: number, record: Served, retried: boolean) => {
    const target = targets[backend]!;
    record.backend = backend;
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, agent, headers: { ...req.headers, host: target.host, 'x-forwarded-for': forwardedFor } },
      (answer) => {
        record.status = answer.statusCode;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (record.status !== undefined) return void res.destroy();
      if (!retried) return send(req, body, res, pick(), record, true);
      record.status = 502;
      record.error = error.code ?? error.message;
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'bad_gateway', reason: `backend ${backend} did not answer` }));
    });
    upstream.end(body);
  };

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const record: Served = { backend: pick(), method: req.method ?? 'GET', path: req.url ?? '/' };
    served.push(record);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => send(req, Buffer.concat(chunks), res, record.backend, record, false));
  };

  const server: Server = createServer(forward);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

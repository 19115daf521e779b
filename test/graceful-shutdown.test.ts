/**
 * `npm start` on a random port, then SIGTERM (and SIGINT): the signal reaches the server (no
 * orphaned child), a request in flight still gets its answer, an idle keep-alive connection is
 * closed at once, a body that never finishes does not keep the process alive past the deadline,
 * and afterwards nothing listens on the port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keepForLogScan, logsOnStderr } from './helpers/personal-data.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const DEADLINE_MS = 3000;
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

async function startServer(env: Record<string, string> = {}): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'hue-shutdown-'));
  dirs.push(dir);
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: {
      ...logsOnStderr(process.env),
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: join(dir, 'data'),
      UPLOADS_DIR: join(dir, 'uploads'),
      MODEL_DIR: join(dir, 'no-model'),
      KNOWLEDGE_WATCH: 'false',
      SHUTDOWN_TIMEOUT_MS: String(DEADLINE_MS),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => {
      keepForLogScan(log);
      resolve({ code, signal, at: Date.now() });
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /"url":"http:\/\/127\.0\.0\.1:(\d+)"[^\n]*"msg":"hue-assistant listening"/.exec(log);
      if (m) {
        clearInterval(timer);
        resolve(Number(m[1]));
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`server exited before listening:\n${log}`));
      }
    }, 100);
  });
  return { child, port, output: () => log, exited };
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });

/** Resolves with the time the socket closed. */
const closedAt = (socket: net.Socket) => new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));

describe('graceful shutdown of npm start', () => {
  it('on SIGTERM finishes the request in flight, drops idle and stalled connections, and exits within the deadline', async () => {
    const server = await startServer();
    const { port } = server;
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: { ok: true }, knowledge: { ok: true } } });

    // Photos only within a live conversation: refused before the first message, taken after it (the state is in the worker thread).
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const upload = (cookie: string) => fetch(`http://127.0.0.1:${port}/api/uploads?conversationId=photo-1`, { method: 'POST', headers: { 'content-type': 'image/png', cookie }, body: new Uint8Array(png) });
    expect((await upload('')).status).toBe(403);
    const hello = await fetch(`http://127.0.0.1:${port}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: 'photo-1', text: 'xin chào' }) });
    const cookie = hello.headers.get('set-cookie')!.split(';')[0]!;
    expect((await upload(cookie)).status).toBe(201);

    // An idle keep-alive connection, after one answered request.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const keptAlive = await new Promise<net.Socket>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(socket));
      });
      let socket: net.Socket;
      req.on('socket', (s) => (socket = s));
      req.on('error', reject);
    });
    // Still open and idle in the agent's pool.
    expect(keptAlive.destroyed).toBe(false);
    const keptAliveClosed = closedAt(keptAlive);

    // A body announced but never finished.
    const stalled = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => stalled.once('connect', resolve));
    stalled.on('error', () => undefined);
    stalled.write('POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"conversationId":');
    const stalledClosed = closedAt(stalled);

    // A chat turn whose body is still arriving when the signal comes: it must be answered.
    const body = JSON.stringify({ conversationId: 'shutdown-1', text: 'Đại Nội mở cửa mấy giờ?' });
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/chat', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 700);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const answered = await inFlight;
    expect(answered.status, answered.body).toBe(200);
    expect(JSON.parse(answered.body).replies[0].text.length).toBeGreaterThan(0);
    expect((await keptAliveClosed) - signalledAt).toBeLessThan(1000);
    const exit = await server.exited;
    const stalledAt = await stalledClosed;
    agent.destroy();
    const took = exit.at - signalledAt;
    console.log(`SIGTERM → exit in ${took} ms (deadline ${DEADLINE_MS} ms); stalled body cut after ${stalledAt - signalledAt} ms`);
    expect(exit.code, server.output()).toBe(0);
    expect(took).toBeLessThan(DEADLINE_MS + 1500);
    expect(await refused(port)).toBe(true);
    expect(server.output()).toMatch(/"signal":"SIGTERM"[^\n]*"msg":"shutting down"/);
    expect(server.output()).toMatch(/requests still open at the shutdown deadline were cut off/);
  }, 120_000);

  it('on SIGINT exits promptly with nothing left listening', async () => {
    const server = await startServer({ ASSISTANT_WORKERS: '0' });
    const signalledAt = Date.now();
    server.child.kill('SIGINT');
    const exit = await server.exited;
    expect(exit.code, server.output()).toBe(0);
    expect(exit.at - signalledAt).toBeLessThan(DEADLINE_MS);
    expect(await refused(server.port)).toBe(true);
    expect(server.output()).toMatch(/"signal":"SIGINT"[^\n]*"msg":"shutting down"/);
  }, 120_000);
});

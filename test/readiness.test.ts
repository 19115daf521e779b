/** GET /readyz: 200 only when the database, Redis and the knowledge base answer and no shutdown is under way. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { readinessHandler, type ReadinessCheck } from '../adapters/http/readiness.ts';
import { openSqliteTicketStore } from '../adapters/stores/sqlite-ticket-store.ts';

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function readyz(checks: Record<string, ReadinessCheck>, stopping = () => false) {
  const app = express();
  app.get('/readyz', readinessHandler({ checks, stopping, timeoutMs: 300 }));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
  return { status: res.status, body: (await res.json()) as { status: string; reason?: string; checks: Record<string, { ok: boolean; error?: string }> } };
}

describe('readiness', () => {
  it('is ready when the real database and Redis answer and the knowledge base has entries', async () => {
    const store = openSqliteTicketStore({ file: ':memory:' });
    const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    const r = await readyz({ database: () => store.ping(), redis: async () => void (await redis.ping()), knowledge: async () => ({ entries: 3 }) });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ready', checks: { database: { ok: true }, redis: { ok: true }, knowledge: { ok: true, entries: 3 } } });
    await store.close();
    // A closed database is not ready, and the answer names it without internal detail.
    const down = await readyz({ database: () => store.ping(), redis: async () => void (await redis.ping()) });
    expect(down.status).toBe(503);
    expect(down.body.reason).toBe('not ready: database');
    expect(down.body.checks.database).toMatchObject({ ok: false });
    expect(JSON.stringify(down.body)).not.toMatch(/at .*\.ts/);
    await redis.quit();
  });

  it('is not ready while the knowledge base failed to load, when Redis is unreachable, or a check hangs', async () => {
    const noKnowledge = await readyz({ knowledge: async () => { throw new Error('no assistant worker has loaded the knowledge base'); } });
    expect(noKnowledge.status).toBe(503);
    expect(noKnowledge.body.reason).toBe('not ready: knowledge');
    const redis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    redis.on('error', () => undefined);
    const noRedis = await readyz({ redis: async () => void (await redis.ping()) });
    expect(noRedis.status).toBe(503);
    redis.disconnect();
    const hangs = await readyz({ database: () => new Promise(() => undefined) });
    expect(hangs.status).toBe(503);
    expect(hangs.body.checks.database!.error).toMatch(/no answer within 300 ms/);
  });

  it('is not ready once shutdown began, even with every dependency up', async () => {
    const r = await readyz({ database: async () => undefined }, () => true);
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ status: 'not_ready', reason: 'shutting down' });
  });
});

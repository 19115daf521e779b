/**
 * Exactly-once filing: a repeated confirmation (double tap, two replicas sharing the database and
 * the conversation state, a client retry) files one ticket, on SQLite and on PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../adapters/config.ts';
import { createOpen311Router } from '../adapters/http/open311/router.ts';
import { openAssistantRuntime, type AssistantRuntime } from '../adapters/runtime/assistant-runtime.ts';
import { MemoryConversationStore } from '../adapters/state/memory-conversation-store.ts';
import { RedisConversationStore } from '../adapters/state/redis-conversation-store.ts';
import { openPgTicketStore } from '../adapters/stores/pg-ticket-store.ts';
import { openSqliteTicketStore } from '../adapters/stores/sqlite-ticket-store.ts';
import type { Assistant } from '../bot/assistant.ts';
import type { ComplaintCategory, ConversationStore, Logger } from '../bot/ports.ts';
import { IdempotencyConflictError } from '../bot/tickets/errors.ts';
import type { TicketStore } from '../bot/tickets/ports.ts';
import type { ConversationState } from '../bot/turn.ts';
import type { InboundMessage } from '../bot/types.ts';
import { FakeClock, sampleTicket } from './ticket-store.contract.ts';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = 'redis://127.0.0.1:6379';
const quiet: Logger = { info() {}, warn() {}, error() {} };
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean();
});

/** Two handles on one database, as two replicas (or two processes) would have. */
interface Backend {
  name: string;
  open(clock: FakeClock): Promise<[TicketStore, TicketStore]>;
  /** Inserts a second row with an existing key straight in SQL; the database must refuse it. */
  insertDuplicateKey(key: string): Promise<void>;
  conversations(): ConversationStore<ConversationState>;
}

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'hue-once-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'tickets.sqlite');
  return {
    name: 'sqlite',
    async open(clock) {
      const stores: [TicketStore, TicketStore] = [openSqliteTicketStore({ file, clock }), openSqliteTicketStore({ file, clock })];
      cleanups.push(() => Promise.all(stores.map((s) => s.close())).then(() => undefined));
      return stores;
    },
    async insertDuplicateKey(key) {
      const db = new Database(file);
      try {
        const row = db.prepare('SELECT * FROM tickets WHERE idempotency_key = ?').get(key) as Record<string, unknown>;
        db.prepare(`INSERT INTO tickets ${selectWithNewIdAndCode(Object.keys(row))} FROM tickets WHERE id = ?`).run(row.id);
      } finally {
        db.close();
      }
    },
    conversations: () => new MemoryConversationStore<ConversationState>(),
  };
}

function pgBackend(): Backend {
  const schema = `once_${randomBytes(6).toString('hex')}`;
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  const prefix = `test:once:${randomBytes(6).toString('hex')}:`;
  cleanups.push(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });
  return {
    name: 'postgres',
    async open(clock) {
      const stores = (await Promise.all([1, 2].map(() => openPgTicketStore({ connectionString: PG_URL, schema, clock, poolSize: 4 })))) as [TicketStore, TicketStore];
      cleanups.push(() => Promise.all(stores.map((s) => s.close())).then(() => undefined));
      return stores;
    },
    async insertDuplicateKey(key) {
      const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
      await client.connect();
      try {
        const { rows } = await client.query('SELECT * FROM tickets WHERE idempotency_key = $1', [key]);
        await client.query(`INSERT INTO tickets ${selectWithNewIdAndCode(Object.keys(rows[0]), true)} FROM tickets WHERE idempotency_key = $1`, [key]);
      } finally {
        await client.end();
      }
    },
    conversations: () => new RedisConversationStore<ConversationState>(redis, prefix),
  };
}

/** `SELECT` of a ticket row with a fresh id and code but everything else, the key included, copied. */
function selectWithNewIdAndCode(columns: string[], postgres = false): string {
  const id = postgres ? 'gen_random_uuid()' : "lower(hex(randomblob(16)))";
  return `SELECT ${columns.map((c) => (c === 'id' ? id : c === 'code' ? `code || '-copy'` : c)).join(', ')}`;
}

const CATEGORIES: ComplaintCategory[] = [
  {
    id: 'noise',
    name: { vi: 'Tiếng ồn', en: 'Noise' },
    unit: { name: { vi: 'UBND phường', en: 'Ward People’s Committee' } },
    handlingDays: 3,
    examples: { en: ['karaoke at 2am'] },
    keywords: { en: ['karaoke'] },
    attributes: [],
  },
];

async function runtimeOn(store: TicketStore, conversations: ConversationStore<ConversationState>, clock: FakeClock, dir: string): Promise<AssistantRuntime> {
  const config = loadConfig({
    DATA_DIR: dir,
    MODEL_DIR: join(dir, 'no-model'),
    KNOWLEDGE_WATCH: 'false',
    ...(process.env.MODEL_CACHE_DIR ? { MODEL_CACHE_DIR: process.env.MODEL_CACHE_DIR } : {}),
  });
  const runtime = await openAssistantRuntime(config, { tickets: store, clock, logger: quiet, conversations });
  cleanups.push(() => runtime.close());
  return runtime;
}

/** Walks an English intake up to its summary, alternating replicas as a round-robin proxy would. */
async function toSummary(replicas: Assistant[], who: Pick<InboundMessage, 'channel' | 'conversationId' | 'userId'>, place: string): Promise<void> {
  const steps: Partial<InboundMessage>[] = [
    { text: 'the taxi from the airport charged me 900k, way more than the meter', langChoice: 'en' },
    { text: 'yes' },
    { text: place },
    { postback: 'intake:skip' },
    { postback: 'intake:skip' },
  ];
  let last = '';
  for (const [i, step] of steps.entries()) last = (await replicas[i % replicas.length]!.handle({ ...who, ...step })).text;
  expect(last).toMatch(/Please check/i);
}

for (const makeBackend of [sqliteBackend, pgBackend]) {
  const backend = makeBackend();
  describe(`exactly-once filing on ${backend.name}`, () => {
    const clock = new FakeClock(new Date('2026-03-02T03:00:00Z'));
    let stores: [TicketStore, TicketStore];

    it('files one ticket for a key however often and from however many connections it is repeated', async () => {
      stores = await backend.open(clock);
      const key = { key: `test:${randomBytes(4).toString('hex')}` };
      // Twenty concurrent creations with one key, split over two handles on the same database.
      const made = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]!.create(sampleTicket({ idempotency: key }))));
      expect(new Set(made.map((t) => t.id)).size).toBe(1);
      expect(new Set(made.map((t) => t.code)).size).toBe(1);
      const all = await stores[0].list({ limit: 1000 });
      expect(all.filter((t) => t.id === made[0]!.id)).toHaveLength(1);
      expect(all).toHaveLength(1);
      // Without a key, each creation is its own ticket.
      await stores[1].create(sampleTicket());
      await stores[0].create(sampleTicket());
      expect(await stores[0].list({ limit: 1000 })).toHaveLength(3);
    });

    it('refuses a key reused with another fingerprint, and the database itself refuses a duplicate key', async () => {
      const key = `test:${randomBytes(4).toString('hex')}`;
      const first = await stores[0].create(sampleTicket({ idempotency: { key, fingerprint: 'a' } }));
      expect((await stores[1].create(sampleTicket({ idempotency: { key, fingerprint: 'a' } }))).id).toBe(first.id);
      await expect(stores[1].create(sampleTicket({ idempotency: { key, fingerprint: 'b' } }))).rejects.toBeInstanceOf(IdempotencyConflictError);
      await expect(backend.insertDuplicateKey(key)).rejects.toThrow(/unique|duplicate/i);
    });

    it('two replicas sharing the conversation state file one ticket when both get the confirmation at once', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hue-once-rt-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const conversations = backend.conversations();
      const replicas = await Promise.all(stores.map((s, i) => runtimeOn(s, conversations, clock, join(dir, `r${i}`))));
      const assistants = replicas.map((r) => r.assistant);
      const before = (await stores[0].list({ limit: 1000 })).length;
      for (let round = 0; round < 3; round++) {
        const who = { channel: 'web' as const, conversationId: `once-${backend.name}-${round}`, userId: `u-${round}` };
        // Another place each round, so an earlier round's ticket is not offered as the same problem.
        await toSummary(assistants, who, `Taxi rank number ${round + 1} outside ${backend.name} arrivals, ward Phu Xuan`);
        const confirm = { ...who, postback: 'intake:confirm' };
        const replies = await Promise.all([assistants[0]!.handle(confirm), assistants[1]!.handle(confirm), assistants[0]!.handle(confirm)]);
        const codes = replies.map((r) => r.meta.ticketCode);
        expect(codes[0], replies[0]!.text).toBeDefined();
        expect(new Set(codes).size, replies.map((r) => r.text).join('\n---\n')).toBe(1);
        expect(new Set(replies.map((r) => r.text)).size).toBe(1);
        // A fourth press later, after the state was saved without the intake, repeats the confirmation.
        const again = await assistants[1]!.handle(confirm);
        expect(again.meta.ticketCode, again.text).toBe(codes[0]);
        expect(again.text).toBe(replies[0]!.text);
      }
      const mine = (await stores[0].list({ limit: 1000 })).filter((t) => t.reporter.conversationId.startsWith(`once-${backend.name}-`));
      expect(mine).toHaveLength(3);
      expect((await stores[0].list({ limit: 1000 })).length - before).toBe(3);
    });

    it('Open311 POST requests honours Idempotency-Key', async () => {
      const app = express();
      app.use('/open311/v2', createOpen311Router({ store: stores[0], categories: () => CATEGORIES, apiKeys: ['k1', 'k2'], jurisdictionId: 'hue.gov.vn', clock }));
      const server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open311/v2/requests.json`;
      const post = (body: Record<string, unknown>, key?: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
          body: JSON.stringify(body),
        });
      const request = { api_key: 'k1', service_code: 'noise', description: 'karaoke until 2am every night', address_string: '5 Lê Lợi' };
      const count = async () => (await stores[0].list({ category: 'noise', limit: 1000 })).length;
      const before = await count();
      const key = `retry-${randomBytes(4).toString('hex')}`;
      const first = await post(request, key);
      expect(first.status).toBe(201);
      const firstBody = await first.text();
      // A retry after a lost response, the same fields in another order, and five at once.
      const retry = await post({ address_string: request.address_string, description: request.description, service_code: 'noise', api_key: 'k1' }, key);
      expect(retry.status).toBe(201);
      expect(await retry.text()).toBe(firstBody);
      const burst = await Promise.all(Array.from({ length: 5 }, () => post(request, key)));
      for (const r of burst) expect(await r.text()).toBe(firstBody);
      expect(await count()).toBe(before + 1);
      // The same key with another body is refused with a JSON reason and files nothing.
      const changed = await post({ ...request, description: 'karaoke until 3am every night' }, key);
      expect(changed.status).toBe(422);
      expect(changed.headers.get('content-type')).toMatch(/json/);
      expect(JSON.stringify(await changed.json())).toMatch(/idempotency key/i);
      // Keys belong to a client: another API key with the same Idempotency-Key files its own request.
      const other = await post({ ...request, api_key: 'k2' }, key);
      expect(other.status).toBe(201);
      expect(await other.text()).not.toBe(firstBody);
      // Without the header every POST is new; a malformed key is a 400.
      await post(request);
      await post(request);
      expect(await count()).toBe(before + 4);
      const bad = await post(request, 'a b');
      expect(bad.status).toBe(400);
      expect(await count()).toBe(before + 4);
    });
  });
}

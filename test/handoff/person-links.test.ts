import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPersonLinks, personKeyOf } from '../../adapters/stores/person-links.ts';
import { openPgTicketStore } from '../../adapters/stores/pg-ticket-store.ts';
import { openSqliteTicketStore } from '../../adapters/stores/sqlite-ticket-store.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';
import { FakeClock, sampleTicket } from '../ticket-store.contract.ts';
import { TEST_DATABASE_URL, throwaway } from '../helpers/throwaway.ts';
import { describePersonLinksContract } from './person-links.contract.ts';

const URL = TEST_DATABASE_URL;
const made = throwaway('pl');
const freshSchema = () => made.schema();

describePersonLinksContract(
  'sqlite',
  async (clock) => openSqliteTicketStore({ file: ':memory:', clock }),
  async (clock) => {
    // Two connections to one file, as two processes on one server would have.
    const dir = made.folder();
    const file = join(dir, 'tickets.sqlite');
    const stores = [openSqliteTicketStore({ file, clock }), openSqliteTicketStore({ file, clock })] as const;
    return { stores: [...stores], close: async () => void (await Promise.all(stores.map((s) => s.close()))) };
  },
);

describePersonLinksContract(
  'postgres',
  async (clock) => openPgTicketStore({ connectionString: URL, schema: freshSchema(), clock }),
  async (clock) => {
    const schema = freshSchema();
    const stores = await Promise.all([1, 2].map(() => openPgTicketStore({ connectionString: URL, schema, clock, poolSize: 4 })));
    return { stores: [stores[0]!, stores[1]!], close: async () => void (await Promise.all(stores.map((s) => s.close()))) };
  },
);

/**
 * A database from before typed numbers stopped linking conversations: the same schema without
 * the report's key and its indexes, with the links typed numbers made then.
 */
interface OldDatabase {
  open(clock: FakeClock): Promise<TicketStore>;
  /** Takes the last migration back and stores these links as typed ('intake') ones. */
  rewind(links: { personKey: string; channel: string; userId: string; ticketId: string; at: Date }[]): Promise<void>;
}

const SECRET = Buffer.alloc(32, 7);

function describeMigration(name: string, make: () => OldDatabase): void {
  describe(`${name} person links migration`, () => {
    it("carries a typed number's old link over to its report, and drops it from the conversation that typed it", async () => {
      const db = make();
      const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));
      const first = await db.open(clock);
      const consent = { purpose: 'p', at: clock.now() };
      const lans = await first.create(sampleTicket({ reporter: { channel: 'zalo', conversationId: 'zu-lan', userId: 'zu-lan' }, contactPhone: '0905123456', consent }));
      const mallorys = await first.create(sampleTicket({ reporter: { channel: 'telegram', conversationId: 'tg-mallory', userId: 'tg-mallory' }, contactPhone: '0905123456', consent }));
      await first.close();
      const key = personKeyOf(SECRET, '0905123456');
      await db.rewind([
        { personKey: key, channel: 'zalo', userId: 'zu-lan', ticketId: lans.id, at: clock.now() },
        { personKey: key, channel: 'telegram', userId: 'tg-mallory', ticketId: mallorys.id, at: clock.now() },
      ]);

      const store = await db.open(clock);
      try {
        expect(await store.personLinks.linksOf({ channel: 'telegram', userId: 'tg-mallory' })).toEqual([]);
        expect(await store.personLinks.linksOf({ channel: 'zalo', userId: 'zu-lan' })).toEqual([]);
        const held = { channel: 'zalo' as const, userId: 'zu-lan', conversationId: 'zu-lan', lang: 'vi' as const, kind: 'ticket' as const, ticketCode: lans.code, text: 'x' };
        await store.messages.holdNew(held, 'outside the window', clock.now());
        expect(await store.messages.takeHeld('telegram', 'tg-mallory', clock.now())).toEqual([]);
        await createPersonLinks({ store: store.personLinks, secret: SECRET }).linkOwnPhone({ channel: 'telegram', userId: 'tg-lan' }, '0905123456', clock.now());
        expect((await store.messages.takeHeld('telegram', 'tg-lan', clock.now())).map((m) => m.ticketCode)).toEqual([lans.code]);
      } finally {
        await store.close();
      }
    });
  });
}

describeMigration('sqlite', () => {
  const dir = made.folder();
  const file = join(dir, 'tickets.sqlite');
  return {
    open: async (clock) => openSqliteTicketStore({ file, clock }),
    async rewind(links) {
      const db = new Database(file);
      try {
        db.exec(`DROP INDEX tickets_person; DROP INDEX message_outbox_ticket; ALTER TABLE tickets DROP COLUMN person_key;
          DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`);
        const insert = db.prepare(`INSERT INTO person_links (person_key, channel, user_id, source, ticket_id, linked_at) VALUES (?, ?, ?, 'intake', ?, ?)`);
        for (const l of links) insert.run(l.personKey, l.channel, l.userId, l.ticketId, l.at.toISOString());
      } finally {
        db.close();
      }
    },
  };
});

describeMigration('postgres', () => {
  const schema = freshSchema();
  return {
    open: async (clock) => openPgTicketStore({ connectionString: URL, schema, clock }),
    async rewind(links) {
      const client = new pg.Client({ connectionString: URL });
      await client.connect();
      try {
        await client.query(`SET search_path TO ${schema}`);
        await client.query(`DROP INDEX message_outbox_ticket; ALTER TABLE tickets DROP COLUMN person_key;
          DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`);
        for (const l of links) {
          await client.query(`INSERT INTO person_links (person_key, channel, user_id, source, ticket_id, linked_at) VALUES ($1, $2, $3, 'intake', $4, $5)`, [
            l.personKey, l.channel, l.userId, l.ticketId, l.at,
          ]);
        }
      } finally {
        await client.end();
      }
    },
  };
});

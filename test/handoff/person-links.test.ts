import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openPgTicketStore } from '../../adapters/stores/pg-ticket-store.ts';
import { openSqliteTicketStore } from '../../adapters/stores/sqlite-ticket-store.ts';
import { describePersonLinksContract } from './person-links.contract.ts';

const URL = 'postgres://postgres@127.0.0.1:5432/test';
const schemas: string[] = [];
const folders: string[] = [];
const freshSchema = () => {
  const name = `pl_${randomBytes(6).toString('hex')}`;
  schemas.push(name);
  return name;
};

afterAll(async () => {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await client.end();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describePersonLinksContract(
  'sqlite',
  async (clock) => openSqliteTicketStore({ file: ':memory:', clock }),
  async (clock) => {
    // Two connections to one file, as two processes on one server would have.
    const dir = mkdtempSync(join(tmpdir(), 'hue-links-'));
    folders.push(dir);
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

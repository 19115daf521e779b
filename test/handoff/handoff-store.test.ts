import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openPgTicketStore } from '../../adapters/stores/pg-ticket-store.ts';
import { openSqliteTicketStore } from '../../adapters/stores/sqlite-ticket-store.ts';
import { describeHandoffStoreContract } from './handoff-store.contract.ts';

const URL = 'postgres://postgres@127.0.0.1:5432/test';
const schemas: string[] = [];

afterAll(async () => {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await client.end();
});

describeHandoffStoreContract('sqlite', async () => openSqliteTicketStore({ file: ':memory:' }));
describeHandoffStoreContract('postgres', async () => {
  const schema = `h_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return openPgTicketStore({ connectionString: URL, schema });
});

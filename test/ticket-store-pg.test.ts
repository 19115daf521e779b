import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgTicketStore } from '../adapters/stores/pg-ticket-store.ts';
import { describeTicketStoreContract, FakeClock, sampleTicket } from './ticket-store.contract.ts';

const URL = 'postgres://postgres@127.0.0.1:5432/test';
const schemas: string[] = [];
const freshSchema = () => {
  const name = `t_${randomBytes(6).toString('hex')}`;
  schemas.push(name);
  return name;
};

afterAll(async () => {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await client.end();
});

describeTicketStoreContract('postgres', async (clock) => openPgTicketStore({ connectionString: URL, schema: freshSchema(), clock }));

describe('postgres ticket store', () => {
  it('migrates once when several instances start together on the same schema', async () => {
    const schema = freshSchema();
    const clock = new FakeClock(new Date('2026-05-01T00:00:00Z'));
    const stores = await Promise.all([1, 2, 3].map(() => openPgTicketStore({ connectionString: URL, schema, clock, poolSize: 4 })));
    const made = await Promise.all(stores.flatMap((s) => [s.create(sampleTicket()), s.create(sampleTicket())]));
    expect(new Set(made.map((t) => t.code)).size).toBe(6);
    await Promise.all(stores.map((s) => s.close()));
  });
});

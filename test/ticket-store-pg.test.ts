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

describeTicketStoreContract('postgres', async (clock, newCode) => openPgTicketStore({ connectionString: URL, schema: freshSchema(), clock, newCode }));

describe('postgres ticket store', () => {
  it('migrates once when several instances start together on the same schema', async () => {
    const schema = freshSchema();
    const clock = new FakeClock(new Date('2026-05-01T00:00:00Z'));
    const stores = await Promise.all([1, 2, 3].map(() => openPgTicketStore({ connectionString: URL, schema, clock, poolSize: 4 })));
    const made = await Promise.all(stores.flatMap((s) => [s.create(sampleTicket()), s.create(sampleTicket())]));
    expect(new Set(made.map((t) => t.code)).size).toBe(6);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('several servers purging and dispatching at once: every ticket erased once, every outbox item claimed once', async () => {
    const schema = freshSchema();
    const clock = new FakeClock(new Date('2026-05-01T00:00:00Z'));
    const stores = await Promise.all([1, 2, 3].map(() => openPgTicketStore({ connectionString: URL, schema, clock, poolSize: 4 })));
    const made = [];
    for (let i = 0; i < 120; i++) made.push(await stores[i % 3]!.create(sampleTicket({ contactPhone: '0905000000', consent: { purpose: 'call back', at: clock.now() } })));
    for (const t of made.slice(0, 60)) await stores[0]!.changeStatus(t.code, { status: 'in_progress', by: 'staff-1' });

    const claims = await Promise.all(stores.flatMap((s) => [1, 2, 3].map(() => s.outbox.claimDue(clock.now(), 15, 60_000))));
    const claimed = claims.flat().map((item) => item.id);
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed).size).toBe(60);

    clock.advance(400 * 24 * 60 * 60 * 1000);
    const cutoff = new Date(clock.now().getTime() - 365 * 24 * 60 * 60 * 1000);
    const counts = await Promise.all([...stores, ...stores].map((s) => s.purgePersonalDataOlderThan(cutoff)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(120);
    const after = await stores[1]!.list({ limit: 1000 });
    expect(after.filter((t) => t.contactPhone !== undefined)).toHaveLength(0);
    expect(after.every((t) => t.history.filter((h) => h.event === 'erased').length === 1)).toBe(true);
    await Promise.all(stores.map((s) => s.close()));
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgStaffStore } from '../adapters/stores/pg-staff-store.ts';
import { openSqliteStaffStore } from '../adapters/stores/sqlite-staff-store.ts';
import { openSqliteTicketStore } from '../adapters/stores/sqlite-ticket-store.ts';
import { openPgTicketStore } from '../adapters/stores/pg-ticket-store.ts';
import { describeStaffStoreContract } from './staff-store.contract.ts';
import { sampleTicket } from './ticket-store.contract.ts';

const URL = 'postgres://postgres@127.0.0.1:5432/test';
const schemas: string[] = [];
const freshSchema = () => {
  const name = `s_${randomBytes(6).toString('hex')}`;
  schemas.push(name);
  return name;
};
afterAll(async () => {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await client.end();
});

const dir = mkdtempSync(join(tmpdir(), 'hue-staff-store-'));
let n = 0;
describeStaffStoreContract('sqlite', async () => openSqliteStaffStore({ file: join(dir, `t${n++}.sqlite`) }));
describeStaffStoreContract('postgres', async () => openPgStaffStore({ connectionString: URL, schema: freshSchema() }));

describe('staff tables live in the ticket database', () => {
  it('on SQLite: the ticket store and the staff store share one file and its migrations', async () => {
    const file = join(dir, 'shared.sqlite');
    const tickets = openSqliteTicketStore({ file });
    const staff = openSqliteStaffStore({ file });
    const t = await tickets.create(sampleTicket());
    await staff.recordAudit({ at: new Date(), actor: 'lan', action: 'status', ticketCode: t.code });
    expect(await staff.auditForTicket(t.code)).toHaveLength(1);
    await staff.close();
    await tickets.close();
  });

  it('on PostgreSQL: either store may migrate first', async () => {
    const schema = freshSchema();
    const staff = await openPgStaffStore({ connectionString: URL, schema });
    const tickets = await openPgTicketStore({ connectionString: URL, schema });
    const t = await tickets.create(sampleTicket());
    await staff.recordAudit({ at: new Date(), actor: 'lan', action: 'status', ticketCode: t.code });
    expect(await staff.auditForTicket(t.code)).toHaveLength(1);
    await staff.close();
    await tickets.close();
  });
});

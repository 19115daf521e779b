import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteTicketStore } from '../adapters/stores/sqlite-ticket-store.ts';
import { describeTicketStoreContract, FakeClock, sampleTicket } from './ticket-store.contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'hue-tickets-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A real file rather than :memory:, so WAL and the pragmas are exercised as in production.
describeTicketStoreContract('sqlite', async (clock, newCode) => openSqliteTicketStore({ file: join(dir, `t${++n}.sqlite`), clock, newCode }));

describe('sqlite ticket store file', () => {
  it('keeps tickets and counters across reopen and migrates only once', async () => {
    const clock = new FakeClock(new Date('2026-05-01T00:00:00Z'));
    const file = join(dir, 'reopen', 'tickets.sqlite');
    const first = openSqliteTicketStore({ file, clock, codePrefix: 'HUE' });
    const t = await first.create(sampleTicket());
    await first.close();
    const second = openSqliteTicketStore({ file, clock });
    expect((await second.getByCode(t.code))?.description).toBe(t.description);
    const next = await second.create(sampleTicket());
    expect(next.code).not.toBe(t.code);
    expect((await second.list({})).map((x) => x.code)).toEqual([next.code, t.code]);
    await second.close();
  });
});

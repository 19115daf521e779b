import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteTicketStore } from '../adapters/stores/sqlite-ticket-store.ts';
import { createStaffRouter } from '../adapters/http/staff-api.ts';
import type { Logger } from '../bot/ports.ts';
import type { TicketStore } from '../bot/tickets/ports.ts';
import { startStaffTestApp, type StaffTestApp } from './helpers/staff-app.ts';
import { FakeClock, sampleTicket } from './ticket-store.contract.ts';

const TOKEN = 'staff-secret-token-1';
const logLines: string[] = [];
const logger: Logger = {
  info: (m, c) => logLines.push(`${m} ${JSON.stringify(c)}`),
  warn: (m, c) => logLines.push(`${m} ${JSON.stringify(c)}`),
  error: (m, c) => logLines.push(`${m} ${JSON.stringify(c)}`),
};

async function serve(tokens: string[]): Promise<{ app: StaffTestApp; base: string }> {
  const app = await startStaffTestApp({ routers: [{ path: '/staff/api', router: createStaffRouter({ store, logger }) }], tokens, logger });
  return { app, base: `${app.base}/staff/api` };
}

let store: TicketStore;
let app: StaffTestApp;
let base: string;
const clock = new FakeClock(new Date('2026-06-01T01:00:00Z'));
const auth = { authorization: `Bearer ${TOKEN}` };
const call = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...(init.headers ?? {}) } });

beforeAll(async () => {
  store = openSqliteTicketStore({ file: ':memory:', clock });
  ({ app, base } = await serve(['other-token', TOKEN]));
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('staff API', () => {
  it('answers 401 without a token, with a wrong one, and when no tokens are configured', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }];
    for (const headers of attempts) {
      const res = await fetch(`${base}/tickets`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    }
    const empty = await serve([]);
    const res = await fetch(`${empty.base}/tickets`, { headers: { authorization: 'Bearer ' } });
    expect(res.status).toBe(401);
    expect((await fetch(`${empty.base}/tickets`, { headers: auth })).status).toBe(401);
    await empty.app.close();
  });

  it('lists and filters tickets without exposing phone numbers', async () => {
    const consent = { purpose: 'call back', at: clock.now() };
    const a = await store.create(sampleTicket({ category: 'noise', description: 'Karaoke late', contactPhone: '0905123456', consent }));
    clock.advance(60_000);
    const b = await store.create(sampleTicket({ address: '3 Lê Lợi, p. Thuận Hóa' }));
    const all = await (await call('/tickets')).json();
    expect(all.tickets.map((t: { code: string }) => t.code)).toEqual([b.code, a.code]);
    expect(JSON.stringify(all)).not.toContain('0905123456');
    const noise = await (await call('/tickets?category=noise')).json();
    expect(noise.tickets.map((t: { code: string }) => t.code)).toEqual([a.code]);
    const ward = await (await call(`/tickets?ward=${encodeURIComponent('Thuận Hóa')}`)).json();
    expect(ward.tickets.map((t: { code: string }) => t.code)).toEqual([b.code]);
    const q = await (await call('/tickets?q=karaoke&status=received,in_progress&from=2026-06-01&limit=5')).json();
    expect(q.tickets.map((t: { code: string }) => t.code)).toEqual([a.code]);
    expect((await (await call('/tickets?to=2026-05-01')).json()).tickets).toEqual([]);
    const bad = await call('/tickets?status=done&limit=0');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_request', field: 'status' });
  });

  it('shows one ticket with its history, 404 for an unknown code', async () => {
    const t = await store.create(sampleTicket());
    await store.changeStatus(t.code, { status: 'received', internalNote: 'pole 17', by: 'x' });
    const res = await call(`/tickets/${t.code}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.code).toBe(t.code);
    expect(body.history.at(-1)).toMatchObject({ internalNote: 'pole 17' });
    expect((await call('/tickets/HUE-2026-999999')).status).toBe(404);
  });

  it('changes status, writing the outbox exactly once, and rejects bad input', async () => {
    const t = await store.create(sampleTicket({ contactPhone: '0905777888', consent: { purpose: 'call back', at: clock.now() } }));
    const res = await call(`/tickets/${t.code}/status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'in_progress', publicNote: 'Crew sent', internalNote: 'crew 2', by: 'Lan' }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('in_progress');
    expect(body.history.at(-1).by).toMatch(/^Lan \(token:[0-9a-f]{8}\)$/);
    const shown = await (await call(`/tickets/${t.code}`)).json();
    expect(shown.audit).toEqual([
      { at: expect.any(String), actor: expect.stringMatching(/^token:[0-9a-f]{8}$/), action: 'status', ticketCode: t.code, details: { status: 'in_progress', publicNote: true, internalNote: true } },
    ]);
    const claimed = (await store.outbox.claimDue(clock.now(), 100, 60_000)).filter((i) => i.ticketCode === t.code);
    expect(claimed).toHaveLength(1);
    expect(claimed[0]?.publicNote).toBe('Crew sent');

    const internal = await call(`/tickets/${t.code}/status`, { method: 'POST', body: JSON.stringify({ status: 'in_progress', internalNote: 'called' }) });
    expect(internal.status).toBe(200);
    clock.advance(120_000);
    expect((await store.outbox.claimDue(clock.now(), 100, 60_000)).filter((i) => i.ticketCode === t.code && i.id !== claimed[0]?.id)).toEqual([]);

    const illegal = await call(`/tickets/${t.code}/status`, { method: 'POST', body: JSON.stringify({ status: 'received' }) });
    expect(illegal.status).toBe(400);
    expect(await illegal.json()).toEqual({ error: 'illegal_transition', reason: 'A ticket cannot go from in_progress to received', field: 'status' });
    const invalid = await call(`/tickets/${t.code}/status`, { method: 'POST', body: JSON.stringify({ status: 'done' }) });
    expect(invalid.status).toBe(400);
    const malformed = await call(`/tickets/${t.code}/status`, { method: 'POST', body: '{"status":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'invalid_json', reason: 'request body is not valid JSON' });
    const unknown = await call('/tickets/HUE-2026-999999/status', { method: 'POST', body: JSON.stringify({ status: 'resolved' }) });
    expect(unknown.status).toBe(404);
    expect(logLines.join('\n')).not.toContain('0905777888');
  });

  it('erases personal data', async () => {
    const t = await store.create(sampleTicket({ contactPhone: '0905999000', consent: { purpose: 'call back', at: clock.now() } }));
    const res = await call(`/tickets/${t.code}/personal-data`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.contactPhone).toBeUndefined();
    expect(body.address).toBeUndefined();
    expect(body.photos).toEqual([]);
    expect(body.history.at(-1).event).toBe('erased');
    expect((await store.getByCode(t.code))?.contactPhone).toBeUndefined();
    expect((await call('/tickets/HUE-2026-999999/personal-data', { method: 'DELETE' })).status).toBe(404);
    expect(logLines.join('\n')).not.toContain('0905999000');
  });
});

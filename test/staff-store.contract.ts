/** Behaviour every StaffStore implementation must have; run by the SQLite and PostgreSQL suites. */
import { describe, expect, it } from 'vitest';
import { StaffAccountExistsError, StaffAccountNotFoundError, type StaffStore } from '../adapters/staff/store.ts';

const limits = { idleMs: 30 * 60_000, maxAgeMs: 12 * 3_600_000 };
const at = new Date('2026-06-01T02:00:00Z');
const later = (ms: number) => new Date(at.getTime() + ms);

export function describeStaffStoreContract(name: string, open: () => Promise<StaffStore>) {
  describe(`staff store contract: ${name}`, () => {
    it('keeps accounts with unique names compared without case, and changes them', async () => {
      const store = await open();
      const lan = await store.createAccount('Lan', 'editor', 'scrypt$hash', at, true);
      expect(lan).toMatchObject({ name: 'Lan', role: 'editor', disabled: false, mustChangePassword: true });
      await expect(store.createAccount('lan', 'agent', 'x', at, false)).rejects.toBeInstanceOf(StaffAccountExistsError);
      expect(await store.findAccount('LAN')).toMatchObject({ id: lan.id, passwordHash: 'scrypt$hash' });
      await store.setPassword('lan', 'scrypt$new', false);
      await store.setRole('lan', 'admin');
      expect(await store.findAccount('Lan')).toMatchObject({ role: 'admin', passwordHash: 'scrypt$new', mustChangePassword: false });
      await store.createAccount('an.nguyen', 'agent', 'x', at, false);
      expect((await store.listAccounts()).map((a) => a.name)).toEqual(['an.nguyen', 'Lan']);
      await expect(store.setRole('nobody', 'agent')).rejects.toBeInstanceOf(StaffAccountNotFoundError);
      expect(await store.findAccount('nobody')).toBeUndefined();
      await store.close();
    });

    it('ends a session that is idle too long, too old, logged out, or whose account is disabled or re-passworded', async () => {
      const store = await open();
      const a = await store.createAccount('minh', 'agent', 'h', at, false);
      await store.createSession('d1', a.id, at);
      expect((await store.useSession('d1', later(20 * 60_000), limits))?.account.name).toBe('minh');
      // Use moved the idle window: 20 + 25 minutes is fine, a further 31 idle minutes is not.
      expect(await store.useSession('d1', later(45 * 60_000), limits)).toBeDefined();
      expect(await store.useSession('d1', later(76 * 60_000 + 1), limits)).toBeUndefined();
      expect(await store.useSession('d1', later(77 * 60_000), limits)).toBeUndefined();

      await store.createSession('d2', a.id, at);
      let t = 0;
      for (; t < 12 * 3_600_000; t += 25 * 60_000) expect(await store.useSession('d2', later(t), limits)).toBeDefined();
      expect(await store.useSession('d2', later(t), limits)).toBeUndefined();

      await store.createSession('d3', a.id, at);
      await store.endSession('d3');
      expect(await store.useSession('d3', at, limits)).toBeUndefined();

      await store.createSession('d4', a.id, at);
      await store.setDisabled('minh', true);
      expect(await store.useSession('d4', at, limits)).toBeUndefined();
      await store.setDisabled('minh', false);
      await store.createSession('d5', a.id, at);
      await store.setPassword('minh', 'h2', false);
      expect(await store.useSession('d5', at, limits)).toBeUndefined();
      expect(await store.useSession('unknown', at, limits)).toBeUndefined();

      await store.createSession('old', a.id, at);
      await store.createSession('fresh', a.id, later(60 * 60_000));
      expect(await store.endExpiredSessions(later(60 * 60_000 + 1), limits)).toBe(1);
      expect(await store.useSession('fresh', later(61 * 60_000), limits)).toBeDefined();
      await store.close();
    });

    it('keeps the audit trail per ticket in order, and one secret per name', async () => {
      const store = await open();
      await store.recordAudit({ at, actor: 'lan', action: 'status', ticketCode: 'HUE-2026-000001', details: { status: 'in_progress', publicNote: true } });
      await store.recordAudit({ at: later(1000), actor: 'token:abcd1234', action: 'status', ticketCode: 'HUE-2026-000002' });
      await store.recordAudit({ at: later(2000), actor: 'minh', action: 'erase-personal-data', ticketCode: 'HUE-2026-000001' });
      await store.recordAudit({ at: later(3000), actor: 'minh', action: 'logout' });
      const trail = await store.auditForTicket('HUE-2026-000001');
      expect(trail.map((e) => [e.actor, e.action])).toEqual([['lan', 'status'], ['minh', 'erase-personal-data']]);
      expect(trail[0]).toMatchObject({ at, details: { status: 'in_progress', publicNote: true } });
      expect((await store.recentAudit(2)).map((e) => e.action)).toEqual(['logout', 'erase-personal-data']);
      const s = await store.secret('staff-csrf');
      expect(s).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect(await store.secret('staff-csrf')).toBe(s);
      expect(await store.secret('other')).not.toBe(s);
      await store.close();
    });
  });
}

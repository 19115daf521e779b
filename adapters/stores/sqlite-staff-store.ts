import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { StaffRole } from '../staff/roles.ts';
import {
  StaffAccountExistsError,
  StaffAccountNotFoundError,
  type AuditEntry,
  type StaffAccount,
  type StaffAccountWithHash,
  type StaffStore,
} from '../staff/store.ts';
import { migrateSqlite } from './sqlite-migrations.ts';

interface AccountRow {
  id: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  disabled: number;
  must_change_password: number;
  created_at: string;
}
interface AuditRow {
  at: string;
  actor: string;
  action: string;
  ticket_code: string | null;
  details: string | null;
}

export const nameKey = (name: string) => name.normalize('NFC').toLowerCase();

const account = (r: AccountRow): StaffAccount => ({ id: r.id, name: r.name, role: r.role, disabled: r.disabled === 1, mustChangePassword: r.must_change_password === 1, createdAt: new Date(r.created_at) });
const audit = (r: AuditRow): AuditEntry => ({
  at: new Date(r.at),
  actor: r.actor,
  action: r.action,
  ...(r.ticket_code ? { ticketCode: r.ticket_code } : {}),
  ...(r.details ? { details: JSON.parse(r.details) as AuditEntry['details'] } : {}),
});

/** Staff store on the ticket database's SQLite file (its own connection; the migrations are shared). */
export function openSqliteStaffStore(options: { file: string }): StaffStore {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrateSqlite(db);

  const byName = db.prepare('SELECT * FROM staff_accounts WHERE name_key = ?');
  const endSessionsOf = db.prepare('DELETE FROM staff_sessions WHERE account_id = ?');
  const mustGet = (name: string): AccountRow => {
    const row = byName.get(nameKey(name)) as AccountRow | undefined;
    if (!row) throw new StaffAccountNotFoundError(name);
    return row;
  };
  const updateAccount = (name: string, changes: Partial<Record<'password_hash' | 'role' | 'disabled' | 'must_change_password', string | number>>, endSessions: boolean) =>
    db.transaction(() => {
      const row = mustGet(name);
      const columns = Object.keys(changes);
      db.prepare(`UPDATE staff_accounts SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...Object.values(changes), row.id);
      if (endSessions) endSessionsOf.run(row.id);
    }).immediate();

  const sessionJoin = db.prepare(`SELECT s.created_at AS s_created, s.last_seen_at AS s_seen, a.* FROM staff_sessions s
    JOIN staff_accounts a ON a.id = s.account_id WHERE s.token_hash = ?`);
  const deleteSession = db.prepare('DELETE FROM staff_sessions WHERE token_hash = ?');

  return {
    async createAccount(name, role, passwordHash, at, mustChangePassword) {
      if (byName.get(nameKey(name))) throw new StaffAccountExistsError(name);
      const id = randomUUID();
      try {
        db.prepare(`INSERT INTO staff_accounts (id, name, name_key, role, password_hash, must_change_password, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)`).run(id, name, nameKey(name), role, passwordHash, mustChangePassword ? 1 : 0, at.toISOString());
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new StaffAccountExistsError(name);
        throw error;
      }
      return { id, name, role, disabled: false, mustChangePassword, createdAt: at };
    },
    async findAccount(name) {
      const row = byName.get(nameKey(name)) as AccountRow | undefined;
      return row ? ({ ...account(row), passwordHash: row.password_hash } satisfies StaffAccountWithHash) : undefined;
    },
    async listAccounts() {
      return (db.prepare('SELECT * FROM staff_accounts ORDER BY name_key').all() as AccountRow[]).map(account);
    },
    async setPassword(name, passwordHash, mustChangePassword) {
      updateAccount(name, { password_hash: passwordHash, must_change_password: mustChangePassword ? 1 : 0 }, true);
    },
    async setRole(name, role) {
      updateAccount(name, { role }, false);
    },
    async setDisabled(name, disabled) {
      updateAccount(name, { disabled: disabled ? 1 : 0 }, disabled);
    },
    async createSession(tokenHash, accountId, at) {
      db.prepare('INSERT INTO staff_sessions (token_hash, account_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)')
        .run(tokenHash, accountId, at.toISOString(), at.toISOString());
    },
    async useSession(tokenHash, now, limits) {
      const row = sessionJoin.get(tokenHash) as (AccountRow & { s_created: string; s_seen: string }) | undefined;
      if (!row) return undefined;
      const createdAt = new Date(row.s_created);
      const lastSeenAt = new Date(row.s_seen);
      const t = now.getTime();
      if (row.disabled === 1 || t - lastSeenAt.getTime() > limits.idleMs || t - createdAt.getTime() > limits.maxAgeMs) {
        deleteSession.run(tokenHash);
        return undefined;
      }
      db.prepare('UPDATE staff_sessions SET last_seen_at = ? WHERE token_hash = ?').run(now.toISOString(), tokenHash);
      return { account: account(row), createdAt, lastSeenAt: now };
    },
    async endSession(tokenHash) {
      deleteSession.run(tokenHash);
    },
    async endExpiredSessions(now, limits) {
      return db
        .prepare('DELETE FROM staff_sessions WHERE last_seen_at < ? OR created_at < ?')
        .run(new Date(now.getTime() - limits.idleMs).toISOString(), new Date(now.getTime() - limits.maxAgeMs).toISOString()).changes;
    },
    async recordAudit(e) {
      db.prepare('INSERT INTO staff_audit (at, actor, action, ticket_code, details) VALUES (?, ?, ?, ?, ?)')
        .run(e.at.toISOString(), e.actor, e.action, e.ticketCode ?? null, e.details ? JSON.stringify(e.details) : null);
    },
    async auditForTicket(code) {
      return (db.prepare('SELECT * FROM staff_audit WHERE ticket_code = ? ORDER BY seq').all(code) as AuditRow[]).map(audit);
    },
    async recentAudit(limit) {
      return (db.prepare('SELECT * FROM staff_audit ORDER BY seq DESC LIMIT ?').all(limit) as AuditRow[]).map(audit);
    },
    async secret(name) {
      db.prepare('INSERT INTO service_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, randomBytes(32).toString('base64url'));
      return (db.prepare('SELECT value FROM service_secrets WHERE name = ?').get(name) as { value: string }).value;
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { StaffRole } from '../staff/roles.ts';
import {
  StaffAccountExistsError,
  StaffAccountNotFoundError,
  type AuditEntry,
  type StaffAccount,
  type StaffStore,
} from '../staff/store.ts';
import { openMigratedPgPool } from './pg-migrations.ts';
import { nameKey } from './sqlite-staff-store.ts';

interface AccountRow {
  id: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  disabled: boolean;
  must_change_password: boolean;
  created_at: Date;
}
interface AuditRow {
  at: Date;
  actor: string;
  action: string;
  ticket_code: string | null;
  details: AuditEntry['details'] | null;
}

const account = (r: AccountRow): StaffAccount => ({ id: r.id, name: r.name, role: r.role, disabled: r.disabled, mustChangePassword: r.must_change_password, createdAt: new Date(r.created_at) });
const audit = (r: AuditRow): AuditEntry => ({
  at: new Date(r.at),
  actor: r.actor,
  action: r.action,
  ...(r.ticket_code ? { ticketCode: r.ticket_code } : {}),
  ...(r.details ? { details: r.details } : {}),
});

/** Staff store on the ticket database in PostgreSQL (its own small pool; the migrations are shared). */
export async function openPgStaffStore(options: { connectionString: string; schema?: string; poolSize?: number }): Promise<StaffStore> {
  const { schema } = options;
  const pool = await openMigratedPgPool({ connectionString: options.connectionString, schema, poolSize: options.poolSize ?? 4 });

  async function mustGet(name: string): Promise<AccountRow> {
    const { rows } = await pool.query<AccountRow>('SELECT * FROM staff_accounts WHERE name_key = $1', [nameKey(name)]);
    if (!rows[0]) throw new StaffAccountNotFoundError(name);
    return rows[0];
  }
  async function updateAccount(
    name: string,
    changes: Partial<Record<'password_hash' | 'role' | 'disabled' | 'must_change_password', string | boolean>>,
    endSessions: boolean,
  ) {
    const row = await mustGet(name);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const columns = Object.keys(changes);
      await client.query(`UPDATE staff_accounts SET ${columns.map((c, i) => `${c} = $${i + 1}`).join(', ')} WHERE id = $${columns.length + 1}`, [
        ...Object.values(changes),
        row.id,
      ]);
      if (endSessions) await client.query('DELETE FROM staff_sessions WHERE account_id = $1', [row.id]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  return {
    async createAccount(name, role, passwordHash, at, mustChangePassword) {
      const id = randomUUID();
      try {
        await pool.query(
          'INSERT INTO staff_accounts (id, name, name_key, role, password_hash, must_change_password, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [id, name, nameKey(name), role, passwordHash, mustChangePassword, at],
        );
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new StaffAccountExistsError(name);
        throw error;
      }
      return { id, name, role, disabled: false, mustChangePassword, createdAt: at };
    },
    async findAccount(name) {
      const { rows } = await pool.query<AccountRow>('SELECT * FROM staff_accounts WHERE name_key = $1', [nameKey(name)]);
      return rows[0] ? { ...account(rows[0]), passwordHash: rows[0].password_hash } : undefined;
    },
    async listAccounts() {
      const { rows } = await pool.query<AccountRow>('SELECT * FROM staff_accounts ORDER BY name_key');
      return rows.map(account);
    },
    async setPassword(name, passwordHash, mustChangePassword) {
      await updateAccount(name, { password_hash: passwordHash, must_change_password: mustChangePassword }, true);
    },
    async setRole(name, role) {
      await updateAccount(name, { role }, false);
    },
    async setDisabled(name, disabled) {
      await updateAccount(name, { disabled }, disabled);
    },
    async createSession(tokenHash, accountId, at) {
      await pool.query('INSERT INTO staff_sessions (token_hash, account_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)', [tokenHash, accountId, at]);
    },
    async useSession(tokenHash, now, limits) {
      const { rows } = await pool.query<AccountRow & { s_created: Date; s_seen: Date }>(
        `SELECT s.created_at AS s_created, s.last_seen_at AS s_seen, a.* FROM staff_sessions s
         JOIN staff_accounts a ON a.id = s.account_id WHERE s.token_hash = $1`,
        [tokenHash],
      );
      const row = rows[0];
      if (!row) return undefined;
      const t = now.getTime();
      if (row.disabled || t - row.s_seen.getTime() > limits.idleMs || t - row.s_created.getTime() > limits.maxAgeMs) {
        await pool.query('DELETE FROM staff_sessions WHERE token_hash = $1', [tokenHash]);
        return undefined;
      }
      await pool.query('UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2', [now, tokenHash]);
      return { account: account(row), createdAt: row.s_created, lastSeenAt: now };
    },
    async endSession(tokenHash) {
      await pool.query('DELETE FROM staff_sessions WHERE token_hash = $1', [tokenHash]);
    },
    async endExpiredSessions(now, limits) {
      const { rowCount } = await pool.query('DELETE FROM staff_sessions WHERE last_seen_at < $1 OR created_at < $2', [
        new Date(now.getTime() - limits.idleMs),
        new Date(now.getTime() - limits.maxAgeMs),
      ]);
      return rowCount ?? 0;
    },
    async recordAudit(e) {
      await pool.query('INSERT INTO staff_audit (at, actor, action, ticket_code, details) VALUES ($1, $2, $3, $4, $5)', [
        e.at, e.actor, e.action, e.ticketCode ?? null, e.details ? JSON.stringify(e.details) : null,
      ]);
    },
    async auditForTicket(code) {
      const { rows } = await pool.query<AuditRow>('SELECT * FROM staff_audit WHERE ticket_code = $1 ORDER BY seq', [code]);
      return rows.map(audit);
    },
    async recentAudit(limit) {
      const { rows } = await pool.query<AuditRow>('SELECT * FROM staff_audit ORDER BY seq DESC LIMIT $1', [limit]);
      return rows.map(audit);
    },
    async secret(name) {
      await pool.query('INSERT INTO service_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, randomBytes(32).toString('base64url')]);
      const { rows } = await pool.query<{ value: string }>('SELECT value FROM service_secrets WHERE name = $1', [name]);
      return rows[0]!.value;
    },
    async close() {
      await pool.end();
    },
  };
}

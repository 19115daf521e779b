/**
 * Staff accounts, login sessions, the audit trail of staff actions and the service's persistent
 * secrets, kept in the ticket database. Implementations: adapters/stores/{sqlite,pg}-staff-store.ts;
 * both pass test/staff-store.contract.ts.
 */
import type { StaffRole } from './roles.ts';

export interface StaffAccount {
  id: string;
  /** Login name, unique, compared without case. */
  name: string;
  role: StaffRole;
  disabled: boolean;
  /** Set for a one-time password: the console asks for a new one before anything else. */
  mustChangePassword: boolean;
  createdAt: Date;
}

export interface StaffAccountWithHash extends StaffAccount {
  passwordHash: string;
}

export interface StaffSession {
  account: StaffAccount;
  createdAt: Date;
  lastSeenAt: Date;
}

/** Who did what, when; `ticketCode` ties an entry to the ticket it is shown on. */
export interface AuditEntry {
  at: Date;
  /** Account name, or `token:<id>` for automation. */
  actor: string;
  action: string;
  ticketCode?: string;
  /** Short facts about the action (never a password, never a citizen's contact). */
  details?: Record<string, string | number | boolean>;
}

export class StaffAccountExistsError extends Error {
  constructor(readonly accountName: string) {
    super(`a staff account named "${accountName}" already exists`);
    this.name = 'StaffAccountExistsError';
  }
}

export class StaffAccountNotFoundError extends Error {
  constructor(readonly accountName: string) {
    super(`no staff account named "${accountName}"`);
    this.name = 'StaffAccountNotFoundError';
  }
}

export const STAFF_NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{1,63}$/u;

export interface SessionLimits {
  /** A session unused for this long has ended. */
  idleMs: number;
  /** A session older than this has ended, however active. */
  maxAgeMs: number;
}

export interface StaffStore {
  createAccount(name: string, role: StaffRole, passwordHash: string, at: Date, mustChangePassword: boolean): Promise<StaffAccount>;
  findAccount(name: string): Promise<StaffAccountWithHash | undefined>;
  listAccounts(): Promise<StaffAccount[]>;
  /** Also ends the account's sessions. */
  setPassword(name: string, passwordHash: string, mustChangePassword: boolean): Promise<void>;
  setRole(name: string, role: StaffRole): Promise<void>;
  /** Disabling ends the account's sessions. */
  setDisabled(name: string, disabled: boolean): Promise<void>;

  /** `tokenHash` is a digest of the cookie value; the value itself is never stored. */
  createSession(tokenHash: string, accountId: string, at: Date): Promise<void>;
  /**
   * The live session for the digest, its last use moved to `now`; undefined (and the row removed)
   * when it is unknown, idle too long, too old, or its account is disabled.
   */
  useSession(tokenHash: string, now: Date, limits: SessionLimits): Promise<StaffSession | undefined>;
  endSession(tokenHash: string): Promise<void>;
  /** Removes every session that has ended by the limits; returns how many. */
  endExpiredSessions(now: Date, limits: SessionLimits): Promise<number>;

  recordAudit(entry: AuditEntry): Promise<void>;
  /** Oldest first. */
  auditForTicket(code: string): Promise<AuditEntry[]>;
  /** Newest first. */
  recentAudit(limit: number): Promise<AuditEntry[]>;

  /** A random secret created once per database under `name`, the same for every instance. */
  secret(name: string): Promise<string>;
  close(): Promise<void>;
}

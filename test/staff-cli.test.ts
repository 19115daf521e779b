/** `npm run staff`: accounts created with a printed one-time password or one read from stdin. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStaffCommand } from '../adapters/cli/staff.ts';
import { verifyPassword } from '../adapters/staff/passwords.ts';
import { openSqliteStaffStore } from '../adapters/stores/sqlite-staff-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'hue-staff-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], input?: string) =>
  spawnSync('npm', ['run', '--silent', 'staff', '--', ...args], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' },
    input: input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('npm run staff', () => {
  it('adds an account with a password read from stdin, hashed with scrypt', async () => {
    const res = run(['add', 'lan', '--role', 'editor', '--password-stdin'], 'a long enough passphrase\n');
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('created editor account lan');
    expect(res.stdout).not.toContain('passphrase');
    const store = openSqliteStaffStore({ file: join(dir, 'tickets.sqlite') });
    const lan = await store.findAccount('lan');
    expect(lan).toMatchObject({ role: 'editor', mustChangePassword: false });
    expect(lan!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('a long enough passphrase', lan!.passwordHash)).toBe(true);
    expect(await verifyPassword('a long enough passphrase\n', lan!.passwordHash)).toBe(false);
    await store.close();
    // Nothing in the database file holds the password in clear.
    expect(readFileSync(join(dir, 'tickets.sqlite')).includes('a long enough passphrase')).toBe(false);
  });

  it('refuses a bad role, a duplicate name and a short password with a message and exit code 2', () => {
    const badRole = run(['add', 'minh', '--role', 'boss']);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toContain('the role must be one of agent, editor, admin');
    const dup = run(['add', 'LAN', '--role', 'agent']);
    expect(dup.status).toBe(2);
    expect(dup.stderr).toContain('already exists');
    const short = run(['add', 'minh', '--role', 'agent', '--password-stdin'], 'short\n');
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('at least 12 characters');
  });

  it('prints a one-time password that works once and must be changed', async () => {
    const store = openSqliteStaffStore({ file: join(dir, 'tickets.sqlite') });
    const lines: string[] = [];
    await runStaffCommand(['add', 'an', '--role', 'agent'], store, (l) => lines.push(l));
    const password = /one-time password.*: (\S+)$/.exec(lines.join('\n'))?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const an = await store.findAccount('an');
    expect(an).toMatchObject({ role: 'agent', mustChangePassword: true });
    expect(await verifyPassword(password!, an!.passwordHash)).toBe(true);
    await runStaffCommand(['set-role', 'an', 'admin'], store, () => {});
    await runStaffCommand(['disable', 'an'], store, () => {});
    const listed: string[] = [];
    await runStaffCommand(['list'], store, (l) => listed.push(l));
    expect(listed).toEqual(['an\tadmin\tdisabled\tone-time password', 'lan\teditor']);
    expect((await store.recentAudit(10)).map((e) => e.action)).toEqual(['account-disabled', 'role-changed', 'account-created', 'account-created']);
    await store.close();
  });
});

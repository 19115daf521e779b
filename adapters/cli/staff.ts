/**
 * `npm run staff -- <command>` manages staff accounts in the ticket database:
 *   add NAME --role agent|editor|admin [--password-stdin]
 *   reset-password NAME [--password-stdin]
 *   set-role NAME ROLE | disable NAME | enable NAME | list
 * Without --password-stdin a one-time password is printed, which must be changed at first login.
 * Passwords are never logged nor stored in clear.
 */
import { loadConfig } from '../config.ts';
import { generatePassword, hashPassword, WeakPasswordError } from '../staff/passwords.ts';
import { isStaffRole, STAFF_ROLES, type StaffRole } from '../staff/roles.ts';
import { STAFF_NAME, StaffAccountExistsError, StaffAccountNotFoundError, type StaffStore } from '../staff/store.ts';
import { openStaffStore } from '../stores/open-staff-store.ts';

const USAGE = `usage: npm run staff -- add NAME --role ${STAFF_ROLES.join('|')} [--password-stdin]
       npm run staff -- reset-password NAME [--password-stdin]
       npm run staff -- set-role NAME ROLE | disable NAME | enable NAME | list`;

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One line: the trailing newline of `echo` is not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function roleArg(value: string | undefined): StaffRole {
  if (!isStaffRole(value)) throw new UsageError(`the role must be one of ${STAFF_ROLES.join(', ')}`);
  return value;
}

function nameArg(value: string | undefined): string {
  if (!value || !STAFF_NAME.test(value)) throw new UsageError('NAME: 2 to 64 letters, digits, dot, dash or underscore, starting with a letter or digit');
  return value;
}

/** The password to set, and whether it is one-time (generated, so shown once and changed at first login). */
async function newPassword(argv: string[]): Promise<{ password: string; oneTime: boolean }> {
  if (argv.includes('--password-stdin')) return { password: await readStdin(), oneTime: false };
  return { password: generatePassword(), oneTime: true };
}

export async function runStaffCommand(argv: string[], store: StaffStore, out: (line: string) => void): Promise<void> {
  const [command, ...rest] = argv;
  const at = new Date();
  const audit = (action: string, details: Record<string, string>) => store.recordAudit({ at, actor: 'cli', action, details });
  switch (command) {
    case 'add': {
      const name = nameArg(rest[0]);
      const role = roleArg(option(rest, '--role'));
      const { password, oneTime } = await newPassword(rest);
      await store.createAccount(name, role, await hashPassword(password), at, oneTime);
      await audit('account-created', { account: name, role });
      out(`created ${role} account ${name}`);
      if (oneTime) out(`one-time password (shown once, to be changed at first login): ${password}`);
      return;
    }
    case 'reset-password': {
      const name = nameArg(rest[0]);
      const { password, oneTime } = await newPassword(rest);
      await store.setPassword(name, await hashPassword(password), oneTime);
      await audit('password-reset', { account: name });
      out(`password of ${name} reset; their sessions have ended`);
      if (oneTime) out(`one-time password (shown once, to be changed at first login): ${password}`);
      return;
    }
    case 'set-role': {
      const name = nameArg(rest[0]);
      const role = roleArg(rest[1]);
      await store.setRole(name, role);
      await audit('role-changed', { account: name, role });
      out(`${name} is now ${role}`);
      return;
    }
    case 'disable':
    case 'enable': {
      const name = nameArg(rest[0]);
      await store.setDisabled(name, command === 'disable');
      await audit(command === 'disable' ? 'account-disabled' : 'account-enabled', { account: name });
      out(`${name} ${command}d`);
      return;
    }
    case 'list': {
      for (const a of await store.listAccounts()) out(`${a.name}\t${a.role}${a.disabled ? '\tdisabled' : ''}${a.mustChangePassword ? '\tone-time password' : ''}`);
      return;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'a command is needed');
  }
}

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const store = await openStaffStore({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.dataDir });
  try {
    await runStaffCommand(argv, store, (line) => console.log(line));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
    else if (error instanceof WeakPasswordError || error instanceof StaffAccountExistsError || error instanceof StaffAccountNotFoundError) {
      console.error(error.message);
    } else throw error;
    return 2;
  } finally {
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`staff: ${error.message}`);
      process.exit(1);
    },
  );
}

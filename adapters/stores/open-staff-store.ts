import { join } from 'node:path';
import type { StaffStore } from '../staff/store.ts';
import { openPgStaffStore } from './pg-staff-store.ts';
import { openSqliteStaffStore } from './sqlite-staff-store.ts';

/** The staff store in the same database as the tickets (see open-ticket-store.ts). */
export async function openStaffStore(options: { databaseUrl?: string; schema?: string; dataDir: string }): Promise<StaffStore> {
  if (options.databaseUrl) return openPgStaffStore({ connectionString: options.databaseUrl, ...(options.schema ? { schema: options.schema } : {}) });
  return openSqliteStaffStore({ file: join(options.dataDir, 'tickets.sqlite') });
}

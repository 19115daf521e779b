import { join } from 'node:path';
import type { Clock } from '../../bot/ports.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';
import { openPgTicketStore } from './pg-ticket-store.ts';
import { openSqliteTicketStore } from './sqlite-ticket-store.ts';

export interface OpenTicketStoreOptions {
  /** PostgreSQL when set (DATABASE_URL), otherwise a SQLite file in `dataDir`. */
  databaseUrl?: string;
  /** PostgreSQL schema (DATABASE_SCHEMA); the server's search_path otherwise. */
  schema?: string;
  dataDir: string;
  codePrefix?: string;
  clock?: Clock;
}

export async function openTicketStore(options: OpenTicketStoreOptions): Promise<TicketStore> {
  const common = { codePrefix: options.codePrefix, clock: options.clock };
  if (options.databaseUrl) return openPgTicketStore({ connectionString: options.databaseUrl, ...(options.schema ? { schema: options.schema } : {}), ...common });
  return openSqliteTicketStore({ file: join(options.dataDir, 'tickets.sqlite'), ...common });
}

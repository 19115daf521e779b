/** An express app with the staff identification router mounted, as main.ts does, on a random port. */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { parseStaffTokens } from '../../adapters/config.ts';
import { createStaffAuth, type StaffAuth } from '../../adapters/http/staff-auth.ts';
import { jsonErrors } from '../../adapters/http/server.ts';
import { hashPassword } from '../../adapters/staff/passwords.ts';
import type { StaffRole } from '../../adapters/staff/roles.ts';
import type { StaffStore } from '../../adapters/staff/store.ts';
import { openSqliteStaffStore } from '../../adapters/stores/sqlite-staff-store.ts';
import { systemClock, type Clock, type Logger } from '../../bot/ports.ts';
import { silentLogger } from '../../adapters/logger.ts';

export interface StaffTestApp {
  base: string;
  staffStore: StaffStore;
  auth: StaffAuth;
  /** Creates an account whose password needs no change. */
  addAccount(name: string, role: StaffRole, password: string): Promise<void>;
  close(): Promise<void>;
}

export async function startStaffTestApp(options: {
  routers: { path: string; router: Router }[];
  tokens?: string[];
  clock?: Clock;
  logger?: Logger;
  staffStore?: StaffStore;
  idleMinutes?: number;
}): Promise<StaffTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'hue-staff-'));
  const staffStore = options.staffStore ?? openSqliteStaffStore({ file: join(dir, 'tickets.sqlite') });
  const clock = options.clock ?? systemClock;
  const auth = createStaffAuth(
    {
      store: staffStore,
      tokens: parseStaffTokens(options.tokens ?? []),
      logger: options.logger ?? silentLogger,
      clock,
      idleMinutes: options.idleMinutes ?? 30,
      maxAgeHours: 12,
    },
    await staffStore.secret('staff-csrf'),
  );
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use('/staff', auth.router);
  for (const { path, router } of options.routers) app.use(path, router);
  app.use(jsonErrors);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    staffStore,
    auth,
    async addAccount(name, role, password) {
      await staffStore.createAccount(name, role, await hashPassword(password), clock.now(), false);
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await staffStore.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

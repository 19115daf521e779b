/** The console (layout, ticket pages, charts) on a random port, over a SQLite ticket store, as main.ts wires it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsoleLayout, type ConsoleLayout } from '../../adapters/http/console/layout.ts';
import { createConsoleRouter } from '../../adapters/http/console/router.ts';
import { createConsoleStrings } from '../../adapters/http/console/strings.ts';
import { uploadFile } from '../../adapters/channels/uploads.ts';
import { createStaffRouter } from '../../adapters/http/staff-api.ts';
import { silentLogger } from '../../adapters/logger.ts';
import { openSqliteStaffStore } from '../../adapters/stores/sqlite-staff-store.ts';
import { openSqliteTicketStore } from '../../adapters/stores/sqlite-ticket-store.ts';
import { systemClock, type Clock, type ComplaintCategory, type Logger } from '../../bot/ports.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';
import { DEFAULT_KNOWLEDGE_DIR, loadConsoleStrings } from '../../knowledge/src/locales.ts';
import { startStaffTestApp, type StaffTestApp } from './staff-app.ts';

export interface ConsoleTestApp extends StaffTestApp {
  tickets: TicketStore;
  layout: ConsoleLayout;
  dataDir: string;
}

export const TEST_CATEGORIES: ComplaintCategory[] = [
  { id: 'street-lighting', name: { vi: 'Chiếu sáng', en: 'Street lighting' }, unit: { name: { vi: 'Phường' } }, handlingDays: 7, examples: {}, keywords: {}, attributes: [] },
  { id: 'noise', name: { vi: 'Tiếng ồn', en: 'Noise' }, unit: { name: { vi: 'Phường' } }, handlingDays: 5, examples: {}, keywords: {}, attributes: [] },
];

export async function startConsoleTestApp(options: { clock?: Clock; logger?: Logger; tokens?: string[]; tickets?: TicketStore } = {}): Promise<ConsoleTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hue-console-'));
  const file = join(dataDir, 'tickets.sqlite');
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const tickets = options.tickets ?? openSqliteTicketStore({ file, clock });
  const staffStore = openSqliteStaffStore({ file });
  let layoutRef: ConsoleLayout | undefined;
  const strings = createConsoleStrings(loadConsoleStrings(DEFAULT_KNOWLEDGE_DIR), 'vi');
  // The layout needs the auth's CSRF generator, which exists once the app is built.
  const lazyCsrf = { fn: (() => '') as Parameters<typeof createConsoleLayout>[0]['csrfToken'] };
  const layout = createConsoleLayout({ strings, csrfToken: (req, res) => lazyCsrf.fn(req, res) });
  layoutRef = layout;
  const app = await startStaffTestApp({
    staffStore,
    clock,
    logger,
    tokens: options.tokens,
    routers: [
      { path: '/staff/api', router: createStaffRouter({ store: tickets, logger }) },
      {
        path: '/staff',
        router: createConsoleRouter({
          store: tickets,
          layout,
          categories: () => TEST_CATEGORIES,
          wards: () => ['Phú Xuân', 'Thuận Hóa'],
          cityName: () => 'Huế',
          photoFile: (ref) => uploadFile(join(dataDir, 'uploads'), ref),
          clock,
          logger,
        }),
      },
    ],
  });
  lazyCsrf.fn = app.auth.csrfToken;
  return {
    ...app,
    tickets,
    layout: layoutRef,
    dataDir,
    async close() {
      await app.close();
      await tickets.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The staff console at /staff: shared assets, login pages, the ticket pages and the charts.
 * Mount after the staff identification router (staff-auth.ts); other areas mount their own
 * console routers beside it and register their pages with `layout.addNav`.
 */
import express, { Router } from 'express';
import type { Clock, ComplaintCategory, Logger } from '../../../bot/ports.ts';
import type { TicketStore } from '../../../bot/tickets/ports.ts';
import { CHART_JS_FILE, createChartsPage } from './charts-page.ts';
import { CONSOLE_PUBLIC_DIR, type ConsoleLayout } from './layout.ts';
import { createSessionPages } from './session-pages.ts';
import { createTicketPages } from './ticket-pages.ts';

export interface ConsoleRouterOptions {
  store: TicketStore;
  layout: ConsoleLayout;
  categories: () => readonly ComplaintCategory[];
  wards: () => readonly string[];
  cityName: () => string;
  photoFile: (ref: string) => string | undefined;
  clock: Clock;
  logger: Logger;
}

export function createConsoleRouter(options: ConsoleRouterOptions): Router {
  const { layout } = options;
  layout.addNav({ path: '/staff/tickets', label: 'nav.tickets', role: 'agent', order: 10 });
  layout.addNav({ path: '/staff/charts', label: 'nav.charts', role: 'agent', order: 90 });
  const router = Router();
  const assetHeaders = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'public, max-age=3600' };
  router.get('/assets/chart.umd.min.js', (_req, res) => res.set(assetHeaders).sendFile(CHART_JS_FILE));
  router.use('/assets', express.static(CONSOLE_PUBLIC_DIR, { index: false, maxAge: '1h', setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff') }));
  router.use(createSessionPages(layout));
  router.use(createTicketPages(options));
  router.use(createChartsPage(options));
  return router;
}

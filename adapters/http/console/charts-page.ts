/**
 * Charts: tickets per category per week, median time to resolve, satisfaction ratings. Drawn by
 * Chart.js (served from node_modules) from /staff/charts.json; each chart has its figures as a
 * table beside it for those who do not see the canvas.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Router } from 'express';
import type { Clock, ComplaintCategory } from '../../../bot/ports.ts';
import type { TicketStore } from '../../../bot/tickets/ports.ts';
import type { Ticket } from '../../../bot/tickets/types.ts';
import { requireStaff } from '../staff-auth.ts';
import { html } from './html.ts';
import { CONSOLE_ASSETS, type ConsoleLayout } from './layout.ts';
import { ticketStats, type TicketStats } from './stats.ts';

export const CHART_JS_FILE = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
const WEEKS = 12;
const MAX_TICKETS = 20_000;

export function createChartsPage(options: { store: TicketStore; layout: ConsoleLayout; categories: () => readonly ComplaintCategory[]; clock: Clock }): Router {
  const { store, layout, clock } = options;
  const router = Router();

  async function stats(): Promise<TicketStats> {
    const now = clock.now();
    // Tickets resolved in the window may have been filed a while before it.
    const from = new Date(now.getTime() - (WEEKS + 12) * 7 * 86_400_000);
    const tickets: Ticket[] = [];
    while (tickets.length < MAX_TICKETS) {
      const page = await store.list({ from, limit: 1000, offset: tickets.length });
      tickets.push(...page);
      if (page.length < 1000) break;
    }
    return ticketStats(tickets, now, WEEKS);
  }

  const categoryName = (id: string, lang: string) => {
    const c = options.categories().find((x) => x.id === id);
    return c?.name[lang] ?? c?.name.en ?? id;
  };

  router.get('/charts.json', requireStaff('agent'), async (req, res) => {
    const ctx = layout.context(req, res);
    const s = await stats();
    res.set('Cache-Control', 'no-store').json({
      ...s,
      labels: {
        categories: s.perCategory.categories.map((c) => categoryName(c, ctx.lang)),
        perCategory: ctx.t('charts.perCategory'),
        medianHours: ctx.t('charts.medianHours'),
        up: ctx.t('charts.up'),
        down: ctx.t('charts.down'),
      },
    });
  });

  router.get('/charts', requireStaff('agent'), async (req, res) => {
    const ctx = layout.context(req, res);
    const { t } = ctx;
    const s = await stats();
    const weekHeads = s.weeks.map((w) => html`<th scope="col">${w.slice(5)}</th>`);
    const table = (id: string, caption: string, rows: { label: string; values: (number | null)[] }[]) => html`
<details><summary>${t('charts.showTable')}</summary>
<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0"><table id="${id}">
<caption>${caption}</caption>
<thead><tr><th scope="col">${t('charts.week')}</th>${weekHeads}</tr></thead>
<tbody>${rows.map((r) => html`<tr><th scope="row">${r.label}</th>${r.values.map((v) => html`<td>${v ?? '–'}</td>`)}</tr>`)}</tbody>
</table></div></details>`;
    const body = html`
<p class="summary" role="status">${t('charts.summary', {
      weeks: WEEKS,
      filed: s.totals.filed,
      resolved: s.totals.resolved,
      median: s.totals.medianResolveHours ?? '–',
      up: s.totals.up,
      down: s.totals.down,
    })}</p>
<section class="card chart" aria-labelledby="h-per-category">
  <h2 id="h-per-category">${t('charts.perCategory')}</h2>
  <div class="canvas-box"><canvas id="chart-per-category" role="img" aria-label="${t('charts.perCategory')}"></canvas></div>
  ${table('table-per-category', t('charts.perCategory'), s.perCategory.categories.map((c, i) => ({ label: categoryName(c, ctx.lang), values: s.perCategory.counts[i]! })))}
</section>
<section class="card chart" aria-labelledby="h-median">
  <h2 id="h-median">${t('charts.medianHours')}</h2>
  <div class="canvas-box"><canvas id="chart-median" role="img" aria-label="${t('charts.medianHours')}"></canvas></div>
  ${table('table-median', t('charts.medianHours'), [{ label: t('charts.hours'), values: s.medianResolveHours }])}
</section>
<section class="card chart" aria-labelledby="h-satisfaction">
  <h2 id="h-satisfaction">${t('charts.satisfaction')}</h2>
  <div class="canvas-box"><canvas id="chart-satisfaction" role="img" aria-label="${t('charts.satisfaction')}"></canvas></div>
  ${table('table-satisfaction', t('charts.satisfaction'), [
    { label: t('charts.up'), values: s.satisfaction.up },
    { label: t('charts.down'), values: s.satisfaction.down },
  ])}
</section>`;
    layout.render(req, res, {
      title: t('charts.title'),
      active: '/staff/charts',
      body,
      scripts: [`${CONSOLE_ASSETS}/chart.umd.min.js`, `${CONSOLE_ASSETS}/charts.js`],
    });
  });
  return router;
}

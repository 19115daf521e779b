/**
 * The console's ticket pages: the filtered list with its CSV export, one ticket with its history,
 * photos, map link and audit trail, and the status change form.
 */
import { readFile } from 'node:fs/promises';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { languageName } from '../../../bot/i18n/catalog.ts';
import type { ComplaintCategory, Logger } from '../../../bot/ports.ts';
import { IllegalTransitionError, InvalidTicketError, TicketNotFoundError } from '../../../bot/tickets/errors.ts';
import type { TicketStore } from '../../../bot/tickets/ports.ts';
import { canTransition } from '../../../bot/tickets/transitions.ts';
import { TICKET_STATUSES, type Ticket, type TicketFilters } from '../../../bot/tickets/types.ts';
import type { Channel } from '../../../bot/types.ts';
import { sniffImageType } from '../../channels/uploads.ts';
import type { AuditEntry } from '../../staff/store.ts';
import { recordStaffAction, requireStaff, staffOf, ticketAudit } from '../staff-auth.ts';
import { csvRows } from './csv.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfField, type ConsoleContext, type ConsoleLayout } from './layout.ts';

export const TICKET_CHANNELS: readonly Channel[] = ['web', 'telegram', 'zalo', 'botframework', 'api'];
const PAGE_SIZE = 50;
const CSV_MAX_ROWS = 10_000;

export interface TicketPagesOptions {
  store: TicketStore;
  layout: ConsoleLayout;
  categories: () => readonly ComplaintCategory[];
  wards: () => readonly string[];
  /** The city's name, added to an address searched on the map. */
  cityName: () => string;
  /** Where a photo ref of a ticket is on disk; undefined when it is not a file of ours. */
  photoFile: (ref: string) => string | undefined;
  logger: Logger;
}

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const optionalText = (max: number) => z.preprocess((v) => (typeof first(v) === 'string' && String(first(v)).trim() ? String(first(v)).trim() : undefined), z.string().max(max).optional());
const day = z.preprocess((v) => (typeof first(v) === 'string' && first(v) ? first(v) : undefined), z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional());

const filterQuery = z.object({
  status: z.preprocess((v) => first(v) || undefined, z.enum(TICKET_STATUSES).optional()),
  category: optionalText(64),
  channel: z.preprocess((v) => first(v) || undefined, z.enum(TICKET_CHANNELS as [Channel, ...Channel[]]).optional()),
  ward: optionalText(100),
  from: day,
  to: day,
  q: optionalText(200),
  offset: z.preprocess((v) => first(v) || undefined, z.coerce.number().int().min(0).max(1_000_000).optional()),
});
type FilterQuery = z.infer<typeof filterQuery>;

/** Dates are days in Huế time; `to` includes its whole day. */
function toFilters(q: FilterQuery): TicketFilters {
  const hue = (d: string) => new Date(`${d}T00:00:00+07:00`);
  return {
    ...(q.status ? { status: q.status } : {}),
    ...(q.category ? { category: q.category } : {}),
    ...(q.channel ? { channel: q.channel } : {}),
    ...(q.ward ? { ward: q.ward } : {}),
    ...(q.from ? { from: hue(q.from) } : {}),
    ...(q.to ? { to: new Date(hue(q.to).getTime() + 86_400_000) } : {}),
    ...(q.q ? { text: q.q } : {}),
  };
}

function queryString(q: FilterQuery, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...extra })) if (v !== undefined && v !== '' && !(k === 'offset' && v === 0)) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

const statusBody = z.object({
  status: z.enum(TICKET_STATUSES),
  publicNote: z.string().trim().max(2000).optional(),
  internalNote: z.string().trim().max(4000).optional(),
});

/** An audit entry's facts in words: a status move as "A → B", flags by their label. */
function auditDetails(ctx: ConsoleContext, details: AuditEntry['details']): string {
  if (!details) return '';
  const { from, to, publicNote, internalNote, ...rest } = details;
  const parts: string[] = [];
  if (typeof from === 'string' && typeof to === 'string') parts.push(from === to ? ctx.t(`status.${to}`) : `${ctx.t(`status.${from}`)} → ${ctx.t(`status.${to}`)}`);
  if (publicNote === true) parts.push(ctx.t('detail.publicNote'));
  if (internalNote === true) parts.push(ctx.t('detail.internalNote'));
  for (const [k, v] of Object.entries(rest)) parts.push(`${k}: ${String(v)}`);
  return parts.join(' · ');
}

export function createTicketPages(options: TicketPagesOptions): Router {
  const { store, layout, logger } = options;
  const router = Router();

  const categoryName = (id: string, lang: string) => {
    const c = options.categories().find((x) => x.id === id);
    return c?.name[lang] ?? c?.name.en ?? id;
  };
  const dateTime = (ctx: ConsoleContext, d: Date) =>
    new Intl.DateTimeFormat(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(d);
  const statusBadge = (ctx: ConsoleContext, status: string) => html`<span class="status status-${status}">${ctx.t(`status.${status}`)}</span>`;

  router.get('/', requireStaff('agent'), (_req, res) => res.redirect(303, '/staff/tickets'));

  router.get('/tickets', requireStaff('agent'), async (req, res) => {
    const ctx = layout.context(req, res);
    const { t } = ctx;
    const parsed = filterQuery.safeParse(req.query);
    const q: FilterQuery = parsed.success ? parsed.data : {};
    const offset = q.offset ?? 0;
    const tickets = parsed.success ? await store.list({ ...toFilters(q), limit: PAGE_SIZE + 1, offset }) : [];
    const more = tickets.length > PAGE_SIZE;
    const shown = tickets.slice(0, PAGE_SIZE);
    const option = (value: string, label: string, selected: string | undefined) =>
      html`<option value="${value}"${selected === value ? html` selected` : ''}>${label}</option>`;
    const body = html`
<details class="filter-box" open${q.q || q.status || q.category || q.channel || q.ward || q.from || q.to ? html` data-active="true"` : ''}>
<summary>${t('tickets.filters')}</summary>
<form method="get" action="/staff/tickets" class="filters" role="search" aria-label="${t('tickets.filters')}">
  <p class="field"><label for="f-q">${t('tickets.search')}</label>
  <input id="f-q" name="q" type="search" value="${q.q ?? ''}" maxlength="200" placeholder="${t('tickets.searchHint')}"></p>
  <p class="field"><label for="f-status">${t('tickets.status')}</label>
  <select id="f-status" name="status">${option('', t('tickets.any'), q.status ?? '')}${TICKET_STATUSES.map((s) => option(s, t(`status.${s}`), q.status))}</select></p>
  <p class="field"><label for="f-category">${t('tickets.category')}</label>
  <select id="f-category" name="category">${option('', t('tickets.any'), q.category ?? '')}${options.categories().map((c) => option(c.id, categoryName(c.id, ctx.lang), q.category))}</select></p>
  <p class="field"><label for="f-ward">${t('tickets.ward')}</label>
  <input id="f-ward" name="ward" value="${q.ward ?? ''}" list="wards" maxlength="100">
  <datalist id="wards">${options.wards().map((w) => html`<option value="${w}"></option>`)}</datalist></p>
  <p class="field"><label for="f-channel">${t('tickets.channel')}</label>
  <select id="f-channel" name="channel">${option('', t('tickets.any'), q.channel ?? '')}${TICKET_CHANNELS.map((c) => option(c, t(`channel.${c}`), q.channel))}</select></p>
  <p class="field"><label for="f-from">${t('tickets.from')}</label><input id="f-from" name="from" type="date" value="${q.from ?? ''}"></p>
  <p class="field"><label for="f-to">${t('tickets.to')}</label><input id="f-to" name="to" type="date" value="${q.to ?? ''}"></p>
  <p class="actions"><button type="submit" class="primary">${t('tickets.apply')}</button>
  <a href="/staff/tickets">${t('tickets.reset')}</a>
  <a href="/staff/tickets.csv${queryString({ ...q, offset: undefined })}" download>${t('tickets.csv')}</a></p>
</form>
</details>
${parsed.success ? '' : html`<p class="error" role="alert">${t('tickets.badFilter')}</p>`}
<p role="status">${shown.length ? t('tickets.showing', { from: offset + 1, to: offset + shown.length }) : t('tickets.none')}</p>
${shown.length
  ? html`<div class="table-wrap" role="region" aria-label="${t('tickets.results')}" tabindex="0"><table class="tickets">
<thead><tr><th scope="col">${t('tickets.code')}</th><th scope="col">${t('tickets.filed')}</th><th scope="col">${t('tickets.category')}</th>
<th scope="col">${t('tickets.description')}</th><th scope="col">${t('tickets.ward')}</th><th scope="col">${t('tickets.status')}</th>
<th scope="col">${t('tickets.channel')}</th><th scope="col">${t('tickets.language')}</th></tr></thead>
<tbody>${shown.map(
      (tk) => html`<tr><th scope="row"><a href="/staff/tickets/${tk.code}">${tk.code}</a></th><td data-label="${t('tickets.filed')}">${dateTime(ctx, tk.createdAt)}</td>
<td data-label="${t('tickets.category')}">${categoryName(tk.category, ctx.lang)}</td><td class="desc" data-label="${t('tickets.description')}">${tk.description.length > 90 ? `${tk.description.slice(0, 88)}…` : tk.description}</td>
<td data-label="${t('tickets.ward')}">${tk.ward ?? '–'}</td><td data-label="${t('tickets.status')}">${statusBadge(ctx, tk.status)}</td><td data-label="${t('tickets.channel')}">${t(`channel.${tk.reporter.channel}`)}</td><td data-label="${t('tickets.language')}">${languageName(ctx.lang, tk.lang)}</td></tr>`,
    )}</tbody></table></div>`
  : ''}
<nav class="pages" aria-label="${t('tickets.pages')}">
${offset > 0 ? html`<a href="/staff/tickets${queryString(q, { offset: Math.max(0, offset - PAGE_SIZE) })}" rel="prev">${t('tickets.previous')}</a>` : ''}
${more ? html`<a href="/staff/tickets${queryString(q, { offset: offset + PAGE_SIZE })}" rel="next">${t('tickets.next')}</a>` : ''}
</nav>`;
    layout.render(req, res, { title: t('tickets.title'), active: '/staff/tickets', body, status: parsed.success ? 200 : 400 });
  });

  router.get('/tickets.csv', requireStaff('agent'), async (req, res) => {
    const parsed = filterQuery.safeParse(req.query);
    if (!parsed.success) return void res.status(400).json({ error: 'invalid_query', reason: parsed.error.issues[0]?.message ?? 'bad filter', field: String(parsed.error.issues[0]?.path[0] ?? '') });
    const filters = toFilters(parsed.data);
    const tickets: Ticket[] = [];
    while (tickets.length < CSV_MAX_ROWS) {
      const page = await store.list({ ...filters, limit: 1000, offset: tickets.length });
      tickets.push(...page);
      if (page.length < 1000) break;
    }
    await recordStaffAction(req, 'export-csv', { details: { rows: tickets.length, filters: queryString(parsed.data) || '(none)' } });
    const header = ['code', 'created_at', 'updated_at', 'status', 'category', 'unit', 'ward', 'address', 'channel', 'language', 'supporters', 'satisfaction', 'expected_by', 'description'];
    const rows = tickets.map((tk) => [
      tk.code, tk.createdAt.toISOString(), tk.updatedAt.toISOString(), tk.status, tk.category, tk.unitName, tk.ward, tk.address,
      tk.reporter.channel, tk.lang, tk.supporters, tk.satisfaction, tk.expectedBy, tk.description,
    ]);
    res
      .set('Cache-Control', 'no-store')
      .set('Content-Disposition', `attachment; filename="tickets-${new Date().toISOString().slice(0, 10)}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(csvRows(header, rows));
  });

  async function renderDetail(req: Request, res: Response, ticket: Ticket, notice?: { kind: 'saved' | 'error'; text: string }, status = 200) {
    const ctx = layout.context(req, res);
    const { t } = ctx;
    const audit = await ticketAudit(req, ticket.code);
    const loc = ticket.location;
    // A pin where the citizen shared a point; else a search for the typed address in the city.
    const osm = loc
      ? `https://www.openstreetmap.org/?mlat=${loc.lat.toFixed(6)}&mlon=${loc.lng.toFixed(6)}#map=18/${loc.lat.toFixed(6)}/${loc.lng.toFixed(6)}`
      : ticket.address
        ? `https://www.openstreetmap.org/search?query=${encodeURIComponent([ticket.address, ticket.ward, options.cityName()].filter(Boolean).join(', '))}`
        : undefined;
    const targets = TICKET_STATUSES.filter((s) => canTransition(ticket.status, s));
    const row = (label: string, value: SafeHtml | string | number | undefined) => html`<div><dt>${label}</dt><dd>${value === undefined || value === '' ? '–' : value}</dd></div>`;
    const body = html`
<p><a href="/staff/tickets">← ${t('detail.back')}</a></p>
${notice ? html`<p class="${notice.kind === 'saved' ? 'notice' : 'error'}" role="${notice.kind === 'saved' ? 'status' : 'alert'}">${notice.text}</p>` : ''}
<div class="columns">
<section class="card" aria-labelledby="h-report">
  <h2 id="h-report">${t('detail.report')}</h2>
  <dl class="facts">
    ${row(t('tickets.status'), statusBadge(ctx, ticket.status))}
    ${row(t('tickets.category'), categoryName(ticket.category, ctx.lang))}
    ${row(t('detail.unit'), ticket.unitName)}
    ${row(t('tickets.filed'), dateTime(ctx, ticket.createdAt))}
    ${row(t('detail.updated'), dateTime(ctx, ticket.updatedAt))}
    ${row(t('detail.expectedBy'), ticket.expectedBy)}
    ${row(t('tickets.channel'), t(`channel.${ticket.reporter.channel}`))}
    ${row(t('detail.citizenLanguage'), html`<span lang="${ctx.lang}">${languageName(ctx.lang, ticket.lang)}</span>`)}
    ${row(t('detail.supporters'), ticket.supporters)}
    ${row(t('detail.satisfaction'), ticket.satisfaction ? t(`detail.satisfaction.${ticket.satisfaction}`) : undefined)}
    ${row(t('detail.contact'), ticket.contactPhone ? html`<a href="tel:${ticket.contactPhone}">${ticket.contactPhone}</a> (${ticket.consent?.purpose ?? ''})` : t('detail.noContact'))}
  </dl>
  <h3>${t('tickets.description')}</h3>
  <p class="description" lang="${ticket.lang}">${ticket.description}</p>
  <h3>${t('detail.location')}</h3>
  <p>${ticket.address ?? t('detail.noAddress')}${ticket.ward ? html` · ${t('tickets.ward')}: ${ticket.ward}` : ''}</p>
  ${osm ? html`<p><a href="${osm}" rel="noopener noreferrer" target="_blank">${t(loc ? 'detail.openMap' : 'detail.searchMap')}</a>${loc ? html` <span class="hint">(${loc.lat.toFixed(5)}, ${loc.lng.toFixed(5)})</span>` : ''}</p>` : ''}
  <h3>${t('detail.photos')}</h3>
  ${ticket.photos.length
    ? html`<ul class="photos">${ticket.photos.map(
        (_p, i) => html`<li><a href="/staff/tickets/${ticket.code}/photos/${i}"><img src="/staff/tickets/${ticket.code}/photos/${i}" alt="${t('detail.photoAlt', { n: i + 1, code: ticket.code })}" loading="lazy" width="160" height="120"></a></li>`,
      )}</ul>`
    : html`<p>${t('detail.noPhotos')}</p>`}
</section>
<section class="card" aria-labelledby="h-change">
  <h2 id="h-change">${t('detail.change')}</h2>
  <form method="post" action="/staff/tickets/${ticket.code}/status">
    ${csrfField(ctx)}
    <p class="field"><label for="c-status">${t('detail.newStatus')}</label>
    <select id="c-status" name="status">${targets.map((s) => html`<option value="${s}"${s === ticket.status ? html` selected` : ''}>${t(`status.${s}`)}</option>`)}</select></p>
    <p class="field"><label for="c-public">${t('detail.publicNote')}</label>
    <textarea id="c-public" name="publicNote" rows="3" maxlength="2000" aria-describedby="c-public-hint"></textarea>
    <span class="hint" id="c-public-hint">${t('detail.publicNoteHint', { language: languageName(ctx.lang, ticket.lang) })}</span></p>
    <p class="field"><label for="c-internal">${t('detail.internalNote')}</label>
    <textarea id="c-internal" name="internalNote" rows="3" maxlength="4000" aria-describedby="c-internal-hint"></textarea>
    <span class="hint" id="c-internal-hint">${t('detail.internalNoteHint')}</span></p>
    <p><button type="submit" class="primary">${t('detail.save')}</button></p>
  </form>
</section>
</div>
<section class="card" aria-labelledby="h-history">
  <h2 id="h-history">${t('detail.history')}</h2>
  <div class="table-wrap" role="region" aria-labelledby="h-history" tabindex="0"><table>
  <thead><tr><th scope="col">${t('detail.when')}</th><th scope="col">${t('detail.event')}</th><th scope="col">${t('tickets.status')}</th>
  <th scope="col">${t('detail.publicNote')}</th><th scope="col">${t('detail.internalNote')}</th><th scope="col">${t('detail.by')}</th></tr></thead>
  <tbody>${ticket.history.map(
    (h) => html`<tr><td>${dateTime(ctx, h.at)}</td><td>${t(`event.${h.event}`)}</td><td>${t(`status.${h.status}`)}</td>
<td>${h.publicNote ?? ''}</td><td>${h.internalNote ?? ''}</td><td>${h.by === 'citizen' ? t('detail.citizen') : h.by === 'system' ? t('detail.system') : h.by}</td></tr>`,
  )}</tbody></table></div>
</section>
<section class="card" aria-labelledby="h-audit">
  <h2 id="h-audit">${t('detail.audit')}</h2>
  ${audit.length
    ? html`<div class="table-wrap" role="region" aria-labelledby="h-audit" tabindex="0"><table>
  <thead><tr><th scope="col">${t('detail.when')}</th><th scope="col">${t('detail.who')}</th><th scope="col">${t('detail.action')}</th><th scope="col">${t('detail.details')}</th></tr></thead>
  <tbody>${audit.map(
    (a) => html`<tr><td>${dateTime(ctx, a.at)}</td><td>${a.actor}</td><td>${t(`audit.${a.action}`)}</td>
<td>${auditDetails(ctx, a.details)}</td></tr>`,
  )}</tbody></table></div>`
    : html`<p>${t('detail.noAudit')}</p>`}
</section>`;
    layout.render(req, res, { title: `${t('detail.title')} ${ticket.code}`, active: '/staff/tickets', body, status });
  }

  router.get('/tickets/:code', requireStaff('agent'), async (req, res) => {
    const ticket = await store.getByCode(String(req.params.code));
    const ctx = layout.context(req, res);
    if (!ticket) return void layout.render(req, res, { title: ctx.t('detail.notFound'), status: 404, body: html`<p><a href="/staff/tickets">${ctx.t('detail.back')}</a></p>` });
    await renderDetail(req, res, ticket, req.query.saved === '1' ? { kind: 'saved', text: ctx.t('detail.saved') } : undefined);
  });

  router.post('/tickets/:code/status', requireStaff('agent'), express.urlencoded({ extended: false, limit: '64kb' }), async (req, res) => {
    const ctx = layout.context(req, res);
    const code = String(req.params.code);
    const ticket = await store.getByCode(code);
    if (!ticket) return void layout.render(req, res, { title: ctx.t('detail.notFound'), status: 404, body: html`<p><a href="/staff/tickets">${ctx.t('detail.back')}</a></p>` });
    const body = statusBody.safeParse(req.body ?? {});
    if (!body.success) return void (await renderDetail(req, res, ticket, { kind: 'error', text: ctx.t('detail.invalid') }, 400));
    const staff = staffOf(req)!;
    try {
      const changed = await store.changeStatus(code, { ...body.data, by: staff.actor });
      await recordStaffAction(req, 'status', {
        ticketCode: changed.code,
        details: { from: ticket.status, to: changed.status, publicNote: Boolean(body.data.publicNote), internalNote: Boolean(body.data.internalNote) },
      });
      logger.info('ticket status changed', { code: changed.code, status: changed.status, by: staff.actor });
      res.redirect(303, `/staff/tickets/${changed.code}?saved=1`);
    } catch (error) {
      if (error instanceof IllegalTransitionError) return void (await renderDetail(req, res, ticket, { kind: 'error', text: ctx.t('detail.illegal') }, 409));
      if (error instanceof InvalidTicketError) return void (await renderDetail(req, res, ticket, { kind: 'error', text: ctx.t('detail.nothingToChange') }, 400));
      if (error instanceof TicketNotFoundError) return void res.status(404).json({ error: 'not_found', reason: 'no such ticket' });
      throw error;
    }
  });

  router.get('/tickets/:code/photos/:index', requireStaff('agent'), async (req, res) => {
    const ticket = await store.getByCode(String(req.params.code));
    const index = Number(req.params.index);
    const ref = ticket && Number.isInteger(index) ? ticket.photos[index] : undefined;
    const file = ref ? options.photoFile(ref) : undefined;
    if (!file) return void res.status(404).json({ error: 'not_found', reason: 'no such photo on this ticket' });
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return void res.status(404).json({ error: 'not_found', reason: 'the photo file is gone (erased or cleaned up)' });
    }
    const type = sniffImageType(bytes);
    if (!type) return void res.status(404).json({ error: 'not_found', reason: 'not an image' });
    res.set('Cache-Control', 'private, no-store').set('X-Content-Type-Options', 'nosniff').type(type).send(bytes);
  });

  return router;
}

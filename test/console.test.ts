/**
 * The /staff console over HTTP: pages in Vietnamese and English behind login, filters and CSV,
 * the ticket page with history, audit trail, map link and photos, a status change that queues
 * the citizen's per-status message in their language, and the charts' figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../adapters/http/console/layout.ts';
import { html } from '../adapters/http/console/html.ts';
import { requireStaff } from '../adapters/http/staff-auth.ts';
import { defaultNoticeText } from '../bot/tickets/notice-text.ts';
import { csrfOf, CookieBrowser } from './helpers/cookie-browser.ts';
import { startConsoleTestApp, type ConsoleTestApp } from './helpers/console-app.ts';
import { FakeClock, sampleTicket } from './ticket-store.contract.ts';

const PASSWORD = 'console test passphrase';
const clock = new FakeClock(new Date('2026-06-03T03:00:00Z'));
let app: ConsoleTestApp;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

beforeAll(async () => {
  app = await startConsoleTestApp({ clock });
  await app.addAccount('lan', 'agent', PASSWORD);
});
afterAll(async () => app?.close());

async function loggedIn(lang?: string) {
  const b = new CookieBrowser(app.base);
  expect((await b.login('lan', PASSWORD)).status).toBe(303);
  if (lang) await b.page(`/staff/tickets?lang=${lang}`);
  return b;
}

describe('staff console pages', () => {
  it('sends a visitor without a session to the login page, which has no inline script and a strict CSP', async () => {
    const b = new CookieBrowser(app.base);
    const list = await b.page('/staff/tickets');
    expect(list.status).toBe(303);
    expect(list.res.headers.get('location')).toBe('/staff/login?next=%2Fstaff%2Ftickets');
    const login = await b.page('/staff/login?next=%2Fstaff%2Ftickets');
    expect(login.status).toBe(200);
    expect(login.res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
    expect(login.text).toContain('<html lang="vi">');
    expect(login.text).toContain('Đăng nhập cán bộ');
    expect(login.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(login.text).not.toMatch(/\son[a-z]+=/i);
    const en = await b.page('/staff/login?lang=en');
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Staff login');
    // The choice is remembered.
    expect((await b.page('/staff/login')).text).toContain('Staff login');
  });

  it('lists tickets with filters for status, category, ward, date, channel and text', async () => {
    const a = await app.tickets.create(sampleTicket({ category: 'noise', description: 'Karaoke quá khuya', address: '5 Nguyễn Huệ', ward: 'Thuận Hóa', reporter: { channel: 'web', conversationId: 'w1', userId: 'u1' }, lang: 'en' }));
    clock.advance(86_400_000);
    const b2 = await app.tickets.create(sampleTicket({ ward: 'Phú Xuân' }));
    await app.tickets.changeStatus(b2.code, { status: 'in_progress', by: 'x' });
    const b = await loggedIn();
    const codes = async (query: string) => {
      const page = await b.page(`/staff/tickets${query}`);
      expect(page.status).toBe(200);
      return [...page.text.matchAll(/<th scope="row"><a href="\/staff\/tickets\/([A-Z0-9-]+)">/g)].map((m) => m[1]);
    };
    expect(await codes('')).toEqual([b2.code, a.code]);
    expect(await codes('?status=in_progress')).toEqual([b2.code]);
    expect(await codes('?category=noise')).toEqual([a.code]);
    expect(await codes(`?ward=${encodeURIComponent('Phú Xuân')}`)).toEqual([b2.code]);
    expect(await codes('?channel=web')).toEqual([a.code]);
    expect(await codes('?channel=telegram')).toEqual([b2.code]);
    expect(await codes('?q=karaoke')).toEqual([a.code]);
    expect(await codes('?from=2026-06-04')).toEqual([b2.code]);
    expect(await codes('?to=2026-06-03')).toEqual([a.code]);
    const bad = await b.page('/staff/tickets?status=nope');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('role="alert"');
    // Table headers and names in the staff member's language.
    const vi = await b.page('/staff/tickets');
    expect(vi.text).toContain('Tiếng ồn');
    expect(vi.text).toContain('Trò chuyện trên web');
    expect(vi.text).toContain('aria-current="page"');
  });

  it('exports the filtered list as CSV, recorded in the audit trail', async () => {
    const b = await loggedIn();
    const res = await b.fetch('/staff/tickets.csv?category=noise');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="tickets-/);
    const lines = (await res.text()).replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('code,created_at,updated_at,status,category,unit,ward,address,channel,language,supporters,satisfaction,expected_by,description');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',noise,');
    expect(lines[1]).toContain('Karaoke quá khuya');
    expect((await app.staffStore.recentAudit(1))[0]).toMatchObject({ actor: 'lan', action: 'export-csv', details: { rows: 1 } });
    expect((await b.fetch('/staff/tickets.csv?from=junk')).status).toBe(400);
  });

  it('changes a status with public and internal notes; the citizen is queued the per-status message in their language', async () => {
    const t = await app.tickets.create(sampleTicket({ lang: 'en', location: { lat: 16.4637, lng: 107.5909 }, reporter: { channel: 'web', conversationId: 'w-9', userId: 'u-9' } }));
    const b = await loggedIn();
    const page = await b.page(`/staff/tickets/${t.code}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('https://www.openstreetmap.org/?mlat=16.463700&amp;mlon=107.590900#map=18/16.463700/107.590900');
    expect(page.text).toContain('tiếng Anh');
    const typed = await app.tickets.create(sampleTicket({ location: undefined, address: '12 Lê Lợi', ward: 'Phú Xuân' }));
    expect((await b.page(`/staff/tickets/${typed.code}`)).text).toContain(
      `href="https://www.openstreetmap.org/search?query=${encodeURIComponent('12 Lê Lợi, Phú Xuân, Huế')}"`,
    );
    // No CSRF field: refused, nothing changed.
    const refused = await b.form(`/staff/tickets/${t.code}/status`, { status: 'in_progress', publicNote: 'x' });
    expect(refused.status).toBe(403);
    expect((await app.tickets.getByCode(t.code))!.status).toBe('received');

    const saved = await b.form(`/staff/tickets/${t.code}/status`, {
      _csrf: csrfOf(page.text),
      status: 'in_progress',
      publicNote: 'Đội điện đã nhận việc',
      internalNote: 'crew 3, pole 17',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/staff/tickets/${t.code}?saved=1`);
    const after = await app.tickets.getByCode(t.code);
    expect(after!.status).toBe('in_progress');
    expect(after!.history.at(-1)).toMatchObject({ by: 'lan', publicNote: 'Đội điện đã nhận việc', internalNote: 'crew 3, pole 17' });
    const [item] = (await app.tickets.outbox.claimDue(clock.now(), 100, 60_000)).filter((i) => i.ticketCode === t.code);
    expect(item).toMatchObject({ lang: 'en', status: 'in_progress', publicNote: 'Đội điện đã nhận việc' });
    expect(defaultNoticeText(after!, { status: item!.status, publicNote: item!.publicNote }, item!.lang)).toBe(
      `Your report ${t.code} is now being handled by the responsible unit.\nNote from city staff: Đội điện đã nhận việc`,
    );

    const detail = await b.page(`/staff/tickets/${t.code}?saved=1&lang=en`);
    expect(detail.text).toContain('role="status">Saved.');
    expect(detail.text).toContain('crew 3, pole 17');
    expect(detail.text).toMatch(/Staff actions on this ticket[\s\S]*<td>lan<\/td><td>Changed status or added a note<\/td>/);
    expect((await app.staffStore.auditForTicket(t.code)).map((e) => e.action)).toEqual(['status']);

    const illegal = await b.form(`/staff/tickets/${t.code}/status`, { _csrf: csrfOf(detail.text), status: 'received' });
    expect(illegal.status).toBe(409);
    expect(await illegal.text()).toContain('A ticket cannot go back to that status.');
    expect((await b.page('/staff/tickets/HUE-2026-999999')).status).toBe(404);
  });

  it('serves a ticket photo only to logged-in staff, only photos of that ticket', async () => {
    mkdirSync(join(app.dataDir, 'uploads'), { recursive: true });
    const ref = 'uploads/0b7f6a57-7f58-4bb0-9a44-1d2b7d2a5b10.png';
    writeFileSync(join(app.dataDir, ref), PNG);
    const t = await app.tickets.create(sampleTicket({ photos: [ref, '../tickets.sqlite'] }));
    expect((await fetch(`${app.base}/staff/tickets/${t.code}/photos/0`, { headers: { accept: 'image/*' } })).status).toBe(401);
    expect((await fetch(`${app.base}/staff/tickets/${t.code}/photos/0`, { redirect: 'manual' })).status).toBe(303);
    const b = await loggedIn();
    const photo = await b.fetch(`/staff/tickets/${t.code}/photos/0`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(photo.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await b.fetch(`/staff/tickets/${t.code}/photos/1`)).status).toBe(404);
    expect((await b.fetch(`/staff/tickets/${t.code}/photos/7`)).status).toBe(404);
    const page = await b.page(`/staff/tickets/${t.code}`);
    expect(page.text).toContain(`<img src="/staff/tickets/${t.code}/photos/0" alt="Ảnh 1 gửi kèm phản ánh ${t.code}"`);
  });

  it('computes the charts from the tickets and serves Chart.js from node_modules', async () => {
    const t = await app.tickets.create(sampleTicket({ category: 'noise' }));
    clock.advance(5 * 3_600_000);
    await app.tickets.changeStatus(t.code, { status: 'resolved', by: 'lan' });
    await app.tickets.recordSatisfaction(t.code, 'up');
    const b = await loggedIn();
    const data = await (await b.fetch('/staff/charts.json')).json();
    expect(data.weeks).toHaveLength(12);
    const noise = data.perCategory.categories.indexOf('noise');
    expect(data.perCategory.counts[noise].reduce((x: number, y: number) => x + y, 0)).toBe(2);
    expect(data.medianResolveHours.at(-1)).toBe(5);
    expect(data.satisfaction.up.at(-1)).toBe(1);
    expect(data.labels.categories[noise]).toBe('Tiếng ồn');
    const page = await b.page('/staff/charts');
    expect(page.text).toContain('<script src="/staff/assets/chart.umd.min.js" defer>');
    expect(page.text).toContain('<canvas id="chart-per-category" role="img"');
    const lib = await b.fetch('/staff/assets/chart.umd.min.js');
    expect(lib.status).toBe(200);
    expect(await lib.text()).toContain('Chart');
    expect((await b.fetch('/staff/assets/charts.js')).status).toBe(200);
  });

  it('lets another area register a page in the navigation, shown only to roles that may open it', async () => {
    app.layout.addNav({ path: '/staff/review', label: 'nav.tickets', role: 'editor', order: 50 });
    const b = await loggedIn();
    expect((await b.page('/staff/tickets')).text).not.toContain('href="/staff/review"');
    await app.staffStore.setRole('lan', 'editor');
    const editor = await loggedIn();
    expect((await editor.page('/staff/tickets')).text).toContain('href="/staff/review"');
    await app.staffStore.setRole('lan', 'agent');
    expect(requireStaff).toBeTypeOf('function');
    expect(html`<b>${'<i>'}</b>`.value).toBe('<b>&lt;i&gt;</b>');
  });
});

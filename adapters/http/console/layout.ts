/**
 * The console's shared page frame: header, navigation, language switch, account menu. Areas of
 * the console register their pages in the navigation with `addNav` and draw them with `render`;
 * the frame shows each staff member only the pages their role may open.
 */
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import { roleAllows, type StaffRole } from '../../staff/roles.ts';
import { staffOf, type StaffPrincipal } from '../staff-auth.ts';
import { html, type SafeHtml } from './html.ts';
import type { ConsoleStrings, Translate } from './strings.ts';

export const CONSOLE_PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
export const CONSOLE_ASSETS = '/staff/assets';

/** Scripts only from this origin, no inline code: the page keeps working under this policy. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export interface ConsoleNavItem {
  /** Absolute path, e.g. `/staff/inbox`. */
  path: string;
  /** Key of the label in the packs' `console:` section. */
  label: string;
  /** Lowest role that sees the link; the route itself must still use requireStaff. */
  role: StaffRole;
  /** Position in the bar, lowest first (tickets 10, charts 90). */
  order: number;
}

export interface ConsolePage {
  /** Already translated. */
  title: string;
  /** Path of the navigation item to mark as current. */
  active?: string;
  body: SafeHtml;
  /** Extra script URLs of this origin (e.g. `/staff/assets/charts.js`). */
  scripts?: string[];
  status?: number;
}

/** What a page needs to draw itself in the staff member's language. */
export interface ConsoleContext {
  lang: string;
  t: Translate;
  staff?: StaffPrincipal;
  /** For the hidden `_csrf` field of every form that changes something. */
  csrfToken: string;
}

export interface ConsoleLayout {
  strings: ConsoleStrings;
  addNav(item: ConsoleNavItem): void;
  context(req: Request, res: Response): ConsoleContext;
  render(req: Request, res: Response, page: ConsolePage): void;
}

/** A hidden CSRF field for a form. */
export const csrfField = (ctx: ConsoleContext) => html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;

export function createConsoleLayout(options: { strings: ConsoleStrings; csrfToken: (req: Request, res: Response) => string }): ConsoleLayout {
  const nav: ConsoleNavItem[] = [];
  const contexts = new WeakMap<Request, ConsoleContext>();

  const context = (req: Request, res: Response): ConsoleContext => {
    const known = contexts.get(req);
    if (known) return known;
    const lang = options.strings.langOf(req, res);
    const ctx = { lang, t: options.strings.translator(lang), staff: staffOf(req), csrfToken: options.csrfToken(req, res) };
    contexts.set(req, ctx);
    return ctx;
  };

  const langSwitch = (req: Request, ctx: ConsoleContext) => {
    const url = new URL(req.originalUrl, 'http://x');
    return html`<ul class="langs" aria-label="${ctx.t('layout.language')}">${options.strings.langs.map((l) => {
      url.searchParams.set('lang', l);
      const name = options.strings.translator(l)('layout.languageName');
      return html`<li><a href="${url.pathname + url.search}" lang="${l}" hreflang="${l}"${l === ctx.lang ? html` aria-current="true"` : ''}>${name}</a></li>`;
    })}</ul>`;
  };

  return {
    strings: options.strings,
    addNav(item) {
      const at = nav.findIndex((n) => n.path === item.path);
      if (at >= 0) nav.splice(at, 1);
      nav.push(item);
      nav.sort((a, b) => a.order - b.order);
    },
    context,
    render(req, res, page) {
      const ctx = context(req, res);
      const { t, staff } = ctx;
      const links = staff ? nav.filter((n) => roleAllows(staff.role, n.role)) : [];
      const doc = html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${t('layout.appName')}</title>
<link rel="stylesheet" href="${CONSOLE_ASSETS}/console.css">
<script src="${CONSOLE_ASSETS}/console.js" defer></script>
${(page.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">${t('layout.skipToContent')}</a>
<header class="top">
  <p class="brand"><a href="/staff">${t('layout.appName')}</a></p>
  ${links.length
    ? html`<nav aria-label="${t('layout.navigation')}"><ul class="nav">${links.map(
        (n) => html`<li><a href="${n.path}"${page.active === n.path ? html` aria-current="page"` : ''}>${t(n.label)}</a></li>`,
      )}</ul></nav>`
    : ''}
  <div class="account">
    ${langSwitch(req, ctx)}
    ${staff
      ? html`<form method="post" action="/staff/logout" class="logout">${csrfField(ctx)}
          <span class="who">${staff.actor} · ${t(`role.${staff.role}`)}</span>
          <button type="submit">${t('layout.logout')}</button></form>`
      : ''}
  </div>
</header>
<main id="main" tabindex="-1">
<h1>${page.title}</h1>
${page.body}
</main>
</body>
</html>`;
      res
        .status(page.status ?? 200)
        .set('Content-Security-Policy', CONSOLE_CSP)
        .set('Cache-Control', 'no-store')
        .set('X-Content-Type-Options', 'nosniff')
        .set('Referrer-Policy', 'same-origin')
        .type('html')
        .send(doc.value);
    },
  };
}

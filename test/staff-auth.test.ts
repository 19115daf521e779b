/**
 * Staff authentication over HTTP: login, session cookie flags, idle expiry, CSRF on every
 * state-changing request, roles, tokens limited to /staff/api, and no password in any log line.
 */
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordStaffAction, requireStaff } from '../adapters/http/staff-auth.ts';
import type { Logger } from '../bot/ports.ts';
import { startStaffTestApp, type StaffTestApp } from './helpers/staff-app.ts';
import { FakeClock } from './ticket-store.contract.ts';

const PASSWORD = 'correct horse battery 42';
const EDITOR_TOKEN = 'editor-automation-token-9f8e';
const AGENT_TOKEN = 'agent-automation-token-1a2b';
const logLines: string[] = [];
const logger: Logger = {
  info: (m, c) => logLines.push(`${m} ${JSON.stringify(c)}`),
  warn: (m, c) => logLines.push(`${m} ${JSON.stringify(c)}`),
  error: (m, c) => logLines.push(`${m} ${JSON.stringify(c)}`),
};
const clock = new FakeClock(new Date('2026-06-01T02:00:00Z'));

/** Routes standing for the other staff areas: one per role, a GET and a POST each. */
function sampleRoutes() {
  const router = express.Router();
  router.use(express.json());
  for (const role of ['agent', 'editor', 'admin'] as const) {
    router.get(`/${role}-thing`, requireStaff(role), (req, res) => void res.json({ ok: true, role }));
    router.post(`/${role}-thing`, requireStaff(role), async (req, res) => {
      await recordStaffAction(req, `${role}-thing`, { ticketCode: 'HUE-2026-000009' });
      res.json({ ok: true, role });
    });
  }
  return router;
}

let app: StaffTestApp;

/** A cookie jar of one browser. */
class Browser {
  cookies = new Map<string, string>();
  setCookies: string[] = [];
  constructor(private headers: Record<string, string> = {}) {}
  async fetch(path: string, init: RequestInit = {}) {
    const res = await fetch(`${app.base}${path}`, {
      redirect: 'manual',
      ...init,
      headers: { accept: 'application/json', ...this.headers, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(init.headers as Record<string, string>) },
    });
    for (const c of res.headers.getSetCookie()) {
      this.setCookies.push(c);
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      if (v === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k!);
      else this.cookies.set(k!, v!);
    }
    return res;
  }
  async csrf(): Promise<string> {
    return (await (await this.fetch('/staff/session')).json()).csrfToken;
  }
  async login(name: string, password = PASSWORD) {
    const token = await this.csrf();
    return this.fetch('/staff/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name, password, _csrf: token, next: '/staff/tickets' }).toString(),
    });
  }
  postJson(path: string, body: unknown, csrf?: string) {
    return this.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) }, body: JSON.stringify(body) });
  }
}

beforeAll(async () => {
  app = await startStaffTestApp({
    routers: [
      { path: '/staff/api', router: sampleRoutes() },
      { path: '/staff', router: sampleRoutes() },
    ],
    tokens: [AGENT_TOKEN, `editor:${EDITOR_TOKEN}`],
    clock,
    logger,
  });
  await app.addAccount('an', 'agent', PASSWORD);
  await app.addAccount('lan', 'editor', PASSWORD);
});
afterAll(async () => app?.close());

describe('staff login and session cookie', () => {
  it('logs in with a form post and sets an HttpOnly, SameSite=Strict cookie scoped to /staff', async () => {
    const b = new Browser();
    const res = await b.login('lan');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff/tickets');
    const cookie = b.setCookies.find((c) => c.startsWith('hue_staff_session='))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).toMatch(/; Path=\/staff/i);
    expect(cookie).not.toMatch(/; Secure/i);
    expect((await b.fetch('/staff/editor-thing')).status).toBe(200);
  });

  it('marks the cookies Secure behind an HTTPS proxy', async () => {
    const b = new Browser({ 'x-forwarded-proto': 'https' });
    expect((await b.login('lan')).status).toBe(303);
    for (const name of ['hue_staff_session=', 'hue_staff_csrf=']) {
      const cookie = b.setCookies.filter((c) => c.startsWith(name)).at(-1)!;
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Strict/i);
    }
  });

  it('refuses a wrong password or unknown name the same way, and a login without the CSRF token', async () => {
    for (const [name, password] of [['lan', 'wrong password here'], ['nobody', PASSWORD]] as const) {
      const b = new Browser();
      const res = await b.login(name, password);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/staff\/login\?failed=1/);
      expect(b.cookies.has('hue_staff_session')).toBe(false);
    }
    const b = new Browser();
    const noToken = await b.fetch('/staff/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'lan', password: PASSWORD }).toString(),
    });
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toMatchObject({ error: 'csrf_failed' });
  });

  it('ends a session after the idle time and after logout', async () => {
    const b = new Browser();
    await b.login('an');
    expect((await b.fetch('/staff/agent-thing')).status).toBe(200);
    clock.advance(29 * 60_000);
    expect((await b.fetch('/staff/agent-thing')).status).toBe(200);
    clock.advance(31 * 60_000);
    const expired = await b.fetch('/staff/agent-thing', { headers: { accept: 'text/html' } });
    expect(expired.status).toBe(303);
    expect(expired.headers.get('location')).toBe('/staff/login?next=%2Fstaff%2Fagent-thing');
    expect((await b.fetch('/staff/agent-thing')).status).toBe(401);

    await b.login('an');
    const csrf = await b.csrf();
    expect((await b.fetch('/staff/logout', { method: 'POST', headers: { 'x-csrf-token': csrf } })).status).toBe(200);
    expect((await b.fetch('/staff/agent-thing')).status).toBe(401);
  });
});

describe('CSRF and roles', () => {
  it('refuses a state-changing request of a session without a valid CSRF token, accepts it with one', async () => {
    const b = new Browser();
    await b.login('an');
    const without = await b.postJson('/staff/agent-thing', {});
    expect(without.status).toBe(403);
    expect(await without.json()).toMatchObject({ error: 'csrf_failed' });
    expect((await b.postJson('/staff/agent-thing', {}, 'forged.token')).status).toBe(403);
    // A token from another session does not work either.
    const other = new Browser();
    await other.login('lan');
    expect((await b.postJson('/staff/agent-thing', {}, await other.csrf())).status).toBe(403);
    const ok = await b.postJson('/staff/agent-thing', {}, await b.csrf());
    expect(ok.status).toBe(200);
    const trail = await app.staffStore.auditForTicket('HUE-2026-000009');
    expect(trail.at(-1)).toMatchObject({ actor: 'an', action: 'agent-thing' });
  });

  it('an agent cannot call an editor route; an editor can; nobody without credentials can', async () => {
    const agent = new Browser();
    await agent.login('an');
    const refused = await agent.fetch('/staff/editor-thing');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'forbidden' });
    expect((await agent.postJson('/staff/editor-thing', {}, await agent.csrf())).status).toBe(403);
    const editor = new Browser();
    await editor.login('lan');
    expect((await editor.postJson('/staff/editor-thing', {}, await editor.csrf())).status).toBe(200);
    expect((await editor.fetch('/staff/admin-thing')).status).toBe(403);
    // A browser or curl opening a console page without a session lands on the login page.
    const page = await fetch(`${app.base}/staff/agent-thing`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/staff/login?next=%2Fstaff%2Fagent-thing');
    const anonymous = await fetch(`${app.base}/staff/api/agent-thing`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: 'unauthorized', reason: expect.any(String) });
  });

  it('accepts STAFF_TOKENS on /staff/api only, with their role, without CSRF', async () => {
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    expect((await fetch(`${app.base}/staff/api/agent-thing`, { headers: bearer(AGENT_TOKEN) })).status).toBe(200);
    expect((await fetch(`${app.base}/staff/api/editor-thing`, { headers: bearer(AGENT_TOKEN) })).status).toBe(403);
    const post = await fetch(`${app.base}/staff/api/editor-thing`, { method: 'POST', headers: { ...bearer(EDITOR_TOKEN), 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(200);
    expect((await app.staffStore.auditForTicket('HUE-2026-000009')).at(-1)?.actor).toMatch(/^token:[0-9a-f]{8}$/);
    expect((await fetch(`${app.base}/staff/agent-thing`, { headers: { ...bearer(AGENT_TOKEN), accept: 'application/json' } })).status).toBe(401);
    expect((await fetch(`${app.base}/staff/api/agent-thing`, { headers: bearer('editor-automation-token') })).status).toBe(401);
  });

  it('sends an account with a one-time password to the password page first', async () => {
    await app.staffStore.createAccount('mai', 'agent', (await app.staffStore.findAccount('an'))!.passwordHash, clock.now(), true);
    const b = new Browser();
    const login = await b.login('mai');
    expect(login.headers.get('location')).toBe('/staff/password');
    expect((await b.fetch('/staff/agent-thing')).status).toBe(403);
    const csrf = await b.csrf();
    const weak = await b.postJson('/staff/password', { current: PASSWORD, password: 'short' }, csrf);
    expect(weak.status).toBe(400);
    expect(await weak.json()).toMatchObject({ error: 'invalid_password', field: 'password' });
    const changed = await b.postJson('/staff/password', { current: PASSWORD, password: 'a brand new passphrase' }, csrf);
    expect(changed.status).toBe(200);
    expect((await b.fetch('/staff/agent-thing')).status).toBe(200);
    expect((await new Browser().login('mai', PASSWORD)).headers.get('location')).toMatch(/failed=1/);
    expect((await new Browser().login('mai', 'a brand new passphrase')).headers.get('location')).toBe('/staff/tickets');
  });

  it('never writes a password to the log, even one typed in the name field', async () => {
    await new Browser().login(PASSWORD, PASSWORD);
    const all = logLines.join('\n');
    expect(all).toContain('(unknown name)');
    expect(all).toContain('staff logged in');
    expect(all).toContain('staff login failed');
    for (const secret of [PASSWORD, 'wrong password here', 'a brand new passphrase', EDITOR_TOKEN, AGENT_TOKEN]) expect(all).not.toContain(secret);
  });
});

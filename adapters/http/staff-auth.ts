/**
 * Who is the staff member behind a request under /staff, and may they do this?
 *
 * - `createStaffAuth(...)` builds the identification router the composition root mounts at
 *   `/staff` before every other staff router: it reads the console's session cookie, or on
 *   `/staff/api` only a bearer token from STAFF_TOKENS (automation), and parses form bodies so
 *   the CSRF field is readable.
 * - `requireStaff(role)` is the guard every staff route uses: 401 without credentials (a
 *   redirect to the login page for a browser asking for HTML), 403 when the role is too low,
 *   403 for a state-changing request of a session without a valid CSRF token.
 * - `recordStaffAction(res, …)` writes the audit trail.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type CookieOptions, type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Clock, Logger } from '../../bot/ports.ts';
import { hashPassword, verifyPassword } from '../staff/passwords.ts';
import * as sessionRoutes from './staff-session-routes.ts';
import { roleAllows, type StaffRole } from '../staff/roles.ts';
import type { StaffToken } from '../config.ts';
import type { AuditEntry, StaffAccount, StaffStore } from '../staff/store.ts';
import type { AuthBackoff } from './auth-backoff.ts';

export const SESSION_COOKIE = 'hue_staff_session';
export const CSRF_COOKIE = 'hue_staff_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';
const STAFF_API = '/staff/api';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The staff member a request acts for. */
export interface StaffPrincipal {
  via: 'session' | 'token';
  /** Account name, or `token:<8 hex>` for an automation token. */
  actor: string;
  role: StaffRole;
  account?: StaffAccount;
}

export type { StaffToken } from '../config.ts';

export interface StaffAuthOptions {
  store: StaffStore;
  tokens: readonly StaffToken[];
  logger: Logger;
  clock: Clock;
  idleMinutes: number;
  maxAgeHours: number;
  /** Makes a client address wait after repeated wrong tokens or passwords. */
  backoff?: AuthBackoff;
}

export interface StaffAuth {
  /** Mount at `/staff` before the other staff routers. */
  router: Router;
  /** The account when name and password match an enabled account. */
  checkPassword(name: string, password: string): Promise<StaffAccount | undefined>;
  /** Whether an account has this name (so a failed login can name it in the log without risking a password typed as the name). */
  accountExists(name: string): Promise<boolean>;
  /** Starts a session for the account: sets the cookie and records the login. */
  startSession(req: Request, res: Response, account: StaffAccount): Promise<void>;
  endSession(req: Request, res: Response): Promise<void>;
  /** A CSRF token for forms and scripts of this request's session (or of the login form). */
  csrfToken(req: Request, res: Response): string;
}

interface RequestState {
  staff?: StaffPrincipal;
  sessionDigest?: string;
  store: StaffStore;
  clock: Clock;
  validCsrf: (req: Request) => boolean;
}

/** Per-request state set by the identification router; a WeakMap so nothing else can forge it. */
const states = new WeakMap<Request, RequestState>();

const sha256 = (s: string) => createHash('sha256').update(s).digest();
const digestHex = (s: string) => sha256(s).toString('hex');

export function staffOf(req: Request): StaffPrincipal | undefined {
  return states.get(req)?.staff;
}

/** Whether this request carries a valid CSRF token for its session (or for the login form). */
export function hasValidCsrf(req: Request): boolean {
  return states.get(req)?.validCsrf(req) ?? false;
}

function matchToken(presented: string, tokens: readonly { digest: Buffer; role: StaffRole }[]) {
  const d = sha256(presented);
  let found: { digest: Buffer; role: StaffRole } | undefined;
  for (const t of tokens) if (timingSafeEqual(d, t.digest) && !found) found = t;
  return found;
}

/** A browser (or anything not asking for JSON) opening a console page is sent to the login page. */
const wantsPage = (req: Request) => !req.originalUrl.startsWith(STAFF_API) && req.method === 'GET' && req.accepts(['html', 'json']) === 'html';

export function createStaffAuth(options: StaffAuthOptions, csrfSecret: string): StaffAuth {
  const { store, logger, clock } = options;
  const limits = { idleMs: options.idleMinutes * 60_000, maxAgeMs: options.maxAgeHours * 3_600_000 };
  const tokens = options.tokens.filter((t) => t.token).map((t) => ({ digest: sha256(t.token), role: t.role }));
  // Checked when a name is unknown, so a wrong name costs as long as a wrong password.
  const decoy = hashPassword(randomBytes(16).toString('hex'));

  const csrf = doubleCsrf({
    getSecret: () => csrfSecret,
    getSessionIdentifier: (req) => states.get(req)?.sessionDigest ?? 'login',
    cookieName: CSRF_COOKIE,
    cookieOptions: { sameSite: 'strict', path: '/staff', secure: false, httpOnly: true },
    getCsrfTokenFromRequest: (req) => {
      const header = req.get(CSRF_HEADER);
      if (header) return header;
      const field = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      return typeof field === 'string' ? field : undefined;
    },
  });

  const cookieOptions = (req: Request): CookieOptions => ({ httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/staff' });

  const router = express.Router();
  router.use(cookieParser());
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const state: RequestState = { store, clock, validCsrf: (r) => csrf.validateRequest(r) };
    states.set(req, state);
    try {
      const cookie = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
      if (typeof cookie === 'string' && cookie.length > 0 && cookie.length <= 128) {
        const digest = digestHex(cookie);
        const session = await store.useSession(digest, clock.now(), limits);
        if (session) {
          state.sessionDigest = digest;
          state.staff = { via: 'session', actor: session.account.name, role: session.account.role, account: session.account };
        }
      }
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
      if (!state.staff && bearer && req.originalUrl.startsWith(STAFF_API)) {
        const wait = await options.backoff?.waitSeconds(req);
        if (wait !== undefined) return void tooManyFailures(res, wait);
        const token = tokens.length ? matchToken(bearer[1]!, tokens) : undefined;
        if (token) state.staff = { via: 'token', actor: `token:${token.digest.toString('hex').slice(0, 8)}`, role: token.role };
        else await options.backoff?.failed(req);
      }
      next();
    } catch (error) {
      next(error);
    }
  });

  const auth: StaffAuth = {
    router,
    async checkPassword(name, password) {
      const account = await store.findAccount(name);
      if (!account) {
        await verifyPassword(password, await decoy);
        return undefined;
      }
      const ok = await verifyPassword(password, account.passwordHash);
      if (!ok || account.disabled) return undefined;
      const { passwordHash: _hash, ...plain } = account;
      return plain;
    },
    async accountExists(name) {
      return (await store.findAccount(name)) !== undefined;
    },
    async startSession(req, res, account) {
      const value = randomBytes(32).toString('base64url');
      const digest = digestHex(value);
      const previous = states.get(req)?.sessionDigest;
      if (previous) await store.endSession(previous);
      // Sessions nobody ends (a closed laptop) are removed here, at the next login of anyone.
      await store.endExpiredSessions(clock.now(), limits);
      await store.createSession(digest, account.id, clock.now());
      res.cookie(SESSION_COOKIE, value, cookieOptions(req));
      const state = states.get(req);
      if (state) {
        state.sessionDigest = digest;
        state.staff = { via: 'session', actor: account.name, role: account.role, account };
      }
      await store.recordAudit({ at: clock.now(), actor: account.name, action: 'login' });
      logger.info('staff logged in', { staff: account.name, role: account.role });
    },
    async endSession(req, res) {
      const state = states.get(req);
      if (state?.sessionDigest) {
        await store.endSession(state.sessionDigest);
        if (state.staff) await store.recordAudit({ at: clock.now(), actor: state.staff.actor, action: 'logout' });
        state.sessionDigest = undefined;
        state.staff = undefined;
      }
      res.clearCookie(SESSION_COOKIE, cookieOptions(req));
      res.clearCookie(CSRF_COOKIE, cookieOptions(req));
    },
    csrfToken(req, res) {
      return csrf.generateCsrfToken(req, res, { cookieOptions: { secure: req.secure }, overwrite: false });
    },
  };
  const json = express.json({ limit: '8kb' });
  router.post('/login', json, loginBackoff(options.backoff), sessionRoutes.login(auth, logger));
  router.post('/logout', json, sessionRoutes.logout(auth));
  router.post('/password', json, sessionRoutes.changePassword(auth, store, clock));
  router.get('/session', (req, res) => {
    const staff = staffOf(req);
    res.json({ staff: staff ? { name: staff.actor, role: staff.role, via: staff.via } : null, csrfToken: auth.csrfToken(req, res) });
  });
  return auth;
}

function tooManyFailures(res: Response, wait: number): void {
  res.set('Retry-After', String(wait)).status(429).json({ error: 'rate_limited', reason: `too many failed log-ins from this address; try again in ${wait} s` });
}

/** Refuses log-ins while the address backs off, and counts each failed one once it is answered. */
function loginBackoff(backoff: AuthBackoff | undefined): RequestHandler {
  return async (req, res, next) => {
    if (!backoff) return next();
    const wait = await backoff.waitSeconds(req);
    if (wait !== undefined) return tooManyFailures(res, wait);
    res.once('finish', () => {
      const failed = res.statusCode === 401 || (res.statusCode === 303 && String(res.get('location') ?? '').includes('failed=1'));
      if (failed) void backoff.failed(req).catch(() => undefined);
    });
    next();
  };
}

/** Guard for a staff route; see the module comment. Fails closed when identification is not mounted. */
export function requireStaff(role: StaffRole): RequestHandler {
  return (req, res, next) => {
    const state = states.get(req);
    const staff = state?.staff;
    if (!staff) {
      if (wantsPage(req)) return void res.redirect(303, `/staff/login?next=${encodeURIComponent(req.originalUrl)}`);
      res.set('WWW-Authenticate', 'Bearer');
      return void res.status(401).json({ error: 'unauthorized', reason: 'log in to the staff console or send a staff token' });
    }
    if (staff.account?.mustChangePassword) {
      if (wantsPage(req)) return void res.redirect(303, '/staff/password');
      return void res.status(403).json({ error: 'password_change_required', reason: 'choose a new password at /staff/password first' });
    }
    if (!roleAllows(staff.role, role)) {
      return void res.status(403).json({ error: 'forbidden', reason: `this needs the ${role} role` });
    }
    if (staff.via === 'session' && !SAFE_METHODS.has(req.method) && !state.validCsrf(req)) {
      return void res.status(403).json({ error: 'csrf_failed', reason: 'missing or invalid CSRF token; reload the page and try again' });
    }
    res.locals.staff = staff;
    next();
  };
}

/** Adds an entry to the audit trail for the staff member of this request. */
export async function recordStaffAction(
  req: Request,
  action: string,
  extra: { ticketCode?: string; details?: AuditEntry['details'] } = {},
): Promise<void> {
  const state = states.get(req);
  if (!state?.staff) throw new Error('recordStaffAction needs a request that passed requireStaff');
  await state.store.recordAudit({ at: state.clock.now(), actor: state.staff.actor, action, ...extra });
}

/** The audit trail of one ticket, for pages and APIs that show it. */
export async function ticketAudit(req: Request, code: string): Promise<AuditEntry[]> {
  const state = states.get(req);
  return state ? state.store.auditForTicket(code) : [];
}

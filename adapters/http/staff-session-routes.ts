/**
 * Log in, log out and change password: each a form post (redirecting back to a console page)
 * or a JSON request (answering JSON), each refused without the CSRF token.
 */
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Clock, Logger } from '../../bot/ports.ts';
import { checkPasswordStrength, hashPassword, MAX_PASSWORD_LENGTH, WeakPasswordError } from '../staff/passwords.ts';
import type { StaffStore } from '../staff/store.ts';
import { hasValidCsrf, staffOf, type StaffAuth } from './staff-auth.ts';

const isForm = (req: Request) => Boolean(req.is('application/x-www-form-urlencoded'));

/** Only a console path, so a crafted link cannot send a fresh login elsewhere. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/staff(\/[\w\-./?=&%]*)?$/.test(value) && !value.includes('//') ? value : '/staff';
}

const csrfRefused = (res: Response) =>
  res.status(403).json({ error: 'csrf_failed', reason: 'missing or invalid CSRF token; reload the page and try again' });

const loginBody = z.object({ name: z.string().trim().min(1).max(64), password: z.string().min(1).max(MAX_PASSWORD_LENGTH), next: z.string().optional() });

export function login(auth: StaffAuth, logger: Logger): RequestHandler {
  return async (req, res) => {
    if (!hasValidCsrf(req)) return void csrfRefused(res);
    const body = loginBody.safeParse(req.body ?? {});
    const next = safeNext(body.success ? body.data.next : undefined);
    const account = body.success ? await auth.checkPassword(body.data.name, body.data.password) : undefined;
    if (!account) {
      // The name typed is logged only when it is an account's: people do type their password there.
      const known = body.success && (await auth.accountExists(body.data.name));
      logger.warn('staff login failed', known ? { staff: body.data!.name } : { staff: '(unknown name)' });
      if (isForm(req)) return void res.redirect(303, `/staff/login?failed=1&next=${encodeURIComponent(next)}`);
      return void res.status(401).json({ error: 'login_failed', reason: 'unknown name or wrong password' });
    }
    await auth.startSession(req, res, account);
    if (isForm(req)) return void res.redirect(303, account.mustChangePassword ? '/staff/password' : next);
    res.json({ name: account.name, role: account.role, mustChangePassword: account.mustChangePassword, csrfToken: auth.csrfToken(req, res) });
  };
}

export function logout(auth: StaffAuth): RequestHandler {
  return async (req, res) => {
    if (staffOf(req)?.via === 'session' && !hasValidCsrf(req)) return void csrfRefused(res);
    await auth.endSession(req, res);
    if (isForm(req)) return void res.redirect(303, '/staff/login');
    res.json({ ok: true });
  };
}

const passwordBody = z.object({ current: z.string().min(1).max(MAX_PASSWORD_LENGTH), password: z.string().max(MAX_PASSWORD_LENGTH), confirm: z.string().optional() });

export function changePassword(auth: StaffAuth, store: StaffStore, clock: Clock): RequestHandler {
  return async (req, res) => {
    const staff = staffOf(req);
    if (staff?.via !== 'session' || !staff.account) return void res.status(401).json({ error: 'unauthorized', reason: 'log in first' });
    if (!hasValidCsrf(req)) return void csrfRefused(res);
    const fail = (reason: string, field: string) =>
      isForm(req)
        ? res.redirect(303, `/staff/password?error=${encodeURIComponent(field)}`)
        : res.status(400).json({ error: 'invalid_password', reason, field });
    const body = passwordBody.safeParse(req.body ?? {});
    if (!body.success) return void fail('current and new password are needed', 'password');
    if (body.data.confirm !== undefined && body.data.confirm !== body.data.password) return void fail('the two new passwords differ', 'confirm');
    if (!(await auth.checkPassword(staff.account.name, body.data.current))) return void fail('the current password is wrong', 'current');
    try {
      checkPasswordStrength(body.data.password);
    } catch (error) {
      if (error instanceof WeakPasswordError) return void fail(error.message, 'password');
      throw error;
    }
    if (body.data.password === body.data.current) return void fail('the new password must differ from the current one', 'password');
    // Ends every session of the account, this one included; a fresh one follows.
    await store.setPassword(staff.account.name, await hashPassword(body.data.password), false);
    await store.recordAudit({ at: clock.now(), actor: staff.actor, action: 'password-changed' });
    await auth.startSession(req, res, { ...staff.account, mustChangePassword: false });
    if (isForm(req)) return void res.redirect(303, '/staff');
    res.json({ ok: true, csrfToken: auth.csrfToken(req, res) });
  };
}

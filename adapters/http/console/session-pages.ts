/** The login and change-password pages; their forms post to the routes of staff-session-routes.ts. */
import { Router } from 'express';
import { MIN_PASSWORD_LENGTH } from '../../staff/passwords.ts';
import { staffOf } from '../staff-auth.ts';
import { safeNext } from '../staff-session-routes.ts';
import { html } from './html.ts';
import { csrfField, type ConsoleLayout } from './layout.ts';

export function createSessionPages(layout: ConsoleLayout): Router {
  const router = Router();

  router.get('/login', (req, res) => {
    const ctx = layout.context(req, res);
    const { t } = ctx;
    const failed = req.query.failed === '1';
    layout.render(req, res, {
      title: t('login.title'),
      body: html`<form method="post" action="/staff/login" class="card narrow">
  ${csrfField(ctx)}
  <input type="hidden" name="next" value="${safeNext(req.query.next)}">
  ${failed ? html`<p class="error" role="alert" id="login-error">${t('login.failed')}</p>` : ''}
  <p class="field"><label for="name">${t('login.name')}</label>
  <input id="name" name="name" autocomplete="username" required maxlength="64" autofocus${failed ? html` aria-describedby="login-error"` : ''}></p>
  <p class="field"><label for="password">${t('login.password')}</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"></p>
  <p><button type="submit" class="primary">${t('login.submit')}</button></p>
</form>`,
    });
  });

  router.get('/password', (req, res) => {
    const ctx = layout.context(req, res);
    const { t } = ctx;
    if (staffOf(req)?.via !== 'session') return void res.redirect(303, '/staff/login?next=%2Fstaff%2Fpassword');
    const error = typeof req.query.error === 'string' ? req.query.error : undefined;
    const message = error === 'current' ? t('password.wrongCurrent') : error === 'confirm' ? t('password.mismatch') : error ? t('password.weak', { min: MIN_PASSWORD_LENGTH }) : '';
    layout.render(req, res, {
      title: t('password.title'),
      body: html`<form method="post" action="/staff/password" class="card narrow">
  ${csrfField(ctx)}
  ${staffOf(req)?.account?.mustChangePassword ? html`<p class="notice">${t('password.oneTime')}</p>` : ''}
  ${message ? html`<p class="error" role="alert" id="password-error">${message}</p>` : ''}
  <p class="field"><label for="current">${t('password.current')}</label>
  <input id="current" name="current" type="password" autocomplete="current-password" required></p>
  <p class="field"><label for="new-password">${t('password.new')}</label>
  <input id="new-password" name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" aria-describedby="password-hint">
  <span class="hint" id="password-hint">${t('password.hint', { min: MIN_PASSWORD_LENGTH })}</span></p>
  <p class="field"><label for="confirm">${t('password.confirm')}</label>
  <input id="confirm" name="confirm" type="password" autocomplete="new-password" required></p>
  <p><button type="submit" class="primary">${t('password.submit')}</button></p>
</form>`,
    });
  });
  return router;
}

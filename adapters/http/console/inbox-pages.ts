/**
 * The console's handoff inbox: conversations whose person asked for city staff, with the
 * conversation so far; a staff member takes one over, writes to the person in their own channel,
 * and hands it back to the assistant. Plain forms (no script needed); inbox.js refreshes the open
 * conversation while the page is shown.
 */
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { HandoffConflictError, HandoffNotFoundError } from '../../../bot/handoff/errors.ts';
import type { StaffDesk } from '../../../bot/handoff/staff-desk.ts';
import type { Handoff } from '../../../bot/handoff/types.ts';
import { languageName } from '../../../bot/i18n/catalog.ts';
import { cityProfile } from '../../../bot/locale/installed.ts';
import type { Logger } from '../../../bot/ports.ts';
import { recordStaffAction, requireStaff, staffOf } from '../staff-auth.ts';
import { html } from './html.ts';
import { csrfField, type ConsoleContext, type ConsoleLayout } from './layout.ts';

export interface InboxPagesOptions {
  desk: StaffDesk;
  layout: ConsoleLayout;
  logger: Logger;
}

const ID = /^[A-Za-z0-9-]{1,64}$/;
const replyForm = z.object({ text: z.string().trim().min(1).max(2000), _csrf: z.string().optional() });

export function createInboxPages(options: InboxPagesOptions): Router {
  const { desk, layout, logger } = options;
  layout.addNav({ path: '/staff/inbox', label: 'nav.inbox', role: 'agent', order: 20 });
  const router = Router();
  const when = (ctx: ConsoleContext, d: Date) =>
    new Intl.DateTimeFormat(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: cityProfile().timeZone }).format(d);
  const badge = (ctx: ConsoleContext, h: Handoff) => html`<span class="status handoff-${h.status}">${ctx.t(`inbox.status.${h.status}`)}</span>`;
  const who = (ctx: ConsoleContext, m: Handoff['messages'][number]) =>
    m.from === 'staff' ? ctx.t('inbox.from.staff', { name: m.by ?? '' }) : ctx.t(`inbox.from.${m.from}`);

  router.get('/inbox', requireStaff('agent'), async (req, res) => {
    const ctx = layout.context(req, res);
    const { t } = ctx;
    const handoffs = await desk.list();
    const body = html`
<p class="hint">${t('inbox.intro')}</p>
${handoffs.length
  ? html`<div class="table-wrap" role="region" aria-label="${t('inbox.title')}" tabindex="0"><table class="tickets">
<thead><tr><th scope="col">${t('inbox.opened')}</th><th scope="col">${t('tickets.status')}</th><th scope="col">${t('tickets.channel')}</th>
<th scope="col">${t('tickets.language')}</th><th scope="col">${t('inbox.last')}</th></tr></thead>
<tbody>${handoffs.map((h) => {
      const last = [...h.messages].reverse().find((m) => m.from === 'person');
      return html`<tr><td><a href="/staff/inbox/${h.id}">${when(ctx, h.openedAt)}</a></td><td>${badge(ctx, h)}${h.claimedBy ? html` <span class="hint">${h.claimedBy}</span>` : ''}</td>
<td>${t(`channel.${h.channel}`)}</td><td>${languageName(ctx.lang as never, h.lang)}</td><td lang="${h.lang}">${last ? (last.text.length > 90 ? `${last.text.slice(0, 88)}…` : last.text) : ''}</td></tr>`;
    })}</tbody></table></div>`
  : html`<p>${t('inbox.none')}</p>`}`;
    layout.render(req, res, { title: t('inbox.title'), active: '/staff/inbox', body });
  });

  const page = async (req: Request, res: Response, id: string, notice?: { kind: 'saved' | 'error'; text: string }, status = 200) => {
    const ctx = layout.context(req, res);
    const { t } = ctx;
    let handoff: Handoff;
    try {
      handoff = await desk.get(id);
    } catch (error) {
      if (!(error instanceof HandoffNotFoundError)) throw error;
      return void layout.render(req, res, { title: t('inbox.notFound'), status: 404, body: html`<p><a href="/staff/inbox">${t('inbox.back')}</a></p>` });
    }
    const me = staffOf(req)?.actor;
    const mine = handoff.status === 'claimed' && handoff.claimedBy === me;
    const active = handoff.status === 'waiting' || handoff.status === 'claimed';
    const body = html`
<p><a href="/staff/inbox">${t('inbox.back')}</a></p>
<p>${t('tickets.status')}: ${badge(ctx, handoff)}</p>
${notice ? html`<p class="${notice.kind === 'saved' ? 'notice' : 'error'}" role="${notice.kind === 'saved' ? 'status' : 'alert'}">${notice.text}</p>` : ''}
<dl class="facts">
  <dt>${t('tickets.channel')}</dt><dd>${t(`channel.${handoff.channel}`)}</dd>
  <dt>${t('detail.citizenLanguage')}</dt><dd>${languageName(ctx.lang as never, handoff.lang)}</dd>
  <dt>${t('inbox.opened')}</dt><dd>${when(ctx, handoff.openedAt)}</dd>
  ${handoff.claimedBy ? html`<dt>${t('inbox.heldBy')}</dt><dd>${handoff.claimedBy}</dd>` : ''}
</dl>
<section class="card" aria-labelledby="h-messages">
  <h2 id="h-messages">${t('inbox.messages')}</h2>
  <ul class="transcript" id="transcript" data-handoff="${handoff.id}" data-label-person="${t('inbox.from.person')}" data-label-assistant="${t('inbox.from.assistant')}" data-label-staff="${t('inbox.from.staff', { name: '' })}" aria-live="polite">${handoff.messages.map(
    (m) => html`<li class="from-${m.from}"><span class="who">${who(ctx, m)} · ${when(ctx, m.at)}</span> <span class="text" lang="${m.from === 'staff' ? ctx.lang : handoff.lang}">${m.text}</span></li>`,
  )}</ul>
</section>
${active
  ? html`<section class="card" aria-labelledby="h-reply">
  <h2 id="h-reply">${t('inbox.reply')}</h2>
  ${handoff.status === 'waiting' ? html`<form method="post" action="/staff/inbox/${handoff.id}/claim">${csrfField(ctx)}<p><button type="submit" class="primary">${t('inbox.claim')}</button></p></form>` : ''}
  ${handoff.status === 'waiting' || mine
    ? html`<form method="post" action="/staff/inbox/${handoff.id}/messages">
    ${csrfField(ctx)}
    <p class="field"><label for="r-text">${t('inbox.message')}</label>
    <textarea id="r-text" name="text" rows="3" maxlength="2000" required aria-describedby="r-hint"></textarea>
    <span class="hint" id="r-hint">${t('inbox.messageHint', { language: languageName(ctx.lang as never, handoff.lang) })}</span></p>
    <p><button type="submit" class="primary">${t('inbox.send')}</button></p>
  </form>
  <form method="post" action="/staff/inbox/${handoff.id}/release">${csrfField(ctx)}<p><button type="submit">${t('inbox.release')}</button></p></form>`
    : html`<p>${t('inbox.heldByOther', { name: handoff.claimedBy ?? '' })}</p>`}
</section>`
  : html`<p>${t('inbox.closed')}</p>`}`;
    layout.render(req, res, { title: t('inbox.conversation'), active: '/staff/inbox', body, scripts: ['/staff/assets/inbox.js'], status });
  };

  router.get('/inbox/:id', requireStaff('agent'), async (req, res, next) => {
    const id = String(req.params.id);
    if (!ID.test(id)) return void res.status(404).json({ error: 'not_found', reason: 'no such handoff' });
    await page(req, res, id, req.query.saved ? { kind: 'saved', text: layout.context(req, res).t('inbox.saved') } : undefined).catch(next);
  });

  const action = (name: 'claim' | 'messages' | 'release') =>
    async (req: Request, res: Response) => {
      const id = String(req.params.id);
      if (!ID.test(id)) return void res.status(404).json({ error: 'not_found', reason: 'no such handoff' });
      const ctx = layout.context(req, res);
      const actor = staffOf(req)!.actor;
      try {
        if (name === 'claim') await desk.claim(id, actor);
        else if (name === 'release') await desk.release(id, actor);
        else {
          const form = replyForm.safeParse(req.body);
          if (!form.success) return void (await page(req, res, id, { kind: 'error', text: ctx.t('inbox.empty') }, 400));
          await desk.reply(id, actor, form.data.text);
        }
        await recordStaffAction(req, `handoff-${name}`, { details: { handoff: id } });
        logger.info(`handoff ${name}`, { handoff: id, by: actor });
        res.redirect(303, `/staff/inbox/${id}?saved=1`);
      } catch (error) {
        if (error instanceof HandoffConflictError) return void (await page(req, res, id, { kind: 'error', text: ctx.t('inbox.conflict') }, 409));
        if (error instanceof HandoffNotFoundError) return void (await page(req, res, id, undefined, 404));
        throw error;
      }
    };
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  for (const name of ['claim', 'messages', 'release'] as const) {
    router.post(`/inbox/:id/${name}`, requireStaff('agent'), form, (req, res, next) => void action(name)(req, res).catch(next));
  }
  return router;
}

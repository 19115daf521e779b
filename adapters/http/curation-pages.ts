/**
 * The editors' console pages, drawn in the console's shared layout: the review queue
 * (`/staff/review`) with a form per group for each action, and the knowledge-health page
 * (`/staff/knowledge-health`). Forms post without scripts; each action redirects back with a
 * notice, after the assistant already answers from the change.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { ReviewGroup, ReviewQueue, KnowledgeFiles, AnswerRatings, ReviewStatus } from '../../bot/review/ports.ts';
import { REVIEW_STATUSES } from '../../bot/review/ports.ts';
import type { Clock } from '../../bot/ports.ts';
import type { ReviewActions } from '../curation/review-actions.ts';
import { csrfField, type ConsoleContext, type ConsoleLayout } from './console/layout.ts';
import { html, type SafeHtml } from './console/html.ts';
import { actionFailure, alternateBody, dismissBody, healthReport, outOfScopeBody } from './curation-api.ts';
import { recordStaffAction, requireStaff, staffOf } from './staff-auth.ts';

export interface CurationPagesOptions {
  layout: ConsoleLayout;
  queue: ReviewQueue;
  knowledge: KnowledgeFiles;
  actions: ReviewActions;
  ratings?: AnswerRatings;
  clock: Clock;
}

const REASONS = ['low-confidence', 'out-of-scope', 'unresolved-clarification', 'thumbs-down'] as const;

export function createCurationPages(options: CurationPagesOptions): Router {
  const { layout, queue, knowledge, actions } = options;
  layout.addNav({ path: '/staff/review', label: 'nav.review', role: 'editor', order: 60 });
  layout.addNav({ path: '/staff/knowledge-health', label: 'nav.health', role: 'editor', order: 70 });
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  const entryTitle = (ctx: ConsoleContext, id: string, titles: Map<string, Record<string, string>>) => {
    const t = titles.get(id);
    return t ? `${t[ctx.lang] ?? t.en ?? Object.values(t)[0]} (${id})` : id;
  };

  const groupCard = (ctx: ConsoleContext, group: ReviewGroup, titles: Map<string, Record<string, string>>, topics: { id: string; reason: string }[]): SafeHtml => {
    const { t } = ctx;
    const question = group.sample || (group.entryId ? t('review.ratedDown', { entry: entryTitle(ctx, group.entryId, titles) }) : '');
    const candidates = group.candidates.filter((c) => titles.has(c.id));
    const others = [...titles.keys()].filter((id) => !candidates.some((c) => c.id === id)).sort();
    const open = group.status === 'open';
    const headingId = `q-${group.id}`;
    return html`<section class="card review-group" aria-labelledby="${headingId}">
  <h2 id="${headingId}" lang="${group.lang}">${question}</h2>
  <dl class="facts">
    <div><dt>${t('review.count')}</dt><dd>${group.count}</dd></div>
    <div><dt>${t('review.language')}</dt><dd>${group.lang}</dd></div>
    <div><dt>${t('review.reasons')}</dt><dd>${REASONS.filter((r) => group.reasons[r]).map((r) => `${t(`review.reason.${r}`)} × ${group.reasons[r]}`).join(', ')}</dd></div>
    <div><dt>${t('review.channels')}</dt><dd>${Object.entries(group.channels).map(([c, n]) => `${t(`channel.${c}`)} × ${n}`).join(', ')}</dd></div>
    <div><dt>${t('review.candidates')}</dt><dd>${candidates.length ? candidates.map((c) => `${entryTitle(ctx, c.id, titles)} ${Math.round(c.score * 100)}%`).join('; ') : t('review.noCandidates')}</dd></div>
    <div><dt>${t('review.lastSeen')}</dt><dd>${group.lastAt.toISOString().slice(0, 16).replace('T', ' ')}</dd></div>
    ${group.examples.length > 1 ? html`<div><dt>${t('review.examples')}</dt><dd><ul>${group.examples.map((e) => html`<li lang="${group.lang}">${e}</li>`)}</ul></dd></div>` : ''}
    ${open ? '' : html`<div><dt>${t('review.resolved')}</dt><dd>${t(`review.status.${group.status}`)} · ${group.resolvedBy ?? ''} ${group.resolution ?? ''}</dd></div>`}
  </dl>
  ${open
    ? html`<form method="post" action="/staff/review/${group.id}/alternate" class="review-action">${csrfField(ctx)}
    <div class="field"><label for="e-${group.id}">${t('review.entry')}</label>
      <select id="e-${group.id}" name="entryId">${[
        ...candidates.map((c) => html`<option value="${c.id}">${entryTitle(ctx, c.id, titles)}</option>`),
        ...others.map((id) => html`<option value="${id}">${entryTitle(ctx, id, titles)}</option>`),
      ]}</select></div>
    <div class="field"><label for="t-${group.id}">${t('review.question')}</label>
      <input id="t-${group.id}" name="question" value="${group.sample}" lang="${group.lang}" maxlength="300" required>
      <span class="hint">${t('review.questionHint')}</span></div>
    <button type="submit" class="primary">${t('review.addAlternate')}</button>
  </form>
  ${topics.length
    ? html`<form method="post" action="/staff/review/${group.id}/out-of-scope" class="review-action">${csrfField(ctx)}
    <div class="field"><label for="o-${group.id}">${t('review.topic')}</label>
      <select id="o-${group.id}" name="topic">${topics.map((tp) => html`<option value="${tp.id}">${tp.id} — ${tp.reason}</option>`)}</select></div>
    <input type="hidden" name="question" value="${group.sample}">
    <button type="submit">${t('review.markOutOfScope')}</button>
  </form>`
    : ''}
  <form method="post" action="/staff/review/${group.id}/dismiss" class="review-action">${csrfField(ctx)}
    <button type="submit">${t('review.dismiss')}</button>
  </form>`
    : ''}
</section>`;
  };

  const renderQueue = async (req: Request, res: Response, notice?: { kind: 'notice' | 'error'; text: string }, status = 200) => {
    const ctx = layout.context(req, res);
    const { t } = ctx;
    const asked = typeof req.query.status === 'string' ? req.query.status : 'open';
    const shown: ReviewStatus = (REVIEW_STATUSES as readonly string[]).includes(asked) ? (asked as ReviewStatus) : 'open';
    const { groups, total } = await queue.list({ status: shown, limit: 50, offset: 0 });
    const entries = knowledge.entries();
    const titles = new Map(entries.map((e) => [e.id, Object.fromEntries(Object.entries(e.content).map(([l, c]) => [l, c!.title]))]));
    const topics = knowledge.outOfScopeTopics();
    const body = html`
<p class="hint">${t('review.intro')}</p>
<nav aria-label="${t('review.statusFilter')}"><ul class="nav">${REVIEW_STATUSES.map(
      (s) => html`<li><a href="/staff/review?status=${s}"${s === shown ? html` aria-current="page"` : ''}>${t(`review.status.${s}`)}</a></li>`,
    )}</ul></nav>
${notice ? html`<p class="${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</p>` : ''}
<p>${t('review.total', { n: total })}</p>
${groups.length ? groups.map((g) => groupCard(ctx, g, titles, topics)) : html`<p>${t('review.empty')}</p>`}`;
    layout.render(req, res, { title: t('review.title'), active: '/staff/review', body, status });
  };

  router.get('/review', requireStaff('editor'), async (req, res) => {
    const ctx = layout.context(req, res);
    const done = typeof req.query.done === 'string' ? req.query.done : undefined;
    const seconds = typeof req.query.s === 'string' && /^\d+(\.\d)?$/.test(req.query.s) ? req.query.s : undefined;
    const key = done === 'added' ? (seconds ? 'review.done.added' : 'review.done.addedPending') : done === 'out-of-scope' ? 'review.done.outOfScope' : done === 'dismissed' ? 'review.done.dismissed' : undefined;
    await renderQueue(req, res, key ? { kind: 'notice', text: ctx.t(key, { seconds: seconds ?? '' }) } : undefined);
  });

  const failed = async (req: Request, res: Response, error: unknown) => {
    const failure = actionFailure(error);
    if (!failure) throw error;
    const ctx = layout.context(req, res);
    await renderQueue(req, res, { kind: 'error', text: `${ctx.t('review.failed')} ${failure.reason}` }, failure.status);
  };
  const badForm = async (req: Request, res: Response) => renderQueue(req, res, { kind: 'error', text: layout.context(req, res).t('review.badForm') }, 400);
  const fields = (body: unknown) => {
    const { _csrf: _ignored, ...rest } = (body ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== ''));
  };

  router.post('/review/:id/alternate', requireStaff('editor'), form, async (req, res) => {
    const body = alternateBody.safeParse(fields(req.body));
    if (!body.success) return void (await badForm(req, res));
    try {
      const result = await actions.addAlternate(String(req.params.id), body.data, staffOf(req)!.actor);
      await recordStaffAction(req, 'review.added', { details: { group: result.group.id, entry: body.data.entryId, ...(result.git.commit ? { commit: result.git.commit.slice(0, 12) } : {}) } });
      const seconds = result.servedAfterMs !== undefined ? `&s=${(result.servedAfterMs / 1000).toFixed(1)}` : '';
      res.redirect(303, `/staff/review?done=added${seconds}`);
    } catch (error) {
      await failed(req, res, error);
    }
  });

  router.post('/review/:id/out-of-scope', requireStaff('editor'), form, async (req, res) => {
    const body = outOfScopeBody.safeParse(fields(req.body));
    if (!body.success) return void (await badForm(req, res));
    try {
      const result = await actions.markOutOfScope(String(req.params.id), body.data, staffOf(req)!.actor);
      await recordStaffAction(req, 'review.out-of-scope', { details: { group: result.group.id, topic: body.data.topic } });
      res.redirect(303, '/staff/review?done=out-of-scope');
    } catch (error) {
      await failed(req, res, error);
    }
  });

  router.post('/review/:id/dismiss', requireStaff('editor'), form, async (req, res) => {
    const body = dismissBody.safeParse(fields(req.body));
    if (!body.success) return void (await badForm(req, res));
    try {
      const group = await actions.dismiss(String(req.params.id), body.data.note, staffOf(req)!.actor);
      await recordStaffAction(req, 'review.dismissed', { details: { group: group.id } });
      res.redirect(303, '/staff/review?done=dismissed');
    } catch (error) {
      await failed(req, res, error);
    }
  });

  router.get('/knowledge-health', requireStaff('editor'), async (req, res) => {
    const ctx = layout.context(req, res);
    const { t } = ctx;
    const report = await healthReport(options);
    const skipped = (value: unknown) => (value && typeof value === 'object' && 'skipped' in value ? html`<p class="hint">${t('health.skipped', { reason: String((value as { skipped: string }).skipped) })}</p>` : undefined);
    const table = (caption: string, head: string[], rows: (string | number)[][]) =>
      rows.length
        ? html`<div class="table-wrap"><table><caption>${caption}</caption><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table></div>`
        : html`<p>${t('health.none')}</p>`;
    const section = (id: string, title: string, content: SafeHtml) => html`<section class="card" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${content}</section>`;
    const body = html`
<p class="hint">${t('health.intro', { entries: report.entries })}</p>
${section('h-translations', t('health.missingTranslations'), skipped(report.missingTranslations) ?? table(t('health.missingTranslations'), [t('health.entry'), t('health.missingLangs')], (report.missingTranslations as { entryId: string; missing: string[]; noEntry: boolean }[]).map((m) => [m.noEntry ? `${m.entryId} (${t('health.noEntry')})` : m.entryId, m.missing.join(', ')])))}
${section('h-sources', t('health.staleSources'), table(t('health.staleSources'), [t('health.entry'), t('health.source'), t('health.checked'), t('health.ageDays')], report.staleSources.map((s) => [s.entryId, s.url, s.checked, s.ageDays])))}
${section('h-most', t('health.mostUsed'), table(t('health.mostUsed'), [t('health.entry'), t('health.answers'), t('health.byLang')], report.mostUsed.map((u) => [u.entryId, u.answers, Object.entries(u.byLang).map(([l, n]) => `${l} ${n}`).join(', ')])))}
${section('h-worst', t('health.worstRated'), skipped(report.worstRated) ?? table(t('health.worstRated'), [t('health.entry'), '👍', '👎', t('health.downShare')], (report.worstRated as { entryId: string; up: number; down: number; downShare: number }[]).map((r) => [r.entryId, r.up, r.down, `${Math.round(r.downShare * 100)}%`])))}
${section('h-never', t('health.neverUsed'), report.neverUsed.length ? html`<ul class="columns">${report.neverUsed.map((id) => html`<li>${id}</li>`)}</ul>` : html`<p>${t('health.none')}</p>`)}`;
    layout.render(req, res, { title: t('health.title'), active: '/staff/knowledge-health', body });
  });

  return router;
}

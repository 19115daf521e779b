import { t } from '../i18n/catalog.ts';
import type { Lang } from '../language/langs.ts';
import type { Ticket, TicketStatus } from './types.ts';

/** What changed, as the reporter is told it. */
export interface PublicChange {
  status: TicketStatus;
  publicNote?: string;
}

/** Wording of a ticket update; the message catalogues can supply their own. */
export type NoticeRenderer = (ticket: Ticket, change: PublicChange, lang: Lang) => string;

/** Default wording, from the locale packs' `notice.` keys; staff notes are passed through as written. */
export const defaultNoticeText: NoticeRenderer = (ticket, change, lang) => {
  const lines = [t(lang, 'notice.update', { code: ticket.code, status: t(lang, `notice.status.${change.status}`) })];
  if (change.publicNote) lines.push(`${t(lang, 'notice.note')} ${change.publicNote}`);
  if (change.status === 'resolved') lines.push(t(lang, 'notice.rate'));
  return lines.join('\n');
};

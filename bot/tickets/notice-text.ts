import { t } from '../i18n/catalog.ts';
import type { Lang } from '../language/langs.ts';
import { redactPublic } from '../privacy/redact.ts';
import type { Ticket, TicketStatus } from './types.ts';

/** What changed, as the reporter is told it. */
export interface PublicChange {
  status: TicketStatus;
  publicNote?: string;
}

/** Wording of a ticket update; the message catalogues can supply their own. */
export type NoticeRenderer = (ticket: Ticket, change: PublicChange, lang: Lang) => string;

/**
 * Default wording: the packs' message for the new status, in the reporter's language. A public
 * note is the staff member's own words, shown as such after "Note from city staff:", untranslated,
 * redacted as public text (identifiers and people's names masked).
 */
export const defaultNoticeText = (ticket: Pick<Ticket, 'code'>, change: PublicChange, lang: Lang): string => {
  const lines = [t(lang, `notice.changed.${change.status}`, { code: ticket.code })];
  if (change.publicNote) lines.push(`${t(lang, 'notice.note')} ${redactPublic(change.publicNote)}`);
  if (change.status === 'resolved') lines.push(t(lang, 'notice.rate'));
  return lines.join('\n');
};

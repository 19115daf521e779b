/**
 * Files a finished intake: looks for an open report of the same problem first, then creates the
 * ticket or adds a +1 to the existing one.
 */
import type { Lang } from '../language/langs.ts';
import type { KnowledgeSnapshot } from '../ports.ts';
import type { TicketStore } from '../tickets/ports.ts';
import type { NewTicket, Reporter, Ticket } from '../tickets/types.ts';
import { wardFromAddress } from '../tickets/ward.ts';
import { categoryName, findCategory, formatDate, unitName } from './display.ts';
import { idempotencyKeyOf, type IntakeState } from './intake-state.ts';
import { m } from './messages/index.ts';

/** Reports of the same category this close, or at the same address, count as the same problem. */
export const DUPLICATE_RADIUS_METERS = 50;
export const DUPLICATE_WINDOW_DAYS = 7;

/** What the person agreed their number may be used for, stored with the consent. */
export const CONSENT_PURPOSE = 'contact the reporter about this report only, and show its updates in another chat where the messaging app confirms the number as theirs';

export async function findDuplicate(store: TicketStore, intake: IntakeState, now: Date): Promise<Ticket | undefined> {
  const category = intake.category ?? 'other';
  const since = new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000);
  if (intake.location) {
    const near = await store.findOpenNearby({ category, point: intake.location, radiusMeters: DUPLICATE_RADIUS_METERS, since });
    if (near[0]) return near[0];
  }
  if (intake.address) {
    const same = await store.findOpenByAddress(category, intake.address, since);
    if (same[0]) return same[0];
  }
  return undefined;
}

export function duplicateText(ticket: Ticket, knowledge: KnowledgeSnapshot, lang: Lang): string {
  return m(lang, 'duplicate.found', {
    code: ticket.code,
    category: categoryName(knowledge, ticket.category, lang),
    date: formatDate(ticket.createdAt, lang),
    status: m(lang, `status.${ticket.status}`),
  });
}

export function newTicketFrom(intake: IntakeState, knowledge: KnowledgeSnapshot, reporter: Reporter, lang: Lang): NewTicket {
  const category = findCategory(knowledge, intake.category) ?? findCategory(knowledge, 'other');
  // The phone travels only together with the consent the person gave for it.
  const consented = intake.phone && intake.consentAt ? { contactPhone: intake.phone, consent: { purpose: CONSENT_PURPOSE, at: new Date(intake.consentAt) } } : {};
  return {
    category: category?.id ?? 'other',
    unitName: unitName(category, 'vi'),
    handlingDays: category?.handlingDays ?? 7,
    description: intake.description ?? '',
    location: intake.location,
    address: intake.address,
    ward: wardFromAddress(intake.address),
    photos: intake.photos,
    ...consented,
    ...(intake.publicConsentAt ? { publicConsentAt: new Date(intake.publicConsentAt) } : {}),
    reporter,
    lang,
    idempotency: { key: idempotencyKeyOf(intake, reporter) },
  };
}

export function createdText(ticket: Ticket, knowledge: KnowledgeSnapshot, lang: Lang): string {
  const category = findCategory(knowledge, ticket.category);
  return m(lang, 'created', {
    code: ticket.code,
    unit: unitName(category, lang) || ticket.unitName,
    date: formatDate(ticket.expectedBy, lang),
  });
}

export function supportedText(ticket: Ticket, lang: Lang): string {
  return m(lang, 'supported', { code: ticket.code, count: ticket.supporters + 1 });
}

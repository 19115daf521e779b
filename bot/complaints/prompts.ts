/** The question and buttons of each intake step, in the person's language. */
import type { Lang } from '../language/langs.ts';
import type { KnowledgeSnapshot } from '../ports.ts';
import type { QuickReply } from '../types.ts';
import { categoryName, formatPlace } from './display.ts';
import { EDITABLE_STEPS, type IntakeState } from './intake-state.ts';
import { m } from './messages/index.ts';
import { maskPhone } from './phone.ts';

export interface Prompt {
  text: string;
  quickReplies: QuickReply[];
  requestLocation?: boolean;
}

/** Payloads of the intake's buttons; kept short for platforms that cap them at 64 bytes. */
export const PAYLOAD = {
  category: (id: string) => `intake:cat:${id}`,
  skip: 'intake:skip',
  yes: 'intake:yes',
  no: 'intake:no',
  confirm: 'intake:confirm',
  /** Send, and allow the description and place in the public listing. */
  confirmPublic: 'intake:confirm:public',
  edit: 'intake:edit',
  editField: (step: string) => `intake:edit:${step}`,
  cancel: 'intake:cancel',
  support: 'intake:dup:support',
  fileNew: 'intake:dup:new',
} as const;

const MAX_CATEGORY_BUTTONS = 4;

function cancelButton(lang: Lang): QuickReply {
  return { label: m(lang, 'button.cancel'), payload: PAYLOAD.cancel };
}

function categoryButtons(intake: IntakeState, knowledge: KnowledgeSnapshot, lang: Lang): QuickReply[] {
  const likely = [intake.category, ...intake.alternatives].filter((id): id is string => !!id && id !== 'other');
  const ids = [...new Set(likely)].slice(0, MAX_CATEGORY_BUTTONS);
  // Without a guess, every category is offered.
  const shown = ids.length > 0 ? ids : knowledge.categories().map((c) => c.id).filter((id) => id !== 'other');
  return [
    ...shown.map((id) => ({ label: categoryName(knowledge, id, lang), payload: PAYLOAD.category(id) })),
    { label: m(lang, 'category.other'), payload: PAYLOAD.category('other') },
  ];
}

function summaryText(intake: IntakeState, knowledge: KnowledgeSnapshot, lang: Lang): string {
  return [
    m(lang, 'summary.title'),
    m(lang, 'summary.category', { value: categoryName(knowledge, intake.category, lang) }),
    m(lang, 'summary.description', { value: intake.description ?? '' }),
    m(lang, 'summary.location', { value: formatPlace(lang, intake.address, intake.location) }),
    m(lang, 'summary.photos', { count: intake.photos.length }),
    intake.phone && intake.consentAt ? m(lang, 'summary.phone', { value: maskPhone(intake.phone) }) : m(lang, 'summary.no-phone'),
    '',
    m(lang, 'summary.publish'),
    m(lang, 'summary.ask'),
  ].join('\n');
}

export function promptFor(intake: IntakeState, knowledge: KnowledgeSnapshot, lang: Lang): Prompt {
  const cancel = cancelButton(lang);
  const skip = { label: m(lang, 'button.skip'), payload: PAYLOAD.skip };
  switch (intake.step) {
    case 'category':
      return {
        text: intake.category && intake.category !== 'other'
          ? m(lang, 'category.confirm', { category: categoryName(knowledge, intake.category, lang) })
          : m(lang, 'category.choose'),
        quickReplies: [...categoryButtons(intake, knowledge, lang), cancel],
      };
    case 'description':
      return { text: m(lang, 'description.ask'), quickReplies: [cancel] };
    case 'location':
      return { text: m(lang, 'location.ask'), quickReplies: [cancel], requestLocation: true };
    case 'photos':
      return { text: m(lang, 'photos.ask'), quickReplies: [skip, cancel] };
    case 'phone':
      return { text: m(lang, 'phone.ask'), quickReplies: [skip, cancel] };
    case 'consent':
      return {
        text: m(lang, 'consent.ask'),
        quickReplies: [{ label: m(lang, 'button.yes'), payload: PAYLOAD.yes }, { label: m(lang, 'button.no'), payload: PAYLOAD.no }, cancel],
      };
    case 'summary':
      return {
        text: summaryText(intake, knowledge, lang),
        quickReplies: [
          { label: m(lang, 'button.confirm'), payload: PAYLOAD.confirm },
          { label: m(lang, 'button.confirm-public'), payload: PAYLOAD.confirmPublic },
          { label: m(lang, 'button.edit'), payload: PAYLOAD.edit },
          cancel,
        ],
      };
    case 'duplicate':
      // The duplicate offer is worded by the filing step, which knows the other ticket.
      return {
        text: m(lang, 'pick-button'),
        quickReplies: [{ label: m(lang, 'button.support'), payload: PAYLOAD.support }, { label: m(lang, 'button.new'), payload: PAYLOAD.fileNew }, cancel],
      };
  }
}

export function editPrompt(lang: Lang): Prompt {
  return {
    text: m(lang, 'edit.ask'),
    quickReplies: [
      ...EDITABLE_STEPS.map((step) => ({ label: m(lang, `edit.${step}`), payload: PAYLOAD.editField(step) })),
      cancelButton(lang),
    ],
  };
}

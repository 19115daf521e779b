/**
 * One answer of the intake dialogue: reads what the person sent at the current step and says
 * what happens next. Storage, tickets and replies are left to the dialogue.
 */
import type { Lang } from '../language/langs.ts';
import type { KnowledgeSnapshot } from '../ports.ts';
import type { InboundMessage } from '../types.ts';
import { foldText } from '../tickets/text-fold.ts';
import { isCancel, isChangeLocation, isNo, isOnlyDontKnow, isRestart, isSend, isSkip, isYes } from './intake-input.ts';
import { EDITABLE_STEPS, newIntake, nextStep, type EditableStep, type IntakeState } from './intake-state.ts';
import type { IntakeMessageKey } from './messages/index.ts';
import { findPhone, looksLikePhoneAttempt, normalizePhone } from './phone.ts';
import { PAYLOAD } from './prompts.ts';

export type StepOutcome =
  /** Show the prompt of `intake.step`, after an optional notice. */
  | { kind: 'prompt'; intake: IntakeState; notice?: IntakeMessageKey; noticeParams?: Record<string, string | number> }
  | { kind: 'edit-menu'; intake: IntakeState }
  | { kind: 'cancel' }
  | { kind: 'file'; intake: IntakeState }
  | { kind: 'support'; intake: IntakeState }
  | { kind: 'file-new'; intake: IntakeState }
  /** Not an answer (e.g. a question): let the rest of the assistant handle the turn. */
  | { kind: 'pass' };

export interface StepInput {
  text: string;
  message: InboundMessage;
  lang: Lang;
  knowledge: KnowledgeSnapshot;
  /** A question, greeting or lookup that passes through the intake rather than answering it. */
  aside: boolean;
}

const MIN_DESCRIPTION = 6;

const advance = (intake: IntakeState): IntakeState => ({ ...intake, step: nextStep(intake) });
const stay = (intake: IntakeState, notice?: IntakeMessageKey): StepOutcome => ({ kind: 'prompt', intake, notice });

/** Unrecognised text at a button step: a question is answered, anything else asks for a button. */
const notUnderstood = (input: StepInput, intake: IntakeState): StepOutcome =>
  input.aside ? { kind: 'pass' } : stay(intake, 'pick-button');

/** Best category guess for a description, when the first message did not give one. */
export function guessCategories(knowledge: KnowledgeSnapshot, text: string, lang: Lang): { category?: string; alternatives: string[] } {
  const matches = knowledge.matchComplaintCategories(text, { lang, limit: 4 });
  const best = matches[0];
  if (!best || best.coverage < 0.2) return { alternatives: [] };
  return { category: best.id, alternatives: matches.slice(1).map((h) => h.id) };
}

function categoryAnswer(intake: IntakeState, input: StepInput): StepOutcome {
  const chosen = input.text.startsWith('intake:cat:') ? input.text.slice('intake:cat:'.length) : undefined;
  const known = (id: string) => id === 'other' || input.knowledge.categories().some((c) => c.id === id);
  if (chosen && known(chosen)) return { kind: 'prompt', intake: advance({ ...intake, category: chosen, categoryConfirmed: true }) };
  if (isYes(input.text) && intake.category) return { kind: 'prompt', intake: advance({ ...intake, categoryConfirmed: true }) };
  const typed = foldText(input.text);
  const named = input.knowledge.categories().find((c) => Object.values(c.name).some((n) => n && foldText(n) === typed));
  if (named) return { kind: 'prompt', intake: advance({ ...intake, category: named.id, categoryConfirmed: true }) };
  return notUnderstood(input, intake);
}

function descriptionAnswer(intake: IntakeState, input: StepInput): StepOutcome {
  if (input.aside) return { kind: 'pass' };
  if (input.text.length < MIN_DESCRIPTION || input.text.startsWith('intake:')) return stay(intake, 'description.too-short');
  const guess = intake.category ? {} : guessCategories(input.knowledge, input.text, input.lang);
  return { kind: 'prompt', intake: advance({ ...intake, ...guess, description: input.text }) };
}

function locationAnswer(intake: IntakeState, input: StepInput): StepOutcome {
  const point = input.message.location;
  if (point) return { kind: 'prompt', intake: advance({ ...intake, location: point }) };
  if (!input.text || input.text.startsWith('intake:')) return stay(intake);
  // The place is required, but a landmark is enough when the exact address is unknown.
  if (isOnlyDontKnow(input.text) || isSkip(input.text) || input.text.length < 3) return stay(intake, 'location.landmark');
  if (input.aside) return { kind: 'pass' };
  return { kind: 'prompt', intake: advance({ ...intake, address: input.text }) };
}

/** "Send it" at an optional step: the rest is optional, so the report goes as it is. */
const sendAsItIs = (intake: IntakeState): StepOutcome => ({ kind: 'file', intake: { ...intake, photosDone: true, phoneDone: true, step: 'summary' } });

function photosAnswer(intake: IntakeState, input: StepInput): StepOutcome {
  if (isSend(input.text)) return sendAsItIs(intake);
  if (input.text === PAYLOAD.skip || isSkip(input.text) || isNo(input.text)) {
    return { kind: 'prompt', intake: advance({ ...intake, photosDone: true }) };
  }
  return notUnderstood(input, intake);
}

function phoneAnswer(intake: IntakeState, input: StepInput): StepOutcome {
  if (isSend(input.text) && !findPhone(input.text)) return sendAsItIs({ ...intake, phone: undefined, consentAt: undefined });
  if (input.text === PAYLOAD.skip || isSkip(input.text) || isNo(input.text)) {
    return { kind: 'prompt', intake: advance({ ...intake, phone: undefined, consentAt: undefined, phoneDone: true }) };
  }
  // A number the platform shared as the person's own is taken like a typed one (consent is still
  // asked), and remembered as theirs: it also links this conversation.
  const shared = input.message.contact ? normalizePhone(input.message.contact.phone) : undefined;
  const phone = shared ?? findPhone(input.text);
  if (phone) return { kind: 'prompt', intake: { ...intake, phone, phoneShared: shared !== undefined, consentAt: undefined, step: 'consent' } };
  if (!looksLikePhoneAttempt(input.text) && input.aside) return { kind: 'pass' };
  return stay(intake, 'phone.invalid');
}

function consentAnswer(intake: IntakeState, input: StepInput, now: Date): StepOutcome {
  if (input.text === PAYLOAD.yes || isYes(input.text)) {
    return { kind: 'prompt', intake: advance({ ...intake, consentAt: now.toISOString(), phoneDone: true }) };
  }
  if (input.text === PAYLOAD.no || isNo(input.text)) {
    const next = advance({ ...intake, phone: undefined, consentAt: undefined, phoneDone: true });
    return { kind: 'prompt', intake: next, notice: 'consent.declined' };
  }
  return notUnderstood(input, intake);
}

/** Clears one answer so the dialogue asks it again, then returns to the summary. */
function reopen(intake: IntakeState, step: EditableStep): IntakeState {
  const base = { ...intake, editing: true, step };
  switch (step) {
    case 'category':
      return { ...base, categoryConfirmed: false };
    case 'description':
      return { ...base, description: undefined };
    case 'location':
      return { ...base, location: undefined, address: undefined };
    case 'photos':
      return { ...base, photos: [], photosDone: false };
    case 'phone':
      return { ...base, phone: undefined, consentAt: undefined, phoneDone: false };
  }
}

function summaryAnswer(intake: IntakeState, input: StepInput, now: Date): StepOutcome {
  // Publication is a separate, explicit choice; a plain "yes" sends the report unpublished.
  if (input.text === PAYLOAD.confirmPublic) return { kind: 'file', intake: { ...intake, publicConsentAt: now.toISOString() } };
  if (input.text === PAYLOAD.confirm || isYes(input.text)) return { kind: 'file', intake: { ...intake, publicConsentAt: undefined } };
  if (input.text === PAYLOAD.edit || isNo(input.text)) return { kind: 'edit-menu', intake };
  const field = input.text.startsWith('intake:edit:') ? input.text.slice('intake:edit:'.length) : undefined;
  if (field && (EDITABLE_STEPS as readonly string[]).includes(field)) {
    return { kind: 'prompt', intake: reopen(intake, field as EditableStep) };
  }
  return notUnderstood(input, intake);
}

function duplicateAnswer(intake: IntakeState, input: StepInput): StepOutcome {
  if (input.text === PAYLOAD.support) return { kind: 'support', intake };
  if (input.text === PAYLOAD.fileNew) return { kind: 'file-new', intake };
  return notUnderstood(input, intake);
}

export function answerStep(intake: IntakeState, input: StepInput, now: Date): StepOutcome {
  if (input.text === PAYLOAD.cancel || isCancel(input.text)) return { kind: 'cancel' };
  // "Change the place" and "start over" work at any step, typed or pressed.
  if (input.text === PAYLOAD.editField('location') || (intake.step !== 'location' && isChangeLocation(input.text))) {
    return { kind: 'prompt', intake: { ...reopen(intake, 'location'), editing: intake.editing || intake.step === 'summary' } };
  }
  if (isRestart(input.text)) return { kind: 'prompt', intake: newIntake(now, { lang: intake.lang, step: 'description' }) };
  // A shared location is welcome at any step: it pins the place better than the words of the report.
  const point = input.message.location;
  if (point && intake.step !== 'location') return { kind: 'prompt', intake: { ...intake, location: point } };
  const attachments = input.message.attachments ?? [];
  if (attachments.length > 0) {
    // Photos are welcome at any step (albums arrive as several messages); the photo step then moves on.
    const photos = [...intake.photos, ...attachments.map((a) => a.ref)];
    const withPhotos = { ...intake, photos, photosDone: intake.photosDone || intake.step === 'photos' };
    const next = intake.step === 'photos' ? advance(withPhotos) : withPhotos;
    return { kind: 'prompt', intake: next, notice: 'photos.added', noticeParams: { count: photos.length } };
  }
  switch (intake.step) {
    case 'category':
      return categoryAnswer(intake, input);
    case 'description':
      return descriptionAnswer(intake, input);
    case 'location':
      return locationAnswer(intake, input);
    case 'photos':
      return photosAnswer(intake, input);
    case 'phone':
      return phoneAnswer(intake, input);
    case 'consent':
      return consentAnswer(intake, input, now);
    case 'summary':
      return summaryAnswer(intake, input, now);
    case 'duplicate':
      return duplicateAnswer(intake, input);
  }
}

/**
 * The intake dialogue's slice of conversation state. It is stored as JSON by the conversation
 * store (memory or Redis), so dates are ISO strings and the shape is checked when read back.
 */
import type { Lang } from '../language/langs.ts';
import type { GeoPoint } from '../types.ts';

export const INTAKE_STEPS = ['category', 'description', 'location', 'photos', 'phone', 'consent', 'summary', 'duplicate'] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number];

/** Steps the person can go back to from the summary. */
export const EDITABLE_STEPS = ['category', 'description', 'location', 'photos', 'phone'] as const;
export type EditableStep = (typeof EDITABLE_STEPS)[number];

export interface IntakeState {
  /** Names this intake in its ticket's idempotency key, so confirming it twice files one ticket. */
  id?: string;
  step: IntakeStep;
  /** Proposed or confirmed category id. */
  category?: string;
  /** Other plausible categories, offered as buttons. */
  alternatives: string[];
  categoryConfirmed: boolean;
  description?: string;
  location?: GeoPoint;
  address?: string;
  photos: string[];
  /** The photo and phone steps were answered (possibly skipped). */
  photosDone: boolean;
  phoneDone: boolean;
  /** Held until the person consents; dropped if they decline. */
  phone?: string;
  /** The platform shared `phone` as the sender's own (not typed): it may link this conversation too. */
  phoneShared?: boolean;
  consentAt?: string;
  /** When the person allowed the description and place in the public listing (pressed at the summary). */
  publicConsentAt?: string;
  /** Set while editing one field from the summary: go back to the summary afterwards. */
  editing: boolean;
  /** Open ticket offered as a duplicate. */
  duplicateOf?: { id: string; code: string };
  /** Language the intake is held in: addresses full of Vietnamese names must not switch it. */
  lang?: Lang;
  startedAt: string;
  updatedAt: string;
}

export function newIntake(now: Date, fields: Partial<IntakeState> = {}): IntakeState {
  return {
    id: globalThis.crypto.randomUUID(),
    step: 'category',
    alternatives: [],
    categoryConfirmed: false,
    photos: [],
    photosDone: false,
    phoneDone: false,
    editing: false,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    ...fields,
  };
}

const isStep = (v: unknown): v is IntakeStep => typeof v === 'string' && (INTAKE_STEPS as readonly string[]).includes(v);

/** Reads the intake back from stored state; anything malformed counts as no intake. */
export function readIntake(stored: unknown): IntakeState | undefined {
  if (!stored || typeof stored !== 'object') return undefined;
  const s = stored as Partial<IntakeState>;
  if (!isStep(s.step) || typeof s.startedAt !== 'string' || typeof s.updatedAt !== 'string') return undefined;
  if (!Array.isArray(s.photos) || !Array.isArray(s.alternatives)) return undefined;
  return s as IntakeState;
}

/** The first step still missing an answer; while editing, the summary once the required slots are filled. */
export function nextStep(intake: IntakeState): IntakeStep {
  if (!intake.description) return 'description';
  if (!intake.categoryConfirmed) return 'category';
  if (!intake.location && !intake.address) return 'location';
  if (intake.editing) return 'summary';
  if (!intake.photosDone) return 'photos';
  if (!intake.phoneDone) return 'phone';
  return 'summary';
}

/**
 * The key its ticket is filed under. Intakes stored before they had an id fall back to their
 * start time, which every replica reads the same from the shared state.
 */
export function idempotencyKeyOf(intake: IntakeState, reporter: { channel: string; conversationId: string }): string {
  return `intake:${reporter.channel}:${reporter.conversationId}:${intake.id ?? intake.startedAt}`;
}

export function isExpired(intake: IntakeState, now: Date, timeoutMinutes: number): boolean {
  return now.getTime() - Date.parse(intake.updatedAt) > timeoutMinutes * 60_000;
}

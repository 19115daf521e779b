/**
 * The core's public face: what adapters/ and knowledge/ build on. Everything else under bot/ is
 * the core's own business.
 */
export { createAssistant, type Assistant, type AssistantOptions } from './assistant.ts';
export { menu, reply, type TicketFeatures } from './router.ts';
export { createTicketFeatures, type TicketFeaturesOptions } from './complaints/ticket-features.ts';
export type { ConversationState, TurnContext } from './turn.ts';
export type * from './types.ts';
export type * from './ports.ts';
export type * from './understanding/interpreter.ts';
export type { SmallTalk } from './understanding/small-talk-kind.ts';
export type { LocalePack, LocaleUnderstanding, IntakeWords } from './locale/locale-pack.ts';
export type { CityProfile } from './locale/city-profile.ts';
export { installLocales, installedBundle, cityProfile, localePack, type LocaleBundle } from './locale/installed.ts';
export { isLang, supportedLangs, type Lang } from './language/langs.ts';
export type { TicketStore } from './tickets/ports.ts';
export { createHandoffFeatures, type HandoffFeatures } from './handoff/handoff-features.ts';
export { createStaffDesk, type StaffDesk } from './handoff/staff-desk.ts';
export type * from './handoff/types.ts';
export type { HandoffStore } from './handoff/ports.ts';
export { createFeedbackFeatures, type FeedbackFeatures } from './feedback/feedback-features.ts';
export type * from './feedback/ports.ts';
export { createAwayNotices, type AwayNotices } from './notices/away-notices.ts';
export type * from './notices/ports.ts';

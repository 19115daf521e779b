/**
 * `m(lang, key, params)`: the complaint intake and status wording, which lives in the locale packs
 * under the `intake.` prefix (`m(lang, 'location.ask')` reads `intake.location.ask`).
 */
import type { Lang } from '../../language/langs.ts';
import { translate, type MessageParams } from '../../locale/translate.ts';

/** A key of the intake namespace, without its `intake.` prefix. */
export type IntakeMessageKey = string;

export function m(lang: Lang, key: IntakeMessageKey, params?: MessageParams): string {
  return translate(lang, `intake.${key}`, params);
}

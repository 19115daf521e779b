/**
 * `t(lang, key, params)`: user-facing strings from the installed locale packs
 * (knowledge/locales/<lang>.yaml), with the city placeholders filled from knowledge/city.yaml.
 * No message text lives in code.
 */
import type { Lang } from '../language/langs.ts';
import { translate, type MessageParams } from '../locale/translate.ts';

export { endonym, format, languageName } from '../locale/translate.ts';

/** A key of the packs' flat message space ("greeting", "menu.report", "intake.location.ask"…). */
export type CoreMessageKey = string;

export function t(lang: Lang, key: CoreMessageKey, params?: MessageParams): string {
  return translate(lang, key, params);
}

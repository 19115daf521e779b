/**
 * Languages the assistant speaks: the languages of the installed locale packs (knowledge/locales),
 * registered at start-up. Adding a language is adding a pack; no code names the set.
 */

/** An ISO 639-1 code of a registered language ("vi", "en", …). */
export type Lang = string;

/** The reference language: every pack has its message keys, and answers fall back to it first. */
export const REFERENCE_LANG: Lang = 'en';

const LANG_CODE = /^[a-z]{2}$/;
const registered: Lang[] = [];

/**
 * The registered languages in fallback order (the city profile's `fallbackOrder`, then the rest).
 * A live view: it changes when packs are (re)installed.
 */
export const LANGS: readonly Lang[] = registered;

/** Replaces the registered languages; called when locale packs are installed. */
export function registerLangs(langs: readonly string[]): void {
  const bad = langs.find((lang) => !LANG_CODE.test(lang));
  if (bad !== undefined) throw new Error(`not a two-letter language code: "${bad}"`);
  registered.splice(0, registered.length, ...new Set(langs));
}

export function supportedLangs(): readonly Lang[] {
  return registered;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && registered.includes(value);
}

/** Maps a BCP-47-ish locale hint ("ko-KR", "zh_Hans", "pt-BR") to a supported language, if any. */
export function langFromLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  const primary = locale.trim().toLowerCase().split(/[-_]/)[0];
  return isLang(primary) ? primary : undefined;
}

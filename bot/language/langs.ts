/** Languages the assistant speaks. Order matters: it is the fallback order for answers. */
export const LANGS = ['vi', 'en', 'ko', 'zh', 'ja', 'fr'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** Maps a BCP-47-ish locale hint ("ko-KR", "zh_Hans", "pt-BR") to a supported language, if any. */
export function langFromLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  const primary = locale.trim().toLowerCase().split(/[-_]/)[0];
  return isLang(primary) ? primary : undefined;
}

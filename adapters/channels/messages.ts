/** Strings the channels themselves show: the `channel.` keys of the locale packs (knowledge/locales). */
import { t } from '../../bot/i18n/catalog.ts';
import { langFromLocale, type Lang } from '../../bot/language/langs.ts';

export type ChannelMessageKey = 'rateLimited' | 'welcome' | 'shareLocationButton' | 'shareLocationPrompt' | 'chooseNumber' | 'sendLocationHint' | 'failed';

/** `channelText(lang, 'shareLocationButton')` reads `channel.share-location-button`. */
export function channelText(lang: Lang, key: ChannelMessageKey, params?: Record<string, string | number>): string {
  return t(lang, `channel.${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, params);
}

/** Language for a channel-level message when the core has not spoken yet. */
export function langForHint(localeHint: string | undefined, fallback: Lang): Lang {
  return langFromLocale(localeHint) ?? fallback;
}

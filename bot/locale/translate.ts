/**
 * Message lookup in the installed locale packs. Templates use ICU simple arguments (`{name}`);
 * the caller's parameters come first, then the city placeholders, so no pack has to spell a city
 * fact (hotline, law, ticket code format…).
 */
import { REFERENCE_LANG, supportedLangs, type Lang } from '../language/langs.ts';
import type { QuickReply } from '../types.ts';
import type { PerLang } from './city-profile.ts';
import { cityProfile, localePack, onLocalesInstalled, referencePack } from './installed.ts';
import { exampleTicketCode } from '../tickets/ticket-code.ts';

export type MessageParams = Record<string, string | number>;

/** Placeholders every message may use; their values come from the city profile and the registry. */
export const CITY_PLACEHOLDERS = [
  'cityName',
  'cityApp',
  'cityAppReporting',
  'citizensContact',
  'citizensHotline',
  'touristsContact',
  'touristsHotline',
  'dataProtectionLaw',
  'ticketCodeExample',
  'phoneExample',
  'phoneExampleIntl',
  'addressExample',
  'landmarkExample',
  'supportedLanguages',
] as const;
export type CityPlaceholder = (typeof CITY_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([a-z0-9_-]+)\}/gi;

export function format(template: string, params: MessageParams = {}): string {
  if (!template.includes('{')) return template;
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The placeholder names a template uses. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** City text in `lang`, else English, else the city's default language, else any. */
export function cityText(text: PerLang, lang: Lang): string {
  return text[lang] ?? text[REFERENCE_LANG] ?? text[cityProfile().defaultLang] ?? Object.values(text).find(Boolean) ?? '';
}

export function intlLocale(lang: Lang): string {
  return localePack(lang)?.intlLocale ?? lang;
}

/** `of`'s name written in `lang` ("tiếng Pháp" for fr in vi), else its own name. */
export function languageName(lang: Lang, of: Lang): string {
  return localePack(lang)?.languageNames[of] ?? localePack(of)?.endonym ?? of;
}

export function endonym(lang: Lang): string {
  return localePack(lang)?.endonym ?? lang;
}

const cityValues = new Map<Lang, Record<CityPlaceholder, string>>();
onLocalesInstalled(() => cityValues.clear());

function cityPlaceholderValues(lang: Lang): Record<CityPlaceholder, string> {
  let values = cityValues.get(lang);
  if (values) return values;
  const city = cityProfile();
  const languages = supportedLangs().map((of) => languageName(lang, of));
  values = {
    cityName: cityText(city.name, lang),
    cityApp: city.app.name,
    cityAppReporting: cityText(city.app.reporting, lang),
    citizensContact: cityText(city.contacts.citizens.name, lang),
    citizensHotline: city.contacts.citizens.phone,
    touristsContact: cityText(city.contacts.tourists.name, lang),
    touristsHotline: city.contacts.tourists.phone,
    dataProtectionLaw: cityText(city.dataProtectionLaw, lang),
    ticketCodeExample: exampleTicketCode(city.ticketPrefix, Number(new Intl.DateTimeFormat('en', { timeZone: city.timeZone, year: 'numeric' }).format(new Date()))),
    phoneExample: city.phone.example,
    phoneExampleIntl: city.phone.exampleInternational,
    addressExample: cityText(city.examples.address, lang),
    landmarkExample: cityText(city.examples.landmark, lang),
    supportedLanguages: new Intl.ListFormat(intlLocale(lang), { type: 'conjunction' }).format(languages),
  };
  cityValues.set(lang, values);
  return values;
}

/**
 * The message `key` in `lang`, with `params` and the city placeholders filled. A key the pack
 * lacks falls back to the reference pack, then to the key itself (packs are validated at load,
 * so this only happens for a key no pack has).
 */
export function translate(lang: Lang, key: string, params?: MessageParams): string {
  const template = localePack(lang)?.messages[key] ?? referencePack().messages[key] ?? key;
  if (!template.includes('{')) return template;
  return format(template, params ? { ...cityPlaceholderValues(lang), ...params } : cityPlaceholderValues(lang));
}

/** The city's quick-reply menu, labelled in `lang`. */
export function cityMenu(lang: Lang): QuickReply[] {
  return cityProfile().menu.map((item) => ({
    label: typeof item.label === 'string' ? translate(lang, item.label) : cityText(item.label, lang),
    payload: item.payload,
  }));
}

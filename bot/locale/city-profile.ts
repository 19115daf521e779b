/**
 * A city, as data: everything that makes a deployment Huế rather than another city. It lives in
 * knowledge/city.yaml; locale packs refer to it only through placeholders.
 */
import type { Lang } from '../language/langs.ts';

/** Text in several languages; a missing language falls back (English, then the default language). */
export type PerLang = Partial<Record<Lang, string>>;

export interface CitySource {
  url: string;
  title?: string;
  /** Date the source itself states (YYYY-MM-DD). */
  published?: string;
  /** Date the fact was last checked against the source (YYYY-MM-DD). */
  checked: string;
}

export interface CityContact {
  name: PerLang;
  phone: string;
  confidence: 'confirmed' | 'single-source' | 'uncertain';
  /** What is not verified about it, for staff reading the profile. */
  caveat?: string;
  sources: CitySource[];
}

export interface PhoneFormat {
  /** Country calling code without "+" ("84"). */
  countryCode: string;
  /** National trunk prefix that replaces the country code ("0"). */
  trunkPrefix: string;
  /** Patterns (regular expressions) of valid national numbers. */
  mobile: string;
  landline: string;
  /** Examples shown when a typed number does not parse. */
  example: string;
  exampleInternational: string;
}

export interface CityWard {
  name: string;
  /** Spellings without diacritics that name the ward. */
  folded: string[];
  /** Accented spellings of another place that fold to the same letters. */
  notWhen: string[];
}

export interface CityMenuItem {
  /** A message key of the locale packs, or text per language for a city-specific item. */
  label: string | PerLang;
  payload: string;
}

export interface CityProfile {
  id: string;
  name: PerLang;
  /** IANA time zone of dates shown to people and of ticket years. */
  timeZone: string;
  ticketPrefix: string;
  defaultLang: Lang;
  /** Order of the supported languages for fallbacks and lists; packs not named come after. */
  fallbackOrder: Lang[];
  phone: PhoneFormat;
  app: { name: string; reporting: PerLang };
  contacts: { citizens: CityContact; tourists: CityContact };
  dataProtectionLaw: PerLang;
  dataProtectionLawSources: CitySource[];
  examples: { address: PerLang; landmark: PerLang };
  /** Words that mark a ward in an address ("phuong", "p", "ward"), folded. */
  wardMarkers: string[];
  wards: CityWard[];
  /**
   * Streets, monuments and other places whose names read like people's names ("Võ Thị Sáu",
   * "Bà Triệu"): masking names in public text leaves them. The wards and the city's name count too.
   */
  namedPlaces: string[];
  /** Entries the assistant answers from itself: what it can do, and how to reach a person. */
  entries: { about: string; handoff: string };
  menu: CityMenuItem[];
}

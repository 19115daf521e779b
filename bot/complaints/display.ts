/** How categories, places and dates are shown to the person, in their language. */
import type { Lang } from '../language/langs.ts';
import { cityProfile } from '../locale/installed.ts';
import { intlLocale } from '../locale/translate.ts';
import type { ComplaintCategory, KnowledgeSnapshot } from '../ports.ts';
import type { GeoPoint } from '../types.ts';
import { m } from './messages/index.ts';

export function findCategory(knowledge: KnowledgeSnapshot, id: string | undefined): ComplaintCategory | undefined {
  return id === undefined ? undefined : knowledge.categories().find((c) => c.id === id);
}

export function categoryName(knowledge: KnowledgeSnapshot, id: string | undefined, lang: Lang): string {
  const category = findCategory(knowledge, id);
  if (!category) return m(lang, 'category.other');
  return category.name[lang] ?? category.name.en ?? category.id;
}

export function unitName(category: ComplaintCategory | undefined, lang: Lang): string {
  return category?.unit.name[lang] ?? category?.unit.name[cityProfile().defaultLang] ?? '';
}

/** A date (Date or YYYY-MM-DD) as people of that language write it, in the city's time zone. */
export function formatDate(value: Date | string, lang: Lang): string {
  // Noon UTC falls on the same calendar day in every time zone from UTC−11 to UTC+11.
  const date = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeZone: cityProfile().timeZone }).format(date);
}

export function formatPlace(lang: Lang, address: string | undefined, location: GeoPoint | undefined): string {
  const parts: string[] = [];
  if (address) parts.push(address);
  if (location) parts.push(m(lang, 'location.shared', { lat: location.lat.toFixed(5), lng: location.lng.toFixed(5) }));
  return parts.join(' — ');
}

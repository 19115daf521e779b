/** How categories, places and dates are shown to the person, in their language. */
import type { Lang } from '../language/langs.ts';
import type { ComplaintCategory, KnowledgeSnapshot } from '../ports.ts';
import type { GeoPoint } from '../types.ts';
import { m } from './messages/index.ts';

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB', ko: 'ko-KR', zh: 'zh-CN', ja: 'ja-JP', fr: 'fr-FR' };

export function findCategory(knowledge: KnowledgeSnapshot, id: string | undefined): ComplaintCategory | undefined {
  return id === undefined ? undefined : knowledge.categories().find((c) => c.id === id);
}

export function categoryName(knowledge: KnowledgeSnapshot, id: string | undefined, lang: Lang): string {
  const category = findCategory(knowledge, id);
  if (!category) return m(lang, 'category.other');
  return category.name[lang] ?? category.name.en ?? category.id;
}

export function unitName(category: ComplaintCategory | undefined, lang: Lang): string {
  return category?.unit.name[lang] ?? category?.unit.name.vi ?? '';
}

/** A date (Date or YYYY-MM-DD) as people of that language write it, in Huế time. */
export function formatDate(value: Date | string, lang: Lang): string {
  const date = typeof value === 'string' ? new Date(`${value}T12:00:00+07:00`) : value;
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeZone: 'Asia/Ho_Chi_Minh' }).format(date);
}

export function formatPlace(lang: Lang, address: string | undefined, location: GeoPoint | undefined): string {
  const parts: string[] = [];
  if (address) parts.push(address);
  if (location) parts.push(m(lang, 'location.shared', { lat: location.lat.toFixed(5), lng: location.lng.toFixed(5) }));
  return parts.join(' — ');
}

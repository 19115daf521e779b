/** Complaint categories as GeoReport v2 services and service definitions. */
import type { Lang } from '../../../bot/language/langs.ts';
import type { ComplaintCategory } from '../../../bot/ports.ts';

/** First of the preferred languages the text exists in. */
export function pick(text: Partial<Record<Lang, string>> | undefined, order: readonly Lang[] = ['en', 'vi']): string | undefined {
  if (!text) return undefined;
  for (const lang of order) if (text[lang]) return text[lang];
  return Object.values(text).find(Boolean);
}

// Open311 clients group services in menus; categories carry no group, so it is kept here.
const GROUPS: Record<string, string> = {
  'roads-traffic': 'infrastructure',
  'street-lighting': 'infrastructure',
  'drainage-flooding': 'infrastructure',
  'water-supply': 'infrastructure',
  'environment-waste': 'environment',
  'trees-parks': 'environment',
  noise: 'environment',
  'urban-order': 'urban order',
  'tourism-services': 'tourism',
  'public-services': 'public services',
};

export function serviceName(category: ComplaintCategory): string {
  return pick(category.name) ?? category.id;
}

export function service(category: ComplaintCategory) {
  const unit = pick(category.unit.name);
  const keywords = [...(category.keywords.en ?? []), ...(category.keywords.vi ?? [])];
  return {
    service_code: category.id,
    service_name: serviceName(category),
    description: `${serviceName(category)}. Handled by ${unit ?? 'the responsible unit'}, past published cases were given about ${category.handlingDays} working days (an estimate, not an official deadline).`,
    metadata: category.attributes.length > 0,
    type: 'realtime',
    keywords: keywords.join(', '),
    group: GROUPS[category.id] ?? 'other',
  };
}

export function serviceDefinition(category: ComplaintCategory) {
  return {
    service_code: category.id,
    attributes: category.attributes.map((a, i) => ({
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatype === 'number' ? 'A number' : null,
      order: i + 1,
      description: pick(a.description) ?? a.code,
      values: a.values?.map((v) => ({ key: v.key, name: pick(v.name) ?? v.key })) ?? [],
    })),
  };
}

export interface DiscoveryOptions {
  url: string;
  changeset: string;
  contact: string;
  keyService: string;
}

export function discovery(o: DiscoveryOptions) {
  return {
    changeset: o.changeset,
    contact: o.contact,
    key_service: o.keyService,
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: o.url,
        changeset: o.changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

/**
 * Reads and validates the locale packs (`locales/<lang>.yaml`) and the city profile (`city.yaml`)
 * of a knowledge folder, and installs them into the core. The supported languages are the packs
 * found; `en.yaml` is the reference whose message keys every other pack must have exactly.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z, type ZodError } from 'zod';
import { REFERENCE_LANG } from '../../bot/language/langs.ts';
import type { CityProfile } from '../../bot/locale/city-profile.ts';
import { installedBundle, installLocales, localesInstalled, type LocaleBundle } from '../../bot/locale/installed.ts';
import type { LocalePack } from '../../bot/locale/locale-pack.ts';
import { CITY_PLACEHOLDERS, placeholders } from '../../bot/locale/translate.ts';
import { SMALL_TALK_KINDS } from '../../bot/understanding/small-talk-kind.ts';
import { installLatinLanguageModel } from '../../bot/language/detect.ts';
import { loadKnowledge, type Problem } from './loader.ts';
import { trainLanguageIdentifier } from './understanding/language-identifier.ts';

/** The repository's own knowledge folder, for tools that run before any configuration. */
export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('..', import.meta.url));

const LANG_FILE = /^([a-z]{2})\.yaml$/;
const langCode = z.string().regex(/^[a-z]{2}$/, 'expected a two-letter ISO 639-1 code');
const words = z.array(z.string().min(1)).default([]);
const wordMap = z.record(z.string().min(1), z.string().min(1)).default({});

const understandingSchema = z
  .object({
    smallTalk: z.object(Object.fromEntries(SMALL_TALK_KINDS.map((k) => [k, words])) as Record<(typeof SMALL_TALK_KINDS)[number], typeof words>).strict().default({}),
    status: words,
    handoff: words,
    reportRequest: words,
    languageRequest: words,
    intake: z
      .object({ yes: words, no: words, skip: words, cancel: words, send: words, changeLocation: words, restart: words, dontKnow: words })
      .strict()
      .default({}),
    shorthand: wordMap,
    ambiguousShorthand: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).default({}),
    dialect: wordMap,
    stopWords: words,
    questionForms: words,
    filler: words,
    placeMarkers: words,
    placeSuffixes: words,
    placeNouns: words,
  })
  .strict();

const nameSuffixSchema = z
  .object({
    words: z.array(z.string().min(1)).min(1),
    given: z.tuple([z.number().int().min(0).max(4), z.number().int().min(0).max(4)]).refine(([min, max]) => min <= max, 'given is [fewest, most] letters'),
    spaced: z.boolean().default(false),
    particles: z.array(z.string().min(1)).optional(),
  })
  .strict();

const personNamesSchema = z
  .object({
    titles: words,
    suffixes: z.array(nameSuffixSchema).default([]),
    nameStartsWord: z.boolean().default(false),
    surnames: words,
    middleNames: words,
    notNames: words,
    placesBefore: words,
    placesAfter: words,
  })
  .strict();

const intlLocale = z.string().refine((tag) => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}, 'expected a BCP 47 locale such as "vi-VN"');

const hasPlaceholders = (...names: string[]) => (pattern: string) => names.every((n) => pattern.includes(`{${n}}`));
const formatsSchema = z
  .object({
    vnd: z.string().refine(hasPlaceholders('amount'), 'a price pattern contains {amount}').optional(),
    vndRange: z.string().refine(hasPlaceholders('from', 'to'), 'a range pattern contains {from} and {to}').optional(),
    vndNotation: z.enum(['standard', 'compact']).optional(),
    time: z.string().refine((p) => p.includes('{h}') || p.includes('{hh}'), 'a time pattern contains {h} or {hh}').optional(),
    timeRange: z.string().refine(hasPlaceholders('from', 'to'), 'a range pattern contains {from} and {to}').optional(),
    range: z.string().refine(hasPlaceholders('from', 'to'), 'a range pattern contains {from} and {to}').optional(),
  })
  .strict();

const packSchema = z
  .object({
    lang: langCode.optional(),
    endonym: z.string().min(1),
    intlLocale: intlLocale.optional(),
    formats: formatsSchema.default({}),
    languageNames: z.record(langCode, z.string().min(1)).default({}),
    languageAliases: z.record(langCode, z.array(z.string().min(1))).default({}),
    messages: z.record(z.string().regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/i, 'message keys are dotted words'), z.string().min(1)),
    // The staff console's own words; only the packs of the languages staff work in have them.
    console: z.record(z.string().regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/i, 'console keys are dotted words'), z.string().min(1)).optional(),
    understanding: understandingSchema.default({}),
    personNames: personNamesSchema.default({}),
  })
  .strict();

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD'));
const perLang = z.record(langCode, z.string().min(1));
const sourceSchema = z.object({ url: z.string().url(), title: z.string().optional(), published: isoDate.optional(), checked: isoDate }).strict();
const contactSchema = z
  .object({
    name: perLang,
    phone: z.string().min(3),
    confidence: z.enum(['confirmed', 'single-source', 'uncertain']),
    caveat: z.string().optional(),
    sources: z.array(sourceSchema).min(1, 'every contact names at least one source'),
  })
  .strict();
const pattern = z.string().refine((p) => {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');
const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'not an IANA time zone such as "Asia/Ho_Chi_Minh"');
const folded = z.string().regex(/^[a-z0-9 ]+$/, 'write folded spellings in lower case without diacritics');

const citySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: perLang,
    timeZone,
    ticketPrefix: z.string().regex(/^[A-Z]{2,8}$/, 'two to eight capital letters'),
    defaultLang: langCode,
    fallbackOrder: z.array(langCode).default([]),
    phone: z
      .object({
        countryCode: z.string().regex(/^\d{1,3}$/),
        trunkPrefix: z.string().regex(/^\d?$/),
        mobile: pattern,
        landline: pattern,
        example: z.string().min(3),
        exampleInternational: z.string().min(3),
      })
      .strict(),
    app: z.object({ name: z.string().min(1), reporting: perLang }).strict(),
    contacts: z.object({ citizens: contactSchema, tourists: contactSchema }).strict(),
    dataProtectionLaw: perLang,
    dataProtectionLawSources: z.array(sourceSchema).min(1),
    examples: z.object({ address: perLang, landmark: perLang }).strict(),
    wardMarkers: z.array(folded).default([]),
    wards: z.array(z.object({ name: z.string().min(1), folded: z.array(folded).min(1), notWhen: z.array(z.string().min(1)).default([]) }).strict()).default([]),
    namedPlaces: z.array(z.string().min(1)).default([]),
    entries: z.object({ about: z.string().min(1), handoff: z.string().min(1) }).strict(),
    menu: z.array(z.object({ label: z.union([z.string().min(1), perLang]), payload: z.string().min(1).max(64) }).strict()).min(1),
  })
  .strict();

/** A locale pack or the city profile is wrong; `problems` names each file and key. */
export class LocaleError extends Error {
  constructor(readonly problems: Problem[]) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
    super(`${first.file}: ${first.field}: ${first.message}${more}`);
    this.name = 'LocaleError';
  }
}

const problem = (file: string, field: string, message: string): Problem => ({ file, field, message, severity: 'error' });

function zodProblems(file: string, error: ZodError): Problem[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => problem(file, at ? `${at}.${key}` : key, 'unknown key'));
    return [problem(file, at || '(file)', issue.message)];
  });
}

function readYaml(root: string, file: string, problems: Problem[]): unknown {
  try {
    return parseYaml(readFileSync(join(root, file), 'utf8'));
  } catch (error) {
    problems.push(problem(file, '(file)', `YAML does not parse: ${(error as Error).message.split('\n')[0]}`));
    return undefined;
  }
}

/** The language codes of the pack files in a knowledge folder (without reading them). */
export function localeFileCodes(knowledgeDir: string): string[] {
  const dir = join(knowledgeDir, 'locales');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => LANG_FILE.exec(name)?.[1] ?? []);
}

/** Whether a knowledge folder carries its own packs or city profile. */
export function hasLocaleFiles(knowledgeDir: string): boolean {
  return existsSync(join(knowledgeDir, 'locales')) || existsSync(join(knowledgeDir, 'city.yaml'));
}

type PackMessages = Pick<LocalePack, 'lang' | 'messages'>;

/** The messages of a pack that failed validation elsewhere, so their keys are still checked. */
function messagesOf(lang: string, data: unknown): PackMessages | undefined {
  const messages = (data as { messages?: unknown } | undefined)?.messages;
  if (typeof messages !== 'object' || messages === null) return undefined;
  return { lang, messages: Object.fromEntries(Object.entries(messages).filter((e): e is [string, string] => typeof e[1] === 'string')) };
}

function readPacks(root: string, problems: Problem[]): { packs: LocalePack[]; checked: PackMessages[] } {
  const dir = join(root, 'locales');
  const packs: LocalePack[] = [];
  const checked: PackMessages[] = [];
  if (!existsSync(dir)) {
    problems.push(problem('locales/', '(folder)', 'no locale packs: expected locales/<lang>.yaml files'));
    return { packs, checked };
  }
  for (const name of readdirSync(dir).sort()) {
    const file = `locales/${name}`;
    if (statSync(join(dir, name)).isDirectory() || name.toLowerCase().endsWith('.md')) continue;
    const code = LANG_FILE.exec(name)?.[1];
    if (!code) {
      problems.push(problem(file, '(file name)', 'a locale pack is named by its two-letter ISO 639-1 code, e.g. de.yaml'));
      continue;
    }
    const data = readYaml(root, file, problems);
    const parsed = packSchema.safeParse(data);
    if (!parsed.success) {
      problems.push(...zodProblems(file, parsed.error));
      const messages = messagesOf(code, data);
      if (messages) checked.push(messages);
      continue;
    }
    const { lang = code, intlLocale: locale, console: _console, ...rest } = parsed.data;
    if (lang !== code) problems.push(problem(file, 'lang', `"${lang}" does not match the file name`));
    const pack = { ...rest, lang: code, intlLocale: locale ?? code };
    packs.push(pack);
    checked.push(pack);
  }
  return { packs, checked };
}

/** Every pack has exactly the reference pack's message keys, and only placeholders it can fill. */
function checkMessageKeys(packs: PackMessages[], problems: Problem[]): void {
  const reference = packs.find((p) => p.lang === REFERENCE_LANG);
  if (!reference) {
    problems.push(problem(`locales/${REFERENCE_LANG}.yaml`, '(file)', 'missing: the reference pack that every other pack is checked against'));
    return;
  }
  const city = new Set<string>(CITY_PLACEHOLDERS);
  for (const pack of packs) {
    const file = `locales/${pack.lang}.yaml`;
    for (const key of Object.keys(reference.messages)) {
      if (!(key in pack.messages)) problems.push(problem(file, `messages.${key}`, `missing: the reference pack ${REFERENCE_LANG}.yaml has it`));
    }
    for (const [key, template] of Object.entries(pack.messages)) {
      const wanted = reference.messages[key];
      if (wanted === undefined) {
        problems.push(problem(file, `messages.${key}`, `unknown key: not in the reference pack ${REFERENCE_LANG}.yaml`));
        continue;
      }
      const allowed = new Set(placeholders(wanted));
      const unknown = placeholders(template).filter((name) => !allowed.has(name) && !city.has(name));
      if (unknown.length > 0) problems.push(problem(file, `messages.${key}`, `unknown placeholder {${unknown[0]}}: use those of ${REFERENCE_LANG}.yaml or a city placeholder`));
    }
  }
}

function readCity(root: string, problems: Problem[]): CityProfile | undefined {
  if (!existsSync(join(root, 'city.yaml'))) {
    problems.push(problem('city.yaml', '(file)', 'missing: the city profile (name, time zone, contacts, wards…)'));
    return undefined;
  }
  const parsed = citySchema.safeParse(readYaml(root, 'city.yaml', problems));
  if (!parsed.success) {
    problems.push(...zodProblems('city.yaml', parsed.error));
    return undefined;
  }
  return parsed.data;
}

function checkCity(city: CityProfile, packs: PackMessages[], problems: Problem[]): void {
  const langs = new Set(packs.map((p) => p.lang));
  if (!langs.has(city.defaultLang)) problems.push(problem('city.yaml', 'defaultLang', `no locale pack locales/${city.defaultLang}.yaml`));
  city.fallbackOrder.forEach((lang, i) => {
    if (!langs.has(lang)) problems.push(problem('city.yaml', `fallbackOrder.${i}`, `no locale pack locales/${lang}.yaml`));
  });
  const reference = packs.find((p) => p.lang === REFERENCE_LANG);
  city.menu.forEach((item, i) => {
    if (typeof item.label === 'string' && reference && !(item.label in reference.messages)) {
      problems.push(problem('city.yaml', `menu.${i}.label`, `"${item.label}" is not a message key of ${REFERENCE_LANG}.yaml`));
    }
  });
}

/** Packs in the city's fallback order, then the rest alphabetically. */
function ordered(packs: LocalePack[], city: CityProfile): LocalePack[] {
  const rank = (lang: string) => {
    const i = city.fallbackOrder.indexOf(lang);
    return i < 0 ? city.fallbackOrder.length : i;
  };
  return [...packs].sort((a, b) => rank(a.lang) - rank(b.lang) || a.lang.localeCompare(b.lang));
}

/** Everything wrong with a knowledge folder's packs and city profile (for `npm run kb -- validate`). */
export function localeProblems(knowledgeDir: string): { bundle?: LocaleBundle; problems: Problem[] } {
  const problems: Problem[] = [];
  const { packs, checked } = readPacks(knowledgeDir, problems);
  checkMessageKeys(checked, problems);
  const city = readCity(knowledgeDir, problems);
  if (city) checkCity(city, checked, problems);
  if (problems.length > 0 || !city) return { problems };
  return { bundle: { packs: ordered(packs, city), city }, problems };
}

/** Reads and validates a knowledge folder's packs and city profile; throws LocaleError. */
export function loadLocaleBundle(knowledgeDir: string): LocaleBundle {
  const { bundle, problems } = localeProblems(knowledgeDir);
  if (!bundle) throw new LocaleError(problems);
  return bundle;
}

/** Reads and validates only the city profile (configuration defaults); throws LocaleError. */
export function loadCityProfile(knowledgeDir: string): CityProfile {
  const problems: Problem[] = [];
  const city = readCity(knowledgeDir, problems);
  if (!city) throw new LocaleError(problems);
  return city;
}

export interface CityOverrides {
  ticketPrefix?: string;
  defaultLang?: string;
}

/**
 * Installs a knowledge folder's packs and city profile, with the configuration's overrides. A
 * folder with neither (a test's small fixture) keeps the ones already installed.
 */
export function installLocalesFrom(knowledgeDir: string, overrides: CityOverrides = {}): LocaleBundle {
  const bundle = hasLocaleFiles(knowledgeDir) || !localesInstalled() ? loadLocaleBundle(knowledgeDir) : installedBundle();
  const city = { ...bundle.city, ...definedOnly(overrides) };
  if (!bundle.packs.some((p) => p.lang === city.defaultLang)) {
    throw new LocaleError([problem('city.yaml', 'defaultLang', `no locale pack locales/${city.defaultLang}.yaml for the configured default language`)]);
  }
  const installed = { packs: bundle.packs, city };
  installLocales(installed);
  // Language identification learns from the packs and, when the folder has them, the knowledge files.
  const knowledge = existsSync(join(knowledgeDir, 'entries')) ? loadKnowledge(knowledgeDir) : { entries: [], categories: [] };
  installLatinLanguageModel(trainLanguageIdentifier({ packs: bundle.packs, entries: knowledge.entries, categories: knowledge.categories }));
  return installed;
}

/** Installs the repository's own packs unless some are installed (tools that start without a runtime). */
export function ensureLocalesInstalled(): void {
  if (!localesInstalled()) installLocalesFrom(DEFAULT_KNOWLEDGE_DIR);
}

function definedOnly(overrides: CityOverrides): CityOverrides {
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
}

/**
 * The staff console's strings per language, from the packs that have a `console:` section, with
 * the reference pack's for any key a pack lacks. Throws LocaleError when no pack has one.
 */
export function loadConsoleStrings(knowledgeDir: string): Map<string, Record<string, string>> {
  const dir = join(knowledgeDir, 'locales');
  const found = new Map<string, Record<string, string>>();
  for (const code of localeFileCodes(knowledgeDir)) {
    const parsed = packSchema.safeParse(parseYaml(readFileSync(join(dir, `${code}.yaml`), 'utf8')));
    if (parsed.success && parsed.data.console) found.set(code, parsed.data.console);
  }
  const reference = found.get(REFERENCE_LANG);
  // A knowledge folder of its own (tests, another city) may leave the console's words to the repository's.
  if (!reference && resolve(knowledgeDir) !== resolve(DEFAULT_KNOWLEDGE_DIR) && existsSync(join(DEFAULT_KNOWLEDGE_DIR, 'locales'))) return loadConsoleStrings(DEFAULT_KNOWLEDGE_DIR);
  if (!reference) throw new LocaleError([problem(`locales/${REFERENCE_LANG}.yaml`, 'console', 'missing: the staff console needs its strings')]);
  return new Map([...found].map(([code, strings]) => [code, { ...reference, ...strings }]));
}

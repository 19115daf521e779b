/**
 * The locale packs and city profile this process runs with. They are read from the knowledge
 * folder by knowledge/src/locales.ts and installed once at start-up (runtime factory, CLI, test
 * setup); installing registers their languages as the supported ones.
 */
import { REFERENCE_LANG, registerLangs, type Lang } from '../language/langs.ts';
import type { CityProfile } from './city-profile.ts';
import type { LocalePack } from './locale-pack.ts';

export interface LocaleBundle {
  /** In fallback order; the reference pack (en) among them. */
  packs: LocalePack[];
  city: CityProfile;
}

interface Installed {
  bundle: LocaleBundle;
  packs: Map<Lang, LocalePack>;
}

let installed: Installed | undefined;
const listeners: (() => void)[] = [];

export function installLocales(bundle: LocaleBundle): void {
  if (!bundle.packs.some((p) => p.lang === REFERENCE_LANG)) throw new Error(`no "${REFERENCE_LANG}" locale pack: it is the reference every pack is checked against`);
  installed = { bundle, packs: new Map(bundle.packs.map((p) => [p.lang, p])) };
  registerLangs(bundle.packs.map((p) => p.lang));
  for (const listener of listeners) listener();
}

/** Called after every installation (caches derived from the packs clear themselves). */
export function onLocalesInstalled(listener: () => void): void {
  listeners.push(listener);
}

export function localesInstalled(): boolean {
  return installed !== undefined;
}

function current(): Installed {
  if (!installed) throw new Error('no locale packs are installed: load knowledge/locales and knowledge/city.yaml at start-up (installLocalesFrom in knowledge/src/locales.ts)');
  return installed;
}

export function installedBundle(): LocaleBundle {
  return current().bundle;
}

export function localePack(lang: Lang): LocalePack | undefined {
  return current().packs.get(lang);
}

export function referencePack(): LocalePack {
  return current().packs.get(REFERENCE_LANG)!;
}

export function cityProfile(): CityProfile {
  return current().bundle.city;
}

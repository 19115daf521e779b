/** The languages a message names ("in French", "tiếng Anh", "英文", "영어로"), from every locale pack's names for them. */
import type { LocalePack } from '../../../bot/locale/locale-pack.ts';
import { createNameFinder } from './name-finder.ts';

export type LanguageNamer = (text: string) => string[];

export function createLanguageNamer(packs: readonly LocalePack[]): LanguageNamer {
  const names: { value: string; name: string }[] = [];
  for (const pack of packs) {
    names.push({ value: pack.lang, name: pack.endonym });
    for (const [lang, name] of Object.entries(pack.languageNames)) names.push({ value: lang, name });
    for (const [lang, list] of Object.entries(pack.languageAliases)) for (const name of list) names.push({ value: lang, name });
  }
  const finder = createNameFinder(names);
  return (text) => {
    const found: { lang: string; at: number }[] = [];
    for (const { value, at } of finder.matches(text)) if (!found.some((f) => f.lang === value)) found.push({ lang: value, at });
    return found.sort((a, b) => a.at - b.at).map((f) => f.lang);
  };
}

/** The language a request asks for: one it names other than the current one, else the current one if named. */
export function requestedLanguage(named: readonly string[], current: string): string | undefined {
  return named.find((l) => l !== current) ?? (named.includes(current) ? current : undefined);
}

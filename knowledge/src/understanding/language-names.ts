/** The languages a message names ("in French", "tiếng Anh", "英文", "영어로"), from every locale pack's names for them. */
import type { LocalePack } from '../../../bot/locale/locale-pack.ts';
import { foldText } from './text-features.ts';

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
const normalise = (text: string) => foldText(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export type LanguageNamer = (text: string) => string[];

export function createLanguageNamer(packs: readonly LocalePack[]): LanguageNamer {
  const names: { lang: string; name: string; cjk: boolean }[] = [];
  const add = (lang: string, raw: string) => {
    const name = normalise(raw);
    if (name) names.push({ lang, name, cjk: CJK.test(name) });
  };
  for (const pack of packs) {
    add(pack.lang, pack.endonym);
    for (const [lang, name] of Object.entries(pack.languageNames)) add(lang, name);
    for (const [lang, list] of Object.entries(pack.languageAliases)) for (const name of list) add(lang, name);
  }
  names.sort((a, b) => b.name.length - a.name.length);
  return (text) => {
    const folded = normalise(text);
    const padded = ` ${folded} `;
    const compact = folded.replace(/\s+/g, '');
    const found: { lang: string; at: number }[] = [];
    for (const { lang, name, cjk } of names) {
      const at = cjk ? compact.indexOf(name.replace(/\s+/g, '')) : padded.indexOf(` ${name} `);
      if (at >= 0 && !found.some((f) => f.lang === lang)) found.push({ lang, at });
    }
    return found.sort((a, b) => a.at - b.at).map((f) => f.lang);
  };
}

/** The language a request asks for: one it names other than the current one, else the current one if named. */
export function requestedLanguage(named: readonly string[], current: string): string | undefined {
  return named.find((l) => l !== current) ?? (named.includes(current) ? current : undefined);
}

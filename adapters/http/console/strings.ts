/**
 * The console's words (the `console:` sections of the locale packs) and the language a staff
 * member reads it in: `?lang=` (remembered in a cookie), else the browser's, else the default.
 */
import type { Request, Response } from 'express';
import { format } from '../../../bot/i18n/catalog.ts';

export const CONSOLE_LANG_COOKIE = 'hue_staff_lang';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface ConsoleStrings {
  langs: readonly string[];
  /** The language of this request, remembering an explicit choice. */
  langOf(req: Request, res: Response): string;
  translator(lang: string): Translate;
}

export function createConsoleStrings(packs: Map<string, Record<string, string>>, defaultLang: string): ConsoleStrings {
  const langs = [...packs.keys()];
  const fallback = packs.has(defaultLang) ? defaultLang : langs[0]!;
  return {
    langs,
    langOf(req, res) {
      const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
      if (asked && packs.has(asked)) {
        res.cookie(CONSOLE_LANG_COOKIE, asked, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/staff', maxAge: 365 * 86_400_000 });
        return asked;
      }
      const saved = (req.cookies as Record<string, unknown> | undefined)?.[CONSOLE_LANG_COOKIE];
      if (typeof saved === 'string' && packs.has(saved)) return saved;
      // A bare "*" (what fetch clients send) says nothing; the city's default language then.
      const header = req.get('accept-language')?.trim();
      return (header && header !== '*' && req.acceptsLanguages(...langs)) || fallback;
    },
    translator(lang) {
      const strings = packs.get(lang) ?? packs.get(fallback)!;
      return (key, params) => {
        const template = strings[key];
        // A missing key shows as itself, so a gap is visible instead of an empty label.
        return template === undefined ? key : format(template, params ?? {});
      };
    },
  };
}

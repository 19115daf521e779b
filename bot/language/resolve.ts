/**
 * Resolves the reply language once per turn: explicit choice > the conversation's language
 * (unless the person clearly switched) > detection > channel hint > default.
 */
import { detectLanguage } from './detect.ts';
import { langFromLocale, type Lang } from './langs.ts';
import type { LangSource } from '../turn.ts';

export interface LanguageInputs {
  text: string;
  explicit?: Lang;
  conversation?: Lang;
  hint?: string;
  fallback: Lang;
  /** Button payloads carry no language evidence. */
  isPostback: boolean;
}

const CLEAR_SWITCH = 0.85;

export function resolveLanguage(input: LanguageInputs): { lang: Lang; source: LangSource } {
  if (input.explicit) return { lang: input.explicit, source: 'explicit' };
  const detected = input.isPostback ? undefined : detectLanguage(input.text);
  if (input.conversation) {
    const words = input.text.trim().split(/\s+/).length;
    const cjk = detected && ['ko', 'zh', 'ja'].includes(detected.lang);
    // A one-word "ok" or "hello" is not a switch; a sentence in another language or script is.
    if (detected && detected.lang !== input.conversation && detected.confidence >= CLEAR_SWITCH && (cjk || words >= 3)) {
      return { lang: detected.lang, source: 'detected' };
    }
    return { lang: input.conversation, source: 'conversation' };
  }
  if (detected && detected.confidence >= 0.5) return { lang: detected.lang, source: 'detected' };
  const hinted = langFromLocale(input.hint);
  if (hinted) return { lang: hinted, source: 'hint' };
  if (detected) return { lang: detected.lang, source: 'detected' };
  return { lang: input.fallback, source: 'default' };
}

/**
 * The only rules left in understanding, for input with a formal shape: a ticket code anywhere in
 * the message, and an explicit language command ("/lang ko", "lang:fr").
 */
import type { Interpretation } from '../../../bot/understanding/interpreter.ts';

const COMMAND = /^\/?(?:lang|language)\s+([a-z]{2})$|^lang:([a-z]{2})$/i;

const codePatterns = new Map<string, RegExp>();

export function ticketCodeIn(text: string, prefix: string): string | undefined {
  let pattern = codePatterns.get(prefix);
  if (!pattern) codePatterns.set(prefix, (pattern = new RegExp(`\\b(${prefix.replace(/[^A-Za-z0-9]/g, '')})[-\\s]?(\\d{4})[-\\s]?(\\d{1,6})\\b`, 'i')));
  const code = pattern.exec(text);
  return code ? `${prefix}-${code[2]}-${code[3]!.padStart(6, '0')}` : undefined;
}

export function parseFormalInput(text: string, ticketPrefix: string, isLang: (lang: string) => boolean): Omit<Interpretation, 'entries' | 'confidence'> | undefined {
  const command = COMMAND.exec(text.trim().replace(/[.!?]+$/, ''));
  const lang = command ? (command[1] ?? command[2])!.toLowerCase() : undefined;
  if (lang && isLang(lang)) return { kind: 'language', requestedLang: lang };
  const code = ticketCodeIn(text, ticketPrefix);
  if (code) return { kind: 'status', ticketCode: code };
  return undefined;
}

/**
 * The only rules left in understanding, for input with a formal shape: a ticket code anywhere in
 * the message, and an explicit language command ("/lang ko", "lang:fr").
 */
import { findTicketCode } from '../../../bot/tickets/ticket-code.ts';
import type { Interpretation } from '../../../bot/understanding/interpreter.ts';

const COMMAND = /^\/?(?:lang|language)\s+([a-z]{2})$|^lang:([a-z]{2})$/i;

export function parseFormalInput(text: string, ticketPrefix: string, isLang: (lang: string) => boolean): Omit<Interpretation, 'entries' | 'confidence'> | undefined {
  const command = COMMAND.exec(text.trim().replace(/[.!?]+$/, ''));
  const lang = command ? (command[1] ?? command[2])!.toLowerCase() : undefined;
  if (lang && isLang(lang)) return { kind: 'language', requestedLang: lang };
  const code = findTicketCode(text, ticketPrefix);
  if (code) return { kind: 'status', ticketCode: code };
  return undefined;
}

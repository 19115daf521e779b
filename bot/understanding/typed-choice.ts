/**
 * A choice typed instead of tapped: its number ("1", "2."), or words of exactly one button's label
 * ("tickets" for "Ticket prices"). Works the same on every channel, because the core remembers the
 * buttons it last offered.
 */
import { installedBundle, onLocalesInstalled } from '../locale/installed.ts';
import { foldDiacritics } from '../text/vietnamese.ts';
import type { QuickReply } from '../types.ts';

/** Longer messages are questions or answers of their own, not a pick from the buttons. */
const MAX_CHOICE_WORDS = 4;
// A short message holding one small number and little else: "1", "#2", "số 1", "1番", "第1个".
const NUMBER = /^\D{0,4}?(\d{1,2})\D{0,3}$/u;
const MAX_NUMBER_CHARS = 7;

const words = (text: string) => foldDiacritics(text.normalize('NFC').toLowerCase()).match(/[\p{L}\p{N}]+/gu) ?? [];

let filler: Set<string> | undefined;
onLocalesInstalled(() => (filler = undefined));

function fillerWords(): Set<string> {
  if (!filler) {
    filler = new Set();
    for (const pack of installedBundle().packs) for (const w of [...pack.understanding.filler, ...pack.understanding.stopWords]) for (const t of words(w)) filler.add(t);
  }
  return filler;
}

export function typedChoice(text: string, choices: readonly QuickReply[]): QuickReply | undefined {
  if (choices.length === 0) return undefined;
  const number = text.trim().length <= MAX_NUMBER_CHARS ? NUMBER.exec(text.trim()) : null;
  if (number) return choices[Number(number[1]) - 1];
  const typed = words(text);
  if (typed.length === 0 || typed.length > MAX_CHOICE_WORDS) return undefined;
  const content = typed.filter((w) => !fillerWords().has(w));
  if (content.length === 0) return undefined;
  const matching = choices.filter((c) => {
    const label = new Set(words(c.label));
    return content.every((w) => label.has(w));
  });
  return matching.length === 1 ? matching[0] : undefined;
}

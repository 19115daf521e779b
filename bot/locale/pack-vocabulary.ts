/**
 * Words that only one locale pack uses in its dialogue lists (small talk, filler, typed answers):
 * "alo", "ơi", "nha" are Vietnamese, "please" English, "merci" French. Evidence for language
 * detection on short messages, where general statistics say little.
 */
import { foldDiacritics } from '../text/vietnamese.ts';
import { installedBundle, onLocalesInstalled } from './installed.ts';

let owners: Map<string, string> | undefined;
onLocalesInstalled(() => (owners = undefined));

const words = (text: string) => foldDiacritics(text.normalize('NFC').toLowerCase()).match(/[\p{L}']+/gu) ?? [];

function build(): Map<string, string> {
  const seen = new Map<string, Set<string>>();
  for (const pack of installedBundle().packs) {
    const u = pack.understanding;
    const lists = [...Object.values(u.smallTalk).flat(), ...u.filler, ...Object.values(u.intake).flat()];
    for (const phrase of lists) for (const w of words(phrase)) seen.set(w, (seen.get(w) ?? new Set()).add(pack.lang));
  }
  const exclusive = new Map<string, string>();
  for (const [word, langs] of seen) if (langs.size === 1 && word.length > 1) exclusive.set(word, [...langs][0]!);
  return exclusive;
}

/** The one language whose dialogue lists use this word, if only one does. */
export function packOwnerOf(word: string): string | undefined {
  return (owners ??= build()).get(foldDiacritics(word.toLowerCase()));
}

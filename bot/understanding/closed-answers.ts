/**
 * Closed answers typed instead of pressing a button — yes, no, skip, cancel, send, "change the
 * place", "start over", "I don't know" — read from the locale packs' word lists, in any installed
 * language (people answer "ok" in English inside a Vietnamese chat).
 *
 * A message is such an answer when its words are covered by the lists' phrases, polite filler and
 * function words ("ok gửi đi nhé", "yes send it"). Cancelling, changing the place and starting over
 * are also recognised inside a short sentence ("forget it, I'll call instead").
 */
import type { IntakeWords } from '../locale/locale-pack.ts';
import { installedBundle, onLocalesInstalled } from '../locale/installed.ts';
import { UNSPACED_SCRIPT } from '../text/scripts.ts';
import { foldDiacritics } from '../text/vietnamese.ts';

export type ClosedAnswer = keyof IntakeWords;

const ANSWERS: readonly ClosedAnswer[] = ['yes', 'no', 'skip', 'cancel', 'send', 'changeLocation', 'restart', 'dontKnow'];
/** Answers that still count when the message says more around them. */
const INSIDE_A_SENTENCE: readonly ClosedAnswer[] = ['cancel', 'changeLocation', 'restart'];
/** A sentence longer than this is a description or a question, not an answer. */
const MAX_SENTENCE_WORDS = 12;
/** The same, in characters, for scripts without spaces. */
const MAX_DENSE_CHARS = 20;


interface Lexicon {
  /** Folded phrase (words joined by one space) → the answers it gives. */
  phrases: Map<string, Set<ClosedAnswer>>;
  longest: number;
  /** Words that may surround an answer without changing it. */
  filler: Set<string>;
  shorthand: Map<string, string>;
  /** Phrases in scripts without spaces, spaces removed. */
  cjkPhrases: Map<string, Set<ClosedAnswer>>;
}

const fold = (text: string) => foldDiacritics(text.normalize('NFC').toLowerCase());
const words = (text: string) => fold(text).match(/[\p{L}\p{N}']+/gu) ?? [];

let lexicon: Lexicon | undefined;
onLocalesInstalled(() => (lexicon = undefined));

function buildLexicon(): Lexicon {
  const phrases = new Map<string, Set<ClosedAnswer>>();
  const filler = new Set<string>();
  const shorthand = new Map<string, string>();
  const cjkPhrases = new Map<string, Set<ClosedAnswer>>();
  let longest = 1;
  for (const pack of installedBundle().packs) {
    const u = pack.understanding;
    for (const [from, to] of Object.entries(u.shorthand)) shorthand.set(fold(from), fold(to));
    for (const word of [...u.filler, ...u.stopWords]) for (const w of words(word)) filler.add(w);
    for (const answer of ANSWERS) {
      for (const phrase of u.intake[answer] ?? []) {
        const key = words(phrase).join(' ');
        if (!key) continue;
        if (!phrases.has(key)) phrases.set(key, new Set());
        phrases.get(key)!.add(answer);
        longest = Math.max(longest, key.split(' ').length);
        const dense = key.replace(/\s+/g, '');
        if (UNSPACED_SCRIPT.test(dense)) cjkPhrases.set(dense, new Set([...(cjkPhrases.get(dense) ?? []), answer]));
      }
    }
  }
  return { phrases, longest, filler, shorthand, cjkPhrases };
}

interface Cover {
  answers: Set<ClosedAnswer>;
  /** Words covered as filler rather than by an answer's phrase. */
  filler: number;
}

/** The answers that cover every word of the message (phrases, filler and function words), if any. */
function cover(tokens: string[], lex: Lexicon): Cover | undefined {
  // best[i]: the cheapest cover of tokens[0..i), or undefined when they cannot be covered.
  const best: (Cover | undefined)[] = [{ answers: new Set(), filler: 0 }];
  for (let i = 1; i <= tokens.length; i++) {
    for (let n = Math.min(lex.longest, i); n >= 1; n--) {
      const before = best[i - n];
      const found = before && lex.phrases.get(tokens.slice(i - n, i).join(' '));
      if (found && (!best[i] || before.filler < best[i]!.filler)) best[i] = { answers: new Set([...before.answers, ...found]), filler: before.filler };
    }
    const previous = best[i - 1];
    if (previous && lex.filler.has(tokens[i - 1]!) && (!best[i] || previous.filler + 1 < best[i]!.filler)) {
      best[i] = { answers: previous.answers, filler: previous.filler + 1 };
    }
  }
  const used = best[tokens.length];
  return used && used.answers.size > 0 ? used : undefined;
}

/** Cancelling wins over everything; a yes and a no together say nothing. */
function settle(used: Set<ClosedAnswer>): ReadonlySet<ClosedAnswer> {
  if (used.has('cancel')) return new Set(['cancel']);
  const positive = used.has('yes') || used.has('send');
  const negative = used.has('no') || used.has('skip');
  return positive && negative ? new Set() : used;
}

const NONE: ReadonlySet<ClosedAnswer> = new Set();

/** Phrases found in text without spaces, longest first and without overlaps ("はいりません" is not "はい"). */
function denseAnswers(compact: string, lex: Lexicon): Set<ClosedAnswer> {
  const taken = new Array<boolean>(compact.length).fill(false);
  const found = new Set<ClosedAnswer>();
  const byLength = [...lex.cjkPhrases].sort((a, b) => b[0].length - a[0].length);
  for (const [phrase, answers] of byLength) {
    for (let at = compact.indexOf(phrase); at >= 0; at = compact.indexOf(phrase, at + 1)) {
      if (taken.slice(at, at + phrase.length).some(Boolean)) continue;
      taken.fill(true, at, at + phrase.length);
      for (const a of answers) found.add(a);
    }
  }
  return found;
}

/** Every answer the message gives (a phrase may be in several lists: "no" is also "skip"). */
export function readClosedAnswers(text: string): ReadonlySet<ClosedAnswer> {
  const lex = (lexicon ??= buildLexicon());
  const raw = words(text);
  if (raw.length === 0 || raw.length > MAX_SENTENCE_WORDS) return NONE;
  const expanded = raw.flatMap((w) => (lex.shorthand.get(w) ?? w).split(' '));
  const covers = [cover(raw, lex), cover(expanded, lex)].filter((c): c is Cover => c !== undefined);
  if (covers.length > 0) return settle(covers.reduce((a, b) => (b.filler < a.filler ? b : a)).answers);
  const compact = raw.join('');
  // Scripts without spaces run the answer into the sentence ("電話番号はいりません"): every phrase it contains counts.
  if (UNSPACED_SCRIPT.test(compact) && [...compact].length <= MAX_DENSE_CHARS) {
    const found = denseAnswers(compact, lex);
    if (found.size > 0) return settle(found);
  }
  // Inside a short sentence, only answers whose phrases cannot be mistaken for a name (two words or more).
  const padded = ` ${raw.join(' ')} `;
  for (const answer of INSIDE_A_SENTENCE) {
    for (const [phrase, answers] of lex.phrases) {
      if (!answers.has(answer)) continue;
      if (!UNSPACED_SCRIPT.test(phrase) && phrase.includes(' ') && padded.includes(` ${phrase} `)) return new Set([answer]);
    }
  }
  return NONE;
}

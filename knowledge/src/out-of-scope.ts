/**
 * Matches messages against the topics the assistant deliberately does not cover
 * (knowledge/out-of-scope.md): other cities, visas, divorce, hotel recommendations…
 * Runs on every message, so words are compared as space-delimited substrings, not regexes.
 */
import { canonicalVietnamese, foldDiacritics, hasVietnameseDiacritics } from '../../bot/text/vietnamese.ts';
import type { OutOfScopeFile } from './schema.ts';

/** One word or phrase of a rule, in the forms a message can be compared in. */
interface Phrase {
  /** Set for Chinese, Japanese and Korean phrases, compared as substrings. */
  cjk?: string;
  /** Padded with spaces so only whole words match: " hội an ". */
  accented: string;
  folded: string;
  firstAccented: string;
  firstFolded: string;
}

interface PreparedText {
  /** Lower-case, canonical tones, words separated by single spaces and padded: " vé vào hội an ". */
  padded: string;
  /** Its words, so most phrases are ruled out by one set lookup. */
  words: Set<string>;
  /** A message typed with diacritics is compared as typed; one typed without them, folded. */
  hasDiacritics: boolean;
  hasCjk: boolean;
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/;
// Apostrophes split words, so French elisions ("baie d'Ha Long") leave the name whole.
const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

function wordList(text: string): string[] {
  return text.match(WORD) ?? [];
}

function padded(words: string[]): string {
  return ` ${words.join(' ')} `;
}

function compilePhrase(raw: string): Phrase {
  const word = canonicalVietnamese(raw.toLowerCase().normalize('NFC'));
  const accentedWords = wordList(word);
  const foldedWords = wordList(foldDiacritics(word));
  return {
    ...(CJK.test(word) ? { cjk: word } : {}),
    accented: padded(accentedWords),
    folded: padded(foldedWords),
    firstAccented: accentedWords[0] ?? '',
    firstFolded: foldedWords[0] ?? '',
  };
}

function contains(text: PreparedText, phrase: Phrase): boolean {
  if (phrase.cjk !== undefined) return text.hasCjk && text.padded.includes(phrase.cjk);
  // "hỏi an toàn" typed with accents is not "Hội An"; "hoi an" typed without them can only be compared folded.
  return text.hasDiacritics
    ? text.words.has(phrase.firstAccented) && text.padded.includes(phrase.accented)
    : text.words.has(phrase.firstFolded) && text.padded.includes(phrase.folded);
}

function prepare(input: string): PreparedText {
  const canonical = canonicalVietnamese(input.toLowerCase().normalize('NFC'));
  const hasDiacritics = hasVietnameseDiacritics(canonical);
  const words = wordList(hasDiacritics ? canonical : foldDiacritics(canonical));
  return { padded: padded(words), words: new Set(words), hasDiacritics, hasCjk: CJK.test(canonical) };
}

export interface OutOfScopeMatcher {
  /** The id of the uncovered topic the message is about, if any. */
  match(text: string): string | undefined;
}

interface CompiledTopic {
  id: string;
  /** Any rule matches when all of its phrases appear. */
  rules: Phrase[][];
  unless: Phrase[];
}

function topicApplies(topic: CompiledTopic, text: PreparedText): boolean {
  let matched = false;
  for (const rule of topic.rules) {
    let all = true;
    for (const phrase of rule) {
      if (!contains(text, phrase)) {
        all = false;
        break;
      }
    }
    if (all) {
      matched = true;
      break;
    }
  }
  if (!matched) return false;
  for (const phrase of topic.unless) if (contains(text, phrase)) return false;
  return true;
}

/**
 * Which topics a message could match at all: a rule needs its first phrase, and a word phrase
 * needs its first word among the message's words. Topics are then tried in file order, so the
 * first topic that applies still wins.
 */
interface TopicIndex {
  byAccentedWord: Map<string, number[]>;
  byFoldedWord: Map<string, number[]>;
  /** Topics with a rule led by a Chinese, Japanese or Korean phrase. */
  cjk: number[];
  /** Topics with an empty rule, which every message matches. */
  always: number[];
}

function indexTopics(topics: readonly CompiledTopic[]): TopicIndex {
  const index: TopicIndex = { byAccentedWord: new Map(), byFoldedWord: new Map(), cjk: [], always: [] };
  const add = (map: Map<string, number[]>, word: string, topic: number) => {
    const list = map.get(word);
    if (!list) map.set(word, [topic]);
    else if (list[list.length - 1] !== topic) list.push(topic);
  };
  topics.forEach((topic, i) => {
    for (const rule of topic.rules) {
      const first = rule[0];
      if (!first) index.always.push(i);
      else if (first.cjk !== undefined) index.cjk.push(i);
      else {
        add(index.byAccentedWord, first.firstAccented, i);
        add(index.byFoldedWord, first.firstFolded, i);
      }
    }
  });
  return index;
}

function candidateTopics(index: TopicIndex, text: PreparedText): number[] {
  const byWord = text.hasDiacritics ? index.byAccentedWord : index.byFoldedWord;
  const found = new Set<number>(index.always);
  if (text.hasCjk) for (const t of index.cjk) found.add(t);
  for (const word of text.words) for (const t of byWord.get(word) ?? []) found.add(t);
  return [...found].sort((a, b) => a - b);
}

export function compileOutOfScope(file: OutOfScopeFile | undefined): OutOfScopeMatcher {
  const topics: CompiledTopic[] = (file?.topics ?? []).map((topic) => ({
    id: topic.id,
    rules: topic.match.map((rule) => rule.map(compilePhrase)),
    unless: topic.unless.map(compilePhrase),
  }));
  const index = indexTopics(topics);
  return {
    match(input: string): string | undefined {
      const text = prepare(input);
      for (const t of candidateTopics(index, text)) if (topicApplies(topics[t]!, text)) return topics[t]!.id;
      return undefined;
    },
  };
}

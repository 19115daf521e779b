/**
 * Which Latin-script language a message is written in, learned from the locale packs and the
 * knowledge files rather than from word lists: a multinomial naive Bayes over character 1–4-grams
 * of lower-cased words (accents kept, since they are the strongest evidence when typed) and the
 * words themselves. Every text is also learned with its diacritics folded, as people type on
 * phones ("gio mo cua", "ou est la gare"). The confidence it reports is fitted on held-out
 * chunks of the same texts, cut to chat length, so "sure enough to switch" means the same in
 * every language.
 */
import type { Detection, LatinLanguageModel } from '../../../bot/language/detect.ts';
import type { LocalePack } from '../../../bot/locale/locale-pack.ts';
import type { ComplaintCategory, KnowledgeEntry } from '../../../bot/ports.ts';
import { foldDiacritics } from '../../../bot/text/vietnamese.ts';
import { LogisticModel } from './logistic.ts';
import { seededRandom } from './random.ts';
import { hash } from './text-features.ts';

export interface LanguageTexts {
  packs: readonly LocalePack[];
  entries: readonly KnowledgeEntry[];
  categories: readonly ComplaintCategory[];
}

/** Hashed feature space: large enough that the packs' and entries' n-grams rarely collide. */
const SPACE = 1 << 18;
/** Add-α smoothing: an n-gram a language never used costs it, but not infinitely. */
const ALPHA = 0.1;
/** A language is identified here when most letters of its texts are Latin (the others are told by script). */
const LATIN_SHARE = 0.5;
/** Held-out folds for the confidence fit, and the chat-sized chunks cut from each held-out text. */
const FOLDS = 4;
const CHUNK_WORDS = [1, 2, 3, 4, 6, 9];
const CALIBRATION_TEXTS = 1500;
/**
 * The packs' dialogue lists are written as people chat ("alo", "ok nha", "merci beaucoup"); the
 * answers and messages are prose. Chat is what is identified, so each chat line counts this many times.
 */
const CHAT_WEIGHT = 4;
const SEED = 20261203;

// Letters only: digits, codes and prices say nothing about the language.
const WORD = /\p{L}+(?:'\p{L}+)?/gu;
const LETTER = /\p{L}/u;
const LATIN = /\p{Script=Latin}/u;

function words(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(WORD) ?? [];
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const fnv = (h: number, text: string) => {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
};
const WORD_SEED = fnv(FNV_OFFSET, 'w:');
const GRAM_SEED = fnv(FNV_OFFSET, 'c:');
const SPACE_UNIT = 0x20;
/**
 * A word's n-grams overlap and repeat one another's evidence, which naive Bayes counts as
 * independent; the whole word, which is what separates "alo" from "along", counts as three.
 */
const WORD_REPEAT = 3;

/**
 * Feature keys of a word list: the word, and its character 1–4-grams with word boundaries
 * (a lone boundary is none), hashed by continuing one FNV-1a per start position.
 */
function featuresOf(list: readonly string[]): number[] {
  const keys: number[] = [];
  for (const w of list) {
    for (let r = 0; r < WORD_REPEAT; r++) keys.push((fnv(WORD_SEED, w) >>> 0) % SPACE);
    const length = w.length + 2;
    for (let start = 0; start < length; start++) {
      let h = GRAM_SEED;
      for (let n = 1; n <= 4 && start + n <= length; n++) {
        const at = start + n - 1;
        h = Math.imul(h ^ (at === 0 || at === length - 1 ? SPACE_UNIT : w.charCodeAt(at - 1)), FNV_PRIME);
        if (n === 1 && (start === 0 || start === length - 1)) continue;
        keys.push((h >>> 0) % SPACE);
      }
    }
  }
  return keys;
}

/** Every text the files hold in each language: answers, titles, questions, examples and messages. */
interface LanguageText {
  text: string;
  weight: number;
}

function textsByLanguage(source: LanguageTexts): Map<string, LanguageText[]> {
  const out = new Map<string, LanguageText[]>();
  const add = (lang: string, text: string | undefined, weight = 1) => {
    if (!text?.trim()) return;
    let list = out.get(lang);
    if (!list) out.set(lang, (list = []));
    // Answers are cut into paragraphs: short units, closer to what people type.
    for (const part of text.split(/\n\s*\n|\n(?=[-*] )/)) if (part.trim()) list.push({ text: part.trim(), weight });
  };
  const chat = (lang: string, text: string) => add(lang, text, CHAT_WEIGHT);
  for (const pack of source.packs) {
    for (const message of Object.values(pack.messages)) add(pack.lang, message.replace(/\{[^}]*\}/g, ' '));
    const u = pack.understanding;
    for (const list of [...Object.values(u.smallTalk), u.status, u.handoff, u.reportRequest, u.languageRequest, u.filler, u.questionForms, ...Object.values(u.intake)]) {
      for (const text of list ?? []) chat(pack.lang, text);
    }
    for (const [from, to] of Object.entries(u.shorthand)) chat(pack.lang, `${from} ${to}`);
  }
  for (const entry of source.entries) {
    for (const [lang, content] of Object.entries(entry.content)) {
      if (!content) continue;
      add(lang, content.title);
      for (const q of content.questions) chat(lang, q);
      add(lang, content.answer);
    }
  }
  for (const category of source.categories) {
    for (const [lang, examples] of Object.entries(category.examples)) for (const text of examples ?? []) chat(lang, text);
  }
  return out;
}

function latinShare(texts: readonly LanguageText[]): number {
  let letters = 0;
  let latin = 0;
  for (const { text } of texts) {
    for (const char of text) {
      if (!LETTER.test(char)) continue;
      letters++;
      if (LATIN.test(char)) latin++;
    }
  }
  return letters ? latin / letters : 0;
}

/** Word lists of a text as typed and, when that differs, with its diacritics folded. */
function spellings(text: string): string[][] {
  const typed = words(text);
  const folded = typed.map(foldDiacritics);
  return folded.join(' ') === typed.join(' ') ? [typed] : [typed, folded];
}

class NaiveBayes {
  private readonly logProb: Float32Array[];
  private readonly unseen: Float64Array;

  constructor(
    readonly langs: readonly string[],
    samples: readonly { lang: number; features: readonly number[]; weight: number }[],
  ) {
    const counts = langs.map(() => new Float64Array(SPACE));
    const totals = new Float64Array(langs.length);
    const seen = new Uint8Array(SPACE);
    for (const s of samples) {
      for (const k of s.features) {
        counts[s.lang]![k]! += s.weight;
        seen[k] = 1;
      }
      totals[s.lang]! += s.features.length * s.weight;
    }
    let vocabulary = 0;
    for (let k = 0; k < SPACE; k++) vocabulary += seen[k]!;
    this.unseen = new Float64Array(langs.length);
    this.logProb = counts.map((c, l) => {
      const denominator = totals[l]! + ALPHA * vocabulary;
      this.unseen[l] = Math.log(ALPHA / denominator);
      const out = new Float32Array(SPACE);
      for (let k = 0; k < SPACE; k++) out[k] = Math.log((c[k]! + ALPHA) / denominator);
      return out;
    });
  }

  /** Log-likelihood of the features under each language (uniform prior: no language is favoured for having more text). */
  scores(features: readonly number[]): Float64Array {
    const out = new Float64Array(this.langs.length);
    for (let l = 0; l < this.langs.length; l++) {
      const table = this.logProb[l]!;
      let sum = 0;
      for (const k of features) sum += table[k]!;
      out[l] = sum;
    }
    return out;
  }
}

interface Reading {
  best: number;
  /** Log-likelihood lead of the best language over the runner-up, per word. */
  leadPerWord: number;
  words: number;
}

function read(model: NaiveBayes, list: readonly string[]): Reading | undefined {
  if (list.length === 0) return undefined;
  const scores = model.scores(featuresOf(list));
  let best = 0;
  for (let l = 1; l < scores.length; l++) if (scores[l]! > scores[best]!) best = l;
  let second = -Infinity;
  for (let l = 0; l < scores.length; l++) if (l !== best && scores[l]! > second) second = scores[l]!;
  const lead = Number.isFinite(second) ? scores[best]! - second : 0;
  return { best, leadPerWord: lead / list.length, words: list.length };
}

/** Signals of the confidence model: how far ahead the best language is, and how much text there was. */
const CONFIDENCE_SIGNALS = ['lead-per-word', 'log-lead', 'log-words'];
const signalsOf = (r: Reading) => [r.leadPerWord, Math.log1p(r.leadPerWord * r.words), Math.log1p(r.words)];

/** Chat-sized pieces of a held-out text: windows of a few words, at seeded positions. */
function chunks(list: readonly string[], random: () => number): string[][] {
  const out: string[][] = [];
  for (const size of CHUNK_WORDS) {
    if (list.length < size) break;
    const start = Math.floor(random() * (list.length - size + 1));
    out.push(list.slice(start, start + size));
  }
  return out;
}

export function trainLanguageIdentifier(source: LanguageTexts): LatinLanguageModel | undefined {
  const byLang = [...textsByLanguage(source)].filter(([, texts]) => latinShare(texts) >= LATIN_SHARE).sort(([a], [b]) => a.localeCompare(b));
  if (byLang.length < 2) return undefined;
  const langs = byLang.map(([lang]) => lang);
  // Each text's features are taken once and shared by the fold models and the final one.
  const units = byLang.flatMap(([, texts], lang) =>
    texts.flatMap(({ text, weight }) => spellings(text).map((list) => ({ lang, list, weight, features: featuresOf(list), fold: hash(text) % FOLDS }))),
  );

  // Calibration: each fold's texts are read, in chat-sized chunks, by a model that never saw them.
  const random = seededRandom(SEED);
  const held: { x: number[]; y: 0 | 1; lang: number }[] = [];
  const perLang = new Float64Array(langs.length);
  // A few thousand held-out texts per language fit three weights as well as all of them would.
  const heldOutShare = langs.map((_, l) => Math.min(1, CALIBRATION_TEXTS / units.filter((u) => u.lang === l).length));
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = new NaiveBayes(langs, units.filter((u) => u.fold !== fold));
    for (const u of units) {
      if (u.fold !== fold || random() >= heldOutShare[u.lang]!) continue;
      for (const chunk of chunks(u.list, random)) {
        const r = read(model, chunk);
        if (!r) continue;
        held.push({ x: signalsOf(r), y: r.best === u.lang ? 1 : 0, lang: u.lang });
        perLang[u.lang]!++;
      }
    }
  }
  // Each language weighs the same in the fit, however much text it has.
  const examples = held.map(({ x, y, lang }) => ({ x, y, weight: held.length / (langs.length * perLang[lang]!) }));
  const confidence = LogisticModel.fit(CONFIDENCE_SIGNALS, examples);
  const model = new NaiveBayes(langs, units);
  return {
    languages: langs,
    identify(text: string): Detection | undefined {
      const r = read(model, words(text));
      return r ? { lang: langs[r.best]!, confidence: confidence.probability(signalsOf(r)) } : undefined;
    },
  };
}

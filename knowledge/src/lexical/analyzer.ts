/**
 * Turns text into weighted index terms. The same analysis runs on knowledge text and on queries.
 * - Vietnamese: syllables folded ("dai"), accented syllables ("~đại") and folded syllable pairs
 *   ("dai_noi"), after chat abbreviations are expanded.
 * - English/French: folded, lightly stemmed words and word pairs.
 * - Chinese/Japanese: character unigrams and bigrams; Korean: syllable bigrams plus particle-stripped words.
 */
import type { Lang } from '../../../bot/language/langs.ts';
import { expandShorthand } from '../../../bot/locale/shorthand.ts';
import { canonicalVietnamese, foldDiacritics } from '../../../bot/text/vietnamese.ts';

export type TermKind = 'word' | 'ko-word' | 'accent' | 'pair' | 'char' | 'cjk-pair' | 'stop';

/**
 * Function words ("how", "do", "làm sao", "의") say little about which entry is meant; they keep a
 * small weight so that coverage is measured on the words that carry the question.
 */
const STOPWORDS = new Set(
  (
    // English
    'a an the is are was were be been am do does did i me my we our you your it its this that these those to of in on at for ' +
    'from with by and or but if so how what where when which who whom why can could would should will shall may might must ' +
    'there here please thanks thank hi hello hey any some much many get got have has had need want know tell about just ' +
    'us they them their he she his her one also very really there\'s what\'s i\'m ok okay' +
    // French (folded)
    ' le la les de des du un une est sont et ou a au aux en pour par avec sur dans quel quelle quels quelles comment quand ' +
    'qui que quoi je tu il elle nous vous on mon ma mes ce cette ces se sa son ses y ne pas plus faut peut puis est-ce ' +
    'bonjour merci svp vouloir veux voudrais' +
    // Vietnamese (folded)
    ' toi minh em anh ban co khong la gi o dau nao the thi va cua cho duoc lam sao nhu nay do di mot nhung cac can muon ' +
    'hoi xin oi a nhe nha voi roi chua bi da se dang ma de vay ak u ha vs ko k thi neu hay hoac ai kia day rang chi ni mo ru'
  ).split(/\s+/),
);
// Question words, particles and polite verb endings in Chinese, Japanese and Korean.
const CJK_STOP = new Set(
  [...'的了吗呢吧啊我你是在有要么什怎请はがをにでとものかねよですまくださいいう은는이가을를에의도요'].concat((
    '怎么 什么 请问 多少 哪里 哪儿 可以 需要 一下 我们 你们 知道 告诉 是不 不是 有没 没有 能不 怎样 如何 应该 ' +
      'です ます ください ですか ますか どこ どう 教えて 教え えて いくら には から まで たい ありますか あり りま ませ ません でしょう しょう ' +
      'には ので けど 知りたい 있나요 어떻게 무엇 어디 어디서 어디예 디예 디에 디서 얼마 얼마예 마예 예요 에요 이에요 알려 려주 주세 세요 주세요 ' +
      '있어 있어요 어요 해요 해야 하나 하나요 나요 되나 되나요 가요 가는 싶어 싶어요 어떤 뭐예 뭐예요 무엇 입니다 니다 습니다 인가요 인가 할까 까요 ' +
      '있나 수있 있는 하는 하면 이나 에서 으로 까지 부터 좀 제가 저는 우리'
  ).split(/\s+/)),
);

export interface Term {
  term: string;
  kind: TermKind;
}

const CJK_RUN = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
const HANGUL_WORD = /[\uac00-\ud7af]+/gu;
const LATIN_WORD = /[\p{Script=Latin}\p{N}]+(?:'[\p{Script=Latin}]+)?/gu;
const KO_PARTICLES = /(에서는|에서|으로|이랑|까지|부터|에게|한테|은|는|이|가|을|를|에|의|도|로|와|과|요)$/u;
const KO_VERB_ENDING = /(요|다|때|고|서|면|는|은|을|게|지|죠|까|네|어|아|해|줘|나|니|데|며|던|려|자)$/u;
const FR_ELISION = /^(l|d|j|qu|n|s|c|m|t)'/;

function stemLatin(word: string, lang: Lang): string {
  let w = word.replace(FR_ELISION, '').replace(/'s$/, '');
  if (lang === 'vi') return w;
  if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.length > 3 && /[^s]s$/.test(w)) w = w.slice(0, -1);
  else if (lang === 'fr' && w.length > 3 && w.endsWith('x')) w = w.slice(0, -1);
  if (lang === 'en' && w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  return w;
}

/** Folding and stemming are pure per word; indexing 100,000 entries repeats the same words a lot. */
const foldedWords = new Map<string, string>();
function foldWord(raw: string, lang: Lang): string {
  const key = lang === 'vi' ? raw : `${lang}:${raw}`;
  let folded = foldedWords.get(key);
  if (folded === undefined) {
    folded = stemLatin(foldDiacritics(raw), lang);
    if (foldedWords.size > 500_000) foldedWords.clear();
    foldedWords.set(key, folded);
  }
  return folded;
}

function latinTerms(text: string, lang: Lang, out: Term[]): void {
  const words = text.match(LATIN_WORD) ?? [];
  let previous: string | undefined;
  for (const raw of words) {
    const folded = foldWord(raw, lang);
    if (!folded) continue;
    out.push({ term: folded, kind: STOPWORDS.has(folded) ? 'stop' : 'word' });
    if (lang === 'vi' && folded !== raw) out.push({ term: `~${raw}`, kind: 'accent' });
    if (previous) out.push({ term: `${previous}_${folded}`, kind: 'pair' });
    previous = folded;
  }
}

function cjkTerms(text: string, out: Term[]): void {
  for (const run of text.match(CJK_RUN) ?? []) {
    const chars = [...run];
    chars.forEach((c, i) => {
      out.push({ term: c, kind: CJK_STOP.has(c) ? 'stop' : 'char' });
      if (i > 0) {
        const pair = chars[i - 1]! + c;
        out.push({ term: pair, kind: CJK_STOP.has(pair) || (CJK_STOP.has(c) && CJK_STOP.has(chars[i - 1]!)) ? 'stop' : 'cjk-pair' });
      }
    });
  }
  for (const word of text.match(HANGUL_WORD) ?? []) {
    const stem = word.length > 1 ? word.replace(KO_PARTICLES, '') : word;
    // Verb and adjective forms end in these syllables; an unseen one is just inflection, while an
    // unseen noun ("비트코인") is a sign the question is about something else.
    if (stem) out.push({ term: stem, kind: CJK_STOP.has(stem) ? 'stop' : KO_VERB_ENDING.test(stem) ? 'ko-word' : 'word' });
    const chars = [...word];
    if (chars.length === 1) out.push({ term: word, kind: CJK_STOP.has(word) ? 'stop' : 'char' });
    for (let i = 1; i < chars.length; i++) {
      const pair = chars[i - 1]! + chars[i]!;
      out.push({ term: pair, kind: CJK_STOP.has(pair) ? 'stop' : 'cjk-pair' });
    }
  }
}

/** Analyses `text` written in `lang` (the language decides abbreviation expansion and stemming). */
export function analyze(text: string, lang: Lang): Term[] {
  const out: Term[] = [];
  // The language's chat shorthand and regional words, from its locale pack.
  const normalized = expandShorthand(canonicalVietnamese(text.toLowerCase()), lang);
  const prepared = normalized.text.toLowerCase();
  if (normalized.extra.length > 0) latinTerms(normalized.extra.join(' '), lang, out);
  latinTerms(prepared, lang, out);
  cjkTerms(prepared, out);
  return out;
}

/** One message is searched in two indexes in the same turn (knowledge, complaint categories). */
const recentQueries = new Map<string, readonly Term[]>();
const RECENT_QUERIES = 4;

/** The distinct terms of a query, each with its strongest kind. */
export function analyzeQuery(text: string, lang: Lang): readonly Term[] {
  const key = `${lang}\u0000${text}`;
  const cached = recentQueries.get(key);
  if (cached) return cached;
  const strongest = new Map<string, Term>();
  for (const term of analyze(text, lang)) {
    const seen = strongest.get(term.term);
    if (seen === undefined || TERM_WEIGHT[term.kind] > TERM_WEIGHT[seen.kind]) strongest.set(term.term, term);
  }
  const terms = [...strongest.values()];
  if (recentQueries.size >= RECENT_QUERIES) recentQueries.delete(recentQueries.keys().next().value!);
  recentQueries.set(key, terms);
  return terms;
}

/** How much each kind of term counts when scoring and when measuring coverage. */
export const TERM_WEIGHT: Record<TermKind, number> = {
  word: 1,
  'ko-word': 1,
  accent: 0.4,
  pair: 0.7,
  char: 0.35,
  'cjk-pair': 1,
  stop: 0.12,
};

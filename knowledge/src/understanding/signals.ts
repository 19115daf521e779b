/**
 * The evidence one message gives, computed the same way when calibrating (on held-out folds)
 * and when answering: classifier probabilities grouped by kind, the entries ranked by classifier
 * and retrieval together, and the dense signal vectors the calibration models read.
 */
import type { RetrievalHit } from '../../../bot/understanding/interpreter.ts';
import type { ProbabilityModel } from './softmax-classifier.ts';
import { UNSPACED_SCRIPT } from '../../../bot/text/scripts.ts';
import { foldedWords, type SparseVector } from './text-features.ts';

export type KindGroup = 'question' | 'report' | 'report-request' | 'small-talk' | 'status' | 'handoff' | 'language' | 'out-of-scope';

export function groupOf(label: string): KindGroup {
  if (label.startsWith('complaint:')) return 'report';
  if (label.startsWith('small-talk:')) return 'small-talk';
  if (label === 'language') return 'language';
  if (label === 'status') return 'status';
  if (label === 'handoff') return 'handoff';
  if (label === 'report-request') return 'report-request';
  if (label === 'oos') return 'out-of-scope';
  return 'question';
}

/** Where each kind of class sits in a classifier's class list, worked out once per classifier. */
interface ClassLayout {
  groups: KindGroup[];
  entries: { id: string; index: number }[];
  entryIndex: Map<string, number>;
  categories: { id: string; index: number }[];
}

const layouts = new WeakMap<readonly string[], ClassLayout>();
function layoutOf(classes: readonly string[]): ClassLayout {
  let layout = layouts.get(classes);
  if (!layout) {
    const groups = classes.map(groupOf);
    const entries = classes.flatMap((id, index) => (groups[index] === 'question' ? [{ id, index }] : []));
    const categories = classes.flatMap((label, index) => (groups[index] === 'report' ? [{ id: label.slice('complaint:'.length), index }] : []));
    layouts.set(classes, (layout = { groups, entries, entryIndex: new Map(entries.map((e) => [e.id, e.index])), categories }));
  }
  return layout;
}

export interface RankedEntry {
  id: string;
  /** The classifier's probability for the entry, as a share of all entries' probability. */
  share: number;
  /** The retriever's confidence in it (0 when it did not rank it). */
  lexical: number;
  retrieval?: RetrievalHit;
}

export interface MessageEvidence {
  probs: Float64Array;
  groups: Record<KindGroup, number>;
  /** Candidate entries, not yet ordered (the order depends on the fitted blend). */
  candidates: RankedEntry[];
  /** Complaint categories by the classifier (share of the report mass) and by example match (coverage). */
  categories: { id: string; share: number; lexical: number }[];
  best: { label: string; p: number };
  hits: RetrievalHit[];
  queryWords: number;
  unknown: number;
  /** The message uses one of its language's question forms. */
  questionForm: boolean;
  /** Written in a script without spaces (its word count is a character count). */
  dense: boolean;
  uncoveredTopic: boolean;
}

/** The complaint categories whose example reports resemble the message, with the share of it they match. */
export type CategoryMatcher = () => readonly { id: string; coverage: number }[];

/** Report mass below which the example reports are not consulted (one chance in a hundred). */
const REPORT_FLOOR = 0.01;

/** How many classifier entries, beyond the retriever's hits, are considered. */
const CLASSIFIER_CANDIDATES = 8;

/** The k entry classes with the highest probability, best first (k is small: a partial insertion sort). */
function topIndices(probs: Float64Array, entries: readonly { index: number }[], k: number): number[] {
  const top: number[] = [];
  for (const { index } of entries) {
    const p = probs[index]!;
    if (top.length === k && p <= probs[top[k - 1]!]!) continue;
    let at = top.length < k ? top.length : k - 1;
    while (at > 0 && probs[top[at - 1]!]! < p) at--;
    top.splice(at, 0, index);
    if (top.length > k) top.pop();
  }
  return top;
}

export function gatherEvidence(
  classifier: ProbabilityModel,
  vector: SparseVector,
  hits: RetrievalHit[],
  extra: { questionForm: boolean; dense: boolean; uncoveredTopic: boolean; categoryMatches: CategoryMatcher },
): MessageEvidence {
  const probs = classifier.predict(vector);
  const layout = layoutOf(classifier.classes);
  const groups: Record<KindGroup, number> = { question: 0, report: 0, 'report-request': 0, 'small-talk': 0, status: 0, handoff: 0, language: 0, 'out-of-scope': 0 };
  let bestIndex = 0;
  for (let i = 0; i < probs.length; i++) {
    groups[layout.groups[i]!] += probs[i]!;
    if (probs[i]! > probs[bestIndex]!) bestIndex = i;
  }
  const questionMass = groups.question || 1;
  const reportMass = groups.report || 1;
  // A message the classifier all but rules out as a report is not compared with the example reports.
  const matches = groups.report >= REPORT_FLOOR ? extra.categoryMatches() : [];
  const categoryCoverage = new Map(matches.map((m) => [m.id, m.coverage]));
  const categories = layout.categories
    .map(({ id, index }) => ({ id, share: probs[index]! / reportMass, lexical: categoryCoverage.get(id) ?? 0 }))
    .sort((a, b) => b.share - a.share);
  const shareOf = (id: string) => {
    const index = layout.entryIndex.get(id);
    return index === undefined ? 0 : probs[index]! / questionMass;
  };
  const byId = new Map<string, RankedEntry>();
  for (const index of topIndices(probs, layout.entries, CLASSIFIER_CANDIDATES)) {
    const id = classifier.classes[index]!;
    byId.set(id, { id, share: probs[index]! / questionMass, lexical: 0 });
  }
  for (const hit of hits) {
    const current = byId.get(hit.id) ?? { id: hit.id, share: shareOf(hit.id), lexical: 0 };
    byId.set(hit.id, { ...current, lexical: hit.confidence, retrieval: hit });
  }
  const best = { label: classifier.classes[bestIndex]!, p: probs[bestIndex]! };
  return {
    probs,
    groups,
    candidates: [...byId.values()],
    categories,
    best,
    hits,
    queryWords: hits[0]?.evidence.queryWords ?? 0,
    unknown: hits[0]?.evidence.unknown ?? 0,
    questionForm: extra.questionForm,
    dense: extra.dense,
    uncoveredTopic: extra.uncoveredTopic,
  };
}

/** Categories ordered by the fitted blend of classifier share and example-match coverage. */
export function rankCategories(evidence: MessageEvidence, lexicalWeight: number): { id: string; score: number }[] {
  return evidence.categories
    .map((c) => ({ id: c.id, score: c.share + lexicalWeight * c.lexical }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/** The kind group with the most classifier mass. */
export function strongestGroup(evidence: MessageEvidence): KindGroup {
  let best: KindGroup = 'question';
  for (const [group, mass] of Object.entries(evidence.groups) as [KindGroup, number][]) if (mass > evidence.groups[best]) best = group;
  return best;
}

/** Kinds that are about the conversation rather than the knowledge base's content. */
export const CONVERSATIONAL: readonly KindGroup[] = ['small-talk', 'status', 'handoff', 'language', 'report-request'];

/** Candidates ordered by the fitted blend of classifier share and retrieval confidence. */
export function rankEntries(evidence: MessageEvidence, lexicalWeight: number): (RankedEntry & { score: number })[] {
  return evidence.candidates
    .map((c) => ({ ...c, score: c.share + lexicalWeight * c.lexical }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/** Signals of the answer and top-3 models, in ANSWER_SIGNALS order. */
export const ANSWER_SIGNALS = [
  // how strongly the best entry leads on the blended scale
  'best-score',
  'lead-over-second',
  // how much of the message is about any entry at all, rather than small talk, reports or uncovered topics
  'question-mass',
  'out-of-scope-mass',
  // how much of the message's wording the best entry's titles and questions explain, and the runner-up's
  // (several entries explaining all of a short message make it ambiguous rather than unknown)
  'lexical-confidence',
  'runner-up-lexical',
  // words the knowledge base has never seen usually mean another subject
  'unknown-share',
  'log-words',
  // the retriever and the classifier agree on the best entry
  'agreement',
  // the message names a topic the knowledge base deliberately does not cover
  'uncovered-topic',
] as const;

export function answerSignals(evidence: MessageEvidence, ranked: ReturnType<typeof rankEntries>): number[] {
  const [top, second] = ranked;
  const lexicalTop = evidence.hits[0]?.id;
  return [
    top?.score ?? 0,
    (top?.score ?? 0) - (second?.score ?? 0),
    evidence.groups.question,
    evidence.groups['out-of-scope'],
    top?.lexical ?? 0,
    runnerUpLexical(ranked),
    evidence.unknown,
    Math.log1p(evidence.queryWords),
    top && top.id === lexicalTop ? 1 : 0,
    evidence.uncoveredTopic ? 1 : 0,
  ];
}

/** The second-best retrieval confidence among the candidates. */
function runnerUpLexical(ranked: ReturnType<typeof rankEntries>): number {
  const sorted = ranked.map((e) => e.lexical).sort((a, b) => b - a);
  return sorted[1] ?? 0;
}

/** Signals of the report model, in REPORT_SIGNALS order. */
export const REPORT_SIGNALS = [
  // the classifier's view: reports against everything else
  'report-mass',
  'best-category-share',
  // an entry that explains the message well makes it a question about the topic; example reports that do, a report
  'lexical-confidence',
  'category-coverage',
  // question forms ("how", "where", "làm sao") in the message's language
  'question-form',
  'log-words',
] as const;

export function reportSignals(evidence: MessageEvidence, ranked: ReturnType<typeof rankEntries>): number[] {
  return [
    evidence.groups.report,
    evidence.categories[0]?.share ?? 0,
    ranked[0]?.lexical ?? 0,
    evidence.categories.reduce((best, c) => Math.max(best, c.lexical), 0),
    evidence.questionForm ? 1 : 0,
    Math.log1p(evidence.queryWords),
  ];
}

/**
 * A matcher for whether a message contains one of the phrases, as whole words (CJK phrases as
 * substrings). Runs on every message: a spaced phrase is only tried when the message has its first word.
 */
export function phraseMatcher(phrases: readonly string[]): (text: string) => boolean {
  const compiled = phrases.map(foldedWords).filter(Boolean);
  const dense = compiled.filter((p) => UNSPACED_SCRIPT.test(p));
  const byFirstWord = new Map<string, string[]>();
  for (const p of compiled) {
    if (UNSPACED_SCRIPT.test(p)) continue;
    const first = p.split(' ')[0]!;
    byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), ` ${p} `]);
  }
  return (text) => {
    const normalised = foldedWords(text);
    const padded = ` ${normalised} `;
    if (dense.some((p) => padded.includes(p))) return true;
    for (const word of normalised.split(' ')) for (const p of byFirstWord.get(word) ?? []) if (padded.includes(p)) return true;
    return false;
  };
}

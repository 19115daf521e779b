/**
 * An in-memory inverted index with BM25 scoring, aggregated per group (a knowledge entry or a
 * complaint category). A group's score is its best short document (title, alternate question,
 * example) plus a share of its tags and answer; its coverage is the share of the query's term
 * weight that its documents matched — the signal used to refuse out-of-scope questions.
 *
 * Built for 100,000-entry knowledge bases on a small machine: very frequent terms are stored as
 * bitsets and only checked against documents that rarer query terms already found, so a query
 * never walks hundreds of thousands of postings.
 */
import type { Lang } from '../../../bot/language/langs.ts';
import { analyze, analyzeQuery, TERM_WEIGHT, type Term } from './analyzer.ts';

export type DocKind = 'title' | 'question' | 'tags' | 'answer' | 'example';
const KINDS: DocKind[] = ['title', 'question', 'tags', 'answer', 'example'];
const KIND = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<DocKind, number>;
const K1 = 1.2;
const B = 0.75;
/** Terms found in more than this share of documents neither score nor count for coverage. */
const MAX_DOC_FREQUENCY = 0.25;
/** Terms in more documents than this are kept as bitsets and only confirm candidates. */
const BITSET_MIN_DOCS = 4096;
/** Coverage is tracked per query term in a 32-bit mask. */
const MAX_QUERY_TERMS = 32;

export interface IndexedDoc {
  group: string;
  kind: DocKind;
  lang: Lang;
  text: string;
}

export interface GroupHit {
  group: string;
  score: number;
  /** Share of the query's term weight matched anywhere in the group. */
  coverage: number;
  /** Share matched by the group's titles, alternate questions, examples and tags alone. */
  shortCoverage: number;
  /** Share of the query's term weight that no document in the whole index contains. */
  unknown: number;
  /** How many content words (or CJK characters) the query has, known or not. */
  queryWords: number;
}

interface QueryTerm {
  weight: number;
  idf: number;
  /** Index into the posting arrays, or −1 for a term no document contains. */
  id: number;
  /** Function words only add to documents that other terms found. */
  confirmOnly: boolean;
  /** A content word or CJK character (not a function word, pair or accent form). */
  content: boolean;
  /** Position in the search: content words before function words, rarest first. */
  order: number;
}

function byOrder(a: QueryTerm, b: QueryTerm): number {
  return a.order - b.order;
}

export interface SerializedLexicalIndex {
  version: 1;
  groups: string[];
  docGroup: number[];
  docKind: number[];
  docLen: number[];
  terms: [string, number[], number[]][];
}

function inverseDocumentFrequency(df: number, docCount: number): number {
  return Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
}

/** The summed weight of the query terms set in `mask`. */
function weightOfMask(mask: number, termWeight: Float64Array): number {
  let sum = 0;
  for (let t = 0; mask !== 0; t++, mask >>>= 1) if (mask & 1) sum += termWeight[t]!;
  return sum;
}

function bitsetOf(docs: Int32Array, docCount: number): Uint8Array {
  const bits = new Uint8Array((docCount >> 3) + 1);
  for (const d of docs) bits[d >> 3]! |= 1 << (d & 7);
  return bits;
}

/** Every term's documents, laid end to end: a term's postings are one contiguous slice. */
interface PostingLists {
  terms: string[];
  /** Term t's postings are at [start[t], start[t + 1]). */
  start: Int32Array;
  docs: Int32Array;
  /** Term frequency per posting (kept to serialise the index). */
  tfs: Uint16Array;
}

function postingLists(entries: Iterable<[string, ArrayLike<number>, ArrayLike<number>]>): PostingLists {
  const terms: string[] = [];
  const lists: [ArrayLike<number>, ArrayLike<number>][] = [];
  let total = 0;
  for (const [term, docs, tfs] of entries) {
    terms.push(term);
    lists.push([docs, tfs]);
    total += docs.length;
  }
  const start = new Int32Array(terms.length + 1);
  const docs = new Int32Array(total);
  const tfs = new Uint16Array(total);
  let at = 0;
  lists.forEach(([d, f], t) => {
    start[t] = at;
    docs.set(d, at);
    for (let i = 0; i < f.length; i++) tfs[at + i] = Math.min(f[i]!, 0xffff);
    at += d.length;
  });
  start[terms.length] = at;
  return { terms, start, docs, tfs };
}

export class LexicalIndex {
  private readonly termIds = new Map<string, number>();
  /** BM25's term-frequency part, (K1 + 1) · tf / (tf + norm(doc)), per posting: a query only multiplies it by the term's weight. */
  private readonly impacts: Float32Array;
  /** Inverse document frequency per term, fixed once the index is built. */
  private readonly idf: Float64Array;
  /** Bitsets of the documents of very frequent terms. */
  private readonly bits = new Map<number, Uint8Array>();
  /** For function words: which groups contain the term at all, and in a short document (filled on first use). */
  private readonly membership = new Map<number, { any: Uint8Array; short: Uint8Array }>();
  /** K1 · (1 − B + B · length / average length of its kind), per document. */
  private readonly docNorm: Float32Array;
  private readonly scores: Float64Array;
  private readonly masks: Uint32Array;
  private readonly groupShort: Float64Array;
  private readonly groupAnswer: Float64Array;
  private readonly groupTags: Float64Array;
  private readonly groupMask: Uint32Array;
  private readonly groupShortMask: Uint32Array;
  private readonly groupSeen: Uint8Array;
  private readonly touchedDocs: Int32Array;
  /** The weight of a word no document contains, as if one did. */
  private readonly unseenIdf: number;
  private readonly touchedGroups: Int32Array;
  /** Weight × idf per query term of the search in progress. */
  private readonly termWeight = new Float64Array(MAX_QUERY_TERMS);

  private constructor(
    private readonly groups: string[],
    private readonly docGroup: Int32Array,
    private readonly docKind: Uint8Array,
    private readonly docLen: Float32Array,
    private readonly postings: PostingLists,
  ) {
    const sums = KINDS.map(() => 0);
    const counts = KINDS.map(() => 0);
    docKind.forEach((kind, i) => {
      sums[kind]! += docLen[i]!;
      counts[kind]! += 1;
    });
    const avg = sums.map((s, k) => (counts[k] ? s / counts[k]! : 1));
    this.docNorm = Float32Array.from(docLen, (len, d) => K1 * (1 - B + (B * len) / avg[docKind[d]!]!));
    const n = docGroup.length;
    const { terms, start, docs, tfs } = postings;
    this.idf = new Float64Array(terms.length);
    terms.forEach((term, t) => {
      this.termIds.set(term, t);
      const df = start[t + 1]! - start[t]!;
      this.idf[t] = inverseDocumentFrequency(df, n);
      if (df > BITSET_MIN_DOCS) this.bits.set(t, bitsetOf(docs.subarray(start[t]!, start[t + 1]!), n));
    });
    this.impacts = new Float32Array(docs.length);
    for (let i = 0; i < docs.length; i++) this.impacts[i] = ((K1 + 1) * tfs[i]!) / (tfs[i]! + this.docNorm[docs[i]!]!);
    this.unseenIdf = inverseDocumentFrequency(1, n);
    this.scores = new Float64Array(n);
    this.masks = new Uint32Array(n);
    this.groupShort = new Float64Array(groups.length);
    this.groupAnswer = new Float64Array(groups.length);
    this.groupTags = new Float64Array(groups.length);
    this.groupMask = new Uint32Array(groups.length);
    this.groupShortMask = new Uint32Array(groups.length);
    this.groupSeen = new Uint8Array(groups.length);
    this.touchedDocs = new Int32Array(n);
    this.touchedGroups = new Int32Array(groups.length);
  }

  static build(docs: Iterable<IndexedDoc>): LexicalIndex {
    const groupIndex = new Map<string, number>();
    const groups: string[] = [];
    const docGroup: number[] = [];
    const docKind: number[] = [];
    const docLen: number[] = [];
    const building = new Map<string, { docs: number[]; tfs: number[] }>();
    for (const doc of docs) {
      let g = groupIndex.get(doc.group);
      if (g === undefined) {
        g = groups.length;
        groups.push(doc.group);
        groupIndex.set(doc.group, g);
      }
      const docId = docGroup.length;
      docGroup.push(g);
      docKind.push(KIND[doc.kind]);
      const tf = new Map<string, number>();
      let length = 0;
      for (const { term, kind } of analyze(doc.text, doc.lang)) {
        tf.set(term, (tf.get(term) ?? 0) + 1);
        length += TERM_WEIGHT[kind];
      }
      docLen.push(Math.max(1, length));
      for (const [term, count] of tf) {
        let p = building.get(term);
        if (!p) building.set(term, (p = { docs: [], tfs: [] }));
        p.docs.push(docId);
        p.tfs.push(count);
      }
    }
    const lists = postingLists(Array.from(building, ([term, p]): [string, number[], number[]] => [term, p.docs, p.tfs]));
    return new LexicalIndex(groups, Int32Array.from(docGroup), Uint8Array.from(docKind), Float32Array.from(docLen), lists);
  }

  get size(): { groups: number; docs: number; terms: number } {
    return { groups: this.groups.length, docs: this.docGroup.length, terms: this.postings.terms.length };
  }

  private documentFrequency(t: number): number {
    return this.postings.start[t + 1]! - this.postings.start[t]!;
  }

  /** Weighted query terms, rarest first, with their inverse document frequency. */
  private queryTerms(terms: readonly Term[]): QueryTerm[] {
    const n = this.docGroup.length;
    const out: QueryTerm[] = [];
    for (const { term, kind } of terms) {
      const content = kind === 'word' || kind === 'ko-word' || kind === 'char';
      const id = this.termIds.get(term);
      if (id === undefined) {
        // A word pair nobody wrote is no evidence either way, nor is an unseen Korean inflection
        // ("부를때"); an unknown word is (it may be off-topic). Times, prices and house numbers
        // ("5h30", "900k") are details of the question, not its subject.
        if (kind === 'pair' || kind === 'cjk-pair' || kind === 'accent' || kind === 'ko-word' || /\d/.test(term)) continue;
        out.push({ weight: TERM_WEIGHT[kind], idf: this.unseenIdf, id: -1, confirmOnly: kind === 'stop', order: 0, content });
        continue;
      }
      if (this.documentFrequency(id) > n * MAX_DOC_FREQUENCY && n > 20) continue;
      out.push({ weight: TERM_WEIGHT[kind], idf: this.idf[id]!, id, confirmOnly: kind === 'stop', order: 0, content });
    }
    // Long questions keep their most telling terms.
    if (out.length > MAX_QUERY_TERMS) {
      out.sort((a, b) => b.weight * b.idf - a.weight * a.idf);
      out.length = MAX_QUERY_TERMS;
    }
    // A question made only of function words ("你是AI吗" once "ai" is too common) is searched with them.
    let walked = false;
    for (const q of out) if (!q.confirmOnly && q.id >= 0) walked = true;
    if (!walked) for (const q of out) q.confirmOnly = false;
    // Content words first and rarest first, so function words and frequent terms only need to confirm candidates.
    for (const q of out) q.order = (q.confirmOnly ? n + 1 : 0) + (q.id < 0 ? 0 : this.documentFrequency(q.id));
    return out.sort(byOrder);
  }

  search(text: string, lang: Lang, limit: number): GroupHit[] {
    const terms = this.queryTerms(analyzeQuery(text, lang));
    if (terms.length === 0) return [];
    const { scores, masks, docNorm, impacts } = this;
    const { start, docs } = this.postings;
    // Searches run one at a time (synchronously), so the candidate lists are reused, not reallocated.
    const touched = this.touchedDocs;
    let touchedCount = 0;
    const termWeight = this.termWeight;
    let total = 0;
    let unknown = 0;
    for (let t = 0; t < terms.length; t++) {
      const { weight, idf, id, confirmOnly } = terms[t]!;
      const w = weight * idf;
      termWeight[t] = w;
      total += w;
      if (id < 0) {
        unknown += w;
        continue;
      }
      const bit = 1 << t;
      const from = start[id]!;
      const to = start[id + 1]!;
      const bits = this.bits.get(id);
      if (confirmOnly && (!bits || to - from < touchedCount)) {
        // Function word: adds to the documents that content words found, and to no other.
        for (let i = from; i < to; i++) {
          const d = docs[i]!;
          if (masks[d] === 0) continue;
          scores[d]! += w * impacts[i]!;
          masks[d]! |= bit;
        }
        continue;
      }
      if (bits && (touchedCount > 0 || confirmOnly)) {
        // Frequent term: only confirm documents that rarer terms found (term frequency taken as 1).
        const gain = w * (K1 + 1);
        for (let i = 0; i < touchedCount; i++) {
          const d = touched[i]!;
          if (bits[d >> 3]! & (1 << (d & 7))) {
            scores[d]! += gain / (1 + docNorm[d]!);
            masks[d]! |= bit;
          }
        }
        continue;
      }
      for (let i = from; i < to; i++) {
        const d = docs[i]!;
        if (masks[d] === 0) touched[touchedCount++] = d;
        scores[d]! += w * impacts[i]!;
        masks[d]! |= bit;
      }
    }
    const groupsTouched = this.touchedGroups;
    const groupCount = this.aggregate(touchedCount);
    // A function word counts towards a group's coverage wherever the group uses it, as a content word would.
    for (let t = 0; t < terms.length; t++) {
      const { id, confirmOnly } = terms[t]!;
      if (!confirmOnly || id < 0) continue;
      const membership = this.groupMembership(id);
      const bit = 1 << t;
      for (let i = 0; i < groupCount; i++) {
        const g = groupsTouched[i]!;
        if (membership.any[g]) this.groupMask[g]! |= bit;
        if (membership.short[g]) this.groupShortMask[g]! |= bit;
      }
    }
    const top = this.topGroups(groupCount, limit);
    let queryWords = 0;
    for (const q of terms) if (q.content) queryWords++;
    const hits: GroupHit[] = [];
    for (const g of top) {
      hits.push({
        group: this.groups[g]!,
        score: this.groupScore(g),
        coverage: weightOfMask(this.groupMask[g]!, termWeight) / total,
        shortCoverage: weightOfMask(this.groupShortMask[g]!, termWeight) / total,
        unknown: unknown / total,
        queryWords,
      });
    }
    for (let i = 0; i < groupCount; i++) this.resetGroup(groupsTouched[i]!);
    return hits;
  }

  /** Folds the touched documents' scores into their groups (listed in touchedGroups) and clears the per-document state. */
  private aggregate(touchedCount: number): number {
    const { scores, masks, docGroup, docKind, groupShort, groupAnswer, groupTags, groupMask, groupShortMask, groupSeen, touchedDocs, touchedGroups } = this;
    let groupCount = 0;
    for (let i = 0; i < touchedCount; i++) {
      const d = touchedDocs[i]!;
      const g = docGroup[d]!;
      if (groupSeen[g] === 0) {
        groupSeen[g] = 1;
        touchedGroups[groupCount++] = g;
      }
      const kind = docKind[d]!;
      const s = scores[d]!;
      groupMask[g]! |= masks[d]!;
      if (kind === KIND.answer) groupAnswer[g] = Math.max(groupAnswer[g]!, s);
      else {
        groupShortMask[g]! |= masks[d]!;
        if (kind === KIND.tags) groupTags[g] = Math.max(groupTags[g]!, s);
        else groupShort[g] = Math.max(groupShort[g]!, s);
      }
      scores[d] = 0;
      masks[d] = 0;
    }
    return groupCount;
  }

  /** Computed on first use, not at build: a deserialised index does not know which terms are function words. */
  private groupMembership(t: number): { any: Uint8Array; short: Uint8Array } {
    let membership = this.membership.get(t);
    if (membership) return membership;
    membership = { any: new Uint8Array(this.groups.length), short: new Uint8Array(this.groups.length) };
    const { start, docs } = this.postings;
    for (let i = start[t]!; i < start[t + 1]!; i++) {
      const g = this.docGroup[docs[i]!]!;
      membership.any[g] = 1;
      if (this.docKind[docs[i]!] !== KIND.answer) membership.short[g] = 1;
    }
    this.membership.set(t, membership);
    return membership;
  }

  private groupScore(g: number): number {
    return this.groupShort[g]! + 0.5 * this.groupTags[g]! + 0.3 * this.groupAnswer[g]!;
  }

  /** The `limit` best groups, best first, without sorting every touched group. */
  private topGroups(groupCount: number, limit: number): number[] {
    const best: number[] = [];
    const bestScores: number[] = [];
    for (let n = 0; n < groupCount; n++) {
      const g = this.touchedGroups[n]!;
      const s = this.groupScore(g);
      if (best.length === limit && s <= bestScores[limit - 1]!) continue;
      let i = best.length === limit ? limit - 1 : best.length;
      while (i > 0 && bestScores[i - 1]! < s) {
        best[i] = best[i - 1]!;
        bestScores[i] = bestScores[i - 1]!;
        i--;
      }
      best[i] = g;
      bestScores[i] = s;
    }
    return best;
  }

  private resetGroup(g: number): void {
    this.groupShort[g] = 0;
    this.groupAnswer[g] = 0;
    this.groupTags[g] = 0;
    this.groupMask[g] = 0;
    this.groupShortMask[g] = 0;
    this.groupSeen[g] = 0;
  }

  toJSON(): SerializedLexicalIndex {
    const { terms, start, docs, tfs } = this.postings;
    return {
      version: 1,
      groups: this.groups,
      docGroup: Array.from(this.docGroup),
      docKind: Array.from(this.docKind),
      docLen: Array.from(this.docLen),
      terms: terms.map((term, t) => [term, Array.from(docs.subarray(start[t]!, start[t + 1]!)), Array.from(tfs.subarray(start[t]!, start[t + 1]!))]),
    };
  }

  static fromJSON(data: SerializedLexicalIndex): LexicalIndex {
    if (data.version !== 1) throw new Error(`unsupported lexical index version ${String(data.version)}`);
    return new LexicalIndex(data.groups, Int32Array.from(data.docGroup), Uint8Array.from(data.docKind), Float32Array.from(data.docLen), postingLists(data.terms));
  }
}

/**
 * An in-memory inverted index with BM25 scoring, aggregated per group (a knowledge entry or a
 * complaint category). A group's score is its best short document (title, alternate question,
 * example) plus a share of its tags and answer; its coverage is the share of the query's term
 * weight that any of its documents matched — the signal used to refuse out-of-scope questions.
 */
import type { Lang } from '../../../bot/language/langs.ts';
import { analyze, TERM_WEIGHT, type Term } from './analyzer.ts';
import { VI_SYLLABLE } from '../../../bot/text/vietnamese.ts';

export type DocKind = 'title' | 'question' | 'tags' | 'answer' | 'example';
const KINDS: DocKind[] = ['title', 'question', 'tags', 'answer', 'example'];
const SHORT_KINDS = new Set<DocKind>(['title', 'question', 'example']);
const ANSWER_KIND = KINDS.indexOf('answer');
const K1 = 1.2;
const B = 0.75;
/** Terms found in more than this share of documents neither score nor count for coverage. */
const MAX_DOC_FREQUENCY = 0.25;

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
  /** The largest share matched by one single title, question or example of the group. */
  bestDocCoverage: number;
  /** Share of the query's weight matched by terms distinctive of this group (few groups use them). */
  anchor: number;
}

/** A term used by at most this many groups' short documents is distinctive of them. */
const ANCHOR_MAX_GROUPS = 3;

interface Posting {
  docs: Int32Array;
  tfs: Float32Array;
}

export interface SerializedLexicalIndex {
  version: 1;
  groups: string[];
  docGroup: number[];
  docKind: number[];
  docLen: number[];
  terms: [string, number[], number[]][];
}

export class LexicalIndex {
  private readonly avgLen: number[];
  private readonly scores: Float64Array;
  private readonly docCovered: Float64Array;
  private readonly covered: Float64Array;
  private readonly coveredShort: Float64Array;
  private readonly mark: Int32Array;
  private readonly markShort: Int32Array;
  private readonly anchored: Float64Array;
  /** For each term: how many groups use it in a title, question, example or tag. */
  private readonly groupFrequency = new Map<string, number>();

  private constructor(
    private readonly groups: string[],
    private readonly docGroup: Int32Array,
    private readonly docKind: Uint8Array,
    private readonly docLen: Float32Array,
    private readonly postings: Map<string, Posting>,
  ) {
    const sums = KINDS.map(() => 0);
    const counts = KINDS.map(() => 0);
    docKind.forEach((kind, i) => {
      sums[kind]! += docLen[i]!;
      counts[kind]! += 1;
    });
    this.avgLen = sums.map((s, k) => (counts[k] ? s / counts[k]! : 1));
    this.scores = new Float64Array(docGroup.length);
    this.docCovered = new Float64Array(docGroup.length);
    this.covered = new Float64Array(groups.length);
    this.coveredShort = new Float64Array(groups.length);
    this.mark = new Int32Array(groups.length);
    this.markShort = new Int32Array(groups.length);
    this.anchored = new Float64Array(groups.length);
    for (const [term, posting] of postings) {
      const seen = new Set<number>();
      for (const d of posting.docs) if (docKind[d] !== ANSWER_KIND) seen.add(docGroup[d]!);
      this.groupFrequency.set(term, seen.size);
    }
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
      docKind.push(KINDS.indexOf(doc.kind));
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
    const postings = new Map<string, Posting>();
    for (const [term, p] of building) postings.set(term, { docs: Int32Array.from(p.docs), tfs: Float32Array.from(p.tfs) });
    return new LexicalIndex(groups, Int32Array.from(docGroup), Uint8Array.from(docKind), Float32Array.from(docLen), postings);
  }

  get size(): { groups: number; docs: number; terms: number } {
    return { groups: this.groups.length, docs: this.docGroup.length, terms: this.postings.size };
  }

  /** Weighted, de-duplicated query terms with their inverse document frequency. */
  private queryTerms(terms: Term[]): { term: string; weight: number; idf: number; posting?: Posting; anchor: boolean }[] {
    const n = this.docGroup.length;
    const byTerm = new Map<string, Term>();
    for (const term of terms) {
      const seen = byTerm.get(term.term);
      if (!seen || TERM_WEIGHT[term.kind] > TERM_WEIGHT[seen.kind]) byTerm.set(term.term, term);
    }
    const out: { term: string; weight: number; idf: number; posting?: Posting; anchor: boolean }[] = [];
    for (const { term, kind } of byTerm.values()) {
      const posting = this.postings.get(term);
      const df = posting?.docs.length ?? 0;
      if (df > n * MAX_DOC_FREQUENCY && n > 20) continue;
      // A word pair nobody wrote is no evidence either way, nor is an unseen Korean inflection
      // ("부를때"); an unknown word is (it may be off-topic).
      if (!posting && (kind === 'pair' || kind === 'cjk-pair' || kind === 'accent' || kind === 'ko-word')) continue;
      const distinctive = (this.groupFrequency.get(term) ?? 0) <= ANCHOR_MAX_GROUPS;
      // Single Vietnamese syllables are too ambiguous to anchor an answer; compounds (pairs) do.
      const eligible = kind === 'pair' || kind === 'cjk-pair' || kind === 'ko-word' || (kind === 'word' && (!/^[a-z]{1,7}$/.test(term) || !VI_SYLLABLE.test(term) || term.length >= 5));
      out.push({ term, weight: TERM_WEIGHT[kind], idf: Math.log(1 + (n - Math.max(df, 1) + 0.5) / (Math.max(df, 1) + 0.5)), posting, anchor: distinctive && eligible });
    }
    return out;
  }

  search(text: string, lang: Lang, limit: number): GroupHit[] {
    const terms = this.queryTerms(analyze(text, lang));
    if (terms.length === 0) return [];
    const { scores, docCovered, covered, coveredShort, anchored, mark, markShort, docGroup, docKind, docLen, avgLen } = this;
    const touched: number[] = [];
    const touchedGroups: number[] = [];
    let total = 0;
    let unknown = 0;
    terms.forEach(({ weight, idf, posting, anchor }, t) => {
      total += weight * idf;
      if (!posting) {
        unknown += weight * idf;
        return;
      }
      const { docs, tfs } = posting;
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i]!;
        const tf = tfs[i]!;
        const norm = 1 - B + (B * docLen[d]!) / avgLen[docKind[d]!]!;
        if (scores[d] === 0) touched.push(d);
        scores[d]! += (weight * idf * tf * (K1 + 1)) / (tf + K1 * norm);
        docCovered[d]! += weight * idf;
        const g = docGroup[d]!;
        if (mark[g] !== t + 1) {
          if (mark[g] === 0) touchedGroups.push(g);
          mark[g] = t + 1;
          covered[g]! += weight * idf;
        }
        if (markShort[g] !== t + 1 && docKind[d] !== ANSWER_KIND) {
          markShort[g] = t + 1;
          coveredShort[g]! += weight * idf;
          if (anchor) anchored[g]! += weight * idf;
        }
      }
    });
    const best = new Map<number, { short: number; answer: number; tags: number; docCoverage: number }>();
    for (const d of touched) {
      const g = docGroup[d]!;
      let agg = best.get(g);
      if (!agg) best.set(g, (agg = { short: 0, answer: 0, tags: 0, docCoverage: 0 }));
      const kind = KINDS[docKind[d]!]!;
      const s = scores[d]!;
      if (SHORT_KINDS.has(kind)) {
        agg.short = Math.max(agg.short, s);
        agg.docCoverage = Math.max(agg.docCoverage, docCovered[d]!);
      }
      else if (kind === 'answer') agg.answer = Math.max(agg.answer, s);
      else agg.tags = Math.max(agg.tags, s);
      scores[d] = 0;
      docCovered[d] = 0;
    }
    const hits: GroupHit[] = [];
    for (const g of touchedGroups) {
      const agg = best.get(g)!;
      hits.push({
        group: this.groups[g]!,
        score: agg.short + 0.5 * agg.tags + 0.3 * agg.answer,
        coverage: covered[g]! / total,
        shortCoverage: coveredShort[g]! / total,
        unknown: unknown / total,
        bestDocCoverage: agg.docCoverage / total,
        anchor: anchored[g]! / total,
      });
      anchored[g] = 0;
      covered[g] = 0;
      coveredShort[g] = 0;
      mark[g] = 0;
      markShort[g] = 0;
    }
    hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, limit);
  }

  toJSON(): SerializedLexicalIndex {
    return {
      version: 1,
      groups: this.groups,
      docGroup: Array.from(this.docGroup),
      docKind: Array.from(this.docKind),
      docLen: Array.from(this.docLen),
      terms: [...this.postings].map(([term, p]) => [term, Array.from(p.docs), Array.from(p.tfs)]),
    };
  }

  static fromJSON(data: SerializedLexicalIndex): LexicalIndex {
    if (data.version !== 1) throw new Error(`unsupported lexical index version ${String(data.version)}`);
    const postings = new Map<string, Posting>();
    for (const [term, docs, tfs] of data.terms) postings.set(term, { docs: Int32Array.from(docs), tfs: Float32Array.from(tfs) });
    return new LexicalIndex(data.groups, Int32Array.from(data.docGroup), Uint8Array.from(data.docKind), Float32Array.from(data.docLen), postings);
  }
}

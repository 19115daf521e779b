/**
 * What understanding returns for one turn. The router routes on this alone; how it was reached
 * (a trained model, the old rule lists, an LLM) is the implementation's business.
 */
import type { Lang } from '../language/langs.ts';
import type { SmallTalk } from './small-talk-kind.ts';

/** Evidence a retriever gives for one candidate, for calibration and for the unanswered log. */
export interface RetrievalEvidence {
  /** Share of the query's informative terms (by weight) that the entry matched, 0..1. */
  coverage: number;
  /** The same share, counting only titles, alternate questions and tags. */
  shortCoverage: number;
  /** Share of the query's term weight unknown to the whole knowledge base. */
  unknown: number;
  /** Content words (or CJK characters) in the query. */
  queryWords: number;
  /** Cosine similarity of the best vector match, when a vector index is present. */
  similarity?: number;
}

/** One ranked knowledge entry. `score` orders one search; `confidence` is comparable across searches. */
export interface RetrievalHit {
  id: string;
  score: number;
  confidence: number;
  evidence: RetrievalEvidence;
}

export interface RetrievalOptions {
  lang: Lang;
  limit: number;
}

/** Ranked knowledge entries for a text. */
export interface Retriever {
  search(text: string, options: RetrievalOptions): Promise<RetrievalHit[]>;
}

export type TurnKind = 'question' | 'report' | 'status' | 'small-talk' | 'language' | 'handoff' | 'out-of-scope';

/** Answer, ask which entry was meant, or say honestly that the knowledge base does not cover it. */
export type QuestionDecision = 'answer' | 'clarify' | 'refuse';

export interface EntryCandidate {
  id: string;
  /** Calibrated probability that this entry answers the message. */
  confidence: number;
  /** The retriever's own view of the candidate, when it ranked it. */
  retrieval?: RetrievalHit;
}

export interface CategoryCandidate {
  id: string;
  confidence: number;
}

export interface Interpretation {
  kind: TurnKind;
  /** Calibrated probability that `kind` (and, for questions, the decision) is right. */
  confidence: number;
  /** Knowledge entries, best first; set for every kind so a refusal can still suggest one. */
  entries: EntryCandidate[];
  /** For questions: what to do with `entries`. */
  decision?: QuestionDecision;
  /** For reports: complaint categories, best first. */
  categories?: CategoryCandidate[];
  smallTalk?: SmallTalk;
  /** For status lookups: the ticket code named, or none for "my reports". */
  ticketCode?: string;
  /** For language requests: the language asked for. */
  requestedLang?: Lang;
  /** A named site, procedure or office found in the text (an entry id that owns the name). */
  entity?: string;
  /** The message uses its language's question forms ("how", "where", "làm sao"). */
  phrasedAsQuestion?: boolean;
  /** Why an out-of-scope message was refused: the uncovered topic it matched, if any. */
  uncoveredTopic?: string;
}

/** The dialogue context the interpreter reads: what the conversation is about. */
export interface DialogueContext {
  /** Entry the conversation is about. */
  entryId?: string;
  /** The named entity under discussion (an entry id that owns the name). */
  entity?: string;
}

export interface InterpretInput {
  text: string;
  lang: Lang;
  context?: DialogueContext;
}

export interface Interpreter {
  /** A name for reports and logs ("trained", "rules"). */
  readonly name: string;
  /** What held-out data measured about this interpreter, when it was trained (opaque to the core). */
  readonly crossValidation?: Readonly<Record<string, number>>;
  interpret(input: InterpretInput): Promise<Interpretation>;
}

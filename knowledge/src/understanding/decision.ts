/**
 * One turn's decision from its evidence and the fitted calibration models. Shared by the
 * interpreter and by training, so the cross-validated figures describe exactly what runs.
 */
import {
  answerSignals,
  CONVERSATIONAL,
  groupOf,
  rankCategories,
  rankEntries,
  reportSignals,
  strongestGroup,
  type KindGroup,
  type MessageEvidence,
} from './signals.ts';
import type { LogisticModel } from './logistic.ts';

const REQUESTS: readonly KindGroup[] = ['language', 'handoff'];
/** A clarifying option scoring under this share of the best is not a plausible reading. */
const CLARIFY_OPTION_SHARE = 0.5;
const CLARIFY_OPTIONS = 3;
/**
 * What a "Did you mean…?" is worth against a right answer: it costs the person a tap. When the
 * right entry is much likelier among the first three than first, asking is the better move.
 */
const CLARIFY_VALUE = 0.7;
/** A message of this many content words (twice as many characters in scripts without spaces) or fewer is bare. */
const BARE_WORDS = 3;
/** An entry whose titles and questions explain all of a message's words. */
const WHOLE_MESSAGE = 0.999;
/** Complaint categories offered with a report. */
const CATEGORY_OPTIONS = 4;

export interface DecisionModel {
  lexicalWeight: number;
  answer: LogisticModel;
  answerThreshold: number;
  top3: LogisticModel;
  top3Threshold: number;
  report: LogisticModel;
  reportThreshold: number;
  categoryWeight: number;
}

export type TurnDecision =
  | { kind: 'conversational'; group: KindGroup; confidence: number }
  | { kind: 'report'; confidence: number; categories: { id: string; confidence: number }[] }
  | { kind: 'answer'; confidence: number }
  | { kind: 'clarify'; confidence: number; options: string[] }
  | { kind: 'refuse'; confidence: number };

export interface DecidedTurn {
  decision: TurnDecision;
  ranked: ReturnType<typeof rankEntries>;
  /** Calibrated probability that the best entry answers the message. */
  pAnswer: number;
}

/** `namesALanguage`: whether the message names a language, without which it cannot be a request for one (asked only then). */
export function decideTurn(model: DecisionModel, evidence: MessageEvidence, namesALanguage: () => boolean = () => true): DecidedTurn {
  const ranked = rankEntries(evidence, model.lexicalWeight);
  const answerX = answerSignals(evidence, ranked);
  const pAnswer = model.answer.probability(answerX);
  const done = (decision: TurnDecision): DecidedTurn => ({ decision, ranked, pAnswer });
  // Small talk, a status lookup, a request for a person or for a language: the classifier's own reading,
  // by kind — or, for a request for a language or a person (which name what they ask for), by its single
  // best class, since the entries share the question mass between them.
  const strongest = strongestGroup(evidence);
  const bestClass = groupOf(evidence.best.label);
  const group = REQUESTS.includes(bestClass) ? bestClass : strongest;
  if (CONVERSATIONAL.includes(group) && (group !== 'language' || namesALanguage())) return done({ kind: 'conversational', group, confidence: evidence.groups[group] });
  const pReport = model.report.probability(reportSignals(evidence, ranked));
  if (pReport >= model.reportThreshold) {
    const ranking = rankCategories(evidence, model.categoryWeight);
    const total = ranking.reduce((sum, c) => sum + c.score, 0) || 1;
    const categories = ranking.slice(0, CATEGORY_OPTIONS).map((c) => ({ id: c.id, confidence: c.score / total }));
    return done({ kind: 'report', confidence: pReport, categories });
  }
  const pTop3 = model.top3.probability(answerX);
  const best = ranked[0]?.score ?? 0;
  const plausible = ranked.filter((e) => e.score >= best * CLARIFY_OPTION_SHARE).slice(0, CLARIFY_OPTIONS);
  // A bare phrase that several entries explain word for word ("opening hours", "lệ phí") does not say
  // which one is meant, however the classifier leans: ask.
  const whole = ranked.filter((e) => e.lexical >= WHOLE_MESSAGE).slice(0, CLARIFY_OPTIONS);
  const bare = evidence.queryWords <= (evidence.dense ? 2 * BARE_WORDS : BARE_WORDS);
  if (bare && whole.length > 1) return done({ kind: 'clarify', confidence: pTop3, options: whole.map((e) => e.id) });
  const canClarify = pTop3 >= model.top3Threshold && plausible.length > 1;
  if (pAnswer >= model.answerThreshold && !(canClarify && pAnswer < CLARIFY_VALUE * pTop3)) return done({ kind: 'answer', confidence: pAnswer });
  if (canClarify) return done({ kind: 'clarify', confidence: pTop3, options: plausible.map((e) => e.id) });
  return done({ kind: 'refuse', confidence: 1 - pAnswer });
}

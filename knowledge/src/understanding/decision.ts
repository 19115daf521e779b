/**
 * One turn's decision from its evidence and the fitted calibration models. Shared by the
 * interpreter and by training, so the cross-validated figures describe exactly what runs.
 */
import {
  answerSignals,
  CONVERSATIONAL,
  conversationalSignals,
  rankCategories,
  rankEntries,
  reportSignals,
  strongestGroup,
  type KindGroup,
  type MessageEvidence,
} from './signals.ts';
import type { LogisticModel } from './logistic.ts';

/** A clarifying option scoring under this share of the best is not a plausible reading. */
const CLARIFY_OPTION_SHARE = 0.5;
const CLARIFY_OPTIONS = 3;
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
  conversational: LogisticModel;
  conversationalThreshold: number;
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

export function decideTurn(model: DecisionModel, evidence: MessageEvidence, groupVocabulary: number): DecidedTurn {
  const ranked = rankEntries(evidence, model.lexicalWeight);
  const answerX = answerSignals(evidence, ranked);
  const pAnswer = model.answer.probability(answerX);
  const done = (decision: TurnDecision): DecidedTurn => ({ decision, ranked, pAnswer });
  const group = strongestGroup(evidence);
  if (CONVERSATIONAL.includes(group)) {
    const p = model.conversational.probability(conversationalSignals(evidence, ranked, groupVocabulary));
    if (p >= model.conversationalThreshold) return done({ kind: 'conversational', group, confidence: evidence.groups[group] });
  }
  const pReport = model.report.probability(reportSignals(evidence, ranked));
  if (pReport >= model.reportThreshold) {
    const ranking = rankCategories(evidence, model.categoryWeight);
    const total = ranking.reduce((sum, c) => sum + c.score, 0) || 1;
    const categories = ranking.slice(0, CATEGORY_OPTIONS).map((c) => ({ id: c.id, confidence: c.score / total }));
    return done({ kind: 'report', confidence: pReport, categories });
  }
  if (pAnswer >= model.answerThreshold) return done({ kind: 'answer', confidence: pAnswer });
  const pTop3 = model.top3.probability(answerX);
  const best = ranked[0]?.score ?? 0;
  const plausible = ranked.filter((e) => e.score >= best * CLARIFY_OPTION_SHARE).slice(0, CLARIFY_OPTIONS);
  if (pTop3 >= model.top3Threshold && plausible.length > 1) return done({ kind: 'clarify', confidence: pTop3, options: plausible.map((e) => e.id) });
  return done({ kind: 'refuse', confidence: 1 - pAnswer });
}

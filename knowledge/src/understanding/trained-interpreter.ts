/**
 * The default Interpreter: the trained model's classifier and calibration models over the
 * retriever's hits. Rules remain only for formal input: a ticket code and an explicit "/lang ko".
 */
import type { SmallTalk } from '../../../bot/understanding/small-talk-kind.ts';
import type { EntryCandidate, Interpretation, Interpreter, InterpretInput, RetrievalHit } from '../../../bot/understanding/interpreter.ts';
import { parseFormalInput } from './formal-input.ts';
import { decideTurn } from './decision.ts';
import { groupOf, type KindGroup } from './signals.ts';
import { CATEGORY_LIMIT, evidenceFor, groupVocabulary, RETRIEVAL_LIMIT, type ModelContext, type TrainedModel } from './trained-model.ts';

const ENTRY_CANDIDATES = 5;

export interface TrainedInterpreterOptions {
  model: TrainedModel;
  context: ModelContext;
  retrieve(text: string, lang: string, limit: number): Promise<RetrievalHit[]>;
  /** Complaint categories whose example reports resemble the text, with the share of it they match. */
  matchCategories(text: string, lang: string, limit: number): { id: string; coverage: number }[];
  uncoveredTopic(text: string): string | undefined;
  ticketPrefix: string;
  isLang(lang: string): boolean;
}


function bestLabelIn(probs: Float64Array, classes: readonly string[], group: KindGroup): string {
  let best = -1;
  classes.forEach((label, i) => {
    if (groupOf(label) === group && (best < 0 || probs[i]! > probs[best]!)) best = i;
  });
  return classes[best]!;
}

export function createTrainedInterpreter(options: TrainedInterpreterOptions): Interpreter {
  const { model } = options;
  return {
    name: 'trained',
    crossValidation: { ...model.crossValidation },
    async interpret(input: InterpretInput): Promise<Interpretation> {
      const formal = parseFormalInput(input.text, options.ticketPrefix, options.isLang);
      if (formal) return { entries: [], confidence: 1, ...formal };
      const hits = await options.retrieve(input.text, input.lang, RETRIEVAL_LIMIT);
      const topic = options.uncoveredTopic(input.text);
      const categoryMatches = options.matchCategories(input.text, input.lang, CATEGORY_LIMIT);
      const evidence = evidenceFor(model.classifier, options.context, input.text, input.lang, hits, topic !== undefined, categoryMatches);
      const { decision, ranked, pAnswer } = decideTurn(model, evidence, groupVocabulary(model, options.context, evidence, input.text));
      const entries: EntryCandidate[] = ranked.slice(0, ENTRY_CANDIDATES).map((e, i) => ({
        id: e.id,
        // The calibrated probability belongs to the best entry; the others get their share of it.
        confidence: i === 0 ? pAnswer : (pAnswer * e.score) / Math.max(ranked[0]!.score, 1e-9),
        ...(e.retrieval ? { retrieval: e.retrieval } : {}),
      }));
      const phrasedAsQuestion = evidence.questionForm;
      switch (decision.kind) {
        case 'conversational': {
          const label = bestLabelIn(evidence.probs, model.classifier.classes, decision.group);
          const { confidence } = decision;
          if (decision.group === 'small-talk') return { kind: 'small-talk', smallTalk: label.slice('small-talk:'.length) as SmallTalk, confidence, entries };
          if (decision.group === 'language') return { kind: 'language', requestedLang: label.slice('language:'.length), confidence, entries };
          return { kind: decision.group === 'status' ? 'status' : 'handoff', confidence, entries, phrasedAsQuestion };
        }
        case 'report':
          return { kind: 'report', confidence: decision.confidence, categories: decision.categories, entries, phrasedAsQuestion };
        case 'answer':
          return { kind: 'question', decision: 'answer', confidence: decision.confidence, entries, phrasedAsQuestion };
        case 'clarify':
          return { kind: 'question', decision: 'clarify', confidence: decision.confidence, entries: entries.filter((e) => decision.options.includes(e.id)), phrasedAsQuestion };
        case 'refuse':
          return { kind: 'out-of-scope', decision: 'refuse', confidence: decision.confidence, entries, phrasedAsQuestion, ...(topic ? { uncoveredTopic: topic } : {}) };
      }
    },
  };
}

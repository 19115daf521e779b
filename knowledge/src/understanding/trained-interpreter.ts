/**
 * The default Interpreter: the trained model's classifier and calibration models over the
 * retriever's hits. Rules remain only for formal input: a ticket code and an explicit "/lang ko".
 */
import type { SmallTalk } from '../../../bot/understanding/small-talk-kind.ts';
import type { EntryCandidate, Interpretation, Interpreter, InterpretInput, RetrievalHit } from '../../../bot/understanding/interpreter.ts';
import { parseFormalInput } from './formal-input.ts';
import { decideTurn } from './decision.ts';
import { featurize } from './text-features.ts';
import type { EntityMatcher } from './entity-names.ts';
import { requestedLanguage, type LanguageNamer } from './language-names.ts';
import { groupOf, type KindGroup } from './signals.ts';
import { CATEGORY_LIMIT, evidenceFor, RETRIEVAL_LIMIT, type ModelContext, type TrainedModel } from './trained-model.ts';

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
  entities: EntityMatcher;
  languageNames: LanguageNamer;
  /** The entry that tells how to reach a person: its questions and a request for a person read alike. */
  handoffEntry: string;
}


function bestLabelIn(probs: Float64Array, classes: readonly string[], group: KindGroup): string {
  let best = -1;
  classes.forEach((label, i) => {
    if (groupOf(label) === group && (best < 0 || probs[i]! > probs[best]!)) best = i;
  });
  return classes[best]!;
}

/** Where a sentence or clause ends, in any script. */
const CLAUSE_END = /[.!?;,。！？；，、]/u;
const QUESTION_MARK = /[?？]/u;

/** Content words beyond which a message carries its own subject rather than leaning on the conversation's. */
const FOLLOW_UP_WORDS = 5;

/**
 * A message that could be a follow-up: a question (or a refusal) in few content words, none of
 * them unknown to the knowledge base ("and the opening hours?", "cần giấy tờ gì") — not "can you
 * recommend a crypto exchange app", which is about something else.
 */
function isFollowUpShaped(plain: Interpretation): boolean {
  if (plain.kind !== 'question' && plain.kind !== 'out-of-scope') return false;
  if (plain.uncoveredTopic) return false;
  const evidence = plain.entries[0]?.retrieval?.evidence;
  return !evidence || (evidence.queryWords <= FOLLOW_UP_WORDS && evidence.unknown === 0);
}

/**
 * The handoff entry answers questions about reaching a person ("what is the hotline number?"); a
 * request for one is the handoff class. When those two are the classifier's two best readings, the
 * message asks for a person.
 */
function asksForAPerson(probs: Float64Array, classes: readonly string[], handoffEntry: string): boolean {
  let first = -1;
  let second = -1;
  probs.forEach((p, i) => {
    if (first < 0 || p > probs[first]!) [first, second] = [i, first];
    else if (second < 0 || p > probs[second]!) second = i;
  });
  const best = new Set([classes[first], classes[second]]);
  return best.has('handoff') && best.has(handoffEntry);
}

/** A message that names an entity is not ambiguous between it and others: a choice that offers it is answered. */
function namedAnswer(plain: Interpretation, entity: string): Interpretation {
  if (plain.decision !== 'clarify') return plain;
  const offered = plain.entries.find((e) => e.id === entity);
  if (!offered) return plain;
  return { ...plain, decision: 'answer', entries: [offered, ...plain.entries.filter((e) => e !== offered)] };
}

export function createTrainedInterpreter(options: TrainedInterpreterOptions): Interpreter {
  const { model } = options;
  return {
    name: 'trained',
    crossValidation: { ...model.crossValidation },
    async interpret(input: InterpretInput): Promise<Interpretation> {
      const plain = await languageRequestInAClause(input) ?? (await read(input.text, input.lang));
      // Of the entities the text names, the one the reading itself ranks wins ("làm LLTP trên VNeID" is about LLTP).
      const names = options.entities.entitiesIn(input.text);
      const named = plain.entries.find((e) => names.includes(e.id))?.id ?? names[0];
      if (named) return { ...namedAnswer(plain, named), entity: named };
      // A follow-up that names nothing is read in the light of the subject under discussion.
      const subject = input.context?.entity ?? input.context?.entryId;
      const subjectName = subject && options.entities.nameOf(subject, input.lang);
      if (!subjectName || !isFollowUpShaped(plain)) return plain;
      const followUp = await read(`${input.text} ${subjectName}`, input.lang);
      const best = followUp.entries[0];
      // Asked "which one?", the subject settles it when it points to one of the choices.
      if (plain.decision === 'clarify' && followUp.decision === 'answer' && best && plain.entries.some((e) => e.id === best.id)) {
        return { ...followUp, ...(input.context?.entity ? { entity: input.context.entity } : {}) };
      }
      const entity = input.context?.entity;
      // A short message that the subject makes answerable from the subject's own entry is about it —
      // unless on its own it reads as surely about another named entity ("à còn hộ chiếu thì sao").
      const otherEntity = plain.decision === 'answer' && plain.entries[0] && options.entities.isEntity(plain.entries[0].id);
      if (followUp.decision === 'answer' && best?.id === subject && (!otherEntity || followUp.confidence >= plain.confidence)) {
        return { ...followUp, ...(entity ? { entity } : {}) };
      }
      // Otherwise the message stands on its own; a general entry's answer still says which entity it is about.
      return plain.decision === 'answer' && entity ? { ...plain, entity } : plain;
    },
  };

  /**
   * "Could you answer in French from now on? My mother is travelling with me": a request for a
   * language followed by its reason. When the message names a language, each clause is read on
   * its own, and one that is a language request makes the message one.
   */
  async function languageRequestInAClause(input: InterpretInput): Promise<Interpretation | undefined> {
    const requested = requestedLanguage(options.languageNames(input.text), input.lang);
    const clauses = input.text.split(CLAUSE_END).map((c) => c.trim()).filter(Boolean);
    if (!requested || clauses.length < 2) return undefined;
    for (const clause of clauses) {
      const reading = await read(clause, input.lang);
      // A question mark after any clause makes the whole message a question ("Vous parlez français ? …").
      if (reading.kind === 'language') return { ...reading, requestedLang: requested, phrasedAsQuestion: reading.phrasedAsQuestion || QUESTION_MARK.test(input.text) };
    }
    return undefined;
  }

  async function read(text: string, lang: string): Promise<Interpretation> {
    const formal = parseFormalInput(text, options.ticketPrefix, options.isLang);
    if (formal) return { entries: [], confidence: 1, ...formal };
    const hits = await options.retrieve(text, lang, RETRIEVAL_LIMIT);
    const topic = options.uncoveredTopic(text);
    const categoryMatches = () => options.matchCategories(text, lang, CATEGORY_LIMIT);
    const evidence = evidenceFor(model.classifier, options.context, featurize(text, options.context.features), text, lang, hits, topic !== undefined, categoryMatches);
    let requestedLang: string | undefined;
    const namesALanguage = () => (requestedLang = requestedLanguage(options.languageNames(text), lang)) !== undefined;
    const { decision, ranked, pAnswer } = decideTurn(model, evidence, namesALanguage);
    const entries: EntryCandidate[] = ranked.slice(0, ENTRY_CANDIDATES).map((e, i) => ({
      id: e.id,
      // The calibrated probability belongs to the best entry; the others get their share of it.
      confidence: i === 0 ? pAnswer : (pAnswer * e.score) / Math.max(ranked[0]!.score, 1e-9),
      ...(e.retrieval ? { retrieval: e.retrieval } : {}),
    }));
    const phrasedAsQuestion = evidence.questionForm;
    if (asksForAPerson(evidence.probs, model.classifier.classes, options.handoffEntry)) {
      return { kind: 'handoff', confidence: evidence.groups.handoff, entries, phrasedAsQuestion };
    }
    switch (decision.kind) {
      case 'conversational': {
        const label = bestLabelIn(evidence.probs, model.classifier.classes, decision.group);
        const { confidence } = decision;
        if (decision.group === 'small-talk') return { kind: 'small-talk', smallTalk: label.slice('small-talk:'.length) as SmallTalk, confidence, entries };
        if (decision.group === 'language') return { kind: 'language', requestedLang: requestedLang!, confidence, entries, phrasedAsQuestion };
        if (decision.group === 'report-request') return { kind: 'report', categories: [], confidence, entries, phrasedAsQuestion };
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
  }
}
